"""ORM rows of the DSA chain: notices, trusted flaggers, statements, appeals, disputes, misuse, limits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rempart.store.base import Base


class TrustedFlagger(Base):
    """An organisation awarded trusted-flagger status (Art. 22) and its areas of expertise."""

    __tablename__ = "trusted_flaggers"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Notice(Base):
    """An Art. 16 notice: the elements of 16(2), what it resolved to, and its timeline."""

    __tablename__ = "notices"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    source_type: Mapped[str] = mapped_column(String(64))
    flagger_id: Mapped[str | None] = mapped_column(ForeignKey("trusted_flaggers.id"))
    notifier_name: Mapped[str | None] = mapped_column(String(300))
    notifier_email: Mapped[str | None] = mapped_column(String(320), index=True)
    explanation: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(100))
    category_specification: Mapped[list[str]] = mapped_column(JSON, default=list)
    bona_fide: Mapped[bool] = mapped_column(Boolean)
    urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "platform/id" of each resolved item, and the URLs that matched no stored item.
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    unresolved_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    received_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    # restrict, no_action; manifestly_unfounded feeds the misuse counts (Art. 23(2)).
    outcome: Mapped[str | None] = mapped_column(String(16))
    manifestly_unfounded: Mapped[bool] = mapped_column(Boolean, default=False)


class Statement(Base):
    """A statement of reasons: the user's text (en, fr) and the Transparency Database JSON.

    `puid` is unique and never reused. `tdb` is None for statements the database does not take (a
    restriction lifted in full on appeal). `status`: pending, delivered, rejected, not_sent.
    """

    __tablename__ = "statements"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    puid: Mapped[str] = mapped_column(String(500), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    tdb: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    text_en: Mapped[str] = mapped_column(Text)
    text_fr: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    tdb_errors: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    tdb_uuid: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_statements_created", "created_at"),)


class AppealRight(Base):
    """The right of one party (the affected user or the notifier) to appeal one decision, by token."""

    __tablename__ = "appeal_rights"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(16))
    notice_id: Mapped[str | None] = mapped_column(String(40))
    informed_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class Appeal(Base):
    """An internal complaint (Art. 20), decided by a person."""

    __tablename__ = "appeals"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"))
    party: Mapped[str] = mapped_column(String(16))
    complainant: Mapped[str | None] = mapped_column(String(320))
    explanation: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    seconds_to_decide: Mapped[int | None] = mapped_column(Integer)
    new_decision_id: Mapped[str | None] = mapped_column(String(40))
    manifestly_unfounded: Mapped[bool] = mapped_column(Boolean, default=False)


class OutOfCourtDispute(Base):
    """The outcome of an out-of-court dispute settlement (Art. 21)."""

    __tablename__ = "ods_disputes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[str | None] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(String(300))
    submitted_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    # upheld, partially_reversed, reversed, omitted
    outcome: Mapped[str] = mapped_column(String(32))
    implemented: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_days: Mapped[float | None] = mapped_column(Float)


class MisuseMeasure(Base):
    """An Art. 23 warning or suspension of an account, notifier or complainant."""

    __tablename__ = "misuse_measures"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # illegal_content, unfounded_notices, unfounded_complaints
    kind: Mapped[str] = mapped_column(String(32))
    # "platform/account id" or an e-mail address
    subject: Mapped[str] = mapped_column(String(400))
    measure: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    count: Mapped[int] = mapped_column(Integer)
    decision_id: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (Index("ix_misuse_subject", "kind", "subject", "at"),)


class RateBucket(Base):
    """A token bucket per client, shared by every API process through the database."""

    __tablename__ = "rate_buckets"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime]


class MemberStateOrder(Base):
    """An order of a Member State authority (Art. 9: act against content; Art. 10: provide information)."""

    __tablename__ = "member_state_orders"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    member_state: Mapped[str] = mapped_column(String(2))
    authority: Mapped[str] = mapped_column(String(300))
    # act or provide_information
    order_type: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(100))
    # The keywords of the category (TDB `KEYWORD_*`), and the free text of `KEYWORD_OTHER`.
    category_specification: Mapped[list[str]] = mapped_column(JSON, default=list)
    category_specification_other: Mapped[str | None] = mapped_column(String(500))
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    received_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    effected_at: Mapped[datetime | None]
