"""Whatever bytes come in, every format keeps read = stored + duplicate + rejected, never raises, and
re-ingesting the same bytes adds no row.

Each example ingests into its own copy of a migrated SQLite file, twice.
"""

from __future__ import annotations

import html
import io
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from conftest import fixture_bytes
from rempart.items.adapters.registry import adapter_for
from rempart.items.models import AccountRow, ItemRow
from rempart.items.service import IngestSummary, ingest
from rempart.store.db import make_engine

FORMATS = ("jsonl", "x-v2", "mastodon", "bluesky-jetstream")
NOW_TEXT = "2024-09-01T12:00:00Z"


def _valid_line(format_name: str, number: int, text: str) -> bytes:
    key = f"{number}"
    if format_name == "jsonl":
        record: object = {"platform": "demo", "id": key, "author_id": "a", "created_at": NOW_TEXT, "text": text}
    elif format_name == "x-v2":
        record = {
            "data": [{"id": key, "text": text, "author_id": "9", "created_at": NOW_TEXT, "lang": "en"}],
            "includes": {
                "users": [{"id": "9", "username": "u", "name": "U", "public_metrics": {"followers_count": 1}}]
            },
        }
    elif format_name == "mastodon":
        record = {
            "id": key,
            "created_at": NOW_TEXT,
            "content": f"<p>{html.escape(text)}</p>",
            "account": {"id": "9", "acct": "u", "display_name": "U"},
            "tags": [{"name": "t"}],
        }
    else:
        record = {
            "did": "did:plc:u",
            "time_us": 1725911162329308,
            "kind": "commit",
            "commit": {
                "operation": "create",
                "collection": "app.bsky.feed.post",
                "rkey": key,
                "record": {"text": text, "createdAt": NOW_TEXT, "langs": ["en"]},
            },
        }
    return orjson.dumps(record)


def _corrupt(line: bytes, how: str, at: int) -> bytes:
    position = at % (len(line) + 1)
    if how == "truncate":
        return line[:position]
    if how == "flip":
        index = position % len(line)
        return line[:index] + bytes([line[index] ^ 0x5A]) + line[index + 1 :]
    if how == "invalid-utf8":
        return line[:position] + b"\xff\xc3" + line[position:]
    return line


lines = st.lists(
    st.tuples(
        st.text(
            st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40
        ),  # the store refuses NUL, by design
        st.sampled_from(["none", "none", "truncate", "flip", "invalid-utf8"]),
        st.integers(min_value=0, max_value=10_000),
    ),
    max_size=25,
)


def _ingest_twice(template: Path, format_name: str, data: bytes) -> tuple[IngestSummary, IngestSummary, Engine]:
    path = template.parent / f"property-{uuid.uuid4().hex}.db"
    shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    now = datetime(2024, 9, 1, 12, tzinfo=UTC)
    first = ingest(adapter_for(format_name).read(io.BytesIO(data)), engine, now=now, batch_size=7)
    counts = _counts(engine)
    second = ingest(adapter_for(format_name).read(io.BytesIO(data)), engine, now=now, batch_size=7)
    assert _counts(engine) == counts, "re-ingesting the same bytes added rows"
    return first, second, engine


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        items = connection.scalar(select(func.count()).select_from(ItemRow))
        accounts = connection.scalar(select(func.count()).select_from(AccountRow))
    return int(items or 0), int(accounts or 0)


def _check(template: Path, format_name: str, data: bytes) -> tuple[IngestSummary, IngestSummary]:
    first, second, engine = _ingest_twice(template, format_name, data)
    try:
        for summary in (first, second):
            assert summary.read == summary.stored + summary.duplicate + summary.rejected
        assert (second.read, second.rejected) == (first.read, first.rejected)
        assert second.stored <= first.stored  # only repeated keys with changed content are written again
    finally:
        engine.dispose()
    return first, second


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(format_name=st.sampled_from(FORMATS), data=st.binary(max_size=600))
def test_arbitrary_bytes(sqlite_template: Path, format_name: str, data: bytes) -> None:
    _check(sqlite_template, format_name, data)


@SETTINGS
@given(format_name=st.sampled_from(FORMATS), specs=lines)
def test_valid_and_corrupted_lines(sqlite_template: Path, format_name: str, specs: list[tuple[str, str, int]]) -> None:
    raw_lines = [_corrupt(_valid_line(format_name, n, text), how, at) for n, (text, how, at) in enumerate(specs)]
    data = b"\n".join(raw_lines) + b"\n"
    first, second = _check(sqlite_template, format_name, data)
    intact = sum(1 for _, how, _ in specs if how == "none")
    assert first.stored >= intact  # every untouched line (each with its own id) is stored
    if all(how == "none" for _, how, _ in specs):
        assert first.rejected == 0
        assert second.stored == 0


@SETTINGS
@given(
    name=st.sampled_from(["x_v2_tweets_lookup.json", "mastodon_timeline.json"]),
    how=st.sampled_from(["truncate", "flip", "invalid-utf8"]),
    at=st.integers(min_value=0, max_value=20_000),
)
def test_corrupted_documents(sqlite_template: Path, name: str, how: str, at: int) -> None:
    format_name = "x-v2" if name.startswith("x_v2") else "mastodon"
    _check(sqlite_template, format_name, _corrupt(fixture_bytes(name), how, at))
