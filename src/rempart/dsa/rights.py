"""Appeal rights: a secret token per party and decision, valid for the appeal window (Art. 20(1))."""

from __future__ import annotations

import calendar
import hashlib
import secrets
from datetime import datetime

from sqlalchemy.orm import Session

from rempart.dsa.models import AppealRight
from rempart.dsa.schemas import Party


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (or the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def grant_appeal_right(
    session: Session,
    *,
    decision_id: str,
    party: Party,
    now: datetime,
    months: int,
    notice_id: str | None = None,
) -> tuple[str, datetime]:
    """A new token for `party` to contest `decision_id` until the returned moment. Only its digest is kept."""
    token = "apl_" + secrets.token_urlsafe(24)
    until = add_months(now, months)
    session.add(
        AppealRight(
            token_sha256=token_digest(token),
            decision_id=decision_id,
            party=party.value,
            notice_id=notice_id,
            informed_at=now,
            expires_at=until,
        )
    )
    return token, until
