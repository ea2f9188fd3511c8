"""Hash banks and their entries. Entries are never deleted: removal sets `removed_at`, so history is kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rempart.store.base import Base


class Bank(Base):
    __tablename__ = "banks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # text or pdq (detect.banks.schemas.BankKind)
    kind: Mapped[str] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(Text, default="")
    # Text banks: the Jaccard similarity a near-duplicate needs. PDQ banks: the largest Hamming distance.
    jaccard_threshold: Mapped[float | None] = mapped_column(Float)
    pdq_distance: Mapped[int | None] = mapped_column(Integer)
    # Bumped on every change to the entries, so that detectors reload only what changed.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(256))
    updated_at: Mapped[datetime]


class BankEntry(Base):
    __tablename__ = "bank_entries"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    bank_id: Mapped[str] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    # The text as given, or the PDQ hash in lower-case hex.
    value: Mapped[str] = mapped_column(Text)
    # What duplicates are judged on: SHA-256 of the normalised text, or the PDQ hash itself.
    match_key: Mapped[str] = mapped_column(String(64))
    # Where the entry came from (HMA: source id, timestamp, tags; images: PDQ quality).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    added_at: Mapped[datetime]
    added_by: Mapped[str] = mapped_column(String(256))
    removed_at: Mapped[datetime | None]
    removed_by: Mapped[str | None] = mapped_column(String(256))

    __table_args__ = (
        Index("ix_bank_entries_key", "bank_id", "match_key"),
        Index("ix_bank_entries_active", "bank_id", "removed_at"),
    )
