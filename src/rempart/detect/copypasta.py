"""The `copypasta` detector: the same text posted by many accounts within a short time, without any bank.

An online MinHash-LSH over a sliding window of recent items (the shingles and thresholds of the text banks).
Each new item joins the cluster of a near-duplicate already in the window, or starts one; when its cluster
holds posts from at least `min_authors` distinct authors, the item gets the `copypasta` signal, with a score
that grows with the cluster's size (size / (size + min_authors)).

Memory is bounded: items leave the window when they are older than `window_seconds` (relative to the
newest `created_at` seen) or when it holds `max_items` (about 3 kB each). Work per item is bounded too:
only the newest few items of each LSH bucket are candidates, and at most `max_checks` are compared exactly.
The result depends only on the order in which items are checked.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, Field

from rempart.detect.banks.minhash import MinHasher, exact_jaccard, shingle_ids
from rempart.detect.banks.normalize import hash_tokens
from rempart.detect.banks.schemas import DEFAULT_JACCARD_THRESHOLD
from rempart.detect.interfaces import DetectorExample, Signal
from rempart.items.schemas import Account, Item

_PER_BUCKET = 4
_HASHER = MinHasher()
# Mixed into each band's keys, so that one table holds every band's buckets.
_BAND_SALTS = np.random.default_rng(20240902).integers(0, 2**63, size=_HASHER.bands, dtype=np.uint64)


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
    authors: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Slot:
    key: tuple[str, str]
    author: str
    at: float
    shingles: NDArray[np.uint64]
    band_keys: list[int]
    cluster: _Cluster


class CopypastaDetector:
    name: ClassVar[str] = "copypasta"
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[BaseModel]] = CopypastaConfig

    hasher = _HASHER

    def __init__(self, config: CopypastaConfig | None = None) -> None:
        self.config = config or CopypastaConfig()
        self._slots: dict[int, _Slot] = {}
        self._by_key: dict[tuple[str, str], int] = {}
        self._order: deque[int] = deque()
        # Every band's buckets in one table (band keys are salted with their band): key -> the slot holding it,
        # or the slots holding it, oldest first (slots enter and leave in the same order). A lone slot is
        # stored as a plain number: most buckets hold one post, and a list per band and post costs more.
        self._buckets: dict[int, int | list[int]] = {}
        self._next_slot = 0
        self._newest = float("-inf")

    def __len__(self) -> int:
        return len(self._slots)

    def bucket_entries(self) -> int:
        """How many (band, slot) entries the LSH buckets hold: one per band for each slot in the window."""
        return sum(1 if isinstance(bucket, int) else len(bucket) for bucket in self._buckets.values())

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        tokens = hash_tokens(item.text)
        if len(tokens) < self.config.min_words:
            return []
        shingles = shingle_ids(tokens)
        band_keys = (self.hasher.band_key_array(self.hasher.signature_of_ids(shingles)) ^ _BAND_SALTS).tolist()
        return self._place(item, shingles, band_keys)

    def check_many(self, items: Sequence[Item], accounts: Sequence[Account | None]) -> list[list[Signal]]:
        """`check` for each item in order; the MinHash signatures and band keys are computed all at once."""
        shingles: dict[int, NDArray[np.uint64]] = {}
        for index, item in enumerate(items):
            tokens = hash_tokens(item.text)
            if len(tokens) >= self.config.min_words:
                shingles[index] = shingle_ids(tokens)
        if not shingles:
            return [[] for _ in items]
        signatures = self.hasher.signatures_of_many(list(shingles.values()))
        band_keys = (self.hasher.band_key_matrix(signatures) ^ _BAND_SALTS).tolist()
        keys_of = dict(zip(shingles, band_keys, strict=True))
        return [
            self._place(item, shingles[index], keys_of[index]) if index in shingles else []
            for index, item in enumerate(items)
        ]

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
            held = list(map(self._buckets.get, band_keys))  # each band's bucket, None where there is none
            cluster = self._find_cluster(shingles, held) or _Cluster()
            self._insert(_Slot(key, item.author_id, at, shingles, band_keys, cluster), held)
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

    def _find_cluster(self, shingles: NDArray[np.uint64], held: list[int | list[int] | None]) -> _Cluster | None:
        if held.count(None) == len(held):  # most posts share no band with the window
            return None
        candidates: list[int] = []
        for bucket in held:
            if bucket is None:
                continue
            if isinstance(bucket, int):
                candidates.append(bucket)
            else:
                candidates.extend(bucket[: -_PER_BUCKET - 1 : -1])  # the newest few, newest first
        if not candidates:
            return None
        shared = Counter(candidates)
        best: _Cluster | None = None
        checked: set[int] = set()
        for slot_number, _ in shared.most_common(self.config.max_checks):
            slot = self._slots[slot_number]
            if id(slot.cluster) in checked:
                continue
            if exact_jaccard(shingles, slot.shingles) >= self.config.jaccard_threshold:
                checked.add(id(slot.cluster))
                if best is None or slot.cluster.size > best.size:
                    best = slot.cluster
        return best

    def _insert(self, slot: _Slot, held: list[int | list[int] | None]) -> None:
        """Add the slot to the window and to its bands' buckets (`held`: those buckets, as they are now)."""
        number = self._next_slot
        self._next_slot += 1
        self._slots[number] = slot
        self._by_key[slot.key] = number
        self._order.append(number)
        buckets = self._buckets
        if held.count(None) == len(held):  # no bucket yet in any band: one update, in C
            buckets.update(zip(slot.band_keys, repeat(number)))
        else:
            for band_key, bucket in zip(slot.band_keys, held, strict=True):
                if bucket is None:
                    buckets[band_key] = number
                elif isinstance(bucket, int):
                    buckets[band_key] = [bucket, number]
                else:
                    bucket.append(number)
        slot.cluster.size += 1
        slot.cluster.authors[slot.author] += 1
        if len(slot.cluster.examples) < self.config.max_examples:
            slot.cluster.examples.append(slot.key[1])

    def _evict(self) -> None:
        oldest_allowed = self._newest - self.config.window_seconds
        while self._order and (
            len(self._order) >= self.config.max_items or self._slots[self._order[0]].at < oldest_allowed
        ):
            number = self._order.popleft()
            slot = self._slots.pop(number)
            del self._by_key[slot.key]
            buckets = self._buckets
            removed = list(map(buckets.pop, slot.band_keys, repeat(None)))  # None: a key the slot holds twice
            if removed.count(number) != len(removed):  # some buckets held other slots too: put those back
                for band_key, bucket in zip(slot.band_keys, removed, strict=True):
                    if isinstance(bucket, list):
                        del bucket[0]
                        buckets[band_key] = bucket[0] if len(bucket) == 1 else bucket
            slot.cluster.size -= 1
            slot.cluster.authors[slot.author] -= 1
            if slot.cluster.authors[slot.author] == 0:
                del slot.cluster.authors[slot.author]

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
