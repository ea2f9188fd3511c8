"""Measures against misuse (Art. 23): a warning first, then a suspension for a set period.

Counted over the last `misuse_window_days`: manifestly illegal items per account (decisions marked
`manifestly_illegal`), manifestly unfounded notices per notifier e-mail, manifestly unfounded complaints per
complainant. At `threshold` the subject is warned; a further one after the warning, while the count is
still at or above the threshold, suspends it for `misuse_suspension_days`. Each suspension is a decision
with a statement of reasons: an account suspension (`DECISION_ACCOUNT_SUSPENDED`) for accounts, a partial
suspension of the service (the processing of their notices or complaints) for notifiers and complainants.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.cases.enforcement import notify_platform
from rempart.cases.models import Decision
from rempart.cases.schemas import CaseSource
from rempart.cases.service import open_case
from rempart.core.errors import Forbidden
from rempart.core.ids import new_id
from rempart.core.settings import Settings
from rempart.dsa import enums
from rempart.dsa.mail import send_email
from rempart.dsa.models import Appeal, MisuseMeasure, Notice
from rempart.dsa.schemas import DecisionSpec, Restriction

ILLEGAL_CONTENT = "illegal_content"
UNFOUNDED_NOTICES = "unfounded_notices"
UNFOUNDED_COMPLAINTS = "unfounded_complaints"
NOTIFIER_PLATFORM = "notice-mechanism"


def active_suspension(session: Session, kind: str, subject: str, now: datetime) -> MisuseMeasure | None:
    return session.scalar(
        select(MisuseMeasure)
        .where(
            MisuseMeasure.kind == kind,
            MisuseMeasure.subject == subject,
            MisuseMeasure.measure == "suspension",
            MisuseMeasure.ends_at > now,
        )
        .limit(1)
    )


def refuse_if_suspended(session: Session, kind: str, subject: str | None, now: datetime) -> None:
    if subject is None:
        return
    suspension = active_suspension(session, kind, subject.lower(), now)
    if suspension is not None and suspension.ends_at is not None:
        what = "notices" if kind == UNFOUNDED_NOTICES else "complaints"
        raise Forbidden(
            f"the processing of your {what} is suspended until {suspension.ends_at.date().isoformat()} "
            "(Art. 23 DSA) after repeated manifestly unfounded submissions"
        )


def _last_warning(session: Session, kind: str, subject: str, since: datetime) -> MisuseMeasure | None:
    return session.scalar(
        select(MisuseMeasure)
        .where(
            MisuseMeasure.kind == kind,
            MisuseMeasure.subject == subject,
            MisuseMeasure.measure == "warning",
            MisuseMeasure.at >= since,
        )
        .order_by(MisuseMeasure.at.desc())
        .limit(1)
    )


def _measure(
    session: Session,
    kind: str,
    subject: str,
    measure: str,
    *,
    count: int,
    now: datetime,
    ends_at: datetime | None = None,
    decision_id: str | None = None,
) -> MisuseMeasure:
    row = MisuseMeasure(
        id=new_id("mis"),
        kind=kind,
        subject=subject,
        measure=measure,
        at=now,
        ends_at=ends_at,
        count=count,
        decision_id=decision_id,
    )
    session.add(row)
    audit.record(
        session,
        actor="system",
        action=f"misuse.{measure}",
        now=now,
        data={"kind": kind, "measure_id": row.id, "count": count},
    )
    return row


def _step(
    session: Session,
    kind: str,
    subject: str,
    events_since: list[datetime],
    *,
    threshold: int,
    settings: Settings,
    now: datetime,
) -> str | None:
    """`warning`, `suspension` or None: what the latest event calls for."""
    if len(events_since) < threshold or active_suspension(session, kind, subject, now) is not None:
        return None
    window_start = now - timedelta(days=settings.misuse_window_days)
    warning = _last_warning(session, kind, subject, window_start)
    if warning is None:
        return "warning"
    return "suspension" if any(at > warning.at for at in events_since) else None


def _suspend(
    session: Session,
    *,
    kind: str,
    subject: str,
    platform: str,
    account_id: str,
    count: int,
    settings: Settings,
    now: datetime,
    category: str,
) -> Decision:
    from rempart.dsa.decisions import record_decision

    ends = (now + timedelta(days=settings.misuse_suspension_days)).date()
    what = {
        ILLEGAL_CONTENT: "manifestly illegal content",
        UNFOUNDED_NOTICES: "manifestly unfounded notices",
        UNFOUNDED_COMPLAINTS: "manifestly unfounded complaints",
    }[kind]
    restriction = (
        Restriction(decision_account=enums.ACCOUNT_SUSPENDED, ends_on=ends)
        if kind == ILLEGAL_CONTENT
        else Restriction(decision_provision=enums.PROVISION_PARTIAL_SUSPENSION, ends_on=ends)
    )
    spec = DecisionSpec(
        platform=platform,
        account_id=account_id,
        restriction=restriction,
        decision_ground=enums.DecisionGround.INCOMPATIBLE,
        category=category,
        ground_reference="Terms and conditions, measures against misuse (Article 23 DSA)",
        ground_explanation=f"After a prior warning, {count} instances of {what} within "
        f"{settings.misuse_window_days} days; suspension for {settings.misuse_suspension_days} days.",
        facts=f"Repeated provision of {what} ({count} in {settings.misuse_window_days} days) after a warning.",
    )
    case = open_case(
        session,
        source=CaseSource.DETECTION,
        title=f"Art. 23 suspension ({what})",
        now=now,
        accounts=[(platform, account_id)],
        category=category,
    )
    decision, _ = record_decision(session, case, spec, decided_by="system", now=now, settings=settings)
    _measure(
        session, kind, subject, "suspension", count=count, now=now, ends_at=decision.ends_at, decision_id=decision.id
    )
    return decision


def note_illegal_content(session: Session, decision: Decision, *, settings: Settings, now: datetime) -> None:
    """After a decision marked manifestly illegal: warn or suspend the account."""
    assert decision.account_id is not None
    subject = f"{decision.platform}/{decision.account_id}"
    since = now - timedelta(days=settings.misuse_window_days)
    session.flush()
    events = list(
        session.scalars(
            select(Decision.decided_at).where(
                Decision.platform == decision.platform,
                Decision.account_id == decision.account_id,
                Decision.manifestly_illegal.is_(True),
                Decision.decided_at >= since,
            )
        )
    )
    step = _step(
        session,
        ILLEGAL_CONTENT,
        subject,
        events,
        threshold=settings.misuse_illegal_content_threshold,
        settings=settings,
        now=now,
    )
    if step == "warning":
        _measure(session, ILLEGAL_CONTENT, subject, "warning", count=len(events), now=now)
        notify_platform(
            session,
            event="misuse.warning",
            key=f"misuse.warning:{subject}:{now.isoformat()}",
            now=now,
            data={
                "platform": decision.platform,
                "account_id": decision.account_id,
                "reason": "repeated manifestly illegal content (Art. 23(1) DSA)",
            },
        )
    elif step == "suspension":
        _suspend(
            session,
            kind=ILLEGAL_CONTENT,
            subject=subject,
            platform=decision.platform,
            account_id=decision.account_id,
            count=len(events),
            settings=settings,
            now=now,
            category=decision.category or "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
        )


def _note_submitter(
    session: Session, kind: str, email: str, events: list[datetime], *, settings: Settings, now: datetime
) -> None:
    subject = email.lower()
    step = _step(
        session, kind, subject, events, threshold=settings.misuse_unfounded_threshold, settings=settings, now=now
    )
    what = "notices" if kind == UNFOUNDED_NOTICES else "complaints"
    if step == "warning":
        _measure(session, kind, subject, "warning", count=len(events), now=now)
        send_email(
            session,
            case_id=None,
            to=email,
            key=f"misuse.warning:{kind}:{subject}:{now.isoformat()}",
            subject=f"Warning: manifestly unfounded {what}",
            body=f"You sent {len(events)} manifestly unfounded {what} in {settings.misuse_window_days} days. "
            "If this continues, we will suspend the processing of your "
            f"{what} for {settings.misuse_suspension_days} days (Art. 23(2) DSA).",
            now=now,
        )
    elif step == "suspension":
        account = "notifier-" + hashlib.sha256(subject.encode()).hexdigest()[:16]
        decision = _suspend(
            session,
            kind=kind,
            subject=subject,
            platform=NOTIFIER_PLATFORM,
            account_id=account,
            count=len(events),
            settings=settings,
            now=now,
            category="STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
        )
        send_email(
            session,
            case_id=decision.case_id,
            to=email,
            key=f"misuse.suspension:{decision.id}",
            subject=f"The processing of your {what} is suspended",
            body=f"After a warning, we suspended the processing of your {what} until "
            f"{decision.ends_at.date().isoformat() if decision.ends_at else ''} (Art. 23(2) DSA). "
            "You may contest this decision.",
            now=now,
        )


def note_unfounded_notice(session: Session, notice: Notice, *, settings: Settings, now: datetime) -> None:
    if not notice.notifier_email:
        return
    since = now - timedelta(days=settings.misuse_window_days)
    session.flush()
    events = list(
        session.scalars(
            select(Notice.received_at).where(
                func.lower(Notice.notifier_email) == notice.notifier_email.lower(),
                Notice.manifestly_unfounded.is_(True),
                Notice.received_at >= since,
            )
        )
    )
    _note_submitter(session, UNFOUNDED_NOTICES, notice.notifier_email, events, settings=settings, now=now)


def note_unfounded_complaint(session: Session, appeal: Appeal, *, settings: Settings, now: datetime) -> None:
    if not appeal.complainant:
        return
    since = now - timedelta(days=settings.misuse_window_days)
    session.flush()
    events = list(
        session.scalars(
            select(Appeal.received_at).where(
                func.lower(Appeal.complainant) == appeal.complainant.lower(),
                Appeal.manifestly_unfounded.is_(True),
                Appeal.received_at >= since,
            )
        )
    )
    _note_submitter(session, UNFOUNDED_COMPLAINTS, appeal.complainant, events, settings=settings, now=now)
