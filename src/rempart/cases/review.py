"""The review queue: priority, claim and lock, escalation and internal notes.

Order: trusted-flagger work first, then severity (higher first), then age (older first). `priority`
encodes the first two (lower sorts first: `queue_priority`); `opened_at` the third. A claim locks a case
for one reviewer until it expires; another reviewer may take it only after that.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.cases.models import Case, CaseNote, ReviewClaim
from rempart.cases.schemas import CaseStatus
from rempart.core.errors import Conflict, InvalidInput, NotFound
from rempart.core.ids import new_id

REVIEWABLE = (CaseStatus.OPEN.value, CaseStatus.IN_REVIEW.value, CaseStatus.ESCALATED.value)


def queue_priority(*, trusted_flagger: bool, severity: int) -> int:
    """Trusted-flagger cases get 0..100, others 1000..1100; higher severity (0..100) sorts first."""
    severity = max(0, min(100, severity))
    return (0 if trusted_flagger else 1000) + (100 - severity)


def get_case(session: Session, case_id: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    return case


def queue(session: Session, *, now: datetime, reviewer: str | None = None, limit: int = 50) -> list[Case]:
    """Cases waiting for a decision that `reviewer` may take (unclaimed, claim expired, or their own)."""
    free = or_(ReviewClaim.case_id.is_(None), ReviewClaim.expires_at <= now)
    if reviewer is not None:
        free = or_(free, ReviewClaim.reviewer == reviewer)
    return list(
        session.scalars(
            select(Case)
            .outerjoin(ReviewClaim, ReviewClaim.case_id == Case.id)
            .where(and_(Case.status.in_(REVIEWABLE), free))
            .order_by(Case.priority, Case.opened_at, Case.id)
            .limit(limit)
        )
    )


def claim(session: Session, case_id: str, *, reviewer: str, now: datetime, minutes: int = 30) -> ReviewClaim:
    case = get_case(session, case_id)
    if case.status not in REVIEWABLE:
        raise Conflict(f"case {case_id} is {case.status}, not waiting for review")
    current = session.get(ReviewClaim, case_id)
    if current is not None and current.reviewer != reviewer and current.expires_at > now:
        raise Conflict(f"case {case_id} is claimed by {current.reviewer} until {current.expires_at.isoformat()}")
    if current is None:
        current = ReviewClaim(case_id=case_id, reviewer=reviewer, claimed_at=now, expires_at=now)
        session.add(current)
    current.reviewer, current.claimed_at = reviewer, now
    current.expires_at = now + timedelta(minutes=minutes)
    case.status = CaseStatus.IN_REVIEW.value
    audit.record(
        session,
        actor=reviewer,
        action="case.claimed",
        now=now,
        case_id=case_id,
        data={"expires_at": current.expires_at.isoformat()},
    )
    return current


def require_claim(session: Session, case_id: str, *, reviewer: str, now: datetime) -> None:
    """Deciding needs a live claim on the case by the same reviewer."""
    current = session.get(ReviewClaim, case_id)
    if current is None or current.reviewer != reviewer or current.expires_at <= now:
        raise Conflict(f"claim case {case_id} before deciding it (the lock is missing, someone else's, or expired)")


def release(session: Session, case_id: str, *, reviewer: str, now: datetime) -> None:
    current = session.get(ReviewClaim, case_id)
    if current is None:
        return
    session.delete(current)
    audit.record(session, actor=reviewer, action="case.released", now=now, case_id=case_id)


def escalate(session: Session, case_id: str, *, reviewer: str, reason: str, now: datetime) -> Case:
    if not reason.strip():
        raise InvalidInput("an escalation needs a reason", [])
    case = get_case(session, case_id)
    require_claim(session, case_id, reviewer=reviewer, now=now)
    case.status = CaseStatus.ESCALATED.value
    case.priority = max(0, case.priority - 50)
    add_note(session, case_id, author=reviewer, text=f"Escalated: {reason}", now=now)
    release(session, case_id, reviewer=reviewer, now=now)
    audit.record(session, actor=reviewer, action="case.escalated", now=now, case_id=case_id, data={"reason": reason})
    return case


def add_note(session: Session, case_id: str, *, author: str, text: str, now: datetime) -> CaseNote:
    get_case(session, case_id)
    note = CaseNote(id=new_id("note"), case_id=case_id, author=author, text=text, created_at=now)
    session.add(note)
    audit.record(session, actor=author, action="case.note", now=now, case_id=case_id, data={"note_id": note.id})
    return note
