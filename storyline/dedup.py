"""Copies: exact and near-duplicate wire copies, rewrites, and their syndication groups.

Candidates come from MinHash LSH (datasketch) in one pass over the articles, so the
work grows linearly with their number: one index over word 3-shingles (wire copies
keep most of them) and one over word sets (a rewrite that swaps words and reorders
paragraphs keeps its vocabulary but loses its shingles). Each candidate pair is then
checked exactly:

- ``exact``: the same words in the same order;
- ``near``: shingle Jaccard, or containment of the shorter in the longer, above a bar
  (light edits, a changed headline, a dropped paragraph);
- ``rewrite``: most sentences of the shorter article have a counterpart in the other
  sharing most of their words (the sentence-overlap check is written by hand; no
  library does it over sentences of both texts).

Copies are grouped (union-find) and each group gets one canonical article: the
earliest published, then the most complete, then the smallest id.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .errors import require
from .model import Article, Copy

log = logging.getLogger(__name__)

#: LSH bars for candidates (recall matters here; the exact checks below decide).
#: Chosen on the synthetic copies of bench/stories.py built from T17 dev texts.
CANDIDATE_SHINGLES = 0.3
CANDIDATE_WORDS = 0.5
#: A pair is a near copy above this shingle Jaccard, or this containment of the shorter.
NEAR_JACCARD = 0.5
NEAR_CONTAINMENT = 0.8
#: Containment only counts when the shorter text has this many shingles (short notes
#: quoting one paragraph of a longer report are not copies of it).
MIN_CONTAINED_SHINGLES = 40
#: Two sentences match when they share this share of their words (Jaccard) ...
SENTENCE_MATCH = 0.5
#: ... and a pair is a rewrite when this share of the shorter article's sentences match.
REWRITE_SHARE = 0.6
#: The rewrite check only runs when the two word sets share this much (Jaccard): a rewrite
#: keeps its source's vocabulary (fixture rewrite: 0.6; same-topic reports: 0.2-0.35).
REWRITE_MIN_WORDS = 0.4
#: Sentences shorter than this (words) are ignored by the rewrite check.
MIN_SENTENCE_WORDS = 6
#: Articles with fewer checked sentences than this are never called rewrites.
MIN_REWRITE_SENTENCES = 3
SHINGLE = 3
NUM_PERM = 128
#: Articles an LSH bucket may hold before it stops naming candidates (see ``popular``).
MAX_BUCKET = 100

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@functools.lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def shingles(words: Sequence[str], k: int = SHINGLE) -> set[int]:
    """Hashes (32-bit, the same in every process) of the word ``k``-shingles."""
    hashes = [_word_hash(w) for w in words]
    if len(hashes) < k:
        return {hash(tuple(hashes)) & 0xFFFFFFFF} if hashes else set()
    return {hash(t) & 0xFFFFFFFF for t in zip(*(hashes[i:] for i in range(k)), strict=False)}


def _identity(value: int) -> int:
    return value


def _minhash(datasketch, items: set[int], seed: int, num_perm: int):
    m = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
    if items:
        m.update_batch(list(items))
    return m


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _sentence_sets(article: Article) -> list[set[str]]:
    texts = [s.text for s in article.sentences] or [article.text]
    out = []
    for text in texts:
        words = tokens(text)
        if len(words) >= MIN_SENTENCE_WORDS:
            out.append(set(words))
    return out


def sentence_overlap(a: list[set[str]], b: list[set[str]]) -> float:
    """Share of the shorter list's sentences with a counterpart in the other."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) < MIN_REWRITE_SENTENCES:
        return 0.0
    index: dict[str, list[int]] = {}
    for j, sentence in enumerate(b):
        for w in sentence:
            index.setdefault(w, []).append(j)
    matched = 0
    needed = REWRITE_SHARE * len(a)
    for n, sentence in enumerate(a):
        if matched + len(a) - n < needed:
            break
        seen: dict[int, int] = {}
        for w in sentence:
            for j in index.get(w, ()):
                seen[j] = seen.get(j, 0) + 1
        for j, common in seen.items():
            if common / (len(sentence) + len(b[j]) - common) >= SENTENCE_MATCH:
                matched += 1
                break
    return matched / len(a)


def compare(a: Article, b: Article) -> tuple[str, float] | None:
    """Whether ``a`` and ``b`` are copies: ``(kind, score)``, or ``None``."""
    wa, wb = tokens(a.text), tokens(b.text)
    if wa == wb:
        return ("exact", 1.0)
    return _compare(
        wa, wb, shingles(wa), shingles(wb), lambda: (_sentence_sets(a), _sentence_sets(b))
    )


def _compare(
    wa, wb, sa, sb, sentences, word_sets=None, checks=(True, True)
) -> tuple[str, float] | None:
    """The exact checks; ``checks`` = (near, rewrite) says which may still succeed."""
    if wa == wb:
        return ("exact", 1.0)
    if checks[0]:
        jaccard = _jaccard(sa, sb)
        if jaccard >= NEAR_JACCARD:
            return ("near", round(jaccard, 3))
        small = min(len(sa), len(sb))
        if small >= MIN_CONTAINED_SHINGLES and len(sa & sb) / small >= NEAR_CONTAINMENT:
            return ("near", round(jaccard, 3))
    if not checks[1]:
        return None
    set_a, set_b = word_sets or (set(wa), set(wb))
    if _jaccard(set_a, set_b) < REWRITE_MIN_WORDS:
        return None
    share = sentence_overlap(*sentences())
    if share >= REWRITE_SHARE:
        return ("rewrite", round(share, 3))
    return None


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the copy checks read of one article, recomputed from its text when needed."""

    words: list[str]
    shingles: set[int]
    word_set: set[str]
    digest: str


def sketch(article: Article) -> Sketch:
    words = tokens(article.text)
    return Sketch(
        words, shingles(words), set(words), hashlib.sha1(" ".join(words).encode()).hexdigest()
    )


def signature(sk: Sketch, *, seed: int = 1, num_perm: int = NUM_PERM) -> bytes:
    """The two MinHash signatures (shingles, word set) as ``2 * num_perm`` little-endian uint32."""
    datasketch = require("datasketch", "stories")
    import numpy as np

    by_shingles = _minhash(datasketch, sk.shingles, seed, num_perm).hashvalues
    by_words = _minhash(datasketch, {_word_hash(w) for w in sk.word_set}, seed + 1, num_perm)
    values = np.concatenate([by_shingles, by_words.hashvalues]).astype("<u4")
    return values.tobytes()


@functools.lru_cache(maxsize=4)
def _band_layout(num_perm: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """(bands, rows) per signature: datasketch's optimum for the two candidate bars."""
    lsh = require("datasketch.lsh", "stories")
    return (
        lsh._optimal_param(CANDIDATE_SHINGLES, num_perm, 0.5, 0.5),
        lsh._optimal_param(CANDIDATE_WORDS, num_perm, 0.5, 0.5),
    )


def band_keys(sig: bytes, digest: str, *, num_perm: int = NUM_PERM) -> list[int]:
    """LSH bucket keys (signed 64-bit) of one article: two articles sharing any key are a
    candidate pair. Keys are the same in every process, so Spark can join on them."""
    keys = [_key(b"x" + digest.encode()) & ~1]  # the exact-text key: even
    for part, (bands, rows) in enumerate(_band_layout(num_perm)):
        values = sig[part * num_perm * 4 : (part + 1) * num_perm * 4]
        for band in range(bands):
            chunk = values[band * rows * 4 : (band + 1) * rows * 4]
            keys.append(_key(bytes([part, band]) + chunk) | 1)  # LSH band keys: odd
    return keys


def popular(key: int, members: int) -> bool:
    """Whether an LSH bucket is too full to name candidates (a stop bucket).

    A band of 3 or 5 MinHash rows is sometimes decided by words every article has, and
    its bucket then gathers unrelated articles by the hundred (about 1 % of a 50,000-
    article pile in one bucket, bench/scale.py): their pairs would grow with the square
    of the corpus. Copies share most of their bands, so they are still found through
    the others; the exact-text key (even) is never a stop bucket."""
    return key & 1 == 1 and members > MAX_BUCKET


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def check_pair(
    a: Sketch, b: Sketch, sig_a: bytes, sig_b: bytes, sentences, *, num_perm: int = NUM_PERM
) -> tuple[str, float] | None:
    """The exact checks of one candidate pair (``sentences()`` gives both sentence sets)."""
    if a.digest == b.digest:
        return ("exact", 1.0)
    checks = _plausible(sig_a, sig_b, len(a.shingles), len(b.shingles), num_perm)
    if not any(checks):
        return None
    return _compare(
        a.words, b.words, a.shingles, b.shingles, sentences, (a.word_set, b.word_set), checks
    )


def group_copies(
    edges: Iterable[tuple[str, str, str, float]], keys: Mapping[str, tuple]
) -> list[Copy]:
    """Copies from checked pairs ``(id_a, id_b, kind, score)``, taken in the order given.

    Pairs are joined into groups (union-find); each group's canonical article is the
    one with the smallest ``keys[id]`` (see ``canonical_key``).
    """
    parent: dict[str, str] = {}

    def find(i: str) -> str:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[str, tuple[str, float]] = {}
    for i, j, kind, score in edges:
        parent[find(i)] = find(j)
        for k in (i, j):
            if k not in best or _rank((kind, score)) > _rank(best[k]):
                best[k] = (kind, score)
    groups: dict[str, list[str]] = {}
    for i in parent:
        groups.setdefault(find(i), []).append(i)
    copies = []
    for members in groups.values():
        canonical = min(members, key=lambda k: keys[k])
        for k in members:
            if k != canonical:
                kind, score = best[k]
                copies.append(Copy(k, canonical, kind, score))
    return sorted(copies, key=lambda c: (c.original_id, c.article_id))


def canonical_key(article: Article) -> tuple:
    """Order of preference for a copy group's canonical article: earliest, longest, smallest id."""
    return (article.published is None, article.published or "", -len(article.text), article.id)


def find_copies(
    articles: Sequence[Article], *, seed: int = 1, num_perm: int = NUM_PERM
) -> list[Copy]:
    """Every article that copies another, pointing at its group's canonical article.

    In memory; the store-backed build runs the same steps over its band table.
    """
    ordered = sorted(articles, key=lambda a: a.id)
    sketches = [sketch(a) for a in ordered]
    sigs = [signature(s, seed=seed, num_perm=num_perm) for s in sketches]
    buckets: dict[int, list[int]] = {}
    for i, sk in enumerate(sketches):
        for key in band_keys(sigs[i], sk.digest, num_perm=num_perm):
            buckets.setdefault(key, []).append(i)
    candidates = sorted(
        {
            (i, j)
            for key, b in buckets.items()
            if not popular(key, len(b))
            for n, i in enumerate(b)
            for j in b[n + 1 :]
        }
    )
    sentence_cache: dict[int, list[set[str]]] = {}

    def sentences(i: int) -> list[set[str]]:
        if i not in sentence_cache:
            sentence_cache[i] = _sentence_sets(ordered[i])
        return sentence_cache[i]

    edges = []
    for i, j in candidates:
        found = check_pair(
            sketches[i],
            sketches[j],
            sigs[i],
            sigs[j],
            lambda i=i, j=j: (sentences(i), sentences(j)),
            num_perm=num_perm,
        )
        if found:
            edges.append((ordered[i].id, ordered[j].id, *found))
    copies = group_copies(edges, {a.id: canonical_key(a) for a in ordered})
    log.info("found %d copies among %d articles", len(copies), len(ordered))
    return copies


#: Margin under the bars within which MinHash estimates still send a pair to the exact
#: checks (the estimate's standard error with 128 permutations is about 0.04).
ESTIMATE_MARGIN = 0.15


def _estimate(a: bytes, b: bytes) -> float:
    """Jaccard estimate of two MinHash signatures (share of equal slots)."""
    import numpy as np

    x, y = np.frombuffer(a, "<u4"), np.frombuffer(b, "<u4")
    return float(np.count_nonzero(x == y)) / len(x)


def _plausible(
    sig_a: bytes, sig_b: bytes, size_a: int, size_b: int, num_perm: int = NUM_PERM
) -> tuple[bool, bool]:
    """Which exact checks (near, rewrite) MinHash estimates leave a chance to succeed."""
    half = num_perm * 4
    shingle_j = _estimate(sig_a[:half], sig_b[:half])
    small = min(size_a, size_b)
    common = shingle_j / (1 + shingle_j) * (size_a + size_b)
    near = shingle_j >= NEAR_JACCARD - ESTIMATE_MARGIN or (
        small >= MIN_CONTAINED_SHINGLES and common / small >= NEAR_CONTAINMENT - ESTIMATE_MARGIN
    )
    rewrite = _estimate(sig_a[half:], sig_b[half:]) >= REWRITE_MIN_WORDS - ESTIMATE_MARGIN
    return (near, rewrite)


def _rank(found: tuple[str, float]) -> tuple[int, float]:
    return ({"exact": 2, "near": 1, "rewrite": 0}[found[0]], found[1])


def mark_copies(articles: Sequence[Article], copies: Sequence[Copy]) -> list[Article]:
    """The articles with ``duplicate_of`` filled from ``copies`` (others cleared)."""
    original = {c.article_id: c.original_id for c in copies}
    return [replace(a, duplicate_of=original.get(a.id)) for a in articles]
