"""Items: push a batch from the platform, read one back."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, ValidationError

from rempart.api.deps import Context, DbSession, require
from rempart.auth.schemas import Principal, Role
from rempart.core.errors import NotFound
from rempart.items.adapters.base import Parsed, Rejected, describe_validation_error
from rempart.items.models import ItemRow
from rempart.items.schemas import Account, Item
from rempart.items.service import ingest
from rempart.pipeline.queue import SCAN_TOPIC

router = APIRouter(prefix="/v1/items", tags=["items"])


class ItemBatch(BaseModel):
    items: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=1000)]
    accounts: Annotated[list[dict[str, Any]], Field(max_length=1000)] = []


class BatchError(BaseModel):
    index: int
    field: str
    problem: str


class BatchSummary(BaseModel):
    read: int
    stored: int
    duplicate: int
    rejected: int
    errors: list[BatchError]


def _errors(index: int, error: ValidationError) -> list[BatchError]:
    return [
        BatchError(index=index, field=".".join(str(p) for p in e["loc"]) or "item", problem=e["msg"])
        for e in error.errors()
    ]


@router.post("", response_model=BatchSummary)
def push_items(
    batch: ItemBatch,
    context: Context,
    _: Annotated[Principal, Depends(require(Role.PLATFORM))],
) -> BatchSummary:
    """Store up to 1,000 items (idempotent by platform and id). Invalid items are named by index and
    field and left out; the valid ones are committed before the answer is sent, together with their
    message on the `scan` queue (`rempart worker` runs detectors and policy on them)."""
    records: list[Parsed | Rejected] = []
    errors: list[BatchError] = []
    accounts: list[Account] = []
    for index, raw in enumerate(batch.accounts):
        try:
            accounts.append(Account.model_validate(raw))
        except ValidationError as error:
            errors.extend(
                BatchError(index=index, field=f"accounts.{e.field}", problem=e.problem) for e in _errors(index, error)
            )
    for index, raw in enumerate(batch.items):
        try:
            item = Item.model_validate(raw)
        except ValidationError as error:
            errors.extend(_errors(index, error))
            records.append(Rejected(index, describe_validation_error(error)))
            continue
        records.append(Parsed(index, item, [a for a in accounts if a.id == item.author_id]))
    summary = ingest(records, context.engine, now=context.clock.now(), outbox_topic=SCAN_TOPIC)
    return BatchSummary(**summary.as_dict(), errors=errors)


@router.get("/{platform}/{item_id}", response_model=Item)
def get_item(
    platform: str,
    item_id: str,
    session: DbSession,
    _: Annotated[Principal, Depends(require(Role.MODERATOR, Role.REVIEWER, Role.AUDITOR, Role.PLATFORM))],
) -> Item:
    row = session.get(ItemRow, (platform, item_id))
    if row is None:
        raise NotFound(f"no item {item_id} on platform {platform}")
    return Item.model_validate(
        {c: getattr(row, c) for c in Item.model_fields},
    )
