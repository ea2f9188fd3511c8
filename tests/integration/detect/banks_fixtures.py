"""Shared helpers for the bank integration tests: storing items."""

from __future__ import annotations

from datetime import UTC, datetime

from rempart.app import AppContext
from rempart.items.adapters.base import Parsed
from rempart.items.schemas import Item, Media, MediaKind
from rempart.items.service import ingest


def store_items(context: AppContext, texts: dict[str, str], pdq: dict[str, str] | None = None) -> None:
    records = []
    for number, (item_id, text) in enumerate(texts.items()):
        media = [Media(kind=MediaKind.IMAGE, pdq=(pdq or {})[item_id])] if item_id in (pdq or {}) else []
        item = Item(
            platform="x",
            id=item_id,
            author_id=f"a{number}",
            created_at=datetime(2024, 8, 1, tzinfo=UTC),
            text=text,
            media=media,
        )
        records.append(Parsed(number + 1, item))
    ingest(records, context.engine, now=context.clock.now())
