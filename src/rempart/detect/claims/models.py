"""ORM rows for imported fact-checks: one row per reviewed claim, with the claim's embedding."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rempart.store.base import Base


class ClaimReviewRow(Base):
    """A ClaimReview as published, normalised. A review page may review several claims, so a row is
    named by its review URL and the claim it reviews (`claim_key`, a digest of the claim text)."""

    __tablename__ = "claim_reviews"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    review_url: Mapped[str] = mapped_column(String(2000))
    claim_key: Mapped[str] = mapped_column(String(32))
    claim_reviewed: Mapped[str] = mapped_column(Text)
    rating: Mapped[str] = mapped_column(String(32))
    rating_text: Mapped[str | None] = mapped_column(String(500))
    rating_value: Mapped[float | None] = mapped_column(Float)
    best_rating: Mapped[float | None] = mapped_column(Float)
    worst_rating: Mapped[float | None] = mapped_column(Float)
    reviewer_name: Mapped[str | None] = mapped_column(String(500))
    reviewer_url: Mapped[str | None] = mapped_column(String(2000))
    language: Mapped[str | None] = mapped_column(String(8))
    date_published: Mapped[datetime | None]
    claim_author: Mapped[str | None] = mapped_column(String(500))
    claim_date: Mapped[datetime | None]
    appearances: Mapped[list[str]] = mapped_column(JSON, default=list)
    first_appearance: Mapped[str | None] = mapped_column(String(2000))
    raw: Mapped[str] = mapped_column(Text)
    # A digest of the normalised fields: re-importing an unchanged review is a duplicate, not a write.
    content_hash: Mapped[str] = mapped_column(String(32))
    # float32 vector, L2-normalised, from `embedding_model` ("name@version"); computed once, at import.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedding_model: Mapped[str | None] = mapped_column(String(200))
    imported_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("review_url", "claim_key", name="uq_claim_reviews_review"),
        Index("ix_claim_reviews_rating", "rating"),
    )
