"""The policy file's shape (Pydantic), and what evaluating a policy proposes.

A policy file has a `version`, the `detectors` it enables (name → the detector's own typed config) and
`policies`: each one rule (a CEL expression) with its DSA category and keywords, its legal or contractual
ground, the action it proposes, the territorial scope and the mode (`enforce`, `queue` or `shadow`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rempart.core import tdb

PolicyId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,99}$")]


class Mode(StrEnum):
    ENFORCE = "enforce"  # fully automated: the action is taken without a human
    QUEUE = "queue"  # a human reviews it first, in priority order
    SHADOW = "shadow"  # evaluated and recorded, never acted on


def _one_of(value: str, allowed: frozenset[str], what: str) -> str:
    if value not in allowed:
        msg = f"{value!r} is not a DSA {what} value"
        raise ValueError(msg)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ground(_Strict):
    """Either the law relied on (`law` and its `article`) or the terms-and-conditions clause (`terms`)."""

    law: str | None = Field(None, max_length=400)
    article: str | None = Field(None, max_length=90)
    terms: str | None = Field(None, max_length=500)
    explanation: str = Field(min_length=1, max_length=2000)
    url: str | None = Field(None, max_length=500, pattern=r"^https?://")

    @model_validator(mode="after")
    def _law_or_terms(self) -> Ground:
        if (self.law is None) == (self.terms is None):
            msg = "give either `law` (with its `article`) or `terms`, not both"
            raise ValueError(msg)
        if self.law is not None and self.article is None:
            msg = "a legal ground needs the `article` relied on"
            raise ValueError(msg)
        if self.terms is not None and self.article is not None:
            msg = "`article` goes with `law`; a contractual ground names its clause in `terms`"
            raise ValueError(msg)
        return self

    @property
    def decision_ground(self) -> str:
        return tdb.GROUND_ILLEGAL if self.law is not None else tdb.GROUND_INCOMPATIBLE

    def statement_fields(self) -> dict[str, str]:
        """The Transparency Database fields of this ground."""
        fields: dict[str, str] = {"decision_ground": self.decision_ground}
        if self.law is not None:
            fields["illegal_content_legal_ground"] = f"{self.article} {self.law}"
            fields["illegal_content_explanation"] = self.explanation
        else:
            fields["incompatible_content_ground"] = self.terms or ""
            fields["incompatible_content_explanation"] = self.explanation
        if self.url is not None:
            fields["decision_ground_reference_url"] = self.url
        return fields


class Action(_Strict):
    """The restriction proposed, with the Transparency Database's values; `duration_days` sets end dates."""

    decision_visibility: list[str] = Field(default_factory=list)
    decision_visibility_other: str | None = Field(None, max_length=500)
    decision_account: str | None = None
    decision_monetary: str | None = None
    decision_monetary_other: str | None = Field(None, max_length=500)
    decision_provision: str | None = None
    duration_days: Annotated[int, Field(gt=0, le=3650)] | None = None

    @field_validator("decision_visibility")
    @classmethod
    def _visibility(cls, values: list[str]) -> list[str]:
        return sorted({_one_of(v, tdb.DECISION_VISIBILITIES, "decision_visibility") for v in values})

    @field_validator("decision_account")
    @classmethod
    def _account(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, tdb.DECISION_ACCOUNTS, "decision_account")

    @field_validator("decision_monetary")
    @classmethod
    def _monetary(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, tdb.DECISION_MONETARIES, "decision_monetary")

    @field_validator("decision_provision")
    @classmethod
    def _provision(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, tdb.DECISION_PROVISIONS, "decision_provision")

    @model_validator(mode="after")
    def _some_restriction(self) -> Action:
        if not (self.decision_visibility or self.decision_account or self.decision_monetary or self.decision_provision):
            msg = (
                "an action needs at least one of decision_visibility, decision_account, "
                "decision_monetary, decision_provision"
            )
            raise ValueError(msg)
        if ("DECISION_VISIBILITY_OTHER" in self.decision_visibility) != (self.decision_visibility_other is not None):
            msg = "decision_visibility_other describes DECISION_VISIBILITY_OTHER: give both or neither"
            raise ValueError(msg)
        if (self.decision_monetary == "DECISION_MONETARY_OTHER") != (self.decision_monetary_other is not None):
            msg = "decision_monetary_other describes DECISION_MONETARY_OTHER: give both or neither"
            raise ValueError(msg)
        return self


class PolicyRule(_Strict):
    id: PolicyId
    description: str = Field(min_length=1, max_length=4000)
    category: str
    category_specification: list[str] = Field(default_factory=list)
    ground: Ground
    rule: str = Field(min_length=1, max_length=4000)
    action: Action
    territorial_scope: Literal["EEA", "EU"] | list[str] = "EEA"
    mode: Mode
    priority: Annotated[int, Field(ge=0, le=1000)] = 100

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        return _one_of(value, tdb.STATEMENT_CATEGORIES, "category")

    @field_validator("category_specification")
    @classmethod
    def _keywords(cls, values: list[str]) -> list[str]:
        return sorted({_one_of(v, tdb.KEYWORDS, "category_specification keyword") for v in values})

    @field_validator("territorial_scope")
    @classmethod
    def _countries(cls, value: str | list[str]) -> str | list[str]:
        if isinstance(value, str):
            return value
        if not value:
            msg = "name at least one member state, or use EEA or EU"
            raise ValueError(msg)
        for code in value:
            if code == "EL":
                msg = "Greece is GR in the Transparency Database, not EL"
                raise ValueError(msg)
            if code not in tdb.EEA_COUNTRIES:
                msg = f"{code!r} is not an EEA member state code (ISO 3166-1 alpha-2, upper case)"
                raise ValueError(msg)
        return sorted(set(value))

    def countries(self) -> list[str]:
        if self.territorial_scope == "EEA":
            return sorted(tdb.EEA_COUNTRIES)
        if self.territorial_scope == "EU":
            return sorted(tdb.EU_COUNTRIES)
        return list(self.territorial_scope)


class PolicyFile(_Strict):
    version: Annotated[str, Field(min_length=1, max_length=100)]
    description: str | None = None
    detectors: dict[str, dict[str, Any] | None] = Field(default_factory=dict)
    policies: Annotated[list[PolicyRule], Field(min_length=1)]


@dataclass(frozen=True, slots=True)
class Proposal:
    """What one rule proposes for one item, with the provenance to explain it later."""

    policy: str
    policy_version: str
    category: str
    category_specification: list[str]
    mode: Mode
    decision_ground: str
    action: dict[str, Any]
    territorial_scope: list[str]
    priority: int
    signals: list[dict[str, Any]] = field(default_factory=list)
    detector_versions: dict[str, str] = field(default_factory=dict)

    @property
    def decision_visibility(self) -> list[str]:
        visibility: list[str] = self.action.get("decision_visibility", [])
        return visibility

    def summary(self) -> dict[str, Any]:
        """The public shape used by `rempart scan --out`."""
        return {
            "policy": self.policy,
            "category": self.category,
            "category_specification": self.category_specification,
            "mode": self.mode.value,
            "decision_visibility": self.decision_visibility,
            "territorial_scope": self.territorial_scope,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "policy_version": self.policy_version,
            "decision_ground": self.decision_ground,
            "action": self.action,
            "priority": self.priority,
            "signals": self.signals,
            "detector_versions": self.detector_versions,
        }
