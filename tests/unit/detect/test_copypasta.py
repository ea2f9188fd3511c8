"""The `copypasta` detector: clusters by distinct authors, bounded window, deterministic."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from rempart.detect.copypasta import CopypastaConfig, CopypastaDetector
from rempart.detect.interfaces import Detector
from rempart.items.schemas import Item
from tests.unit.detect.banks.textgen import edited_copy, same_topic_post

START = datetime(2024, 9, 1, 12, tzinfo=UTC)
SPAM = "Breaking: polling stations in the north are closed today, vote tomorrow instead and tell everyone"


def post(number: int, text: str, author: str | None = None, minutes: float = 0) -> Item:
    return Item(
        platform="x",
        id=str(number),
        author_id=author or f"a{number}",
        created_at=START + timedelta(minutes=minutes),
        text=text,
    )


def test_examples_in_order() -> None:
    detector = CopypastaDetector()
    assert isinstance(detector, Detector)
    for number, example in enumerate(CopypastaDetector.examples()):
        labels = [s.label for s in detector.check(post(number, example.text))]
        assert labels == ([example.label] if example.label else []), example.text


def test_signal_needs_distinct_authors_and_grows_with_the_cluster() -> None:
    detector = CopypastaDetector(CopypastaConfig(min_authors=3))
    rng = random.Random(3)
    assert detector.check(post(1, SPAM, "same")) == []
    assert detector.check(post(2, edited_copy(rng, SPAM), "same")) == []
    assert detector.check(post(3, edited_copy(rng, SPAM), "other")) == []
    first = detector.check(post(4, edited_copy(rng, SPAM), "third"))
    assert [s.label for s in first] == ["copypasta"]
    assert first[0].evidence == {"cluster_size": 4, "distinct_authors": 3, "examples": ["1", "2", "3", "4"]}
    later = detector.check(post(5, edited_copy(rng, SPAM), "fourth"))
    assert later[0].score > first[0].score
    assert detector.check(post(6, same_topic_post(rng), "fifth")) == []


def test_checking_the_same_item_twice_does_not_grow_the_cluster() -> None:
    detector = CopypastaDetector()
    for number in range(3):
        detector.check(post(number, SPAM))
    again = detector.check(post(2, SPAM))
    assert again[0].evidence["cluster_size"] == 3
    assert len(detector) == 3


def test_old_items_leave_the_window() -> None:
    detector = CopypastaDetector(CopypastaConfig(window_seconds=600))
    detector.check(post(1, SPAM, minutes=0))
    detector.check(post(2, SPAM, minutes=5))
    assert detector.check(post(3, SPAM, minutes=12)) == []  # the first one is 12 minutes old: gone
    assert len(detector) == 2
    assert [s.label for s in detector.check(post(4, SPAM, minutes=13))] == ["copypasta"]


def test_the_window_holds_at_most_max_items() -> None:
    detector = CopypastaDetector(CopypastaConfig(max_items=50))
    rng = random.Random(4)
    for number in range(500):
        detector.check(post(number, same_topic_post(rng, 20)))
    assert len(detector) == 50


def test_same_input_order_gives_the_same_signals() -> None:
    rng = random.Random(9)
    stream = []
    for number in range(300):
        text = edited_copy(rng, SPAM) if number % 7 == 0 else same_topic_post(rng)
        stream.append(post(number, text, f"a{number % 11}", minutes=number / 10))

    def run() -> list[tuple[str, float, object]]:
        detector = CopypastaDetector()
        return [(i.id, s.score, s.evidence) for i in stream for s in detector.check(i)]

    first = run()
    assert first == run()
    assert {item_id for item_id, _, _ in first} >= {"28", "35"}
    assert all(int(item_id) % 7 == 0 for item_id, _, _ in first)
