"""Scale: articles per second and peak memory of both engines as the corpus grows.

The corpus is a longer archive of the same kind of news, not more copies of the
same texts. Its base is the T17 articles (../shared/benchmarks/t17) and the bundled
examples; record ``i`` of the originals is base text ``i % len(base)`` in epoch
``i // len(base)``:

- epoch ``e`` moves every date ``e * EPOCH_DAYS`` earlier, in the ``published``
  field and in the text (ISO dates and years), so the same topic in two epochs is
  years apart and never one story. The archive reaches further back as it grows
  (forward, the examples' 2025 would pass 2099 at 100k); years stay in the
  19xx/20xx the date tagger reads up to 35 epochs (about 137,000 articles);
- epoch ``e > 0`` respells about RESPELL_SHARE of the content words (a suffix
  of that epoch, chosen per word by a stable CRC32 of word and epoch), so the
  texts of two epochs are not copies of each other (``_check_epochs``; over all
  base texts, 4 of some 10,700 epoch pairs still pass dedup's rewrite check) while all
  articles of one epoch share one spelling, and stories and copies inside an
  epoch keep T17's structure;
- COPY_SHARE of the originals are followed by a light rewrite (synonyms, a
  dropped line) published 0-2 days later by another outlet: copy groups stay
  small and their share is the same at every size.

The corpus is written once per size (JSONL files of PER_FILE records, reused
while ``DONE`` exists; VERSION is in the folder name), with ``next-10.jsonl``
beside it: ten follow-up reports on the newest stories (epoch 0: each joins the
first half of one base article to the second half of the next, dated a day after
both), the news that arrives next, for the incremental measurement: they join the
largest stories, the costly case for an incremental build. Every measurement runs
in a fresh process; each result is kept in ``bench/results/scale-results.json`` and
``STORYLINE_SCALE_ENGINES=local`` (or ``spark``) re-runs one engine's measurements and
reuses the other's (``python -m bench.scale_worker``), so peak RSS is that run's alone.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from storyline.vectors import STOPWORDS

ROOT = Path(__file__).resolve().parent.parent
#: Corpus sizes measured by default (``STORYLINE_SCALE_SIZES=1000,2000`` overrides).
SIZES = (10_000, 50_000, 100_000)
#: Bumped whenever the generator changes, so old corpora on disk are not reused.
VERSION = 3
#: Articles per JSONL file of the generated corpus.
PER_FILE = 1000
#: Days between two epochs: 156 weeks (about three years, weekdays unchanged), far
#: more than the ~180 days storyline joins an article outside a story's span, and
#: more than any T17 topic's span (at most ten months).
EPOCH_DAYS = 156 * 7
#: Share of the originals followed by a light rewrite under another outlet.
COPY_SHARE = 0.1
#: Share of content words respelled in an epoch e > 0. Half is not enough: at 0.5 and
#: 0.8 a few short T17 texts (about 1 in 200 at 0.8) still share most words of their
#: sentences with their epoch-1 version, and dedup's rewrite check calls the two copies;
#: at 0.9 none of every third base text does, and they share 0.08 of their 3-shingles
#: on average, 0.17 at most (see _check_epochs).
RESPELL_SHARE = 0.9
#: Articles added to the biggest store for the incremental measurement.
NEW_ARTICLES = 10
#: Words never respelled: the stopwords the vectors ignore (less "us" and the contracted
#: forms, which the word pattern below never matches), and the dates, numbers and reporting
#: verbs the stages key on.
_KEEP = (STOPWORDS - {"'d", "'ll", "'re", "'s", "'ve", "it's", "n't", "us"}) | frozenset(
    """
    added afternoon ago announced apr argued argues aug autumn began billion cent century
    city dec decade declared dr earlier early eight eleven evening fall feb five four
    government hundred insisted insists jan jul jun killed large late later mar mid million
    morning next night nine nov oct officials per percent president sep sept seven six
    spring stated summer telling ten thousand today tomorrow tonight twelve warned weekend
    winter yesterday
    """.split()
)
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{2,}(?![\w'’-])")
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_YEAR = re.compile(r"(?<![\d-])((?:19|20)\d\d)(?![\d-])")
_SYNONYMS = {
    "said": "stated",
    "says": "states",
    "government": "administration",
    "officials": "authorities",
    "killed": "left dead",
    "people": "residents",
    "city": "town",
    "president": "leader",
    "announced": "declared",
    "large": "big",
    "began": "started",
    "after": "following",
}
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"


def _crc(*parts: object) -> int:
    return zlib.crc32(":".join(map(str, parts)).encode("utf-8"))


def _tag(epoch: int) -> str:
    """The suffix of an epoch's respelled words: consonant-vowel syllables, one per epoch."""
    n, out = epoch + 1, ""
    while True:
        out += _CONSONANTS[n % len(_CONSONANTS)] + _VOWELS[n // len(_CONSONANTS) % len(_VOWELS)]
        n //= len(_CONSONANTS) * len(_VOWELS)
        if not n:
            return out


def _respell(text: str, epoch: int) -> str:
    tag = _tag(epoch)
    bar = RESPELL_SHARE * 1000

    def one(match: re.Match) -> str:
        word = match.group(0)
        low = word.lower()
        if low in _KEEP or _crc(low, epoch) % 1000 >= bar:
            return word
        return word + (tag.upper() if word.isupper() else tag)

    return _WORD.sub(one, text)


def _shift_text_dates(text: str, days: int) -> str:
    """ISO dates moved by ``days``, bare years by the same number of (whole) years."""

    def iso(match: re.Match) -> str:
        try:
            return (date.fromisoformat(match.group(0)) + timedelta(days=days)).isoformat()
        except ValueError:  # 2011-02-30 and the like: leave as written
            return match.group(0)

    years = round(days / 365.25)
    text = _ISO_DATE.sub(iso, text)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), text)


def _in_epoch(text: str, epoch: int) -> str:
    if epoch == 0:
        return text
    return _respell(_shift_text_dates(text, -epoch * EPOCH_DAYS), epoch)


def _rewrite(text: str, rng: random.Random) -> str:
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) > 4:
        del lines[rng.randrange(1, len(lines))]
    words = " \n ".join(lines).split(" ")
    for i, word in enumerate(words):
        if word in _SYNONYMS and rng.random() < 0.5:
            words[i] = _SYNONYMS[word]
    return " ".join(words).replace(" \n ", "\n")


def _day(value: str | None) -> date | None:
    """A publication day; None for none, or for a month alone (the copy moves whole days)."""
    return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None


def _base_articles(shared: Path) -> list[dict]:
    """The T17 articles, then the bundled examples (read and dated by storyline itself)."""
    from storyline.ingest import read_documents
    from storyline.model import Document
    from storyline.pipeline import prepare

    base = []
    for path in sorted((shared / "benchmarks" / "t17").glob("*/articles.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                base.append(
                    {
                        "text": row["text"],
                        "title": None,
                        "published": _day(row["time"]),
                        "outlet": row["source"],
                    }
                )
    for doc in read_documents([str(ROOT / "examples")]):
        if not isinstance(doc, Document):
            raise RuntimeError(f"bench scale: cannot read the examples: {doc}")
        article = prepare(doc)
        base.append(
            {
                "text": doc.text if doc.text is not None else doc.raw,
                "title": doc.title,
                "published": _day(article.published),
                "outlet": article.outlet,
            }
        )
    return base


def _title(text: str) -> str | None:
    first = text.strip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= 100 and "\n" in text.strip() else None


def _other_outlet(outlets: list[str], outlet: str | None, rng: random.Random) -> str:
    """Any outlet but ``outlet``, drawn with ``rng``."""
    others = [o for o in outlets if o != outlet]
    return others[rng.randrange(len(others))]


def _stream(base: list[dict], epochs: Iterator[int]) -> Iterator[dict]:
    """The records of the given epochs: each original, and now and then its copy."""
    outlets = sorted({b["outlet"] for b in base if b["outlet"]})
    host = {name: f"https://outlet-{k}.example" for k, name in enumerate(outlets)}
    for epoch in epochs:
        for k, source in enumerate(base):
            text = _in_epoch(source["text"], epoch)
            title = _in_epoch(source["title"], epoch) if source["title"] else _title(text)
            day = source["published"]
            published = day - timedelta(days=epoch * EPOCH_DAYS) if day else None
            rid = f"e{epoch}-{k}"
            record = {
                "id": rid,
                "title": title,
                "text": text,
                "published": published.isoformat() if published else None,
                "outlet": source["outlet"],
                "url": f"{host.get(source['outlet'], 'https://outlet-x.example')}/{rid}",
            }
            yield record
            if _crc("copy", epoch, k) % 1000 < COPY_SHARE * 1000:
                rng = random.Random(_crc("rewrite", epoch, k))
                other = _other_outlet(outlets, source["outlet"], rng)
                moved = published + timedelta(days=rng.randint(0, 2)) if published else None
                yield {
                    **record,
                    "id": f"{rid}-copy",
                    "text": _rewrite(text, rng),
                    "published": moved.isoformat() if moved else None,
                    "outlet": other,
                    "url": f"{host[other]}/{rid}-copy",
                }


def _follow_ups(base: list[dict], count: int) -> list[dict]:
    """``count`` new reports on epoch 0's stories, spread over the base (and so the topics)."""
    out = []
    step = max(1, (len(base) - 1) // count)
    for n in range(count):
        first, second = base[n * step], base[n * step + 1]
        head = first["text"].split("\n")
        tail = second["text"].split("\n")
        text = "\n".join(head[: max(1, len(head) // 2)] + tail[len(tail) // 2 :])
        days = [d for d in (first["published"], second["published"]) if d]
        published = max(days) + timedelta(days=1) if days else None
        out.append(
            {
                "id": f"new-{n}",
                "title": _title(text),
                "text": text,
                "published": published.isoformat() if published else None,
                "outlet": first["outlet"],
                "url": f"https://outlet-new.example/new-{n}",
            }
        )
    return out


def _check_epochs(base: list[dict], sample: int = 40) -> None:
    """Epoch-1 versions of base texts are not copies of them (dedup ignores dates)."""
    from storyline.dedup import compare, shingles, tokens
    from storyline.model import Document
    from storyline.pipeline import prepare

    for source in base[:: max(1, len(base) // sample)]:
        before, after = source["text"], _in_epoch(source["text"], 1)
        a, b = shingles(tokens(before)), shingles(tokens(after))
        overlap = len(a & b) / len(a | b)
        found = compare(prepare(Document(raw=before)), prepare(Document(raw=after)))
        if overlap >= 0.3 or found:
            raise RuntimeError(
                f"bench scale: an epoch-1 text shares {overlap:.2f} of its 3-shingles with its "
                f"base text (copy check: {found}); raise RESPELL_SHARE"
            )


def _write(records: Iterator[dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in itertools.count():
        chunk = list(itertools.islice(records, PER_FILE))
        if not chunk:
            return
        with open(folder / f"part-{n:05d}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk)


def build_corpus(shared: Path, size: int, folder: Path) -> Path:
    """``folder/scale-vVERSION-SIZE``: ``parts/`` (``size`` records), ``next-10.jsonl``,
    ``meta.json``; written once, reused while its ``DONE`` file exists."""
    target = folder / f"scale-v{VERSION}-{size}"
    if (target / "DONE").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    base = _base_articles(shared)
    _check_epochs(base)
    counts = {"originals": 0, "copies": 0, "epochs": 0}

    def counted(records: Iterator[dict]) -> Iterator[dict]:
        for r in records:
            counts["copies" if r["id"].endswith("-copy") else "originals"] += 1
            counts["epochs"] = max(counts["epochs"], int(r["id"][1:].split("-")[0]) + 1)
            yield r

    _write(counted(itertools.islice(_stream(base, itertools.count()), size)), target / "parts")
    new = _follow_ups(base, NEW_ARTICLES)
    with open(target / f"next-{NEW_ARTICLES}.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in new)
    meta = {"records": size, "base": len(base), **counts}
    (target / "meta.json").write_text(json.dumps(meta) + "\n", "utf-8")
    (target / "DONE").write_text("ok\n", "utf-8")
    return target


def measure(corpus: Path, db: Path, engine: str, step: str = "full", fresh: bool = True) -> dict:
    """Run one ingest + build in a fresh process; its seconds, peak RSS and counts."""
    if fresh:
        for old in db.parent.glob(f"{db.name}*"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale_worker", str(corpus), str(db), engine, step],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(
            f"bench scale: {engine} {step} on {corpus} failed:\n{out.stderr[-3000:]}"
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _sizes(variable: str = "STORYLINE_SCALE_SIZES", default: Sequence[int] = SIZES) -> list[int]:
    """Corpus sizes from an environment variable (``10000,50000``), else ``default``."""
    raw = os.environ.get(variable)
    sizes = [int(s) for s in raw.split(",") if s.strip()] if raw else list(default)
    return sorted(sizes)


def _seconds(r: dict) -> float:
    return r["ingest_s"] + r["build_s"]


def _row(engine: str, size: int, r: dict) -> str:
    rss = f"{r['peak_rss_mb']:.0f}"
    if r.get("children_rss_mb"):
        rss += f" / {r['children_rss_mb']:.0f}"
    return (
        f"| {engine} | {size:,} | {r['ingest_s']:.1f} | {r['build_s']:.1f} | "
        f"{size / _seconds(r):.1f} | {rss} | {r['stories']:,} | {r['copies']:,} |"
    )


def run(shared: Path) -> str:
    work = ROOT / "bench" / "results"
    work.mkdir(parents=True, exist_ok=True)
    sizes = _sizes()
    corpora = {size: build_corpus(shared, size, work) for size in sizes}
    meta = {size: json.loads((corpora[size] / "meta.json").read_text("utf-8")) for size in sizes}
    engines = os.environ.get("STORYLINE_SCALE_ENGINES", "local,spark").split(",")
    saved = work / "scale-results.json"
    results = json.loads(saved.read_text("utf-8")) if saved.exists() else {}

    def measured(key: str, run_it) -> dict:
        """Run one measurement, or reuse the saved one when its engine is not asked for."""
        if key.split("-")[0] in engines:
            results[key] = run_it()
            saved.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
        if key not in results:
            raise RuntimeError(f"bench scale: no saved {key} result; run its engine too")
        return results[key]

    local = {}
    for size in sizes:
        db = work / f"scale-{size}-local.db"
        local[size] = measured(
            f"local-{size}", lambda db=db, size=size: measure(corpora[size] / "parts", db, "local")
        )
    big = sizes[-1]

    def add_ten() -> dict:
        store = work / f"scale-{big}-local.db"
        added = work / f"scale-{big}-plus{NEW_ARTICLES}.db"
        for old in work.glob(f"{added.name}*"):
            old.unlink()
        shutil.copyfile(store, added)
        return measure(
            corpora[big] / f"next-{NEW_ARTICLES}.jsonl", added, "local", "add", fresh=False
        )

    incremental = measured(f"local-add-{big}", add_ten)
    spark = {}
    for size in _sizes("STORYLINE_SCALE_SPARK_SIZES", sizes):

        def on_spark(size: int = size) -> dict:
            db = work / f"scale-{size}-spark.db"
            found = measure(corpora[size] / "parts", db, "spark")
            for out in work.glob(f"{db.name}*"):  # about 1.6 GB at 100k: counted, not kept
                shutil.rmtree(out) if out.is_dir() else out.unlink()
            return found

        spark[size] = measured(f"spark-{size}", on_spark)

    lines = [
        "## Scale (issue 8)",
        "",
        "| engine | articles | ingest s | build s | articles/s | peak RSS MB (main / largest child) | stories | copies |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [_row("local", size, local[size]) for size in sizes]
    lines.append(_row(f"local, +{NEW_ARTICLES} to {big:,}", NEW_ARTICLES, incremental))
    spark_builds = {r["build"] for r in spark.values()}
    lines += [_row("spark local[2]", size, spark[size]) for size in spark]
    small = sizes[0]
    time_ratio = _seconds(local[big]) / _seconds(local[small])
    rss_ratio = local[big]["peak_rss_mb"] / local[small]["peak_rss_mb"]
    child_ratio = local[big]["children_rss_mb"] / max(local[small]["children_rss_mb"], 1.0)
    share = _seconds(incremental) / _seconds(local[big])
    ratios = ", ".join(
        f"{size:,}: {_seconds(local[size]) / _seconds(spark[size]):.2f}" for size in spark
    )
    epochs = ", ".join(f"{size:,}: {meta[size]['epochs']}" for size in sizes)
    lines += [
        "",
        f"Local engine, {big:,} against {small:,} articles ({big / small:g}×): time ratio "
        f"{time_ratio:.1f} (target ≤ 11 for 100k/10k), peak RSS ratio {rss_ratio:.2f} for the "
        f"main process and {child_ratio:.2f} for its largest worker (target ≤ 1.5).",
        f"Incremental: adding {NEW_ARTICLES} articles to the {big:,}-article store (ingest + "
        f"build, {_seconds(incremental):.1f} s) takes {share:.1%} of its full ingest + build "
        f"({_seconds(local[big]):.1f} s; {_seconds(incremental) / local[big]['build_s']:.1%} "
        "of the build alone); target ≤ 2 %.",
        f"Spark local[2] articles/s over the local engine's: {ratios} (Spark build step: "
        f"{', '.join(sorted(spark_builds))}; its peak RSS is the Python driver's, then the "
        "largest child's: the JVM).",
        "",
        f"Corpus: the {meta[big]['base']:,} T17 articles and bundled examples as one epoch; "
        f"each further epoch is the same news {EPOCH_DAYS} days earlier with "
        f"{RESPELL_SHARE:.0%} of its content words respelled (so that epochs are not copies of "
        f"one another), "
        f"and {COPY_SHARE:.0%} of the originals are followed by a light rewrite under "
        f"another outlet (copies in the table include T17's own duplicates). Epochs at each "
        f"size: {epochs}. Each engine run is one fresh process: ingest of the JSONL files "
        f"({PER_FILE:,} records each) into a new store, then a full build; the incremental "
        f"run adds {NEW_ARTICLES} follow-up reports on the newest (and largest) stories to a "
        "copy of the biggest store and builds again. The local engine runs two worker "
        "processes (the machine's cores) for the per-article and per-story work.",
    ]
    return "\n".join(lines)
