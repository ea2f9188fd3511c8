"""The errors every domain raises; the API turns them into one envelope."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One thing wrong with one field of an input."""

    field: str
    problem: str


@dataclass(slots=True)
class RempartError(Exception):
    """Base error: a stable machine code, a human message and per-field details."""

    message: str
    details: list[FieldProblem] = field(default_factory=list)
    code: str = "error"
    http_status: int = 400

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + ": " + "; ".join(f"{d.field}: {d.problem}" for d in self.details)


@dataclass(slots=True)
class InvalidInput(RempartError):
    code: str = "invalid_input"
    http_status: int = 422


@dataclass(slots=True)
class NotFound(RempartError):
    code: str = "not_found"
    http_status: int = 404


@dataclass(slots=True)
class Conflict(RempartError):
    code: str = "conflict"
    http_status: int = 409


@dataclass(slots=True)
class Unauthenticated(RempartError):
    code: str = "unauthenticated"
    http_status: int = 401


@dataclass(slots=True)
class Forbidden(RempartError):
    code: str = "forbidden"
    http_status: int = 403


@dataclass(slots=True)
class RateLimited(RempartError):
    code: str = "rate_limited"
    http_status: int = 429
