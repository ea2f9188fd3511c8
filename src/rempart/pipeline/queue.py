"""The `scan` queue: items stored through `POST /v1/items` are checked by `rempart worker`.

The API writes one outbox message per stored item (topic `scan`) in the store's own transaction. A worker
claims due messages under a lease, and for each one, in one transaction, runs the pipeline on the stored
item, records the proposals and marks the message delivered. Delivery is at least once (a worker that dies
lets its lease expire, and the message is claimed again); recording is idempotent by item, rule and policy
version, so the effect is exactly once. A message that fails is retried later with backoff.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from rempart.items.models import AccountRow, ItemRow
from rempart.items.schemas import Account, Item
from rempart.pipeline.record import record_proposals
from rempart.pipeline.runner import Pipeline
from rempart.store.db import unit_of_work
from rempart.store.outbox import claim, mark_delivered, mark_retry

SCAN_TOPIC = "scan"


@dataclass(slots=True)
class WorkSummary:
    processed: int = 0
    failed: int = 0
    missing: int = 0
    proposals: dict[str, int] = field(default_factory=lambda: {"enforce": 0, "queue": 0, "shadow": 0})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def stored_item(session: Session, platform: str, item_id: str) -> tuple[Item, Account | None] | None:
    """The stored item and its author, or None when the item is unknown or deleted."""
    row = session.get(ItemRow, (platform, item_id))
    if row is None or row.deleted_at is not None:
        return None
    item = Item.model_validate({name: getattr(row, name) for name in Item.model_fields})
    account_row = session.get(AccountRow, (platform, row.author_id))
    account = (
        None
        if account_row is None
        else Account.model_validate({name: getattr(account_row, name) for name in Account.model_fields})
    )
    return item, account


def _process(session: Session, pipeline: Pipeline, payload: dict[str, Any], now: datetime) -> list[str] | None:
    found = stored_item(session, str(payload.get("platform", "")), str(payload.get("id", "")))
    if found is None:
        return None
    item, account = found
    result = pipeline.check(item, account, now=now)
    rows = record_proposals(session, result.item, result.proposals, now)
    return [row.mode for row in rows]


def process_scan_queue(
    sessions: sessionmaker[Session],
    pipeline: Pipeline,
    *,
    now: datetime,
    limit: int = 100,
    lease: timedelta = timedelta(minutes=5),
) -> WorkSummary:
    """Claim up to `limit` due `scan` messages and process each one in its own transaction."""
    summary = WorkSummary()
    with unit_of_work(sessions) as session:
        claimed = [(m.id, dict(m.payload)) for m in claim(session, topic=SCAN_TOPIC, now=now, limit=limit, lease=lease)]
    for message_id, payload in claimed:
        try:
            with unit_of_work(sessions) as session:
                modes = _process(session, pipeline, payload, now)
                mark_delivered(session, [message_id], now)
        except Exception as error:
            summary.failed += 1
            with unit_of_work(sessions) as session:
                mark_retry(session, message_id, error=f"{type(error).__name__}: {error}", now=now)
            continue
        if modes is None:
            summary.missing += 1
            continue
        summary.processed += 1
        for mode in modes:
            summary.proposals[mode] += 1
    return summary
