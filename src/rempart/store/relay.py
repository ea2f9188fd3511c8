"""Delivering one outbox topic, message by message, with leases and backoff.

`relay` claims due messages under a lease and commits, so another worker cannot take them; each is then
delivered outside any transaction and marked delivered or put back with backoff. A worker that dies
mid-way leaves its messages to be claimed again when the lease ends: delivery is at least once, and the
receiver de-duplicates by the message's idempotency key (its `dedupe_key`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from rempart.store.db import unit_of_work
from rempart.store.outbox import OutboxMessage, backoff, claim, mark_delivered, mark_retry


class DeliveryFailed(Exception):
    """The receiver did not take the message; try again later (after `retry_after`, if given)."""

    def __init__(self, reason: str, retry_after: timedelta | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass
class RelaySummary:
    delivered: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"delivered": self.delivered, "failed": self.failed}


def relay(
    sessions: sessionmaker[Session],
    *,
    topic: str,
    now: Callable[[], datetime],
    deliver: Callable[[OutboxMessage], None],
    limit: int = 100,
    lease: timedelta = timedelta(minutes=5),
    backoff_seconds: float = 2.0,
) -> RelaySummary:
    """Deliver the due messages of `topic`; stop when none is due or a whole round failed."""
    summary = RelaySummary()
    while True:
        with unit_of_work(sessions) as session:
            messages = claim(session, topic=topic, now=now(), limit=limit, lease=lease)
        if not messages:
            return summary
        delivered_before = summary.delivered
        for message in messages:
            try:
                deliver(message)
            except DeliveryFailed as failure:
                summary.failed += 1
                delay = failure.retry_after or backoff(message.attempts, base_seconds=backoff_seconds)
                with unit_of_work(sessions) as session:
                    mark_retry(session, message.id, error=str(failure), now=now(), delay=delay)
                continue
            summary.delivered += 1
            with unit_of_work(sessions) as session:
                mark_delivered(session, [message.id], now())
        if summary.delivered == delivered_before:
            return summary
