"""Canonical JSON Lines into the store: idempotent upserts, rejects with line numbers."""

from __future__ import annotations

import io

import orjson
from sqlalchemy import func, select

from rempart.app import AppContext
from rempart.items.adapters.base import Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.models import AccountRow, ItemRow
from rempart.items.service import ingest


def _line(**fields: object) -> bytes:
    record = {
        "platform": "demo",
        "id": "1",
        "author_id": "a1",
        "created_at": "2024-08-12T20:00:00Z",
        "text": "hello",
        **fields,
    }
    return orjson.dumps(record) + b"\n"


def _run(context: AppContext, data: bytes) -> tuple[dict[str, int], list[Rejected]]:
    rejected: list[Rejected] = []
    summary = ingest(
        CanonicalJsonlAdapter().read(io.BytesIO(data)),
        context.engine,
        now=context.clock.now(),
        on_reject=rejected.append,
        batch_size=3,
    )
    return summary.as_dict(), rejected


def test_ingest_is_an_idempotent_upsert(context: AppContext) -> None:
    data = b"".join(_line(id=str(i), urls=[f"https://e.x/{i}"], language="fr-FR") for i in range(10))
    assert _run(context, data)[0] == {"read": 10, "stored": 10, "duplicate": 0, "rejected": 0}
    assert _run(context, data)[0] == {"read": 10, "stored": 0, "duplicate": 10, "rejected": 0}
    changed = _line(id="3", text="edited")
    assert _run(context, changed)[0] == {"read": 1, "stored": 1, "duplicate": 0, "rejected": 0}
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == 10
        row = session.get(ItemRow, ("demo", "3"))
        assert row is not None
        assert row.text == "edited"
        assert row.created_at.tzinfo is not None
        assert session.get(ItemRow, ("demo", "4")).urls == ["https://e.x/4"]  # type: ignore[union-attr]
        assert session.get(ItemRow, ("demo", "4")).language == "fr"  # type: ignore[union-attr]


def test_bad_lines_are_rejected_with_line_and_reason(context: AppContext) -> None:
    data = (
        _line(id="1")
        + b"{not json\n"
        + b"\xff\xfe\n"
        + _line(id="")
        + b"\n"
        + _line(id="2", created_at="yesterday")
        + b"[1,2]\n"
        + _line(id="3")
    )
    summary, rejected = _run(context, data)
    assert summary == {"read": 7, "stored": 2, "duplicate": 0, "rejected": 5}
    assert [r.line for r in rejected] == [2, 3, 4, 6, 7]
    assert "invalid JSON" in rejected[0].reason
    assert rejected[1].reason == "invalid UTF-8"
    assert rejected[2].reason.startswith("id:")
    assert rejected[3].reason.startswith("created_at:")


def test_accounts_and_repeats_in_one_batch(context: AppContext) -> None:
    account = (
        orjson.dumps({"kind": "account", "platform": "demo", "id": "a1", "handle": "alice", "followers_count": 3})
        + b"\n"
    )
    data = account + account + _line(id="9") + _line(id="9")
    summary, _ = _run(context, data)
    assert summary == {"read": 4, "stored": 2, "duplicate": 2, "rejected": 0}
    with context.sessions() as session:
        assert session.get(AccountRow, ("demo", "a1")).handle == "alice"  # type: ignore[union-attr]


def test_absent_optional_fields_are_stored_as_null(context: AppContext) -> None:
    reply = _line(
        id="2", text="Réveil 🚀", reply_to="1", quote_of="0", language="en", deleted_at="2024-08-13T08:30:00.250000Z"
    )
    assert _run(context, _line(id="1") + reply)[0]["stored"] == 2
    columns = (ItemRow.language, ItemRow.reply_to, ItemRow.repost_of, ItemRow.quote_of, ItemRow.deleted_at)
    with context.sessions() as session:
        bare = session.execute(select(*(c.is_(None) for c in columns)).where(ItemRow.id == "1")).one()
        assert all(bare)
        row = session.get(ItemRow, ("demo", "2"))
        assert row is not None
        assert (row.language, row.reply_to, row.repost_of, row.quote_of) == ("en", "1", None, "0")
        assert row.raw is not None
        assert (row.text, orjson.loads(row.raw)["text"]) == ("Réveil 🚀", "Réveil 🚀")
        # Stored as text, not bytes: a comparison with a string finds it.
        assert session.scalar(select(ItemRow.id).where(ItemRow.text == "Réveil 🚀")) == "2"
        assert row.deleted_at is not None
        assert row.deleted_at.isoformat() == "2024-08-13T08:30:00.250000+00:00"
