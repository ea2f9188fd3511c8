"""The stored events a report counts, read with SQL for one period into small records.

Which events belong to the period: notices, complaints (appeals), orders and out-of-court disputes by the
moment they were received or submitted; measures (restrictive decisions) by the moment they were decided;
Art. 23 suspensions by the moment they were imposed. A measure is a first-instance restrictive decision
(`supersedes_id` is null): decisions taken on an internal complaint are counted in the complaints section.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from rempart.cases.models import Decision
from rempart.core.clock import as_utc
from rempart.dsa.enums import AutomatedDecision, SourceType
from rempart.dsa.models import Appeal, MemberStateOrder, MisuseMeasure, Notice, OutOfCourtDispute
from rempart.dsa.report.period import Period, hours_between
from rempart.pipeline.models import PolicyEvaluation

CHUNK = 500


@dataclass(frozen=True, slots=True)
class NoticeFact:
    id: str
    trusted: bool
    category: str
    keywords: tuple[str, ...]
    items: int
    received_at: datetime
    outcome: str | None
    hours_to_decision: float | None
    grounds: frozenset[str]
    # True when every first-instance decision taken on it was fully automated; None while undecided.
    automated: bool | None


@dataclass(frozen=True, slots=True)
class MeasureFact:
    id: str
    source_type: str
    ground: str | None
    category: str
    keywords: tuple[str, ...]
    other_text: str | None
    visibility: tuple[str, ...]
    monetary: str | None
    provision: str | None
    account: str | None
    automated_detection: bool
    automated_decision: str
    territorial_scope: tuple[str, ...]
    decided_at: datetime

    @property
    def solely_automated(self) -> bool:
        return self.automated_decision == AutomatedDecision.FULLY.value


@dataclass(frozen=True, slots=True)
class ComplaintFact:
    id: str
    outcome: str | None  # None: no decision by the end of the period
    hours_to_decide: float | None
    appealed_outcome: str
    visibility: bool
    provision: bool
    account: bool
    monetary: bool
    appealed_source: str


@dataclass(frozen=True, slots=True)
class DisputeFact:
    outcome: str
    implemented: bool
    hours: float | None


@dataclass(frozen=True, slots=True)
class OrderFact:
    member_state: str
    act: bool
    category: str
    keywords: tuple[str, ...]
    other_text: str | None
    items: int
    hours_to_acknowledge: float | None
    hours_to_effect: float | None


@dataclass(frozen=True, slots=True)
class QualityFact:
    """Accuracy, precision and recall measured by one `rempart policy evaluate` run, overall or per language."""

    scope: str  # overall or language
    key: str
    support: int
    items: int
    precision: float | None
    recall: float | None
    accuracy: float | None


@dataclass(frozen=True, slots=True)
class EvaluationRun:
    run_id: str
    evaluated_at: datetime
    dataset: str
    policy_version: str
    figures: tuple[QualityFact, ...]


@dataclass(slots=True)
class Facts:
    notices: list[NoticeFact]
    measures: list[MeasureFact]
    complaints: list[ComplaintFact]
    new_restrictions: int
    disputes: list[DisputeFact]
    suspensions: dict[str, int]
    orders: list[OrderFact]
    evaluation: EvaluationRun | None


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _in(column: Any, period: Period) -> Any:
    return and_(column >= period.start, column < period.end)


def _hours(earlier: datetime | None, later: datetime | None) -> float | None:
    if earlier is None or later is None:
        return None
    return hours_between(as_utc(earlier), as_utc(later))


def _case_decisions(
    session: Session, case_ids: Iterable[str]
) -> dict[str, list[tuple[str, str | None, str, datetime]]]:
    """First-instance decisions per case: (outcome, ground, automated_decision, decided_at)."""
    found: dict[str, list[tuple[str, str | None, str, datetime]]] = defaultdict(list)
    for chunk in _chunks(sorted(set(case_ids))):
        rows = session.execute(
            select(
                Decision.case_id,
                Decision.outcome,
                Decision.decision_ground,
                Decision.automated_decision,
                Decision.decided_at,
            ).where(Decision.case_id.in_(chunk), Decision.supersedes_id.is_(None))
        )
        for case_id, outcome, ground, automated, decided_at in rows:
            found[case_id].append((outcome, ground, automated, as_utc(decided_at)))
    return found


def load_notices(session: Session, period: Period) -> list[NoticeFact]:
    rows = session.execute(
        select(
            Notice.id,
            Notice.case_id,
            Notice.source_type,
            Notice.category,
            Notice.category_specification,
            Notice.urls,
            Notice.received_at,
            Notice.decided_at,
            Notice.outcome,
        )
        .where(_in(Notice.received_at, period))
        .order_by(Notice.received_at, Notice.id)
    ).all()
    decisions = _case_decisions(session, [row.case_id for row in rows if row.case_id])
    facts = []
    for row in rows:
        decided_at = as_utc(row.decided_at) if row.decided_at else None
        taken = [d for d in decisions.get(row.case_id or "", []) if decided_at is not None and d[3] <= decided_at]
        facts.append(
            NoticeFact(
                id=row.id,
                trusted=row.source_type == SourceType.TRUSTED_FLAGGER.value,
                category=row.category,
                keywords=tuple(row.category_specification or ()),
                items=len(row.urls or ()),
                received_at=as_utc(row.received_at),
                outcome=row.outcome,
                hours_to_decision=_hours(row.received_at, decided_at),
                grounds=frozenset(g for outcome, g, _, _ in taken if outcome == "restrict" and g),
                automated=all(a == AutomatedDecision.FULLY.value for _, _, a, _ in taken) if taken else None,
            )
        )
    return facts


def load_measures(session: Session, period: Period) -> list[MeasureFact]:
    rows = session.scalars(
        select(Decision)
        .where(_in(Decision.decided_at, period), Decision.outcome == "restrict", Decision.supersedes_id.is_(None))
        .order_by(Decision.decided_at, Decision.id)
        .execution_options(yield_per=2000)
    )
    return [
        MeasureFact(
            id=d.id,
            source_type=d.source_type,
            ground=d.decision_ground,
            category=d.category or "",
            keywords=tuple(d.category_specification or ()),
            other_text=d.category_specification_other,
            visibility=tuple(d.decision_visibility or ()),
            monetary=d.decision_monetary,
            provision=d.decision_provision,
            account=d.decision_account,
            automated_detection=d.automated_detection,
            automated_decision=d.automated_decision,
            territorial_scope=tuple(d.territorial_scope or ()),
            decided_at=as_utc(d.decided_at),
        )
        for d in rows
    ]


def load_complaints(session: Session, period: Period) -> list[ComplaintFact]:
    rows = session.execute(
        select(Appeal, Decision)
        .join(Decision, Decision.id == Appeal.decision_id)
        .where(_in(Appeal.received_at, period))
        .order_by(Appeal.received_at, Appeal.id)
    ).all()
    facts = []
    for appeal, decision in rows:
        decided = appeal.decided_at is not None and as_utc(appeal.decided_at) < period.end
        facts.append(
            ComplaintFact(
                id=appeal.id,
                outcome=appeal.outcome if decided else None,
                hours_to_decide=appeal.seconds_to_decide / 3600
                if decided and appeal.seconds_to_decide is not None
                else None,
                appealed_outcome=decision.outcome,
                visibility=bool(decision.decision_visibility),
                provision=decision.decision_provision is not None,
                account=decision.decision_account is not None,
                monetary=decision.decision_monetary is not None,
                appealed_source=decision.source_type,
            )
        )
    return facts


def count_new_restrictions(session: Session, period: Period) -> int:
    """Restrictive decisions of the period taken on a case after an internal complaint against another of
    its decisions: a restriction replaced on a partial reversal, or imposed after a complaint against a
    decision not to act."""
    appeal = aliased(Appeal)
    after_complaint = exists().where(
        appeal.case_id == Decision.case_id,
        appeal.received_at <= Decision.decided_at,
        appeal.decision_id != Decision.id,
    )
    query = select(func.count()).where(
        _in(Decision.decided_at, period), Decision.outcome == "restrict", after_complaint
    )
    return session.scalar(query.select_from(Decision)) or 0


def load_disputes(session: Session, period: Period) -> list[DisputeFact]:
    rows = session.execute(
        select(
            OutOfCourtDispute.outcome,
            OutOfCourtDispute.implemented,
            OutOfCourtDispute.duration_days,
            OutOfCourtDispute.submitted_at,
            OutOfCourtDispute.closed_at,
        ).where(_in(OutOfCourtDispute.submitted_at, period))
    )
    return [
        DisputeFact(
            outcome=outcome,
            implemented=implemented,
            hours=days * 24 if days is not None else _hours(submitted_at, closed_at),
        )
        for outcome, implemented, days, submitted_at, closed_at in rows
    ]


def count_suspensions(session: Session, period: Period) -> dict[str, int]:
    rows = session.execute(
        select(MisuseMeasure.kind, func.count())
        .where(MisuseMeasure.measure == "suspension", _in(MisuseMeasure.at, period))
        .group_by(MisuseMeasure.kind)
    )
    return {str(kind): int(count) for kind, count in rows}


def load_orders(session: Session, period: Period) -> list[OrderFact]:
    rows = session.scalars(select(MemberStateOrder).where(_in(MemberStateOrder.received_at, period)))
    return [
        OrderFact(
            member_state=o.member_state,
            act=o.order_type == "act",
            category=o.category,
            keywords=tuple(o.category_specification or ()),
            other_text=o.category_specification_other,
            items=len(o.items or ()),
            hours_to_acknowledge=_hours(o.received_at, o.acknowledged_at),
            hours_to_effect=_hours(o.received_at, o.effected_at),
        )
        for o in rows
    ]


def load_evaluation(session: Session, period: Period) -> EvaluationRun | None:
    """The latest `rempart policy evaluate` run up to the end of the period: its overall and per-language
    accuracy, precision and recall."""
    latest = session.execute(
        select(PolicyEvaluation.run_id, PolicyEvaluation.evaluated_at)
        .where(PolicyEvaluation.evaluated_at < period.end)
        .order_by(PolicyEvaluation.evaluated_at.desc(), PolicyEvaluation.run_id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return None
    rows = list(
        session.scalars(
            select(PolicyEvaluation).where(
                PolicyEvaluation.run_id == latest.run_id, PolicyEvaluation.scope.in_(("overall", "language"))
            )
        )
    )
    figures = tuple(
        QualityFact(
            scope=row.scope,
            key=row.key,
            support=row.support,
            items=row.true_positives + row.false_positives + row.false_negatives + row.true_negatives,
            precision=row.precision,
            recall=row.recall,
            accuracy=row.accuracy,
        )
        for row in sorted(rows, key=lambda r: (r.scope, r.key))
    )
    return EvaluationRun(
        run_id=latest.run_id,
        evaluated_at=as_utc(latest.evaluated_at),
        dataset=rows[0].dataset if rows else "",
        policy_version=rows[0].policy_version if rows else "",
        figures=figures,
    )


def load_facts(session: Session, period: Period) -> Facts:
    return Facts(
        notices=load_notices(session, period),
        measures=load_measures(session, period),
        complaints=load_complaints(session, period),
        new_restrictions=count_new_restrictions(session, period),
        disputes=load_disputes(session, period),
        suspensions=count_suspensions(session, period),
        orders=load_orders(session, period),
        evaluation=load_evaluation(session, period),
    )
