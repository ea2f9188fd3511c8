"""A large X API v2 response written as one pretty-printed document streams in constant memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import orjson

from rempart.items.adapters.base import Parsed
from rempart.items.adapters.x_v2 import XV2Adapter

TWEETS = 3_000
USERS = 50


def write_document(path: Path, tweets: int, users: int) -> None:
    """`{"data": [...], "includes": {...}}` written tweet by tweet, one field per line, as pretty-printers do."""
    with path.open("wb") as out:
        out.write(b'{\n  "data": [\n')
        for n in range(tweets):
            tweet = {
                "id": str(1_800_000_000_000_000_000 + n),
                "text": f"post number {n} about the DSA " + "x" * 2000,
                "author_id": str(n % users),
                "created_at": "2024-08-12T20:00:00.000Z",
                "lang": "en",
                "entities": {"urls": [{"expanded_url": f"https://example.org/{n}"}], "hashtags": [{"tag": "DSA"}]},
            }
            body = orjson.dumps(tweet, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    ")
            out.write(b"    " + body + (b",\n" if n < tweets - 1 else b"\n"))
        users_list = [
            {"id": str(u), "username": f"user{u}", "name": f"User {u}", "public_metrics": {"followers_count": u}}
            for u in range(users)
        ]
        out.write(b'  ],\n  "includes": ' + orjson.dumps({"users": users_list}, option=orjson.OPT_INDENT_2) + b"\n}\n")


def test_document_streams_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    write_document(path, TWEETS, USERS)
    size = path.stat().st_size
    assert size > 5_000_000
    tracemalloc.start()
    count = 0
    handles: set[str] = set()
    with path.open("rb") as stream:
        for record in XV2Adapter().read(stream):
            assert isinstance(record, Parsed)
            count += 1
            handles.update(a.handle or "" for a in record.accounts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == TWEETS
    assert len(handles) == USERS  # the includes read in the first pass reach every tweet
    assert peak < 1_000_000, f"peak {peak} bytes while reading a {size}-byte document"
