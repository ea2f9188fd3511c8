"""Big batches (COPY through a scratch table on PostgreSQL, `executemany` on SQLite) keep the upsert's
meaning: new rows stored, changed rows updated, unchanged rows counted as duplicates, tombstones once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from rempart.app import AppContext
from rempart.items.adapters.base import Operation, Parsed
from rempart.items.models import AccountRow, ItemRow
from rempart.items.schemas import Account, Item
from rempart.items.service import COPY_FROM_ROWS, IngestSummary, StoreWriter

POSTED = datetime(2024, 8, 12, 20, 14, 5, tzinfo=UTC)
COUNT = 2 * COPY_FROM_ROWS


def _items(text: str = "post", changed: int = 0) -> list[Parsed]:
    return [
        Parsed(
            n,
            Item(
                platform="x",
                id=str(n),
                author_id=f"a{n % 50}",
                created_at=POSTED,
                text=f"{text} {n}",
                hashtags=["DSA"] if n < changed else [],
                language="fr",
                raw="{}",
            ),
        )
        for n in range(COUNT)
    ]


def _write(context: AppContext, records: list[Parsed]) -> IngestSummary:
    writer = StoreWriter(context.engine, now=context.clock.now(), batch_size=10 * COUNT)
    for record in records:
        writer.add(record)
    writer.flush()
    return writer.summary


def test_big_batches_store_update_and_count_duplicates(context: AppContext) -> None:
    assert _write(context, _items()).as_dict() == {"read": COUNT, "stored": COUNT, "duplicate": 0, "rejected": 0}
    # A third of the posts changed (a hashtag added): only they are written again.
    changed = COUNT // 3
    summary = _write(context, _items(changed=changed))
    assert summary.as_dict() == {"read": COUNT, "stored": changed, "duplicate": COUNT - changed, "rejected": 0}
    tombstones = [
        Parsed(n, Item(platform="x", id=str(n), author_id="a0", created_at=POSTED, deleted_at=POSTED), [],
               Operation.DELETE)
        for n in range(0, COUNT, 2)
    ]  # fmt: skip
    assert _write(context, tombstones).stored == COUNT // 2
    assert _write(context, tombstones).duplicate == COUNT // 2
    accounts = [
        Parsed(n, None, [Account(platform="x", id=f"acct{n}", handle=f"h{n}", created_at=POSTED)]) for n in range(COUNT)
    ]
    assert _write(context, accounts).stored == COUNT
    assert _write(context, accounts).duplicate == COUNT
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == COUNT
        assert session.scalar(select(func.count()).where(ItemRow.deleted_at.is_not(None))) == COUNT // 2
        assert sum(1 for tags in session.scalars(select(ItemRow.hashtags)) if tags) == changed
        first = session.get(ItemRow, ("x", "1"))
        assert first is not None
        assert first.text == "post 1"
        assert first.created_at.replace(tzinfo=UTC) == POSTED
        assert session.scalar(select(func.count()).select_from(AccountRow)) == COUNT
