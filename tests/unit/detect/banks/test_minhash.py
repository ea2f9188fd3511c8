"""MinHash helpers: batch shingles equal single ones, exact Jaccard, and the 32-bit hasher's batch and bands."""

from __future__ import annotations

import random

import numpy as np

from rempart.detect.banks.minhash import MinHasher, MinHasher32, exact_jaccard, shingle_ids, shingle_ids_many
from rempart.detect.banks.normalize import hash_tokens
from tests.unit.detect.banks.textgen import edited_copy, same_topic_post


def test_shingles_of_many_texts_equal_those_of_each() -> None:
    rng = random.Random(5)
    words = [f"w{n}" for n in range(12)]  # a small vocabulary: repeated words and bigrams within a text
    texts = [[rng.choice(words) for _ in range(rng.randint(1, 30))] for _ in range(300)]
    for together, tokens in zip(shingle_ids_many(texts), texts, strict=True):
        assert np.array_equal(together, shingle_ids(tokens))
    assert shingle_ids_many([["a", "b"], ["b", "c"]])[1].size == 3  # no bigram "b c" borrowed across texts


def test_exact_jaccard_counts_common_ids() -> None:
    a = np.array([1, 5, 9, 12], dtype=np.uint64)
    b = np.array([2, 5, 12, 40, 41], dtype=np.uint64)
    assert exact_jaccard(a, b) == 2 / 7
    assert exact_jaccard(a, a) == 1.0
    assert exact_jaccard(a, np.zeros(0, dtype=np.uint64)) == 0.0


def test_32_bit_signatures_of_many_texts_equal_those_of_each() -> None:
    hasher = MinHasher32()
    rng = np.random.default_rng(2)
    ids = [rng.integers(0, 2**63, size=int(rng.integers(1, 90)), dtype=np.uint64) for _ in range(400)]
    together = hasher.signatures_of_many(ids)
    assert together.shape == (400, hasher.num_perm)
    for row, one in zip(together, ids, strict=True):
        assert np.array_equal(row, hasher.signature_of_ids(one))


def _share_a_band(hasher: MinHasher, first: str, second: str) -> bool:
    signatures = [hasher.signature_of_ids(shingle_ids(hash_tokens(text))) for text in (first, second)]
    return bool((hasher.band_key_array(signatures[0]) == hasher.band_key_array(signatures[1])).any())


def test_32_bit_bands_find_edited_copies_as_often_as_64_bit_ones() -> None:
    rng = random.Random(11)
    posts = [same_topic_post(rng, 20) for _ in range(300)]
    copies = [edited_copy(rng, post, 0.3) for post in posts]
    unrelated = [same_topic_post(rng, 20) for _ in range(300)]
    for hasher in (MinHasher(), MinHasher32()):
        found = sum(_share_a_band(hasher, post, copy) for post, copy in zip(posts, copies, strict=True))
        confused = sum(_share_a_band(hasher, post, other) for post, other in zip(posts, unrelated, strict=True))
        assert found >= 0.9 * len(posts), type(hasher).__name__
        assert confused <= 0.1 * len(posts), type(hasher).__name__
