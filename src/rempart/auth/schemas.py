"""Roles and the authenticated principal."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MODERATOR = "moderator"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    PLATFORM = "platform"
    TRUSTED_FLAGGER = "trusted_flagger"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the key or user id, its name, role and (for flaggers) whom it acts for."""

    id: str
    name: str
    role: Role
    subject: str | None = None
