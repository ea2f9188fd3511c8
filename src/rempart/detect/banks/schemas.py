"""Boundary types for hash banks: what is created, added, listed and summarised."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

# Measured on real posts (see detect.banks.minhash): copies with 20 % of their words edited stay above 0.36,
# unrelated posts on the same topic below 0.3.
DEFAULT_JACCARD_THRESHOLD = 0.35
DEFAULT_PDQ_DISTANCE = 31

BankName = Annotated[
    str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$", description="lower-case; the label is bank.NAME")
]


class BankKind(StrEnum):
    TEXT = "text"
    PDQ = "pdq"


class BankCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: BankName
    kind: BankKind
    description: str = ""
    threshold: float | None = Field(
        None,
        description="text: the Jaccard similarity a near-duplicate needs (0-1, default 0.35); "
        "pdq: the largest Hamming distance that matches (0-63, default 31)",
    )


class BankView(BaseModel):
    id: str
    name: str
    kind: BankKind
    description: str
    jaccard_threshold: float | None
    pdq_distance: int | None
    version: int
    active_entries: int
    created_at: datetime
    created_by: str


class EntryInput(BaseModel):
    """One entry: a text, or a PDQ hash (hex), or an image (base64) whose PDQ hash is computed."""

    model_config = ConfigDict(extra="forbid")

    value: str | None = Field(None, min_length=1, max_length=100_000)
    image_base64: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class EntryView(BaseModel):
    id: str
    bank: str
    value: str
    details: dict[str, Any]
    added_at: datetime
    added_by: str
    removed_at: datetime | None
    removed_by: str | None


class Problem(BaseModel):
    """An input line (1-based) or batch index (0-based) that was left out, and why."""

    line: int
    reason: str


class AddSummary(BaseModel):
    read: int = 0
    added: int = 0
    duplicate: int = 0
    rejected: int = 0
    retro_matches: int = 0
    cases_opened: int = 0
    problems: list[Problem] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return self.model_dump(exclude={"problems"})
