"""Internal complaints (Art. 20), decided by a person, and out-of-court outcomes (Art. 21).

An appeal is made with the token given to the affected user (in the statement) or the notifier (in the
decision e-mail), within the window from the moment they were told. It reopens the same case. Deciding it
needs a person: `decided_by` must be a human reviewer, never the automation (Art. 20(6)); the outcome is
applied at once: a reversal lifts the restriction, a partial reversal replaces it, and either way the
platform is told and a new statement is issued. A decision not to act is reversed by deciding the reopened
case anew (a restriction, with its statement) before deciding the appeal, which then records that
decision. The time to decide is kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.cases.enforcement import active_actions, end_action
from rempart.cases.models import Case, Decision
from rempart.cases.review import get_case, queue_priority
from rempart.cases.schemas import CaseStatus
from rempart.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from rempart.core.ids import new_id
from rempart.core.settings import Settings
from rempart.dsa.decisions import record_decision
from rempart.dsa.enums import AutomatedDecision
from rempart.dsa.mail import send_email
from rempart.dsa.misuse import UNFOUNDED_COMPLAINTS, note_unfounded_complaint, refuse_if_suspended
from rempart.dsa.models import Appeal, AppealRight, Notice, OutOfCourtDispute
from rempart.dsa.rights import token_digest
from rempart.dsa.schemas import AppealDecisionInput, AppealInput, AppealOutcome, DecisionSpec, OdsInput, Restriction
from rempart.dsa.texts import render

AUTOMATED_ACTORS = frozenset({"", "system", "policy", "automation"})


def submit_appeal(session: Session, appeal_input: AppealInput, *, now: datetime, settings: Settings) -> Appeal:
    right = session.get(AppealRight, token_digest(appeal_input.token))
    if right is None:
        raise NotFound("this appeal link is not valid")
    if right.expires_at < now:
        raise Conflict(f"the time to appeal this decision ended on {right.expires_at.date().isoformat()}")
    decision = session.get(Decision, right.decision_id)
    assert decision is not None
    complainant = appeal_input.email
    if right.notice_id is not None and complainant is None:
        complainant = session.scalar(select(Notice.notifier_email).where(Notice.id == right.notice_id))
    refuse_if_suspended(session, UNFOUNDED_COMPLAINTS, complainant, now)
    if (
        session.scalar(
            select(Appeal.id).where(
                Appeal.decision_id == decision.id, Appeal.party == right.party, Appeal.status == "open"
            )
        )
        is not None
    ):
        raise Conflict("an appeal against this decision is already being examined")
    appeal = Appeal(
        id=new_id("apl"),
        case_id=decision.case_id,
        decision_id=decision.id,
        party=right.party,
        complainant=complainant.lower() if complainant else None,
        explanation=appeal_input.explanation,
        received_at=now,
        status="open",
        outcome=None,
        reason=None,
        decided_by=None,
        decided_at=None,
        seconds_to_decide=None,
        new_decision_id=None,
        manifestly_unfounded=False,
    )
    session.add(appeal)
    case = get_case(session, decision.case_id)
    case.status, case.closed_at = CaseStatus.OPEN.value, None
    case.priority = min(case.priority, queue_priority(trusted_flagger=False, severity=70))
    audit.record(
        session,
        actor=f"{right.party}:{appeal.id}",
        action="appeal.received",
        now=now,
        case_id=case.id,
        data={"appeal_id": appeal.id, "decision_id": decision.id, "party": right.party},
    )
    return appeal


def _spec_from(old: Decision, restriction: Restriction | None, reason: str) -> DecisionSpec:
    return DecisionSpec(
        platform=old.platform,
        item_id=old.item_id,
        account_id=None if old.item_id else old.account_id,
        restriction=restriction,
        decision_ground=old.decision_ground,
        ground_reference=old.ground_reference,
        ground_explanation=old.ground_explanation,
        ground_reference_url=old.ground_reference_url,
        incompatible_content_illegal=old.incompatible_content_illegal,
        category=old.category,
        category_addition=old.category_addition,
        category_specification=old.category_specification,
        category_specification_other=old.category_specification_other,
        content_type=old.content_type or ["CONTENT_TYPE_TEXT"],
        account_type=old.account_type,
        territorial_scope=old.territorial_scope,
        facts=f"{old.facts} Reviewed on an internal complaint: {reason}"[:5000],
        source_type=old.source_type,
        source_identity=old.source_identity,
        automated_detection=old.automated_detection,
        automated_decision=AutomatedDecision.NOT_AUTOMATED,
    )


def _restriction_since(session: Session, old: Decision, since: datetime) -> Decision:
    """Reversing a decision not to act is a new decision on the case (claim and decide it first): the
    restricting decision on the same item or account taken since the complaint, which supersedes `old`."""
    new = session.scalar(
        select(Decision)
        .where(
            Decision.case_id == old.case_id,
            Decision.item_id == old.item_id if old.item_id else Decision.account_id == old.account_id,
            Decision.outcome == "restrict",
            Decision.decided_at >= since,
        )
        .order_by(Decision.decided_at.desc())
        .limit(1)
    )
    if new is None:
        raise InvalidInput("reversing a decision not to act is a new decision on the case: claim and decide it")
    new.supersedes_id = old.id
    return new


def _apply(
    session: Session,
    case: Case,
    old: Decision,
    choice: AppealDecisionInput,
    *,
    since: datetime,
    decided_by: str,
    now: datetime,
    settings: Settings,
) -> Decision | None:
    """Put the outcome in force; the new decision, if the restriction changed."""
    if choice.outcome == AppealOutcome.UPHELD:
        return None
    if old.outcome != "restrict":
        return _restriction_since(session, old, since)
    if choice.outcome == AppealOutcome.PARTIALLY_REVERSED and choice.restriction is None:
        raise InvalidInput("a partial reversal needs the restriction that replaces the old one", [])
    for action in active_actions(session, old.id):
        end_action(
            session,
            action,
            status="lifted",
            reason=f"internal complaint: {choice.outcome.value}",
            actor=decided_by,
            now=now,
        )
    restriction = choice.restriction if choice.outcome == AppealOutcome.PARTIALLY_REVERSED else None
    new, _ = record_decision(
        session,
        case,
        _spec_from(old, restriction, choice.reason),
        decided_by=decided_by,
        now=now,
        settings=settings,
        previous=old,
    )
    return new


def decide_appeal(
    session: Session,
    appeal_id: str,
    choice: AppealDecisionInput,
    *,
    decided_by: str,
    now: datetime,
    settings: Settings,
) -> Appeal:
    """Decide an appeal as `decided_by`, a person; apply the outcome and tell the complainant."""
    if decided_by.strip().lower().split(":")[0] in AUTOMATED_ACTORS:
        raise Forbidden("an appeal is decided by a person, never solely by automated means (Art. 20(6) DSA)")
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound(f"no appeal {appeal_id}")
    if appeal.status != "open":
        raise Conflict(f"appeal {appeal_id} was decided already")
    old = session.get(Decision, appeal.decision_id)
    assert old is not None
    case = get_case(session, appeal.case_id)
    new = _apply(
        session, case, old, choice, since=appeal.received_at, decided_by=decided_by, now=now, settings=settings
    )
    appeal.status, appeal.outcome, appeal.reason = "decided", choice.outcome.value, choice.reason
    appeal.decided_by, appeal.decided_at = decided_by, now
    appeal.seconds_to_decide = int((now - appeal.received_at).total_seconds())
    appeal.new_decision_id = new.id if new else None
    appeal.manifestly_unfounded = choice.manifestly_unfounded
    case.status, case.closed_at = CaseStatus.DECIDED.value, now
    audit.record(
        session,
        actor=decided_by,
        action="appeal.decided",
        now=now,
        case_id=case.id,
        data={
            "appeal_id": appeal.id,
            "outcome": appeal.outcome,
            "new_decision_id": appeal.new_decision_id,
            "seconds_to_decide": appeal.seconds_to_decide,
        },
    )
    if appeal.complainant:
        body = render(
            "appeal_decision.txt.j2", service=settings.service_name, appeal=appeal, ods_bodies=settings.ods_bodies
        )
        send_email(
            session,
            case_id=case.id,
            to=appeal.complainant,
            key=f"appeal.decided:{appeal.id}",
            subject=f"Decision on your complaint {appeal.id}",
            body=body,
            now=now,
        )
    if choice.manifestly_unfounded:
        note_unfounded_complaint(session, appeal, settings=settings, now=now)
    return appeal


def record_ods_outcome(session: Session, ods: OdsInput, *, actor: str, now: datetime) -> OutOfCourtDispute:
    """Record what an out-of-court dispute settlement body decided, and whether it was implemented."""
    get_case(session, ods.case_id)
    if ods.closed_at is not None and ods.closed_at < ods.submitted_at:
        raise InvalidInput("closed_at is before submitted_at", [])
    days = (ods.closed_at - ods.submitted_at).total_seconds() / 86400 if ods.closed_at else None
    row = OutOfCourtDispute(
        id=new_id("ods"),
        case_id=ods.case_id,
        decision_id=ods.decision_id,
        body=ods.body,
        submitted_at=ods.submitted_at,
        closed_at=ods.closed_at,
        outcome=ods.outcome,
        implemented=ods.implemented,
        duration_days=round(days, 3) if days is not None else None,
    )
    session.add(row)
    audit.record(
        session,
        actor=actor,
        action="ods.recorded",
        now=now,
        case_id=ods.case_id,
        data={"ods_id": row.id, "outcome": ods.outcome, "implemented": ods.implemented},
    )
    return row
