"""Stable hashes for copy detection: words, word shingles, MinHash signatures, bucket keys.

Every value here is the same in every process and on every machine (no Python string
hashing, no random seeds but the ones given), so the store, forked workers and Spark
executors agree on them: ``storyline.dedup`` builds its sketches and LSH keys from them.

The values are the ones of the plain-Python definitions (a word's CRC-32, ``hash`` of a
tuple of word hashes, datasketch's MinHash); the fast paths compute them with numpy and
are checked against those definitions once per process before they are used, so a
Python or datasketch release that computes them otherwise falls back to the slow path
rather than giving other values.
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from collections.abc import Collection, Sequence

try:
    import numpy as np
except ImportError:  # extra ``stories``; shingles are then hashed in pure Python
    np = None  # type: ignore[assignment]


class _WordHashes(dict):
    """Word → its CRC-32, computed on first sight: every later one is a dict lookup
    (C-level through ``__getitem__``). Cleared when it holds ``size`` words."""

    size = 200_000

    def __missing__(self, word: str) -> int:
        if len(self) >= self.size:
            self.clear()
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


_WORD_HASHES = _WordHashes()


def word_hash(word: str) -> int:
    return _WORD_HASHES[word]


def word_hashes(words: Sequence[str]) -> list[int]:
    """``word_hash`` of each word, in order."""
    return list(map(_WORD_HASHES.__getitem__, words))


#: From this many words on, shingles are hashed with numpy.
VECTOR_SHINGLES = 16
#: CPython's tuple hash (xxHash-style, Objects/tupleobject.c since 3.8): its primes and
#: the constant mixed with the length. ``hash`` of an int under 2**61 - 1 is the int.
_XXPRIME_1 = 11400714785074694791
_XXPRIME_2 = 14029467366897019727
_XXPRIME_5 = 2870177450012600261


def shingle_hashes(hashes: Sequence[int], k: int) -> set[int]:
    """The low 32 bits of ``hash(tuple)`` of each run of ``k`` word hashes (all of them
    when there are fewer than ``k``)."""
    if len(hashes) < k:
        return {hash(tuple(hashes)) & 0xFFFFFFFF} if hashes else set()
    if len(hashes) >= VECTOR_SHINGLES and _vector_shingles_agree():
        return set(_tuple_hashes(np.array(hashes, dtype=np.uint64), k).tolist())
    return {h & 0xFFFFFFFF for h in map(hash, zip(*(hashes[i:] for i in range(k)), strict=False))}


def _tuple_hashes(hashes, k: int):
    """``hash(tuple(hashes[i:i + k])) & 0xFFFFFFFF`` for every ``i`` as one numpy pass:
    making and hashing a tuple per shingle was most of a sketch's time."""
    n = len(hashes) - k + 1
    acc = np.full(n, _XXPRIME_5, dtype=np.uint64)
    for i in range(k):
        acc += hashes[i : i + n] * np.uint64(_XXPRIME_2)  # wraps modulo 2**64, as in C
        acc = (acc << np.uint64(31)) | (acc >> np.uint64(33))
        acc *= np.uint64(_XXPRIME_1)
    acc += np.uint64(k ^ (_XXPRIME_5 ^ 3527539))
    acc[acc == np.uint64(2**64 - 1)] = 1546275796  # a hash is never -1
    return acc & np.uint64(0xFFFFFFFF)


@functools.cache
def _vector_shingles_agree() -> bool:
    """Whether ``_tuple_hashes`` gives this interpreter's tuple ``hash`` (checked once)."""
    if np is None:
        return False
    sample = [zlib.crc32(b"%d" % n) for n in range(64)] + [0, 1, 2**32 - 1, 2**32 - 1]
    for k in (2, 3, 5):
        runs = zip(*(sample[i:] for i in range(k)), strict=False)
        expected = [hash(t) & 0xFFFFFFFF for t in runs]
        if _tuple_hashes(np.array(sample, dtype=np.uint64), k).tolist() != expected:
            return False
    return True


@functools.lru_cache(maxsize=8)
def _permutations(datasketch, seed: int, num_perm: int):
    """datasketch's permutations for ``seed``, drawn once (drawing them took about a
    third of the signature time); the values, and so the signatures, are unchanged."""
    template = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    return template.permutations, template.scheme


#: Items multiplied at once in the numpy MinHash (bounds its memory on a long text).
MINHASH_CHUNK = 4096
#: datasketch's "affine32" scheme: the MurmurHash3 32-bit finalizer, then a * h + b
#: modulo 2**32 for each permutation (datasketch 2.x).
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def _affine32(items, a, b):
    s1, m1, s2, m2, s3 = (np.uint32(v) for v in _FMIX32)
    hv = np.asarray(items, dtype=np.uint32)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    out = np.full(len(a), 0xFFFFFFFF, dtype=np.uint32)
    for start in range(0, len(hv), MINHASH_CHUNK):
        chunk = hv[start : start + MINHASH_CHUNK, None]
        np.minimum(out, (chunk * a + b).min(axis=0), out=out)
    return out


def minhash_values(datasketch, items: Collection[int], seed: int, num_perm: int):
    """datasketch's MinHash hash values of ``items`` (ints, hashed already: ``hashfunc``
    is the identity) as a numpy array."""
    permutations, scheme = _permutations(datasketch, seed, num_perm)
    if scheme == "affine32" and _vector_minhash_agrees(datasketch):
        if not items:
            return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
        values = np.fromiter(items, dtype=np.uint32, count=len(items))
        return _affine32(values, permutations[0], permutations[1])
    return _datasketch_values(datasketch, items, seed, num_perm)


def _datasketch_values(datasketch, items: Collection[int], seed: int, num_perm: int):
    permutations, scheme = _permutations(datasketch, seed, num_perm)
    m = datasketch.MinHash(
        num_perm=num_perm,
        seed=seed,
        hashfunc=int,  # the items are hashes already; int is a C-level identity on them
        permutations=permutations,
        scheme=scheme,
    )
    if items:
        m.update_batch(list(items))
    return m.hashvalues


@functools.cache
def _vector_minhash_agrees(datasketch) -> bool:
    """Whether ``_affine32`` gives datasketch's values (checked once per process)."""
    sample = [zlib.crc32(b"%d" % n) for n in range(200)] + [0, 2**32 - 1]
    permutations, _scheme = _permutations(datasketch, 7, 16)
    mine = _affine32(np.array(sample, dtype=np.uint32), permutations[0], permutations[1])
    return mine.tolist() == _datasketch_values(datasketch, sample, 7, 16).tolist()


def estimate(a: bytes, b: bytes) -> float:
    """Jaccard estimate of two MinHash signatures (share of equal slots)."""
    x, y = np.frombuffer(a, "<u4"), np.frombuffer(b, "<u4")
    return float(np.count_nonzero(x == y)) / len(x)


def key(data: bytes) -> int:
    """A signed 64-bit bucket key of ``data`` (BLAKE2b)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)
