"""Boundary types of the DSA chain (Pydantic only)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rempart.dsa import enums
from rempart.dsa.enums import AutomatedDecision, DecisionGround, SourceType

Text500 = Annotated[str, Field(min_length=1, max_length=500)]


def _members(values: list[str], allowed: frozenset[str], what: str) -> list[str]:
    wrong = [v for v in values if v not in allowed]
    if wrong:
        msg = f"not accepted {what}: {', '.join(wrong)}"
        raise ValueError(msg)
    return sorted(set(values))


class Restriction(BaseModel):
    """The restriction imposed (Art. 17(1)(a)-(d)), in the Transparency Database's values."""

    model_config = ConfigDict(extra="forbid")

    decision_visibility: list[str] = []
    decision_visibility_other: Text500 | None = None
    decision_monetary: str | None = None
    decision_monetary_other: Text500 | None = None
    decision_provision: str | None = None
    decision_account: str | None = None
    ends_on: date | None = None

    @field_validator("decision_visibility")
    @classmethod
    def _visibility(cls, value: list[str]) -> list[str]:
        return _members(value, enums.DECISION_VISIBILITIES, "decision_visibility values")

    @model_validator(mode="after")
    def _consistent(self) -> Restriction:
        checks = (
            (self.decision_monetary, enums.DECISION_MONETARIES, "decision_monetary"),
            (self.decision_provision, enums.DECISION_PROVISIONS, "decision_provision"),
            (self.decision_account, enums.DECISION_ACCOUNTS, "decision_account"),
        )
        for value, allowed, name in checks:
            if value is not None and value not in allowed:
                msg = f"{name}: {value!r} is not an accepted value"
                raise ValueError(msg)
        if not (self.decision_visibility or self.decision_monetary or self.decision_provision or self.decision_account):
            msg = "a restriction needs at least one of decision_visibility, decision_monetary, decision_provision, "
            raise ValueError(msg + "decision_account")
        if (enums.VISIBILITY_OTHER in self.decision_visibility) != (self.decision_visibility_other is not None):
            raise ValueError("decision_visibility_other is needed with DECISION_VISIBILITY_OTHER, and only then")
        if (self.decision_monetary == enums.MONETARY_OTHER) != (self.decision_monetary_other is not None):
            raise ValueError("decision_monetary_other is needed with DECISION_MONETARY_OTHER, and only then")
        return self


class DecisionSpec(BaseModel):
    """A decision on one item (`item_id`) or one account (`account_id`); `restriction` None = no action."""

    model_config = ConfigDict(extra="forbid")

    platform: Annotated[str, Field(min_length=1, max_length=64)]
    item_id: str | None = None
    account_id: str | None = None
    restriction: Restriction | None = None
    decision_ground: DecisionGround | None = None
    ground_reference: Text500 | None = None
    ground_explanation: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    ground_reference_url: Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")] | None = None
    incompatible_content_illegal: enums.YesNo | None = None
    category: str | None = None
    category_addition: list[str] = []
    category_specification: list[str] = []
    category_specification_other: Text500 | None = None
    content_type: list[str] = ["CONTENT_TYPE_TEXT"]
    account_type: str | None = None
    territorial_scope: list[str] = Field(default_factory=lambda: sorted(enums.EU_COUNTRIES))
    facts: Annotated[str, Field(max_length=5000)] = ""
    source_type: SourceType = SourceType.VOLUNTARY
    source_identity: Text500 | None = None
    automated_detection: bool = False
    automated_decision: AutomatedDecision = AutomatedDecision.NOT_AUTOMATED
    manifestly_illegal: bool = False

    @field_validator("category")
    @classmethod
    def _category(cls, value: str | None) -> str | None:
        if value is not None and value not in enums.CATEGORIES:
            msg = f"{value!r} is not a Transparency Database category"
            raise ValueError(msg)
        return value

    @field_validator("category_addition")
    @classmethod
    def _addition(cls, value: list[str]) -> list[str]:
        return _members(value, enums.CATEGORIES, "categories")

    @field_validator("category_specification")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        return _members(value, enums.KEYWORDS, "keywords")

    @field_validator("content_type")
    @classmethod
    def _content_type(cls, value: list[str]) -> list[str]:
        return _members(value, enums.CONTENT_TYPES, "content types")

    @field_validator("territorial_scope")
    @classmethod
    def _scope(cls, value: list[str]) -> list[str]:
        upper = [v.upper() for v in value]
        if "EL" in upper:
            raise ValueError("Greece is GR (ISO 3166-1), not EL")
        return _members(upper, enums.COUNTRIES, "member state codes")

    @field_validator("account_type")
    @classmethod
    def _account_type(cls, value: str | None) -> str | None:
        if value is not None and value not in enums.ACCOUNT_TYPES:
            msg = f"{value!r} is not an accepted account type"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _complete(self) -> DecisionSpec:
        if (self.item_id is None) == (self.account_id is None):
            raise ValueError("a decision is on one item (item_id) or one account (account_id)")
        if self.restriction is None:
            return self
        missing = [
            name
            for name in ("decision_ground", "ground_reference", "ground_explanation", "category")
            if getattr(self, name) is None
        ]
        if missing:
            msg = f"a restrictive decision needs {', '.join(missing)}"
            raise ValueError(msg)
        if not self.territorial_scope:
            raise ValueError("territorial_scope: name the member states where the restriction applies")
        if not self.facts.strip():
            raise ValueError("facts: describe the facts and circumstances (Art. 17(3)(b))")
        return self


class AppealOutcome(StrEnum):
    UPHELD = "upheld"
    PARTIALLY_REVERSED = "partially_reversed"
    REVERSED = "reversed"


class Party(StrEnum):
    AFFECTED = "affected"
    NOTIFIER = "notifier"


class NoticeInput(BaseModel):
    """The Art. 16(2) elements, as the form and `POST /v1/notices` take them."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    explanation: Annotated[str, Field(min_length=10, max_length=5000)]
    urls: Annotated[list[str], Field(min_length=1, max_length=100)]
    name: Annotated[str, Field(max_length=300)] | None = None
    email: Annotated[str, Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    category: str
    category_specification: list[str] = []
    bona_fide: bool

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        if value not in enums.CATEGORIES:
            msg = f"{value!r} is not a category; use one of the Transparency Database's values"
            raise ValueError(msg)
        return value

    @field_validator("category_specification")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        return _members(value, enums.KEYWORDS, "keywords")

    @field_validator("urls")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        urls = [u.strip() for u in value if u.strip()]
        bad = [u for u in urls if not u.startswith(("https://", "http://")) or " " in u or len(u) > 2000]
        if bad:
            msg = f"not a web address: {', '.join(bad[:5])}"
            raise ValueError(msg)
        if not urls:
            raise ValueError("name at least one exact URL")
        return list(dict.fromkeys(urls))

    @field_validator("bona_fide")
    @classmethod
    def _bona_fide(cls, value: bool) -> bool:
        if not value:
            raise ValueError("confirm that you believe in good faith that the notice is accurate and complete")
        return value

    @property
    def is_csam(self) -> bool:
        return enums.CSAM_KEYWORD in self.category_specification

    @model_validator(mode="after")
    def _contact(self) -> NoticeInput:
        if not self.is_csam:
            if not self.name:
                raise ValueError("name: is required (optional only for child sexual abuse material)")
            if not self.email:
                raise ValueError("email: is required (optional only for child sexual abuse material)")
        return self


class AppealInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    token: Annotated[str, Field(min_length=10, max_length=200)]
    explanation: Annotated[str, Field(min_length=10, max_length=5000)]
    email: Annotated[str, Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None


class AppealDecisionInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: AppealOutcome
    reason: Annotated[str, Field(min_length=5, max_length=2000)]
    # For a partial reversal: the restriction that replaces the old one.
    restriction: Restriction | None = None
    manifestly_unfounded: bool = False


class OdsInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    decision_id: str | None = None
    body: Annotated[str, Field(min_length=2, max_length=300)]
    submitted_at: datetime
    closed_at: datetime | None = None
    outcome: Annotated[str, Field(pattern=r"^(upheld|partially_reversed|reversed|omitted)$")]
    implemented: bool = False
