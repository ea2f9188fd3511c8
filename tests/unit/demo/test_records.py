"""The lines joined from bytes pieces are byte for byte what `orjson.dumps` gives for the same values."""

from __future__ import annotations

import orjson

from rempart.demo.chunk import ProcessCaches, generate_chunk
from rempart.demo.plan import build_plan
from rempart.demo.records import account_line
from rempart.demo.timeline import TimeFormatter


def test_account_lines_are_orjson_dumps() -> None:
    book = build_plan(11, 200_000).account_book()
    times = TimeFormatter()
    samples = [*range(0, book.organic, 997), *range(book.organic, book.total)]
    assert any(book.derive(index).verified for index in samples)
    for index in samples:
        account = book.derive(index)
        expected = orjson.dumps(
            {
                "kind": "account",
                "platform": "x",
                "id": account.id,
                "handle": account.handle,
                "display_name": account.name,
                "created_at": times.iso(account.created_at),
                "followers_count": account.followers,
                "following_count": account.following,
                "verified": account.verified,
            }
        )
        assert account_line(account, times) == expected + b"\n"


def test_post_lines_and_responses_are_orjson_dumps() -> None:
    plan = build_plan(5, 30_000)
    result = generate_chunk(plan, 1, ProcessCaches(plan))
    lines = result.items.splitlines(keepends=True) + result.x_v2.splitlines(keepends=True)
    assert len(lines) > result.posts
    for line in lines:
        assert orjson.dumps(orjson.loads(line)) + b"\n" == line
