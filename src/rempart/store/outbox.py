"""The outbox: everything that must leave the system is written here in the decision's transaction.

A worker claims due messages under a lease, delivers them, and marks them delivered; a failure sets the
next attempt with exponential backoff. `dedupe_key` is unique, so enqueuing the same message twice is a
no-op, and consumers receive the key as their idempotency key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from rempart.core.ids import new_id
from rempart.store.base import Base


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    dedupe_key: Mapped[str] = mapped_column(String(256), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_outbox_due", "topic", "status", "available_at"),)


def enqueue(
    session: Session,
    *,
    topic: str,
    dedupe_key: str,
    payload: dict[str, Any],
    now: datetime,
    available_at: datetime | None = None,
) -> None:
    """Add a message unless one with the same `dedupe_key` exists. Does not commit."""
    values = {
        "id": new_id("obx"),
        "topic": topic,
        "dedupe_key": dedupe_key,
        "payload": payload,
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "available_at": available_at or now,
        "locked_until": None,
        "last_error": None,
        "created_at": now,
        "delivered_at": None,
    }
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"]))


def claim(session: Session, *, topic: str, now: datetime, limit: int, lease: timedelta) -> list[OutboxMessage]:
    """Take up to `limit` due messages of `topic` under a lease. Commit right after, then deliver."""
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.topic == topic,
            OutboxMessage.status == OutboxStatus.PENDING.value,
            OutboxMessage.available_at <= now,
            or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now),
        )
        .order_by(OutboxMessage.available_at, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(session.scalars(due))
    if not ids:
        return []
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(locked_until=now + lease, attempts=OutboxMessage.attempts + 1)
    )
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)))


def mark_delivered(session: Session, ids: Sequence[str], now: datetime) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(ids)))
        .values(status=OutboxStatus.DELIVERED.value, delivered_at=now, locked_until=None, last_error=None)
    )


def backoff(attempts: int, base_seconds: float = 2.0, cap_seconds: float = 3600.0) -> timedelta:
    """Exponential backoff: 2 s, 4 s, 8 s, … capped at an hour."""
    return timedelta(seconds=min(cap_seconds, base_seconds * (2 ** max(0, attempts - 1))))


def mark_retry(
    session: Session,
    message_id: str,
    *,
    error: str,
    now: datetime,
    delay: timedelta | None = None,
    max_attempts: int = 50,
) -> None:
    """Put a message back for a later attempt, or declare it dead after `max_attempts`."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        return
    message.last_error = error[:2000]
    message.locked_until = None
    if message.attempts >= max_attempts:
        message.status = OutboxStatus.DEAD.value
        return
    message.available_at = now + (delay if delay is not None else backoff(message.attempts))


def pending_count(session: Session, topic: str) -> int:
    from sqlalchemy import func

    return (
        session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.topic == topic, OutboxMessage.status == OutboxStatus.PENDING.value)
        )
        or 0
    )
