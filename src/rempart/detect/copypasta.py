"""The `copypasta` detector: the same text posted by many accounts within a short time, without any bank.

An online MinHash-LSH over a sliding window of recent items (the shingles and thresholds of the text banks).
Each new item joins the cluster of a near-duplicate already in the window, or starts one; when its cluster
holds posts from at least `min_authors` distinct authors, the item gets the `copypasta` signal, with a score
that grows with the cluster's size (size / (size + min_authors)).

Memory is bounded: items leave the window when they are older than `window_seconds` (relative to the
newest `created_at` seen) or when it holds `max_items` (about 4 kB each). Work per item is bounded too:
only the newest few items of each LSH bucket are candidates, and at most `max_checks` are compared exactly.
The result depends only on the order in which items are checked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, Field

from rempart.detect.banks.minhash import MinHasher32, exact_jaccard, shingle_ids, shingle_ids_many
from rempart.detect.banks.normalize import hash_tokens
from rempart.detect.banks.schemas import DEFAULT_JACCARD_THRESHOLD
from rempart.detect.interfaces import DetectorExample, Signal
from rempart.items.schemas import Account, Item

_PER_BUCKET = 4
_HASHER = MinHasher32()
# Mixed into each band's keys, so that one table holds every band's buckets.
_BAND_SALTS = np.random.default_rng(20240902).integers(0, 2**63, size=_HASHER.bands, dtype=np.uint64)
# The table keeps the top 30 bits of each salted key: one-digit Python integers, cheaper to hash, compare and
# create. With a full window (64 bands of 50,000 posts) an unrelated key matches one lookup in 300, which only
# adds a candidate that the exact Jaccard check turns away.
_KEY_SHIFT = np.uint64(34)


def _table_keys(band_keys: NDArray[np.uint64]) -> NDArray[np.uint64]:
    keys: NDArray[np.uint64] = (band_keys ^ _BAND_SALTS) >> _KEY_SHIFT
    return keys


class CopypastaConfig(BaseModel):
    window_seconds: float = Field(3600.0, gt=0, description="how far back near-duplicates count")
    max_items: int = Field(50_000, ge=10, description="the most items the window holds")
    min_authors: int = Field(3, ge=2, description="distinct authors a cluster needs to be copypasta")
    jaccard_threshold: float = Field(DEFAULT_JACCARD_THRESHOLD, gt=0, le=1)
    min_words: int = Field(5, ge=1, description="shorter posts are not considered")
    max_checks: int = Field(16, ge=1, description="exact comparisons per item, at most")
    max_examples: int = Field(5, ge=1, description="example item ids in the evidence")


@dataclass(slots=True)
class _Cluster:
    size: int = 0
    authors: dict[str, int] = field(default_factory=dict)  # posts in the window by author
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Slot:
    number: int
    key: tuple[str, str]
    author: str
    at: float
    shingles: NDArray[np.uint64]
    band_keys: list[int]  # the table's keys, one per band (the same integer objects as the table holds)
    # For each band, the slot that was the newest in the band's bucket when this one arrived (None: none was);
    # None when no bucket of this slot held any other slot.
    previous: list[int | None] | None
    cluster: _Cluster


class CopypastaDetector:
    name: ClassVar[str] = "copypasta"
    version: ClassVar[str] = "2"
    config_model: ClassVar[type[BaseModel]] = CopypastaConfig

    hasher = _HASHER

    def __init__(self, config: CopypastaConfig | None = None) -> None:
        self.config = config or CopypastaConfig()
        # Slots are numbered from 1 in arrival order and leave in that order: the window is the numbers from
        # `_oldest` to `_next_slot - 1`.
        self._slots: dict[int, _Slot] = {}
        self._by_key: dict[tuple[str, str], int] = {}
        self._oldest = 1
        self._next_slot = 1
        # Every band's buckets in one table (band keys are salted with their band): key -> the newest slot
        # in the bucket. Each slot links, per band, to the slot before it in the same bucket, so a bucket is
        # a chain from newest to oldest; it ends at a slot that has left the window. Adding a slot is one
        # update of the table, in C, however many of its buckets are shared.
        self._buckets: dict[int, int] = {}
        self._newest = float("-inf")

    def __len__(self) -> int:
        return len(self._slots)

    def bucket_entries(self) -> int:
        """How many (band, slot) entries the LSH buckets hold: one per band for each slot in the window, when
        evictions leave nothing behind (a key whose newest slot has left the window counts as one)."""
        entries = 0
        for band_key, newest in self._buckets.items():
            if newest < self._oldest:
                entries += 1
                continue
            band = self._slots[newest].band_keys.index(band_key)
            number: int | None = newest
            while number is not None and number >= self._oldest:
                entries += 1
                previous = self._slots[number].previous
                number = None if previous is None else previous[band]
        return entries

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        tokens = hash_tokens(item.text)
        if len(tokens) < self.config.min_words:
            return []
        shingles = shingle_ids(tokens)
        band_keys = _table_keys(self.hasher.band_key_array(self.hasher.signature_of_ids(shingles)))
        return self._place(item, shingles, band_keys.tolist())

    def check_many(self, items: Sequence[Item], accounts: Sequence[Account | None]) -> list[list[Signal]]:
        """`check` for each item in order; shingles, MinHash signatures and band keys are computed all at once."""
        tokens = [hash_tokens(item.text) for item in items]
        placed = [index for index, words in enumerate(tokens) if len(words) >= self.config.min_words]
        found: list[list[Signal]] = [[] for _ in items]
        if not placed:
            return found
        shingles = shingle_ids_many([tokens[index] for index in placed])
        band_keys = _table_keys(self.hasher.band_key_matrix(self.hasher.signatures_of_many(shingles))).tolist()
        for index, ids, keys in zip(placed, shingles, band_keys, strict=True):
            found[index] = self._place(items[index], ids, keys)
        return found

    def _place(self, item: Item, shingles: NDArray[np.uint64], band_keys: list[int]) -> list[Signal]:
        """Slide the window, join or start the item's cluster, and say whether the cluster is copypasta."""
        key = (item.platform, item.id)
        at = item.created_at.timestamp()
        self._newest = max(self._newest, at)
        self._evict()
        known = self._by_key.get(key)
        if known is not None:
            cluster = self._slots[known].cluster
        else:
            newest: list[int | None] | None = None
            found = None
            if not self._buckets.keys().isdisjoint(band_keys):  # most posts share no band with the window
                newest = list(map(self._buckets.get, band_keys))  # each band's newest slot, or None
                found = self._find_cluster(shingles, newest)
            cluster = found or _Cluster()
            number = self._next_slot
            self._next_slot += 1
            self._insert(_Slot(number, key, item.author_id, at, shingles, band_keys, newest, cluster))
        if len(cluster.authors) < self.config.min_authors:
            return []
        size = cluster.size
        evidence = {
            "cluster_size": size,
            "distinct_authors": len(cluster.authors),
            "examples": list(cluster.examples),
        }
        return [
            Signal(self.name, "copypasta", round(size / (size + self.config.min_authors), 4), self.version, evidence)
        ]

    def _find_cluster(self, shingles: NDArray[np.uint64], newest: list[int | None]) -> _Cluster | None:
        slots, oldest = self._slots, self._oldest
        candidates: list[int] = []
        for band, first in enumerate(newest):  # the newest few of each bucket, newest first
            number, taken = first, 0
            while number is not None and number >= oldest and taken < _PER_BUCKET:
                candidates.append(number)
                taken += 1
                previous = slots[number].previous
                number = None if previous is None else previous[band]
        shared = Counter(candidates)
        best: _Cluster | None = None
        checked: set[int] = set()
        for slot_number, _ in shared.most_common(self.config.max_checks):
            slot = slots[slot_number]
            if id(slot.cluster) in checked:
                continue
            if exact_jaccard(shingles, slot.shingles) >= self.config.jaccard_threshold:
                checked.add(id(slot.cluster))
                if best is None or slot.cluster.size > best.size:
                    best = slot.cluster
        return best

    def _insert(self, slot: _Slot) -> None:
        """Add the slot to the window; it becomes the newest slot of each of its bands' buckets."""
        number = slot.number
        self._slots[number] = slot
        self._by_key[slot.key] = number
        self._buckets.update(zip(slot.band_keys, repeat(number)))
        cluster = slot.cluster
        cluster.size += 1
        cluster.authors[slot.author] = cluster.authors.get(slot.author, 0) + 1
        if len(cluster.examples) < self.config.max_examples:
            cluster.examples.append(slot.key[1])

    def _evict(self) -> None:
        oldest_allowed = self._newest - self.config.window_seconds
        slots, buckets = self._slots, self._buckets
        while self._oldest < self._next_slot and (
            len(slots) >= self.config.max_items or slots[self._oldest].at < oldest_allowed
        ):
            slot = slots.pop(self._oldest)
            self._oldest += 1
            del self._by_key[slot.key]
            # The buckets whose newest slot this is hold no other slot of the window: their keys go. Most keys
            # are such (posts rarely share a band), so every key is removed, then those of newer slots put back.
            # (The table holds the slot's own `number` object: `count` compares by identity first.)
            keys, number = slot.band_keys, slot.number
            newest = list(map(buckets.pop, keys, repeat(None)))  # None: a key the slot holds twice
            if newest.count(number) != len(newest):
                kept = ((key, held) for key, held in zip(keys, newest, strict=True) if held not in (None, number))
                buckets.update(kept)
            cluster = slot.cluster
            cluster.size -= 1
            left = cluster.authors[slot.author] - 1
            if left:
                cluster.authors[slot.author] = left
            else:
                del cluster.authors[slot.author]

    @classmethod
    def examples(cls) -> list[DetectorExample]:
        """Checked in order by one detector (min_authors 3): the third author's copy is flagged."""
        spam = "Breaking: the city will cut water tonight for 48 hours, share before they delete this"
        return [
            DetectorExample(spam, None, "en"),
            DetectorExample(
                "BREAKING - the city will cut the water tonight for 48 hours! share before they delete this", None, "en"
            ),
            DetectorExample(
                "Breaking: city will cut water tonight for 48 hours, share it before they delete this!!",
                "copypasta",
                "en",
            ),
            DetectorExample(
                "The city council meets tonight to discuss the water budget for the next 48 months", None, "en"
            ),
        ]
