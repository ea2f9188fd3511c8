"""The plan adds up, time formatting matches datetime, chunks are deterministic, texts vary."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from rempart.demo.chunk import ProcessCaches, generate_chunk
from rempart.demo.plan import build_plan
from rempart.demo.text import TextMaker
from rempart.demo.timeline import SCENARIO_END, SCENARIO_START, TimeFormatter, snowflake


@pytest.mark.parametrize("posts", [1000, 4321, 50_000, 1_000_000])
def test_plan_gives_exactly_the_requested_posts(posts: int) -> None:
    plan = build_plan(5, posts)
    events = plan.all_events()
    assert sum(plan.background) + sum(event.posts for event in events) == posts
    for event in events:
        begin, end = plan.window(event.chunk)
        assert begin <= event.start
        last_post = event.start + (event.seconds * 3 // 2 if event.posts > event.originals else event.seconds)
        assert last_post <= end


def test_campaigns_scale_with_size() -> None:
    assert len(build_plan(1, 1000).campaigns) == 1
    large = build_plan(1, 1_000_000).campaigns
    assert 4 <= len(large) <= 8
    assert all(20 <= campaign.accounts <= 80 for campaign in large)


def test_time_formatter_matches_datetime() -> None:
    times = TimeFormatter()
    rng = random.Random(3)
    for _ in range(500):
        seconds = rng.randrange(SCENARIO_START - 10**8, SCENARIO_END)
        expected = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        assert times.iso(seconds) == expected + "Z"
        assert times.x_v2(seconds) == expected + ".000Z"


def test_snowflakes_sort_by_time() -> None:
    assert snowflake(1_723_500_000_000, 5) < snowflake(1_723_500_000_001, 0)


def test_chunks_are_deterministic_and_depend_on_the_seed() -> None:
    plan = build_plan(11, 3000)
    first = generate_chunk(plan, 0)
    again = generate_chunk(plan, 0, ProcessCaches(plan))
    other = generate_chunk(build_plan(12, 3000), 0)
    assert first.items == again.items
    assert first.x_v2 == again.x_v2
    assert first.items != other.items
    assert first.posts == 3000


def test_ordinary_texts_are_not_near_duplicates() -> None:
    maker = TextMaker(random.Random(1))
    texts = [maker.ordinary(("en", "fr", "de")[i % 3])[0] for i in range(3000)]
    assert len(set(texts)) >= 0.95 * len(texts)
    words = [set(text.lower().split()) for text in texts]
    rng = random.Random(2)
    near = 0
    for _ in range(3000):
        a, b = rng.sample(words, 2)
        if len(a & b) / len(a | b) > 0.8:
            near += 1
    assert near < 30


def test_copypasta_varies_but_stays_close() -> None:
    maker = TextMaker(random.Random(4))
    texts = [maker.copypasta(0) for _ in range(200)]
    assert len(set(texts)) > 50
    base = set(texts[0].split())
    close = sum(1 for text in texts if len(base & set(text.split())) / len(base | set(text.split())) > 0.4)
    assert close > 150
