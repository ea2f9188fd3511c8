"""Independent SQL counts for the report's figures: each is a query over the stored rows written here,
without the report's code, so a mistake in either shows as a difference."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, cast, func, not_, or_, select, true
from sqlalchemy.orm import Session

from rempart.cases.models import Decision
from rempart.core.clock import as_utc
from rempart.dsa.models import Appeal, MemberStateOrder, MisuseMeasure, Notice, OutOfCourtDispute
from rempart.dsa.report.period import Period
from rempart.dsa.report.taxonomy import CATEGORIES

KEYWORDS = {code: [k for k, _ in keywords] for code, _, keywords in CATEGORIES}


def has(column: Any, keyword: str) -> Any:
    return cast(column, String).like(f'%"{keyword}"%')


def row_filter(category: Any, keywords: Any, code: str, parent: str | None) -> Any:
    """The events a category-sheet row counts, as a SQL condition."""
    if code == "TOTAL":
        return true()
    if parent is None:
        return category == code
    if code == "KEYWORD_OTHER":
        unmatched = and_(*(not_(has(keywords, k)) for k in KEYWORDS[parent]))
        return and_(category == parent, or_(has(keywords, "KEYWORD_OTHER"), unmatched))
    return and_(category == parent, has(keywords, code))


def in_period(column: Any, period: Period) -> Any:
    return and_(column >= period.start, column < period.end)


def median_hours(pairs: Sequence[tuple[datetime, datetime | None]]) -> float | None:
    hours = [(as_utc(b) - as_utc(a)).total_seconds() / 3600 for a, b in pairs if b is not None]
    return round(statistics.median(hours), 2) if hours else None


def notices_row(session: Session, period: Period, code: str, parent: str | None) -> list[Any]:
    where = and_(
        in_period(Notice.received_at, period), row_filter(Notice.category, Notice.category_specification, code, parent)
    )
    tf = Notice.source_type == "SOURCE_TRUSTED_FLAGGER"
    items = func.coalesce(func.sum(func.json_array_length(Notice.urls)), 0)

    def count(*extra: Any) -> int:
        return session.scalar(select(func.count()).select_from(Notice).where(where, *extra)) or 0

    def summed(*extra: Any) -> int:
        return int(session.scalar(select(items).where(where, *extra)) or 0)

    def acted(ground: str, *extra: Any) -> int:
        query = (
            select(func.count(func.distinct(Notice.id)))
            .join(Decision, Decision.case_id == Notice.case_id)
            .where(
                where, *extra, Notice.outcome == "restrict", Decision.outcome == "restrict",
                Decision.supersedes_id.is_(None), Decision.decision_ground == ground,
                Decision.decided_at <= Notice.decided_at,
            )
        )  # fmt: skip
        return session.scalar(query) or 0

    def median(*extra: Any) -> float | None:
        rows = session.execute(
            select(Notice.received_at, Notice.decided_at).where(where, *extra, Notice.outcome == "restrict")
        )
        return median_hours([(a, b) for a, b in rows])

    law, terms = "DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    return [
        count(), count(tf), summed(), summed(tf), median(), median(tf), acted(law), acted(law, tf), acted(terms),
        acted(terms, tf),
    ]  # fmt: skip


RESTRICTION_FILTERS: dict[str, Any] = {
    "Visibility restriction Removal": has(Decision.decision_visibility, "DECISION_VISIBILITY_CONTENT_REMOVED"),
    "Visibility restriction Disable": has(Decision.decision_visibility, "DECISION_VISIBILITY_CONTENT_DISABLED"),
    "Visibility restriction Demoted": has(Decision.decision_visibility, "DECISION_VISIBILITY_CONTENT_DEMOTED"),
    "Visibility restriction Age restricted": has(
        Decision.decision_visibility, "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED"
    ),
    "Visibility restriction Interaction restricted": has(
        Decision.decision_visibility, "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED"
    ),
    "Visibility restriction Labelled ": has(Decision.decision_visibility, "DECISION_VISIBILITY_CONTENT_LABELLED"),
    "Visibility restriction Other": has(Decision.decision_visibility, "DECISION_VISIBILITY_OTHER"),
    "Monetary restriction Suspension": Decision.decision_monetary == "DECISION_MONETARY_SUSPENSION",
    "Monetary restriction Termination": Decision.decision_monetary == "DECISION_MONETARY_TERMINATION",
    "Monetary restriction Other": Decision.decision_monetary == "DECISION_MONETARY_OTHER",
    "Provision of the service Suspension": Decision.decision_provision.in_(
        ("DECISION_PROVISION_PARTIAL_SUSPENSION", "DECISION_PROVISION_TOTAL_SUSPENSION")
    ),
    "Provision of the service Termination": Decision.decision_provision.in_(
        ("DECISION_PROVISION_PARTIAL_TERMINATION", "DECISION_PROVISION_TOTAL_TERMINATION")
    ),
    "Account restriction Suspension": Decision.decision_account == "DECISION_ACCOUNT_SUSPENDED",
    "Account restriction Termination": Decision.decision_account == "DECISION_ACCOUNT_TERMINATED",
}


def measures_filter(period: Period) -> Any:
    return and_(
        in_period(Decision.decided_at, period), Decision.outcome == "restrict", Decision.supersedes_id.is_(None)
    )


def own_initiative_row(session: Session, period: Period, ground: str, code: str, parent: str | None) -> list[int]:
    where = and_(
        measures_filter(period),
        Decision.source_type == "SOURCE_VOLUNTARY",
        Decision.decision_ground == ground,
        row_filter(Decision.category, Decision.category_specification, code, parent),
    )

    def count(*extra: Any) -> int:
        return session.scalar(select(func.count()).select_from(Decision).where(where, *extra)) or 0

    return [count(), count(Decision.automated_detection.is_(True)), *(count(f) for f in RESTRICTION_FILTERS.values())]


def orders_row(session: Session, period: Period, scope: str, code: str, parent: str | None) -> list[Any]:
    where = and_(
        in_period(MemberStateOrder.received_at, period),
        true() if scope == "TOTAL" else MemberStateOrder.member_state == scope,
        row_filter(MemberStateOrder.category, MemberStateOrder.category_specification, code, parent),
    )
    act = MemberStateOrder.order_type == "act"
    info = MemberStateOrder.order_type == "provide_information"

    def count(kind: Any) -> int:
        return session.scalar(select(func.count()).select_from(MemberStateOrder).where(where, kind)) or 0

    def median(kind: Any, column: Any) -> float | None:
        rows = session.execute(select(MemberStateOrder.received_at, column).where(where, kind))
        return median_hours([(a, b) for a, b in rows])

    items = session.scalar(
        select(func.coalesce(func.sum(func.json_array_length(MemberStateOrder.items)), 0)).where(where, act)
    )
    return [
        count(act), int(items or 0), median(act, MemberStateOrder.acknowledged_at),
        median(act, MemberStateOrder.effected_at), count(info), median(info, MemberStateOrder.acknowledged_at),
        median(info, MemberStateOrder.effected_at),
    ]  # fmt: skip


def issuing_states(session: Session, period: Period) -> set[str]:
    query = select(MemberStateOrder.member_state).where(in_period(MemberStateOrder.received_at, period))
    return set(session.scalars(query.distinct()))


def complaints(session: Session, period: Period, decision_filter: Any) -> dict[str, Any]:
    where = and_(in_period(Appeal.received_at, period), decision_filter)
    base = select(func.count()).select_from(Appeal).join(Decision, Decision.id == Appeal.decision_id)
    decided = and_(Appeal.decided_at.is_not(None), Appeal.decided_at < period.end)

    def count(*extra: Any) -> int:
        return session.scalar(base.where(where, *extra)) or 0

    seconds = session.scalars(
        select(Appeal.seconds_to_decide).join(Decision, Decision.id == Appeal.decision_id).where(where, decided)
    ).all()
    return {
        "Total number": count(),
        "Decisions upheld": count(decided, Appeal.outcome == "upheld"),
        "Decisions partially reversed": count(decided, Appeal.outcome == "partially_reversed"),
        "Decisions reversed": count(decided, Appeal.outcome == "reversed"),
        "Median time": round(statistics.median(s / 3600 for s in seconds), 2) if seconds else None,
        "Decision omitted": count(not_(decided)),
    }


def new_restrictions(session: Session, period: Period) -> int:
    rows = session.execute(
        select(func.count(func.distinct(Decision.id)))
        .select_from(Decision)
        .join(Appeal, Appeal.case_id == Decision.case_id)
        .where(
            in_period(Decision.decided_at, period), Decision.outcome == "restrict",
            Appeal.received_at <= Decision.decided_at, Appeal.decision_id != Decision.id,
        )
    )  # fmt: skip
    return int(rows.scalar() or 0)


def disputes(session: Session, period: Period) -> dict[str, Any]:
    where = in_period(OutOfCourtDispute.submitted_at, period)

    def count(*extra: Any) -> int:
        return session.scalar(select(func.count()).select_from(OutOfCourtDispute).where(where, *extra)) or 0

    query = select(OutOfCourtDispute.submitted_at, OutOfCourtDispute.closed_at).where(where)
    spans = [(submitted, closed) for submitted, closed in session.execute(query)]
    closed = count(OutOfCourtDispute.outcome != "omitted")
    implemented = count(OutOfCourtDispute.outcome != "omitted", OutOfCourtDispute.implemented.is_(True))
    return {
        "Total number": count(),
        "Decisions upheld": count(OutOfCourtDispute.outcome == "upheld"),
        "Decisions partially reversed": count(OutOfCourtDispute.outcome == "partially_reversed"),
        "Decisions reversed": count(OutOfCourtDispute.outcome == "reversed"),
        "Median time": median_hours(spans),
        "Decision omitted": count(OutOfCourtDispute.outcome == "omitted"),
        "Percentage of outcomes implemented": round(100 * implemented / closed, 2) if closed else None,
    }


def suspensions(session: Session, period: Period, kind: str) -> int:
    query = (
        select(func.count())
        .select_from(MisuseMeasure)
        .where(MisuseMeasure.kind == kind, MisuseMeasure.measure == "suspension", in_period(MisuseMeasure.at, period))
    )
    return session.scalar(query) or 0


def measures(session: Session, period: Period, *extra: Any) -> int:
    return session.scalar(select(func.count()).select_from(Decision).where(measures_filter(period), *extra)) or 0


def notices_by_automation(session: Session, period: Period, automated: bool, *extra: Any) -> int:
    """Decided notices of the period whose first-instance decisions were all (or not all) fully automated."""
    where = and_(in_period(Notice.received_at, period), Notice.decided_at.is_not(None), *extra)
    not_fully = (
        select(Decision.id)
        .where(
            Decision.case_id == Notice.case_id, Decision.supersedes_id.is_(None),
            Decision.decided_at <= Notice.decided_at, Decision.automated_decision != "AUTOMATED_DECISION_FULLY",
        )
        .exists()
    )  # fmt: skip
    decided = (
        select(Decision.id)
        .where(
            Decision.case_id == Notice.case_id,
            Decision.supersedes_id.is_(None),
            Decision.decided_at <= Notice.decided_at,
        )
        .exists()
    )
    chosen = and_(decided, not_(not_fully)) if automated else not_fully
    query = select(func.count()).select_from(Notice).where(where, chosen)
    return session.scalar(query) or 0
