"""Opening cases and attaching items, accounts and proposals. Services never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from rempart.cases.models import Case, CaseAccount, CaseItem
from rempart.cases.schemas import CaseSource, CaseStatus
from rempart.core.ids import new_id
from rempart.items.schemas import ItemKey


def open_case(
    session: Session,
    *,
    source: CaseSource,
    title: str,
    now: datetime,
    items: Iterable[ItemKey] = (),
    accounts: Iterable[tuple[str, str]] = (),
    category: str | None = None,
    category_specification: Iterable[str] = (),
    priority: int = 100,
    evidence: dict[str, Any] | None = None,
) -> Case:
    """A new open case holding `items` and `accounts` ((platform, account id) pairs)."""
    case = Case(
        id=new_id("case"),
        source=source.value,
        status=CaseStatus.OPEN.value,
        title=title[:500],
        category=category,
        category_specification=list(category_specification),
        priority=priority,
        evidence=evidence or {},
        opened_at=now,
        closed_at=None,
    )
    session.add(case)
    session.flush()
    add_items(session, case, items, now)
    for platform, account_id in dict.fromkeys(accounts):
        session.add(CaseAccount(case_id=case.id, platform=platform, account_id=account_id, added_at=now))
    return case


def add_items(session: Session, case: Case, items: Iterable[ItemKey], now: datetime) -> None:
    existing = {
        (platform, item_id)
        for platform, item_id in session.execute(
            select(CaseItem.platform, CaseItem.item_id).where(CaseItem.case_id == case.id)
        )
    }
    for key in items:
        if (key.platform, key.id) not in existing:
            existing.add((key.platform, key.id))
            session.add(CaseItem(case_id=case.id, platform=key.platform, item_id=key.id, added_at=now))


def open_case_for_item(session: Session, item: ItemKey, *, statuses: Iterable[CaseStatus] | None = None) -> Case | None:
    """The not-yet-decided case that already holds `item`, if any (so that new findings join it)."""
    wanted = [s.value for s in (statuses or (CaseStatus.OPEN, CaseStatus.IN_REVIEW, CaseStatus.ESCALATED))]
    return session.scalar(
        select(Case)
        .join(CaseItem, CaseItem.case_id == Case.id)
        .where(CaseItem.platform == item.platform, CaseItem.item_id == item.id, Case.status.in_(wanted))
        .order_by(Case.opened_at)
        .limit(1)
    )


@dataclass(frozen=True, slots=True)
class OpenCase:
    """The case an item would join: its id and its current priority."""

    id: str
    priority: int


def open_cases_for_items(
    session: Session, items: Sequence[ItemKey], *, statuses: Iterable[CaseStatus] | None = None
) -> dict[tuple[str, str], OpenCase]:
    """`open_case_for_item` for many items: (platform, item id) -> the earliest undecided case holding it.

    One query per 500 items; items without such a case are absent from the result."""
    wanted = [s.value for s in (statuses or (CaseStatus.OPEN, CaseStatus.IN_REVIEW, CaseStatus.ESCALATED))]
    found: dict[tuple[str, str], OpenCase] = {}
    for start in range(0, len(items), 500):
        pairs = list(dict.fromkeys((key.platform, key.id) for key in items[start : start + 500]))
        query = (
            select(CaseItem.platform, CaseItem.item_id, Case.id, Case.priority)
            .join(Case, CaseItem.case_id == Case.id)
            .where(tuple_(CaseItem.platform, CaseItem.item_id).in_(pairs), Case.status.in_(wanted))
            .order_by(Case.opened_at, Case.id)
        )
        for platform, item_id, case_id, priority in session.execute(query):
            found.setdefault((platform, item_id), OpenCase(case_id, priority))
    return found
