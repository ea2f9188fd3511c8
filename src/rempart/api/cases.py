"""Cases and the review queue: list, read, claim, release, escalate, note, decide."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import select

from rempart.api.deps import Context, DbSession, require
from rempart.auth.schemas import Principal, Role
from rempart.cases import review
from rempart.cases.models import CaseItem, CaseNote, Decision
from rempart.dsa.decisions import case_messages, decide_case
from rempart.dsa.models import Appeal, Notice, Statement
from rempart.dsa.schemas import DecisionSpec

router = APIRouter(prefix="/v1/cases", tags=["cases"])
PEOPLE = (Role.REVIEWER, Role.MODERATOR)


class CaseSummary(BaseModel):
    id: str
    source: str
    status: str
    title: str
    category: str | None
    priority: int
    opened_at: datetime
    closed_at: datetime | None


class CaseDetail(CaseSummary):
    items: list[str]
    notices: list[str]
    decisions: list[dict[str, Any]]
    statements: list[str]
    appeals: list[str]
    notes: list[dict[str, Any]]
    messages: list[dict[str, Any]]


def _person(principal: Principal) -> str:
    return f"{principal.role.value}:{principal.name}"


@router.get("/queue", response_model=list[CaseSummary])
def get_queue(
    session: DbSession, context: Context, principal: Annotated[Principal, Depends(require(*PEOPLE))], limit: int = 50
) -> list[CaseSummary]:
    """Waiting cases in review order: trusted-flagger first, then severity, then age."""
    cases = review.queue(session, now=context.clock.now(), reviewer=_person(principal), limit=min(limit, 500))
    return [CaseSummary.model_validate(c, from_attributes=True) for c in cases]


@router.get("/{case_id}", response_model=CaseDetail)
def get_case(
    case_id: str, session: DbSession, _: Annotated[Principal, Depends(require(*PEOPLE, Role.AUDITOR))]
) -> CaseDetail:
    case = review.get_case(session, case_id)

    def ids(model: Any) -> list[str]:
        return list(session.scalars(select(model.id).where(model.case_id == case_id)))

    items = session.execute(select(CaseItem.platform, CaseItem.item_id).where(CaseItem.case_id == case_id)).all()
    decisions = session.scalars(select(Decision).where(Decision.case_id == case_id).order_by(Decision.decided_at))
    notes = session.scalars(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.created_at))
    return CaseDetail(
        **CaseSummary.model_validate(case, from_attributes=True).model_dump(),
        items=[f"{p}/{i}" for p, i in items],
        notices=ids(Notice),
        statements=ids(Statement),
        appeals=ids(Appeal),
        decisions=[
            {
                "id": d.id,
                "outcome": d.outcome,
                "item_id": d.item_id,
                "account_id": d.account_id,
                "decided_by": d.decided_by,
                "decided_at": d.decided_at.isoformat(),
            }
            for d in decisions
        ],
        notes=[{"author": n.author, "text": n.text, "at": n.created_at.isoformat()} for n in notes],
        messages=[
            {"channel": m.channel, "recipient": m.recipient, "subject": m.subject, "at": m.created_at.isoformat()}
            for m in case_messages(session, case_id)
        ],
    )


class Claimed(BaseModel):
    case_id: str
    reviewer: str
    expires_at: datetime


@router.post("/{case_id}/claim", response_model=Claimed)
def claim_case(
    case_id: str, session: DbSession, context: Context, principal: Annotated[Principal, Depends(require(*PEOPLE))]
) -> Claimed:
    claim = review.claim(
        session,
        case_id,
        reviewer=_person(principal),
        now=context.clock.now(),
        minutes=context.settings.review_lock_minutes,
    )
    return Claimed(case_id=case_id, reviewer=claim.reviewer, expires_at=claim.expires_at)


@router.post("/{case_id}/release", status_code=204)
def release_case(
    case_id: str, session: DbSession, context: Context, principal: Annotated[Principal, Depends(require(*PEOPLE))]
) -> None:
    review.require_claim(session, case_id, reviewer=_person(principal), now=context.clock.now())
    review.release(session, case_id, reviewer=_person(principal), now=context.clock.now())


class Reason(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=5000)]


@router.post("/{case_id}/escalate", response_model=CaseSummary)
def escalate_case(
    case_id: str,
    body: Reason,
    session: DbSession,
    context: Context,
    principal: Annotated[Principal, Depends(require(*PEOPLE))],
) -> CaseSummary:
    case = review.escalate(session, case_id, reviewer=_person(principal), reason=body.text, now=context.clock.now())
    return CaseSummary.model_validate(case, from_attributes=True)


@router.post("/{case_id}/notes", status_code=201)
def add_note(
    case_id: str,
    body: Reason,
    session: DbSession,
    context: Context,
    principal: Annotated[Principal, Depends(require(*PEOPLE))],
) -> dict[str, str]:
    note = review.add_note(session, case_id, author=_person(principal), text=body.text, now=context.clock.now())
    return {"id": note.id}


class Decide(BaseModel):
    decisions: Annotated[list[DecisionSpec], Field(min_length=1, max_length=100)]


class Decided(BaseModel):
    decisions: list[str]
    statements: list[str]


@router.post("/{case_id}/decisions", response_model=Decided, status_code=201)
def decide(
    case_id: str,
    body: Decide,
    session: DbSession,
    context: Context,
    principal: Annotated[Principal, Depends(require(*PEOPLE))],
) -> Decided:
    """Decide a claimed case: one decision per item or account (no restriction = no action)."""
    now = context.clock.now()
    review.require_claim(session, case_id, reviewer=_person(principal), now=now)
    case = review.get_case(session, case_id)
    results = decide_case(
        session, case, body.decisions, decided_by=_person(principal), now=now, settings=context.settings
    )
    return Decided(decisions=[d.id for d, _ in results], statements=[s.id for _, s in results if s is not None])
