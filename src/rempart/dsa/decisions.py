"""Taking decisions on a case: the decision rows, the actions in force, the statements of reasons, and
the notifiers told of the outcome (Art. 16(5)).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.cases.enforcement import apply_action
from rempart.cases.models import Case, CaseItem, CaseMessage, Decision, ReviewClaim
from rempart.cases.schemas import CaseStatus
from rempart.core.errors import InvalidInput, NotFound
from rempart.core.ids import new_id
from rempart.core.settings import Settings
from rempart.dsa.mail import send_email
from rempart.dsa.models import Notice, Statement
from rempart.dsa.rights import grant_appeal_right
from rempart.dsa.schemas import DecisionSpec, Party
from rempart.dsa.statements import issue_statement
from rempart.dsa.texts import render, restriction_lines
from rempart.items.models import ItemRow


def _row(case: Case, spec: DecisionSpec, item: ItemRow | None, decided_by: str, now: datetime) -> Decision:
    restriction = spec.restriction
    ends = restriction.ends_on if restriction else None
    return Decision(
        id=new_id("dec"),
        case_id=case.id,
        platform=spec.platform,
        item_id=spec.item_id,
        account_id=spec.account_id if spec.account_id else (item.author_id if item else None),
        outcome="restrict" if restriction else "no_action",
        decision_visibility=restriction.decision_visibility if restriction else [],
        decision_visibility_other=restriction.decision_visibility_other if restriction else None,
        decision_monetary=restriction.decision_monetary if restriction else None,
        decision_monetary_other=restriction.decision_monetary_other if restriction else None,
        decision_provision=restriction.decision_provision if restriction else None,
        decision_account=restriction.decision_account if restriction else None,
        account_type=spec.account_type,
        decision_ground=spec.decision_ground.value if spec.decision_ground else None,
        ground_reference=spec.ground_reference,
        ground_explanation=spec.ground_explanation,
        ground_reference_url=spec.ground_reference_url,
        incompatible_content_illegal=spec.incompatible_content_illegal.value
        if spec.incompatible_content_illegal
        else None,
        category=spec.category,
        category_addition=spec.category_addition,
        category_specification=spec.category_specification,
        category_specification_other=spec.category_specification_other,
        content_type=spec.content_type,
        content_language=item.language if item else None,
        content_at=item.created_at if item else None,
        territorial_scope=spec.territorial_scope,
        ends_at=datetime.combine(ends, time(0), tzinfo=UTC) if ends else None,
        facts=spec.facts,
        source_type=spec.source_type.value,
        source_identity=spec.source_identity,
        automated_detection=spec.automated_detection,
        automated_decision=spec.automated_decision.value,
        manifestly_illegal=spec.manifestly_illegal,
        decided_by=decided_by,
        decided_at=now,
        supersedes_id=None,
    )


def record_decision(
    session: Session,
    case: Case,
    spec: DecisionSpec,
    *,
    decided_by: str,
    now: datetime,
    settings: Settings,
    previous: Decision | None = None,
) -> tuple[Decision, Statement | None]:
    """One decision: stored, put in force (webhook) and explained (statement) when it restricts."""
    item = None
    if spec.item_id is not None:
        item = session.get(ItemRow, (spec.platform, spec.item_id))
        if item is None:
            raise NotFound(f"no item {spec.item_id} on platform {spec.platform}")
        if session.get(CaseItem, (case.id, spec.platform, spec.item_id)) is None:
            session.add(CaseItem(case_id=case.id, platform=spec.platform, item_id=spec.item_id, added_at=now))
    decision = _row(case, spec, item, decided_by, now)
    decision.supersedes_id = previous.id if previous else None
    session.add(decision)
    session.flush()
    audit.record(
        session,
        actor=decided_by,
        action="decision.taken",
        now=now,
        case_id=case.id,
        data={
            "decision_id": decision.id,
            "outcome": decision.outcome,
            "item_id": decision.item_id,
            "account_id": decision.account_id,
            "automated": decision.automated_decision,
        },
    )
    statement = None
    if decision.outcome == "restrict":
        apply_action(session, decision, actor=decided_by, now=now)
    if decision.outcome == "restrict" or previous is not None:
        statement = issue_statement(session, decision, settings=settings, now=now, previous=previous)
    if decision.manifestly_illegal and decision.account_id:
        from rempart.dsa.misuse import note_illegal_content

        note_illegal_content(session, decision, settings=settings, now=now)
    return decision, statement


def tell_notifiers(
    session: Session, case: Case, decisions: Sequence[Decision], *, settings: Settings, now: datetime
) -> None:
    """Art. 16(5): each notifier with an e-mail address learns the decision and how to contest it."""
    restricting = [d for d in decisions if d.outcome == "restrict"]
    for notice in session.scalars(select(Notice).where(Notice.case_id == case.id, Notice.decided_at.is_(None))):
        notice.decided_at = now
        notice.outcome = "restrict" if restricting else "no_action"
        if not notice.notifier_email or not decisions:
            continue
        token, until = grant_appeal_right(
            session,
            decision_id=decisions[0].id,
            party=Party.NOTIFIER,
            now=now,
            months=settings.appeal_window_months,
            notice_id=notice.id,
        )
        body = render(
            "notice_decision.txt.j2",
            service=settings.service_name,
            notice=notice,
            restricted=bool(restricting),
            restrictions=[x for d in restricting for x in restriction_lines(d, "en")],
            restrictions_fr=[x for d in restricting for x in restriction_lines(d, "fr")],
            automated=any(d.automated_decision != "AUTOMATED_DECISION_NOT_AUTOMATED" for d in decisions),
            appeal_url=f"{settings.public_url.rstrip('/')}/appeals/new?token={token}",
            appeal_until=until,
            ods_bodies=settings.ods_bodies,
        )
        send_email(
            session,
            case_id=case.id,
            to=notice.notifier_email,
            key=f"notice.decided:{notice.id}",
            subject=f"Decision on your notice {notice.id}",
            body=body,
            now=now,
        )


def decide_case(
    session: Session,
    case: Case,
    specs: Sequence[DecisionSpec],
    *,
    decided_by: str,
    now: datetime,
    settings: Settings,
) -> list[tuple[Decision, Statement | None]]:
    """Decide a case (one decision per item or account; none restricting = no action) and close it."""
    if not specs:
        raise InvalidInput("give at least one decision (a decision without restriction means no action)")
    results = [record_decision(session, case, s, decided_by=decided_by, now=now, settings=settings) for s in specs]
    tell_notifiers(session, case, [d for d, _ in results], settings=settings, now=now)
    case.status = CaseStatus.DECIDED.value
    case.closed_at = now
    claim = session.get(ReviewClaim, case.id)
    if claim is not None:
        session.delete(claim)
    audit.record(
        session,
        actor=decided_by,
        action="case.decided",
        now=now,
        case_id=case.id,
        data={"decisions": [d.id for d, _ in results]},
    )
    return results


def case_messages(session: Session, case_id: str) -> list[CaseMessage]:
    return list(
        session.scalars(select(CaseMessage).where(CaseMessage.case_id == case_id).order_by(CaseMessage.created_at))
    )
