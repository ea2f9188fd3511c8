"""Matching indexes for text banks: exact (SHA-256 of the normalised words) and near-duplicate (MinHash + LSH).

Each index is built from `(entry_id, text)` pairs, answers `query(text)` with `IndexMatch`es, and turns into
bytes and back, like pytx's `SignalTypeIndex`; the detector and retroaction share them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import orjson
from numpy.typing import NDArray

from rempart.detect.banks.minhash import MinHasher, estimated_jaccard, exact_jaccard, shingle_ids
from rempart.detect.banks.normalize import exact_key, hash_tokens, key_of_tokens

# A bank entry needs five words to be matched approximately; a post needs four, so that deleting one word in
# five (20 %) from a five-word entry still matches. Shorter texts are matched exactly only.
MIN_ENTRY_WORDS = 5
MIN_QUERY_WORDS = 4
# Candidates whose signatures agree on fewer minima than this below the threshold are not worth an exact
# check: the estimate's standard deviation is at most 0.036 with 192 permutations.
_PREFILTER_MARGIN = 0.15


class MatchKind(StrEnum):
    EXACT = "exact"
    NEAR = "near"
    PDQ = "pdq"


@dataclass(frozen=True, slots=True)
class IndexMatch:
    """One bank entry that matched: how (exact, near, pdq), and how close."""

    entry_id: str
    kind: MatchKind
    similarity: float = 1.0
    distance: int | None = None


class ExactTextIndex:
    """Entries by the SHA-256 of their normalised words."""

    def __init__(self, by_key: dict[str, list[str]] | None = None) -> None:
        self._by_key = by_key or {}

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]]) -> ExactTextIndex:
        index = cls()
        for entry_id, text in entries:
            index._by_key.setdefault(exact_key(text), []).append(entry_id)
        return index

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._by_key.values())

    def query(self, text: str) -> list[IndexMatch]:
        return self.query_key(exact_key(text))

    def query_key(self, key: str) -> list[IndexMatch]:
        return [IndexMatch(entry_id, MatchKind.EXACT) for entry_id in self._by_key.get(key, ())]

    def serialize(self) -> bytes:
        return orjson.dumps(self._by_key)

    @classmethod
    def deserialize(cls, data: bytes) -> ExactTextIndex:
        return cls(orjson.loads(data))


class NearDuplicateTextIndex:
    """Entries whose word unigrams and bigrams overlap the query's with Jaccard similarity ≥ `threshold`."""

    hasher = MinHasher()

    def __init__(
        self,
        threshold: float,
        entry_ids: list[str],
        signatures: NDArray[np.uint32],
        shingles: list[NDArray[np.uint64]],
    ) -> None:
        self.threshold = threshold
        self._entry_ids = entry_ids
        self._signatures = signatures
        self._shingles = shingles
        self._bands: list[dict[int, list[int]]] = [{} for _ in range(self.hasher.bands)]
        for position, signature in enumerate(signatures):
            for band, key in zip(self._bands, self.hasher.band_keys(signature), strict=True):
                band.setdefault(key, []).append(position)

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]], threshold: float) -> NearDuplicateTextIndex:
        entry_ids: list[str] = []
        shingles: list[NDArray[np.uint64]] = []
        for entry_id, text in entries:
            tokens = hash_tokens(text)
            if len(tokens) >= MIN_ENTRY_WORDS:
                entry_ids.append(entry_id)
                shingles.append(shingle_ids(tokens))
        signatures = (
            np.stack([cls.hasher.signature_of_ids(ids) for ids in shingles])
            if shingles
            else np.zeros((0, cls.hasher.num_perm), dtype=np.uint32)
        )
        return cls(threshold, entry_ids, signatures, shingles)

    def __len__(self) -> int:
        return len(self._entry_ids)

    def query(self, text: str) -> list[IndexMatch]:
        return self.query_tokens(hash_tokens(text))

    def query_tokens(self, tokens: list[str]) -> list[IndexMatch]:
        if len(tokens) < MIN_QUERY_WORDS or not self._entry_ids:
            return []
        ids = shingle_ids(tokens)
        signature = self.hasher.signature_of_ids(ids)
        found: set[int] = set()
        for band, key in zip(self._bands, self.hasher.band_keys(signature), strict=True):
            positions = band.get(key)
            if positions is not None:
                found.update(positions)
        if not found:
            return []
        candidates = np.fromiter(found, dtype=np.int64, count=len(found))
        estimates = estimated_jaccard(signature, self._signatures[candidates])
        matches = []
        for position in candidates[estimates >= self.threshold - _PREFILTER_MARGIN].tolist():
            similarity = exact_jaccard(ids, self._shingles[position])
            if similarity >= self.threshold:
                matches.append(IndexMatch(self._entry_ids[position], MatchKind.NEAR, round(similarity, 4)))
        matches.sort(key=lambda m: (-m.similarity, m.entry_id))
        return matches

    def serialize(self) -> bytes:
        lengths = np.array([len(s) for s in self._shingles], dtype=np.int64)
        flat = np.concatenate(self._shingles) if self._shingles else np.zeros(0, dtype=np.uint64)
        buffer = io.BytesIO()
        np.savez(
            buffer,
            threshold=np.array([self.threshold]),
            entry_ids=np.array(self._entry_ids, dtype=np.str_),
            signatures=self._signatures,
            lengths=lengths,
            shingles=flat,
        )
        return buffer.getvalue()

    @classmethod
    def deserialize(cls, data: bytes) -> NearDuplicateTextIndex:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            offsets = np.cumsum(arrays["lengths"])[:-1]
            shingles = list(np.split(arrays["shingles"], offsets)) if len(arrays["lengths"]) else []
            return cls(
                float(arrays["threshold"][0]),
                [str(e) for e in arrays["entry_ids"]],
                arrays["signatures"],
                shingles,
            )


class TextBankIndex:
    """A text bank's two indexes: an exact match wins; otherwise the near-duplicates above the threshold."""

    def __init__(self, exact: ExactTextIndex, near: NearDuplicateTextIndex) -> None:
        self.exact = exact
        self.near = near

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]], threshold: float) -> TextBankIndex:
        pairs = list(entries)
        return cls(ExactTextIndex.build(pairs), NearDuplicateTextIndex.build(pairs, threshold))

    def query(self, text: str) -> list[IndexMatch]:
        return self.query_tokens(hash_tokens(text))

    def query_tokens(self, tokens: list[str]) -> list[IndexMatch]:
        if not tokens:
            return []
        exact = self.exact.query_key(key_of_tokens(tokens))
        return exact or self.near.query_tokens(tokens)

    def serialize(self) -> bytes:
        exact = self.exact.serialize()
        return len(exact).to_bytes(8, "big") + exact + self.near.serialize()

    @classmethod
    def deserialize(cls, data: bytes) -> TextBankIndex:
        size = int.from_bytes(data[:8], "big")
        return cls(ExactTextIndex.deserialize(data[8 : 8 + size]), NearDuplicateTextIndex.deserialize(data[8 + size :]))
