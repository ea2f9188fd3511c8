"""Creating and checking credentials.

API keys are 256-bit random secrets, so a SHA-256 digest is a safe and fast way to store them (a
per-request password hash would cost tens of milliseconds). Console passwords, chosen by people, are
hashed with Argon2id.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.auth.models import ApiKey, User
from rempart.auth.schemas import Principal, Role
from rempart.core.errors import Conflict, InvalidInput
from rempart.core.ids import new_id

KEY_PREFIX = "rmp"
_hasher = PasswordHasher()


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(
    session: Session, *, name: str, role: Role, now: datetime, subject: str | None = None
) -> tuple[ApiKey, str]:
    """Store a new key and return it with the plain token, which is shown once and never stored."""
    key_id = new_id()
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        id=key_id,
        name=name,
        role=role.value,
        subject=subject,
        secret_sha256=_sha256(secret),
        created_at=now,
        revoked_at=None,
    )
    session.add(key)
    return key, f"{KEY_PREFIX}_{key_id}_{secret}"


def authenticate_api_key(session: Session, token: str) -> Principal | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    key = session.get(ApiKey, parts[1])
    if key is None or key.revoked_at is not None:
        return None
    if not hmac.compare_digest(key.secret_sha256, _sha256(parts[2])):
        return None
    return Principal(id=key.id, name=key.name, role=Role(key.role), subject=key.subject)


def revoke_api_key(session: Session, key_id: str, now: datetime) -> bool:
    key = session.get(ApiKey, key_id)
    if key is None or key.revoked_at is not None:
        return False
    key.revoked_at = now
    return True


def create_user(session: Session, *, email: str, password: str, role: Role, now: datetime) -> User:
    if len(password) < 12:
        raise InvalidInput("password too short", code="invalid_input")
    if session.scalar(select(User).where(User.email == email.lower())) is not None:
        raise Conflict(f"a user with e-mail {email} exists")
    user = User(
        id=new_id(),
        email=email.lower(),
        role=role.value,
        password_argon2=_hasher.hash(password),
        active=True,
        created_at=now,
    )
    session.add(user)
    return user


def authenticate_user(session: Session, email: str, password: str) -> Principal | None:
    user = session.scalar(select(User).where(User.email == email.lower(), User.active.is_(True)))
    if user is None:
        _hasher.hash(password)  # spend the same time whether or not the user exists
        return None
    try:
        _hasher.verify(user.password_argon2, password)
    except (VerificationError, InvalidHashError):
        return None
    return Principal(id=user.id, name=user.email, role=Role(user.role))
