"""Credentials for someone trying the demo: one API key per role, and a console user.

The keys are new at each `rempart demo run` (shown once, as `rempart keys create` does); the console user
is created once, and its password shown only then.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.auth.models import User
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key, create_user
from rempart.dsa.models import TrustedFlagger

CONSOLE_EMAIL = "moderator@demo.rempart.example"


def demo_keys(session: Session, now: datetime) -> dict[str, str]:
    """Role → a new key named `demo <role>`; the trusted flagger's acts for the first registered flagger."""
    flagger = session.scalar(select(TrustedFlagger.id).where(TrustedFlagger.active).order_by(TrustedFlagger.name))
    keys = {}
    for role in Role:
        if role is Role.TRUSTED_FLAGGER and flagger is None:
            continue
        subject = flagger if role is Role.TRUSTED_FLAGGER else None
        _, token = create_api_key(session, name=f"demo {role.value}", role=role, now=now, subject=subject)
        keys[role.value] = token
    return keys


def console_user(session: Session, now: datetime) -> dict[str, str | None]:
    """The demo's console user: its password if created now, None if it existed already."""
    if session.scalar(select(User.id).where(User.email == CONSOLE_EMAIL)) is not None:
        return {"email": CONSOLE_EMAIL, "password": None}
    password = secrets.token_urlsafe(12)
    create_user(session, email=CONSOLE_EMAIL, password=password, role=Role.MODERATOR, now=now)
    return {"email": CONSOLE_EMAIL, "password": password}
