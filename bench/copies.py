"""Copy detection at scale: ``python -m bench copies`` (issue 13).

The full ``scale`` suite ingests and builds 10k, 50k and 100k articles with both
engines (hours). This suite times only the copy detection, as the build runs it,
at ``SIZES`` articles (``STORYLINE_COPIES_SIZES=10000,30000`` overrides), to show
that its time per article stays flat as the pile grows:

1. sketches: each article's ``dedup.sketch``, ``signature`` and ``band_keys``, one
   article at a time (the build's feature pass; only the keys and signature are kept);
2. pairs: ``dedup.candidate_pairs`` over every article's keys (the band join);
3. checks: ``dedup.check_pair`` on every candidate pair, the two sketches taken from
   an LRU cache of ``CACHE`` articles and made again on a miss (as ``steps.engine``
   does over the store), then ``group_copies``.

The articles are the scale suite's kind of archive, made in memory: the T17 texts
(split into sentences, not cleaned: they are clean) as one epoch, each further epoch
the same texts with ``scale.RESPELL_SHARE`` of their content words respelled (a
suffix per epoch, as ``bench scale`` does, so epochs are not copies of each other),
and ``scale.COPY_SHARE`` of the originals followed by a light rewrite (a sentence
dropped, synonyms) under another id. Only the time spent in storyline's functions is
counted, not the making of the articles. The rewrites found (their original in
their group) show the stop buckets cost no recall at any size.
"""

from __future__ import annotations

import json
import os
import random
import resource
import time
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from . import scale

#: Article counts measured (``STORYLINE_COPIES_SIZES`` overrides).
SIZES = (10_000, 30_000, 100_000)
#: Sketches kept for the pair checks (``steps.engine.Sketches``' default).
CACHE = 1024


class _Clock:
    """Seconds (wall clock and CPU) spent inside ``with clock:`` blocks."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> None:
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def __exit__(self, *_exc) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


def _base(shared: Path) -> list[list[str]]:
    """The T17 texts as lists of sentences (their own, space-separated tokens)."""
    from storyline.sentences import split_sentences

    texts = []
    for path in sorted((shared / "benchmarks" / "t17").glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"]
                sentences = [s.text for s in split_sentences(text)]
                if sentences:
                    texts.append(sentences)
    return texts


class _Epoch(dict):
    """Token → its spelling in one epoch (``scale._respell``'s rule, token by token)."""

    def __init__(self, epoch: int) -> None:
        super().__init__()
        self.epoch, self.tag = epoch, scale._tag(epoch)

    def __missing__(self, token: str) -> str:
        low = token.lower()
        keep = (
            self.epoch == 0
            or not (token.isalpha() and len(token) >= 2)
            or low in scale._KEEP
            or scale._crc(low, self.epoch) % 1000 >= scale.RESPELL_SHARE * 1000
        )
        value = self[token] = token if keep else token + self.tag
        return value


def _records(base: list[list[str]], size: int) -> Iterator[tuple[int, int, bool]]:
    """``(base text, epoch, is a rewrite)`` of each article, ``size`` in all."""
    made = 0
    epoch = 0
    while True:
        for k in range(len(base)):
            for copy in (False, True):
                if copy and scale._crc("copy", epoch, k) % 1000 >= scale.COPY_SHARE * 1000:
                    continue
                yield k, epoch, copy
                made += 1
                if made == size:
                    return
        epoch += 1


def _article(base: list[list[str]], record: tuple[int, int, bool], epochs: dict):
    from storyline.model import Article, Sentence

    k, epoch, copy = record
    spelling = epochs.setdefault(epoch, _Epoch(epoch))
    sentences = [" ".join(map(spelling.__getitem__, s.split(" "))) for s in base[k]]
    if copy:
        rng = random.Random(scale._crc("rewrite", epoch, k))
        if len(sentences) > 4:
            del sentences[rng.randrange(1, len(sentences))]
        sentences = [
            " ".join(
                scale._SYNONYMS[w] if w in scale._SYNONYMS and rng.random() < 0.5 else w
                for w in s.split(" ")
            )
            for s in sentences
        ]
    parts, start = [], 0
    for n, text in enumerate(sentences):
        parts.append(Sentence(n, text, start, start + len(text), n))
        start += len(text) + 1
    text = "\n".join(sentences)
    rid = f"e{epoch}-{k}" + ("-copy" if copy else "")
    return Article(id=rid, raw=text, text=text, sentences=tuple(parts))


def measure(base: list[list[str]], size: int) -> dict:
    """One size: the three phases' seconds and what they found."""
    import numpy as np

    from storyline import dedup

    records = list(_records(base, size))
    epochs: dict = {}
    sketches, pairs, checks = _Clock(), _Clock(), _Clock()
    keys, sigs = [], []
    for record in records:
        article = _article(base, record, epochs)
        with sketches:
            sk = dedup.sketch(article)
            sig = dedup.signature(sk)
            found = dedup.band_keys(sig, sk.digest, sentences=sk.sentence_keys)
        keys.append(np.array(found, dtype=np.int64))  # 8 bytes a key, not a Python int
        sigs.append(sig)
    with pairs:
        candidates = dedup.candidate_pairs(keys)
    n_keys = sum(len(k) for k in keys)
    del keys
    cache: OrderedDict[int, tuple] = OrderedDict()
    made = 0

    def sketched(i: int) -> tuple:
        nonlocal made
        if i in cache:
            cache.move_to_end(i)
            return cache[i]
        article = _article(base, records[i], epochs)  # made outside the clock
        with checks:
            found = cache[i] = (article, dedup.sketch(article, keys=False))
        made += 1
        if len(cache) > CACHE:
            cache.popitem(last=False)
        return found

    edges = []
    for i, j in candidates:
        a, ka = sketched(i)
        b, kb = sketched(j)
        with checks:
            found = dedup.check_pair(
                ka,
                kb,
                sigs[i],
                sigs[j],
                lambda a=a, b=b: (dedup.sentence_sets(a), dedup.sentence_sets(b)),
            )
        if found:
            edges.append((f"{i}", f"{j}", *found))
    with checks:
        copies = dedup.group_copies(edges, {f"{i}": (i,) for i in range(len(records))})
    group = {c.article_id: c.original_id for c in copies}
    rewrites = [i for i, r in enumerate(records) if r[2]]
    found_rewrites = sum(
        1 for i in rewrites if group.get(f"{i}", f"{i}") == group.get(f"{i - 1}", f"{i - 1}")
    )
    return {
        "articles": len(records),
        "epochs": records[-1][1] + 1,
        "keys": n_keys,
        "candidates": len(candidates),
        "sketches_made_again": made,
        "copies": len(copies),
        "rewrites": len(rewrites),
        "rewrites_found": found_rewrites,
        "sketch_s": sketches.wall,
        "sketch_cpu": sketches.cpu,
        "pairs_s": pairs.wall,
        "pairs_cpu": pairs.cpu,
        "check_s": checks.wall,
        "check_cpu": checks.cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _sizes() -> list[int]:
    raw = os.environ.get("STORYLINE_COPIES_SIZES")
    return sorted(int(s) for s in raw.split(",") if s.strip()) if raw else list(SIZES)


def run(shared: Path) -> str:
    import sys

    base = _base(shared)
    results = {}
    for size in _sizes():
        results[size] = measure(base, size)
        print(f"bench copies {size}: {results[size]}", file=sys.stderr, flush=True)
    small = min(results)

    def per_article(r: dict, key: str) -> float:
        return r[key] / r["articles"] * 1e6

    def total(r: dict, kind: str) -> float:
        return sum(r[f"{phase}_{kind}"] for phase in ("sketch", "pairs", "check"))

    lines = [
        "## Copy detection at scale (issue 13)",
        "",
        "| articles | epochs | candidate pairs | pairs / article | copies | rewrites found | "
        "sketches µs/art | pairs µs/art | checks µs/art | total µs/art (CPU) | "
        "CPU per article vs smallest | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results.values():
        cpu = total(r, "cpu") / r["articles"] * 1e6
        ratio = (total(r, "cpu") / r["articles"]) / (total(results[small], "cpu") / small)
        lines.append(
            f"| {r['articles']:,} | {r['epochs']} | {r['candidates']:,} | "
            f"{r['candidates'] / r['articles']:.2f} | {r['copies']:,} | "
            f"{r['rewrites_found']:,} / {r['rewrites']:,} | "
            f"{per_article(r, 'sketch_cpu'):.0f} | {per_article(r, 'pairs_cpu'):.1f} | "
            f"{per_article(r, 'check_cpu'):.0f} | {cpu:.0f} | **{ratio:.2f}** | "
            f"{r['peak_rss_mb']:.0f} |"
        )
    big = max(results)
    lines += [
        "",
        f"Per article, {big:,} articles cost {total(results[big], 'cpu') / big * small / total(results[small], 'cpu'):.2f} "
        f"times the CPU of {small:,} (linear: 1.00); by the clock "
        f"{total(results[big], 's') / big * small / total(results[small], 's'):.2f}. "
        "Candidate pairs per article stay flat because a bucket past "
        "`dedup.MAX_BUCKET` articles names no pairs. Times are CPU seconds inside "
        "storyline's functions (`dedup.sketch`, `signature`, `band_keys`, "
        "`candidate_pairs`, `check_pair`, `group_copies`), one process; making the "
        "articles is not counted. Sketches for the checks come from an LRU cache of "
        f"{CACHE:,} articles and are made again on a miss, as the build does.",
    ]
    return "\n".join(lines)
