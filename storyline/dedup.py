"""Copies: wire copies on several sites, windows of one text, rewrites and digests.

Candidates come from one linear pass over the articles: MinHash LSH (datasketch) over
word 3-shingles (wire copies keep most of them) and over word sets (a rewrite that
swaps words keeps its vocabulary), plus sentence keys: runs of two long sentences in
their exact words (two excerpts of one wire story that start and stop at different
paragraphs share few shingles overall but whole sentences), and each long sentence's
four longest words (a word-substituting rewrite keeps its names and long nouns); the
lowest ``SENTENCE_KEYS`` hashes of each kind.
Every key is a bucket; a bucket that fills past ``MAX_BUCKET`` names no candidates, so
the pairs grow with the corpus, not its square. Each candidate pair is then checked:

- ``exact``: the same words in the same order;
- ``near``: shingle Jaccard above a bar (light edits, a changed headline);
- ``excerpt``: one is a window of the other (the shorter's shingles are contained in
  the longer), or the two share a run of verbatim sentences and differ only around it
  (a photo caption first, the third paragraph first, a cut end);
- ``rewrite``: most sentences of the shorter have a counterpart sharing most of their
  words, not verbatim (an edited wire update, a word-substituted spam copy);
- ``digest``: a short text whose few sentences all come from the longer one.

Sentences that are mostly quotation do not count as shared narrative: two outlets'
own reports quoting one statement or one tweet are not copies. The matched sentence
pairs are the evidence (``evidence``), recomputed from the two texts when a story is
written. The sentence alignment is written by hand (word-set Jaccard over an inverted
index of the longer text's words): no installed library aligns sentences of two texts.

Copies are grouped (union-find) and each group gets one canonical article: the
earliest published, then the most complete, then the smallest id.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from . import hashing
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
#: Sentences shorter than this (words) are ignored by the rewrite check.
MIN_SENTENCE_WORDS = 6
#: Articles with fewer checked sentences than this are never called rewrites.
MIN_REWRITE_SENTENCES = 3
#: Shared narrative: a pair whose shorter text has at least this many matched sentences
#: that are not mostly quotation, making up this share of its sentences, is a copy even
#: under ``REWRITE_SHARE`` (two windows of one wire text overlap in a few paragraphs).
#: Tuned on the negotiations corpus by story groups (bench/pages.py, leave-one-out):
#: own reports of one event sharing a statement's or a tweet thread's quotes match up to
#: five sentences there, but at most one that is not quotation.
MIN_SHARED_SENTENCES = 3
SHARED_SHARE = 0.4
#: The ``REWRITE_SHARE`` rule also wants this many matched narrative sentences (a page
#: that only shares quotations with another is not its copy).
MIN_NARRATIVE = 2
#: A sentence is mostly quotation when this share of its characters is inside quotes.
QUOTED = 0.5
#: Sentence alignment runs when the word sets share this much (Jaccard); windows of one
#: text start lower than whole rewrites (negotiations corpus: 0.41-0.47 for windows).
ALIGN_MIN_WORDS = 0.35
#: A short text (at most this many distinct words: a digest, a brief) is aligned when
#: this share of its words is in the other, whatever their Jaccard (a short text's
#: Jaccard with a long one is small by its length alone).
SHORT_TEXT_WORDS = 120
SHORT_CONTAINED = 0.7
#: Matched sentences this similar (Jaccard) are verbatim: a run of them in order, and
#: little else matched, make an ``excerpt`` rather than a ``rewrite``.
VERBATIM = 0.8
#: A ``digest``: the shorter has at most this many sentences, and at most this share
#: of the longer's.
DIGEST_SENTENCES = 5
DIGEST_RATIO = 0.5
#: An ``excerpt`` by containment: the shorter has at most this share of the longer's
#: shingles (above it the two are one text, lightly edited: ``near``).
EXCERPT_RATIO = 0.8
#: Sentence-run keys per article (the lowest hashes: the same runs in every copy) and
#: the words a sentence needs to be part of one.
SENTENCE_KEYS = 24
SENTENCE_KEY_WORDS = 8
#: A second key per long sentence: its this many longest words (names, numbers, long
#: nouns), which a word-substituting rewrite keeps while it swaps the short ones
#: (negotiations corpus: 28 of the 31 listed copy pairs share one; 0 turns this off).
LONGEST_WORDS = 4
#: Only words this long count (a sentence with fewer such words gives no second key).
LONG_WORD = 6
SHINGLE = 3
NUM_PERM = 128
#: Articles an LSH bucket may hold before it stops naming candidates (see ``popular``).
MAX_BUCKET = 100

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def shingles(words: Sequence[str], k: int = SHINGLE) -> set[int]:
    """Hashes (32-bit, the same in every process) of the word ``k``-shingles."""
    return hashing.shingle_hashes(hashing.word_hashes(words), k)


def _jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b) if len(a) <= len(b) else len(b & a)
    return shared / (len(a) + len(b) - shared)


@dataclass(frozen=True, slots=True)
class Sent:
    """One checked sentence: its word set, whether it is mostly quotation, its index."""

    words: frozenset[str]
    quoted: bool
    index: int


_QUOTE_MARKS = '"“”«»'


def quoted_share(text: str) -> float:
    """Share of ``text``'s characters inside quotation marks (an unclosed opening quote
    runs to the end: a quotation spanning sentences). Single quotes are apostrophes too
    often to count."""
    if not any(mark in text for mark in _QUOTE_MARKS):
        return 0.0
    inside = 0
    open_ = False
    for ch in text:
        if ch == '"':
            open_ = not open_
        elif ch in "“«":
            open_ = True
        elif ch in "”»":
            open_ = False
        elif open_:
            inside += 1
    return inside / len(text) if text else 0.0


class Sentences(list):
    """An article's checked sentences; ``word_index`` is built once per article."""

    _index: dict[str, list[int]] | None = None

    def word_index(self) -> dict[str, list[int]]:
        """Word → the positions of the sentences holding it."""
        if self._index is None:
            index: dict[str, list[int]] = defaultdict(list)
            for j, sentence in enumerate(self):
                for w in sentence.words:
                    index[w].append(j)
            self._index = index
        return self._index


def sentence_sets(article: Article) -> Sentences:
    texts = [s.text for s in article.sentences] or [article.text]
    out = Sentences()
    for index, text in enumerate(texts):
        words = tokens(text)
        if len(words) >= MIN_SENTENCE_WORDS:
            out.append(Sent(frozenset(words), quoted_share(text) > QUOTED, index))
    return out


#: A word in more than this many of the other text's sentences finds no counterparts by
#: itself: a sentence sharing half its words with another shares some rarer word too
#: (a name, a number), and "the" would send every sentence to every other.
COMMON_WORD_SENTENCES = 8


def align(a: Sequence[Sent], b: Sequence[Sent]) -> list[tuple[Sent, Sent, float]]:
    """For each sentence of ``a``, its best counterpart in ``b`` at or above
    ``SENTENCE_MATCH`` (word-set Jaccard): (sentence of a, sentence of b, similarity)."""
    index = (b if isinstance(b, Sentences) else Sentences(b)).word_index()
    out = []
    for sentence in a:
        near: set[int] = set()
        for w in sentence.words:
            postings = index.get(w)
            if postings and len(postings) <= COMMON_WORD_SENTENCES:
                near.update(postings)
        best, best_j = 0.0, -1
        size = len(sentence.words)
        for j in near:
            shared = len(sentence.words & b[j].words)
            sim = shared / (size + len(b[j].words) - shared)
            if sim > best:
                best, best_j = sim, j
        if best >= SENTENCE_MATCH:
            out.append((sentence, b[best_j], round(best, 3)))
    return out


def sentence_overlap(a: list[Sent], b: list[Sent]) -> float:
    """Share of the shorter list's sentences with a counterpart in the other."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) < MIN_REWRITE_SENTENCES:
        return 0.0
    return len(align(a, b)) / len(a)


def _aligned_kind(a: list[Sent], b: list[Sent]) -> tuple[str, float] | None:
    """The sentence-level verdict on two texts: a kind and the matched share, or None."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) < MIN_REWRITE_SENTENCES:
        return None
    matched = align(a, b)
    share = len(matched) / len(a)
    narrative = sum(1 for x, y, _ in matched if not (x.quoted or y.quoted))
    if not (
        (share >= REWRITE_SHARE and narrative >= MIN_NARRATIVE)
        or (narrative >= MIN_SHARED_SENTENCES and share >= SHARED_SHARE)
    ):
        return None
    verbatim = [m for m in matched if m[2] >= VERBATIM]
    in_order = all(p[1].index < q[1].index for p, q in zip(verbatim, verbatim[1:], strict=False))
    if len(verbatim) >= 0.8 * len(matched) and in_order and share < 1.0:
        return ("excerpt", round(share, 3))
    if len(a) <= DIGEST_SENTENCES and len(a) <= DIGEST_RATIO * len(b):
        return ("digest", round(share, 3))
    return ("rewrite", round(share, 3))


def evidence(a: Article, b: Article) -> list[dict]:
    """The matched sentence pairs of a copy ``a`` and its original ``b``: ``{"sentence"`` (index
    in ``a``), ``"copy_of_sentence"`` (index in ``b``), ``"similarity"}``."""
    sa, sb = sentence_sets(a), sentence_sets(b)
    return [
        {"sentence": x.index, "copy_of_sentence": y.index, "similarity": sim}
        for x, y, sim in align(sa, sb)
    ]


def compare(a: Article, b: Article) -> tuple[str, float] | None:
    """Whether ``a`` and ``b`` are copies: ``(kind, score)``, or ``None``."""
    wa, wb = tokens(a.text), tokens(b.text)
    if wa == wb:
        return ("exact", 1.0)
    return _compare(
        wa, wb, shingles(wa), shingles(wb), lambda: (sentence_sets(a), sentence_sets(b))
    )


def _compare(
    wa, wb, sa, sb, sentences, word_sets=None, checks=(True, True)
) -> tuple[str, float] | None:
    """The exact checks; ``checks`` = (near, rewrite) says which may still succeed."""
    if wa == wb:
        return ("exact", 1.0)
    if checks[0]:
        shared = len(sa & sb)  # once: Jaccard and containment both read it
        jaccard = shared / (len(sa) + len(sb) - shared) if sa and sb else 0.0
        if jaccard >= NEAR_JACCARD:
            return ("near", round(jaccard, 3))
        small, large = sorted((len(sa), len(sb)))
        if small >= MIN_CONTAINED_SHINGLES and shared / small >= NEAR_CONTAINMENT:
            kind = "excerpt" if small < EXCERPT_RATIO * large else "near"
            return (kind, round(jaccard, 3))
    if not checks[1]:
        return None
    set_a, set_b = word_sets or (set(wa), set(wb))
    jaccard_words = _jaccard(set_a, set_b)
    short = min(len(set_a), len(set_b))
    if jaccard_words < ALIGN_MIN_WORDS and not (
        short <= SHORT_TEXT_WORDS
        and _contained(jaccard_words, len(set_a), len(set_b)) >= SHORT_CONTAINED
    ):
        return None
    return _aligned_kind(*sentences())


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the copy checks read of one article, recomputed from its text when needed."""

    words: list[str]
    shingles: set[int]
    word_set: set[str]
    digest: str
    sentence_keys: tuple[int, ...] = ()
    word_hashes: frozenset[int] = frozenset()  # ``hashing.word_hash`` of each word of word_set


def sentence_keys(article: Article) -> tuple[int, ...]:
    """Hashes of the article's runs of two long sentences (their exact words, punctuation
    aside), the lowest ``SENTENCE_KEYS``: the same runs in every copy of a passage."""
    hashes = []
    longest = set()
    crc = zlib.crc32
    for words in map(str.split, _normalised(article)):
        if len(words) < SENTENCE_KEY_WORDS:
            continue
        hashes.append(crc(" ".join(words).encode("utf-8")))
        long_words = {w for w in words if len(w) >= LONG_WORD}
        if LONGEST_WORDS and len(long_words) >= LONGEST_WORDS:
            if len(long_words) > LONGEST_WORDS:
                # longest first, ties in alphabetical order (stable sorts, C-level keys)
                long_words = set(sorted(sorted(long_words), key=len, reverse=True)[:LONGEST_WORDS])
            longest.add(crc(" ".join(sorted(long_words)).encode("utf-8")) ^ 1)
    # two long sentences in a row: one shared quotation or stock phrase makes no candidate
    runs = {crc(b"%d %d" % pair) for pair in zip(hashes, hashes[1:], strict=False)}
    return tuple(sorted(runs)[:SENTENCE_KEYS]) + tuple(sorted(longest)[:SENTENCE_KEYS])


def _normalised(article: Article) -> list[str]:
    """Each sentence lower-cased, ``_PUNCTUATION`` made spaces, in one call over the
    sentences joined by NUL (neither cased nor changed), unless a sentence holds one."""
    texts = [s.text for s in article.sentences]
    pieces = "\x00".join(texts).lower().translate(_PUNCTUATION).split("\x00")
    if len(pieces) != len(texts):
        pieces = [t.lower().translate(_PUNCTUATION) for t in texts]
    return pieces


#: Punctuation that differs between copies of one sentence (quote styles, dashes).
_PUNCTUATION = str.maketrans({c: " " for c in "\"'“”‘’«»,.;:!?()[]{}—–-…/|*•"})


def sketch(article: Article, *, keys: bool = True) -> Sketch:
    """What the copy checks read; ``keys=False``: not what only the keys need."""
    words = tokens(article.text)
    hashes = hashing.word_hashes(words)
    return Sketch(
        words,
        hashing.shingle_hashes(hashes, SHINGLE),
        set(words),
        hashlib.sha1(" ".join(words).encode()).hexdigest(),
        sentence_keys(article) if keys else (),
        frozenset(hashes) if keys else frozenset(),
    )


def signature(sk: Sketch, *, seed: int = 1, num_perm: int = NUM_PERM) -> bytes:
    """The two MinHash signatures (shingles, word set) as ``2 * num_perm`` little-endian uint32."""
    datasketch = require("datasketch", "stories")
    import numpy as np

    by_shingles = hashing.minhash_values(datasketch, sk.shingles, seed, num_perm)
    hashes = sk.word_hashes or {hashing.word_hash(w) for w in sk.word_set}
    by_words = hashing.minhash_values(datasketch, hashes, seed + 1, num_perm)
    values = np.concatenate([by_shingles, by_words]).astype("<u4")
    return values.tobytes()


@functools.lru_cache(maxsize=4)
def _band_layout(num_perm: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """(bands, rows) per signature: datasketch's optimum for the two candidate bars."""
    lsh = require("datasketch.lsh", "stories")
    return (
        lsh._optimal_param(CANDIDATE_SHINGLES, num_perm, 0.5, 0.5),
        lsh._optimal_param(CANDIDATE_WORDS, num_perm, 0.5, 0.5),
    )


def band_keys(
    sig: bytes, digest: str, *, num_perm: int = NUM_PERM, sentences: Sequence[int] = ()
) -> list[int]:
    """LSH bucket keys (signed 64-bit) of one article: two articles sharing any key are a
    candidate pair. Keys are the same in every process, so Spark can join on them.
    ``sentences`` are the article's ``sentence_keys`` (a key each)."""
    keys = [hashing.key(b"x" + digest.encode()) & ~1]  # the exact-text key: even
    for part, (bands, rows) in enumerate(_band_layout(num_perm)):
        values = sig[part * num_perm * 4 : (part + 1) * num_perm * 4]
        for band in range(bands):
            chunk = values[band * rows * 4 : (band + 1) * rows * 4]
            keys.append(hashing.key(bytes([part, band]) + chunk) | 1)  # LSH band keys: odd
    keys.extend(hashing.key(b"s" + value.to_bytes(4, "little")) | 1 for value in sentences)
    return keys


def popular(key: int, members: int) -> bool:
    """Whether an LSH bucket is too full to name candidates (a stop bucket).

    A band of 3 or 5 MinHash rows is sometimes decided by words every article has, and
    its bucket then gathers unrelated articles by the hundred (about 1 % of a 50,000-
    article pile in one bucket, bench/scale.py): their pairs would grow with the square
    of the corpus. Copies share most of their bands, so they are still found through
    the others; the exact-text key (even) is never a stop bucket."""
    return key & 1 == 1 and members > MAX_BUCKET


def check_pair(
    a: Sketch, b: Sketch, sig_a: bytes, sig_b: bytes, sentences, *, num_perm: int = NUM_PERM
) -> tuple[str, float] | None:
    """The exact checks of one candidate pair (``sentences()`` gives both sentence sets)."""
    if a.digest == b.digest:
        return ("exact", 1.0)
    checks = _plausible(
        sig_a,
        sig_b,
        len(a.shingles),
        len(b.shingles),
        num_perm,
        (len(a.word_set), len(b.word_set)),
    )
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
            if k not in best or kind_rank((kind, score)) > kind_rank(best[k]):
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


def candidate_pairs(keys: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of articles sharing a bucket key (``keys[i]`` are
    article ``i``'s ``band_keys``) that is not ``popular``, sorted.

    The keys are sorted as one numpy array and cut into runs of equal keys: no Python
    object per bucket (most hold one article)."""
    import numpy as np

    sizes = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    arrays = [np.asarray(k, dtype=np.int64) for k in keys]  # lists or arrays of keys
    flat = np.concatenate(arrays) if arrays else np.empty(0, dtype=np.int64)
    owners = np.repeat(np.arange(len(keys), dtype=np.int64), sizes)
    order = np.argsort(flat, kind="stable")  # stable: each run lists its owners in order
    flat, owners = flat[order], owners[order]
    starts = np.flatnonzero(np.concatenate(([True], flat[1:] != flat[:-1])))
    members = np.diff(np.concatenate((starts, [len(flat)])))
    pairs: set[tuple[int, int]] = set()
    for start, size in zip(
        starts[members > 1].tolist(), members[members > 1].tolist(), strict=True
    ):
        if popular(int(flat[start]), size):
            continue
        run = owners[start : start + size].tolist()
        pairs.update((i, j) for n, i in enumerate(run) for j in run[n + 1 :] if i < j)
    return sorted(pairs)


def find_copies(
    articles: Sequence[Article], *, seed: int = 1, num_perm: int = NUM_PERM
) -> list[Copy]:
    """Every article that copies another, pointing at its group's canonical article (in
    memory; the store-backed build runs the same steps over its band table)."""
    with _collector_paused():
        return _find_copies(articles, seed, num_perm)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off (as Mercurial's ``util.nogc``): sketches make no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _find_copies(articles: Sequence[Article], seed: int, num_perm: int) -> list[Copy]:
    ordered = sorted(articles, key=lambda a: a.id)
    sketches = [sketch(a) for a in ordered]
    sigs = [signature(s, seed=seed, num_perm=num_perm) for s in sketches]
    keys = [
        band_keys(sig, sk.digest, num_perm=num_perm, sentences=sk.sentence_keys)
        for sk, sig in zip(sketches, sigs, strict=True)
    ]
    candidates = candidate_pairs(keys)
    sentence_cache: dict[int, Sentences] = {}

    def sentences(i: int) -> Sentences:
        if i not in sentence_cache:
            sentence_cache[i] = sentence_sets(ordered[i])
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


def _contained(jaccard: float, size_a: int, size_b: int) -> float:
    """The share of the smaller set inside the larger, from their Jaccard and sizes."""
    small = min(size_a, size_b)
    return jaccard / (1 + jaccard) * (size_a + size_b) / small if small else 0.0


def _plausible(
    sig_a: bytes,
    sig_b: bytes,
    size_a: int,
    size_b: int,
    num_perm: int = NUM_PERM,
    words: tuple[int, int] = (0, 0),
) -> tuple[bool, bool]:
    """Which exact checks (near, rewrite) MinHash estimates leave a chance to succeed;
    ``words`` are the two word-set sizes."""
    half = num_perm * 4
    shingle_j = hashing.estimate(sig_a[:half], sig_b[:half])
    near = shingle_j >= NEAR_JACCARD - ESTIMATE_MARGIN or (
        min(size_a, size_b) >= MIN_CONTAINED_SHINGLES
        and _contained(shingle_j, size_a, size_b) >= NEAR_CONTAINMENT - ESTIMATE_MARGIN
    )
    word_j = hashing.estimate(sig_a[half:], sig_b[half:])
    rewrite = word_j >= ALIGN_MIN_WORDS - ESTIMATE_MARGIN or (
        0 < min(words) <= SHORT_TEXT_WORDS
        and _contained(word_j, *words) >= SHORT_CONTAINED - ESTIMATE_MARGIN
    )
    return (near, rewrite)


def kind_rank(found: tuple[str, float]) -> tuple[int, float]:
    return (KINDS.index(found[0]) if found[0] in KINDS else -1, found[1])


#: Copy kinds, least to most complete copy (``kind_rank`` keeps the strongest of a pair's).
KINDS = ("digest", "rewrite", "excerpt", "near", "exact")


def mark_copies(articles: Sequence[Article], copies: Sequence[Copy]) -> list[Article]:
    """The articles with ``duplicate_of`` filled from ``copies`` (others cleared)."""
    original = {c.article_id: c.original_id for c in copies}
    return [replace(a, duplicate_of=original.get(a.id)) for a in articles]
