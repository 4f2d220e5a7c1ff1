"""Copy-detection hashes: the numpy paths give the plain-Python definitions' values, and
candidate pairs come from shared bucket keys, stop buckets left out."""

from __future__ import annotations

import random
import zlib

import pytest

from storyline import dedup, hashing

np = pytest.importorskip("numpy")
datasketch = pytest.importorskip("datasketch")


def _words(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(40)] + ["the", "a", "port", "vessel", "é", "北京"]
    return [rng.choice(vocabulary) for _ in range(n)]


@pytest.mark.parametrize("n", [0, 1, 2, 3, 15, 16, 17, 400])
@pytest.mark.parametrize("k", [2, 3, 4])
def test_shingle_hashes_are_the_low_bits_of_the_tuple_hash(n, k):
    hashes = [zlib.crc32(w.encode()) for w in _words(n)]
    if n < k:
        expected = {hash(tuple(hashes)) & 0xFFFFFFFF} if hashes else set()
    else:
        expected = {
            hash(t) & 0xFFFFFFFF for t in zip(*(hashes[i:] for i in range(k)), strict=False)
        }
    assert hashing.shingle_hashes(hashes, k) == expected


def test_word_hashes_are_crc32_and_the_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(hashing._WordHashes, "size", 5)
    words = _words(50) + [f"new{i}" for i in range(20)]
    assert hashing.word_hashes(words) == [zlib.crc32(w.encode("utf-8")) for w in words]
    assert len(hashing._WORD_HASHES) <= 5


@pytest.mark.parametrize("size", [0, 1, 7, 5000])
def test_minhash_values_are_datasketchs(size):
    items = {zlib.crc32(b"%d" % i) for i in range(size)}
    m = datasketch.MinHash(num_perm=64, seed=5, hashfunc=int)
    if items:
        m.update_batch(list(items))
    assert hashing.minhash_values(datasketch, items, 5, 64).tolist() == m.hashvalues.tolist()


def test_candidate_pairs_share_a_key_and_skip_stop_buckets(monkeypatch):
    # Articles 0, 1, 2 share one odd (LSH) key; 2 and 3 share an even (exact-text) key.
    keys = [[11, 2], [11, 4], [11, 6, 8], [8, 10], [13]]
    assert dedup.candidate_pairs(keys) == [(0, 1), (0, 2), (1, 2), (2, 3)]
    monkeypatch.setattr(dedup, "MAX_BUCKET", 2)  # the odd key's bucket of three is full
    assert dedup.candidate_pairs(keys) == [(2, 3)]
    monkeypatch.setattr(dedup, "MAX_BUCKET", 1)  # an even key never stops
    assert dedup.candidate_pairs(keys) == [(2, 3)]
    assert dedup.candidate_pairs([]) == []
    assert dedup.candidate_pairs([[1, 1]]) == []  # an article is not its own candidate


def test_the_numpy_paths_are_the_ones_taken_here():
    # (on another interpreter or datasketch release they may fall back, never differ)
    assert hashing._vector_shingles_agree()
    if datasketch.MinHash(num_perm=4).scheme == "affine32":
        assert hashing._vector_minhash_agrees(datasketch)
