"""ORM rows for the canonical items and accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rempart.store.base import Base


class ItemRow(Base):
    __tablename__ = "items"

    platform: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(256), primary_key=True)
    author_id: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(8))
    urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentions: Mapped[list[str]] = mapped_column(JSON, default=list)
    hashtags: Mapped[list[str]] = mapped_column(JSON, default=list)
    media: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reply_to: Mapped[str | None] = mapped_column(String(256))
    repost_of: Mapped[str | None] = mapped_column(String(256))
    quote_of: Mapped[str | None] = mapped_column(String(256))
    country_hints: Mapped[list[str]] = mapped_column(JSON, default=list)
    deleted_at: Mapped[datetime | None]
    raw: Mapped[str | None] = mapped_column(Text)
    # A digest of the canonical content: re-ingesting an unchanged record is a duplicate, not a write.
    content_hash: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[datetime]

    # No index on the author: no query reads items by author, and an index filled in random order was half
    # the cost of a bulk ingest (migration 0011).
    __table_args__ = (Index("ix_items_created_at", "created_at"),)


class AccountRow(Base):
    __tablename__ = "accounts"

    platform: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(256), primary_key=True)
    handle: Mapped[str | None] = mapped_column(String(256))
    display_name: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime | None]
    followers_count: Mapped[int | None] = mapped_column(Integer)
    following_count: Mapped[int | None] = mapped_column(Integer)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_type: Mapped[str | None] = mapped_column(String(64))
    raw: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime]
