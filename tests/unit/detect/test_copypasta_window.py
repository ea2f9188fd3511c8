"""The copypasta detector's LSH table: bounded by the window, consistent through evictions, deterministic."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from rempart.detect.copypasta import CopypastaConfig, CopypastaDetector
from rempart.items.schemas import Item

START = datetime(2024, 9, 1, 12, tzinfo=UTC)
SPAM = "Breaking: polling stations in the north are closed today, vote tomorrow instead and tell everyone"
WORDS = [f"w{n}" for n in range(400)]  # a vocabulary large enough that salads do not look alike


def post(number: int, text: str, author: str | None = None, minutes: float = 0) -> Item:
    return Item(
        platform="x", id=str(number), author_id=author or f"a{number}", created_at=START + timedelta(minutes=minutes),
        text=text,
    )  # fmt: skip


def salad(rng: random.Random, words: int = 20) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def test_the_table_holds_one_entry_per_band_for_each_post_in_the_window() -> None:
    detector = CopypastaDetector(CopypastaConfig(max_items=50))
    rng = random.Random(4)
    for number in range(500):
        text = SPAM if number % 10 == 0 else salad(rng)
        detector.check(post(number, text))
        assert detector.bucket_entries() == len(detector) * detector.hasher.bands
    assert len(detector) <= 50


def test_clusters_survive_the_eviction_of_their_oldest_members() -> None:
    detector = CopypastaDetector(CopypastaConfig(window_seconds=600, min_authors=3))
    for number in range(3):
        detector.check(post(number, SPAM, minutes=number * 4))  # minutes 0, 4, 8
    # Minute 13: the first copy has left the window, the two others still hold the buckets it shared.
    signals = detector.check(post(3, SPAM, minutes=13))
    assert [(s.label, s.evidence["cluster_size"]) for s in signals] == [("copypasta", 3)]
    assert detector.bucket_entries() == 3 * detector.hasher.bands
    # Much later: every copy is gone, the next one starts afresh.
    assert detector.check(post(4, SPAM, minutes=100)) == []
    assert len(detector) == 1
    assert detector.bucket_entries() == detector.hasher.bands


def test_rechecking_a_post_in_the_window_does_not_add_it_again() -> None:
    detector = CopypastaDetector()
    for number in range(3):
        detector.check(post(number, SPAM))
    entries = detector.bucket_entries()
    assert detector.check(post(1, SPAM))[0].evidence["cluster_size"] == 3
    assert detector.bucket_entries() == entries


def test_same_order_same_signals() -> None:
    rng = random.Random(9)
    items = [
        post(n, SPAM if n % 7 == 0 else salad(rng), f"a{n % 11}", minutes=n / 10) for n in range(300)
    ]  # fmt: skip

    def run() -> list[tuple[str, float, object]]:
        detector = CopypastaDetector()
        return [(i.id, s.score, s.evidence) for i in items for s in detector.check(i)]

    first = run()
    assert first == run()
    assert {item_id for item_id, _, _ in first} == {str(n) for n in range(300) if n % 7 == 0} - {"0", "7"}
