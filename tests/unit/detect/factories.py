"""Items for detector tests."""

from __future__ import annotations

from datetime import UTC, datetime

from rempart.items.schemas import Item


def item(text: str, language: str | None = None, item_id: str = "1") -> Item:
    return Item(
        platform="x",
        id=item_id,
        author_id="u1",
        created_at=datetime(2024, 9, 1, tzinfo=UTC),
        text=text,
        language=language,
    )
