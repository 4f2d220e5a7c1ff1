"""Scale: articles per second and peak memory of both engines at 10k, 50k and 100k articles.

The corpora are built here from the T17 texts and the bundled examples: each
copy of an article gets its publication date moved by whole weeks and light
rewrites (words swapped for synonyms, a sentence dropped), so the corpus holds
several stories and many near-copies, as real feeds do. Every measurement runs
in a fresh process (`python -m bench.scale_worker`), so peak RSS is that run's alone.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 50_000, 100_000)
#: Articles per JSONL file of the generated corpus.
PER_FILE = 1000
SEED = 7
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


def _rewrite(text: str, rng: random.Random) -> str:
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) > 4:
        del lines[rng.randrange(1, len(lines))]
    words = " \n ".join(lines).split(" ")
    for i, word in enumerate(words):
        if word in _SYNONYMS and rng.random() < 0.5:
            words[i] = _SYNONYMS[word]
    return " ".join(words).replace(" \n ", "\n")


def _base_articles(shared: Path) -> list[dict]:
    base = []
    for path in sorted((shared / "benchmarks" / "t17").glob("*/articles.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                base.append(
                    {"text": row["text"], "published": row["time"], "outlet": row["source"]}
                )
    return base


def build_corpus(shared: Path, size: int, folder: Path) -> Path:
    """A folder of JSONL files holding ``size`` articles (written once, reused)."""
    target = folder / f"corpus-{size}"
    if (target / "DONE").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    base = _base_articles(shared)
    handle = None
    for i in range(size):
        if i % PER_FILE == 0:
            if handle:
                handle.close()
            handle = open(target / f"part-{i // PER_FILE:05d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115 (one file per 1000 rows)
        source = base[i % len(base)]
        copy = i // len(base)
        text = source["text"] if copy == 0 else _rewrite(source["text"], rng)
        shift = timedelta(weeks=copy * rng.choice([1, 2, 3]) if copy else 0)
        published = (date.fromisoformat(source["published"]) + shift).isoformat()
        record = {
            "id": f"a{i}",
            "text": text,
            "published": published,
            "outlet": f"{source['outlet']}-{copy % 7}",
        }
        handle.write(json.dumps(record) + "\n")
    if handle:
        handle.close()
    (target / "DONE").write_text("ok")
    return target


def measure(corpus: Path, engine: str, work: Path, step: str = "full") -> dict:
    """Run one ingest (+ build) in a fresh process and return its seconds and peak RSS."""
    db = work / f"{corpus.name}-{engine}.db"
    for old in work.glob(f"{db.name}*"):
        subprocess.run(["rm", "-rf", str(old)], check=True)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale_worker", str(corpus), str(db), engine, step],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def run(shared: Path) -> str:
    work = ROOT / "bench" / "results"
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    local: dict[int, dict] = {}
    for size in SIZES:
        corpus = build_corpus(shared, size, work)
        local[size] = measure(corpus, "local", work)
        rows.append(("local", size, local[size]))
    for size in SIZES:
        corpus = build_corpus(shared, size, work)
        rows.append(("spark local[2]", size, measure(corpus, "spark", work)))
    lines = [
        "## Scale (issue 8)",
        "",
        "| engine | articles | ingest s | build s | articles/s (ingest+build) | peak RSS MB |",
        "|---|---|---|---|---|---|",
    ]
    for engine, size, r in rows:
        total = r["ingest_s"] + r["build_s"]
        lines.append(
            f"| {engine} | {size:,} | {r['ingest_s']:.0f} | {r['build_s']:.0f} | {size / total:.0f} | {r['peak_rss_mb']:.0f} |"
        )
    small, big = local[SIZES[0]], local[SIZES[-1]]
    time_ratio = (big["ingest_s"] + big["build_s"]) / (small["ingest_s"] + small["build_s"])
    rss_ratio = big["peak_rss_mb"] / small["peak_rss_mb"]
    lines += [
        "",
        f"Local engine, 100k against 10k: time ratio {time_ratio:.1f} (target ≤ 11), "
        f"peak RSS ratio {rss_ratio:.2f} (target ≤ 1.5).",
        f"Median articles/s over the sizes: {statistics.median(s / (r['ingest_s'] + r['build_s']) for _, s, r in rows if _ == 'local'):.0f} (local).",
    ]
    return "\n".join(lines)
