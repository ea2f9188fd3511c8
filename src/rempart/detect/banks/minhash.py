"""MinHash signatures and LSH band keys, in numpy, deterministic across processes.

Shingles are the word unigrams and bigrams of the normalised text (`hash_tokens`), chosen by measurement
(`benchmarks/banks.py` and the tests): on real posts a copy with 20 % of its words substituted, inserted or
removed keeps a Jaccard similarity above 0.36 (typically 0.5), while unrelated posts on the same topic stay
below 0.25 (typically 0.12). Character 5-grams separated the two worse (edited copies fell to 0.2).

A word is identified by its CRC-32; a bigram by the two words' ids packed in 64 bits. Each of the
`num_perm` hash functions is a multiply-add-shift `((a·x + b) mod 2^64) >> 32` with fixed random odd `a`,
so signatures computed in any process, at any time, agree.

LSH: 192 permutations in 64 bands of 3 rows. A pair at Jaccard 0.45 shares a band with probability
1 - (1 - 0.45^3)^64 = 0.998, a pair at 0.1 with probability 0.06; candidates are then checked on the
signatures and finally on the exact shingle sets, so the threshold decision carries no estimation noise.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from itertools import chain, pairwise
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

Signature: TypeAlias = NDArray[np.uint32]

_SEED = 20240901
_SEED_32 = 20260521
_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)
_FINGERPRINT = np.uint64(0xD6E8FEB86659FD93)


def shingle_ids(tokens: list[str]) -> NDArray[np.uint64]:
    """The distinct 64-bit ids of the word unigrams and bigrams of `tokens`, sorted."""
    words = np.fromiter(map(zlib.crc32, map(str.encode, tokens)), dtype=np.uint64, count=len(tokens))
    if len(words) < 2:
        return np.unique(words)
    bigrams = (words[:-1] << np.uint64(32)) | words[1:]
    return np.unique(np.concatenate((words, bigrams)))


def shingle_ids_many(token_lists: Sequence[list[str]]) -> list[NDArray[np.uint64]]:
    """`shingle_ids` of each list of tokens (none empty), hashed, sorted and deduplicated all together."""
    lengths = np.fromiter(map(len, token_lists), dtype=np.intp, count=len(token_lists))
    words = np.fromiter(
        map(zlib.crc32, map(str.encode, chain.from_iterable(token_lists))), dtype=np.uint64, count=int(lengths.sum())
    )
    owners = np.repeat(np.arange(len(token_lists)), lengths)
    within = owners[:-1] == owners[1:]  # bigrams never span two texts
    ids = np.concatenate((words, ((words[:-1] << np.uint64(32)) | words[1:])[within]))
    owners = np.concatenate((owners, owners[:-1][within]))
    order = np.lexsort((ids, owners))
    ids, owners = ids[order], owners[order]
    distinct = np.ones(len(ids), dtype=bool)
    distinct[1:] = (ids[1:] != ids[:-1]) | (owners[1:] != owners[:-1])
    ids = ids[distinct]
    bounds = np.searchsorted(owners[distinct], np.arange(len(token_lists) + 1)).tolist()
    return [ids[start:stop] for start, stop in pairwise(bounds)]


def exact_jaccard(a: NDArray[np.uint64], b: NDArray[np.uint64]) -> float:
    """Jaccard similarity of two arrays of distinct shingle ids (an id in both is adjacent to itself once
    the two are merged and sorted)."""
    merged = np.concatenate((a, b))
    merged.sort()
    common = int(np.count_nonzero(merged[1:] == merged[:-1]))
    union = a.size + b.size - common
    return common / union if union else 0.0


class MinHasher:
    """`num_perm` hash functions; a text's signature is the minimum of each over its shingles."""

    def __init__(self, num_perm: int = 192, rows_per_band: int = 3) -> None:
        if num_perm % rows_per_band:
            msg = "num_perm must be a multiple of rows_per_band"
            raise ValueError(msg)
        rng = np.random.default_rng(_SEED)
        self.num_perm = num_perm
        self.rows_per_band = rows_per_band
        self.bands = num_perm // rows_per_band
        self._a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self._row_mix = (np.arange(1, rows_per_band + 1, dtype=np.uint64) * _BAND_MIX).reshape(1, rows_per_band)

    def signature_of_ids(self, ids: NDArray[np.uint64]) -> Signature:
        # The minimum's top 32 bits are the minimum of the top 32 bits: shift once, after the minimum.
        hashed = np.multiply(ids[:, None], self._a)
        hashed += self._b
        signature: Signature = (hashed.min(axis=0) >> np.uint64(32)).astype(np.uint32)
        return signature

    def band_key_matrix(self, signatures: NDArray[np.uint32]) -> NDArray[np.uint64]:
        """`band_key_array` of each row of `signatures`."""
        rows = signatures.astype(np.uint64).reshape(len(signatures), self.bands, self.rows_per_band)
        keys: NDArray[np.uint64] = (rows * self._row_mix).sum(axis=2, dtype=np.uint64)
        return keys

    def band_keys(self, signature: Signature) -> list[int]:
        """One 64-bit key per band: texts that share a key are candidates."""
        keys: list[int] = self.band_key_array(signature).tolist()
        return keys

    def band_key_array(self, signature: Signature) -> NDArray[np.uint64]:
        """`band_keys` as an array."""
        rows = signature.astype(np.uint64).reshape(self.bands, self.rows_per_band)
        keys: NDArray[np.uint64] = (rows * self._row_mix).sum(axis=1, dtype=np.uint64)
        return keys


class MinHasher32(MinHasher):
    """The same signatures' shape and bands from 32-bit hash functions `(a·x + b) mod 2^32` (odd `a`) over a
    32-bit fingerprint of each shingle id (the top half of a multiply): numpy runs them eight to an AVX2
    instruction where the 64-bit multiply of `MinHasher` has no vector form, twice as fast on a chunk of
    posts. On 10,000 pairs of posts and edited copies (Jaccard 0 to 0.9) the share of pairs that share a band
    and the error of the estimated Jaccard match `MinHasher`'s within sampling noise in every bin. Its
    signatures compare only with its own: for in-memory windows (copypasta), not for stored bank indexes."""

    def __init__(self, num_perm: int = 192, rows_per_band: int = 3) -> None:
        super().__init__(num_perm, rows_per_band)
        rng = np.random.default_rng(_SEED_32)
        self._a32 = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
        self._b32 = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)

    @staticmethod
    def _fingerprints(ids: NDArray[np.uint64]) -> NDArray[np.uint32]:
        fingerprints: NDArray[np.uint32] = ((ids * _FINGERPRINT) >> np.uint64(32)).astype(np.uint32)
        return fingerprints

    def signature_of_ids(self, ids: NDArray[np.uint64]) -> Signature:
        hashed = np.multiply(self._fingerprints(ids)[:, None], self._a32)
        hashed += self._b32
        signature: Signature = hashed.min(axis=0)
        return signature

    def signatures_of_many(self, ids: Sequence[NDArray[np.uint64]], block_ids: int = 512) -> NDArray[np.uint32]:
        """`signature_of_ids` of each (non-empty) array, one row each. Texts go by length, a block of about
        `block_ids` shingles at a time, each text padded to the block's longest with its own last shingle (a
        repeated shingle changes no minimum): one multiply, add and minimum over a 3-d array per block."""
        count = len(ids)
        lengths = np.fromiter(map(len, ids), dtype=np.intp, count=count)
        fingerprints = self._fingerprints(np.concatenate(ids))
        starts = np.cumsum(lengths) - lengths
        order = np.argsort(lengths, kind="stable")
        sorted_lengths = lengths[order].tolist()
        signatures = np.empty((count, self.num_perm), dtype=np.uint32)
        start = 0
        while start < count:
            stop = start + 1
            while stop < count and (stop + 1 - start) * sorted_lengths[stop] <= block_ids:
                stop += 1
            rows = order[start:stop]
            positions = starts[rows][:, None] + np.minimum(
                np.arange(sorted_lengths[stop - 1]), lengths[rows][:, None] - 1
            )
            hashed = np.multiply(fingerprints[positions][:, :, None], self._a32)
            hashed += self._b32
            signatures[rows] = hashed.min(axis=1)
            start = stop
        return signatures


def estimated_jaccard(signature: Signature, others: NDArray[np.uint32]) -> NDArray[np.float64]:
    """The share of equal minima between `signature` and each row of `others`."""
    result: NDArray[np.float64] = (others == signature).mean(axis=1)
    return result
