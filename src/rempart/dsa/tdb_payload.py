"""A decision as the Transparency Database's statement JSON (spec §1.4), scrubbed of personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rempart.cases.models import Decision
from rempart.dsa import enums
from rempart.dsa.enums import DecisionGround, SourceType
from rempart.dsa.scrubber import Scrubber


def _day(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment is not None else None


def _restriction(decision: Decision, scrub: Scrubber) -> dict[str, Any]:
    ends = _day(decision.ends_at)
    out: dict[str, Any] = {}
    if decision.decision_visibility:
        out["decision_visibility"] = sorted(set(decision.decision_visibility))
        if enums.VISIBILITY_OTHER in decision.decision_visibility and decision.decision_visibility_other:
            out["decision_visibility_other"] = scrub.scrub(decision.decision_visibility_other)
        out["end_date_visibility_restriction"] = ends
    if decision.decision_monetary:
        out["decision_monetary"] = decision.decision_monetary
        if decision.decision_monetary == enums.MONETARY_OTHER and decision.decision_monetary_other:
            out["decision_monetary_other"] = scrub.scrub(decision.decision_monetary_other)
        out["end_date_monetary_restriction"] = ends
    if decision.decision_provision:
        out["decision_provision"] = decision.decision_provision
        out["end_date_service_restriction"] = ends
    if decision.decision_account:
        out["decision_account"] = decision.decision_account
        out["end_date_account_restriction"] = ends
    return out


def _ground(decision: Decision, scrub: Scrubber) -> dict[str, Any]:
    out: dict[str, Any] = {"decision_ground": decision.decision_ground}
    reference = scrub.scrub(decision.ground_reference or "")
    explanation = scrub.scrub(decision.ground_explanation or "")
    if decision.decision_ground == DecisionGround.ILLEGAL:
        out["illegal_content_legal_ground"] = reference
        out["illegal_content_explanation"] = explanation
    else:
        out["incompatible_content_ground"] = reference
        out["incompatible_content_explanation"] = explanation
        if decision.incompatible_content_illegal:
            out["incompatible_content_illegal"] = decision.incompatible_content_illegal
    if decision.ground_reference_url:
        out["decision_ground_reference_url"] = decision.ground_reference_url
    return out


def _category(decision: Decision, scrub: Scrubber) -> dict[str, Any]:
    out: dict[str, Any] = {"category": decision.category}
    addition = sorted(set(decision.category_addition) - {decision.category})
    if addition:
        out["category_addition"] = addition
    if decision.category_specification:
        out["category_specification"] = sorted(set(decision.category_specification))
        if enums.KEYWORD_OTHER in decision.category_specification and decision.category_specification_other:
            out["category_specification_other"] = scrub.scrub(decision.category_specification_other)
    return out


def statement_json(decision: Decision, *, puid: str, scrub: Scrubber) -> dict[str, Any]:
    """The TDB statement for a restrictive decision; `problems()` of the validator should be empty."""
    language = (decision.content_language or "").upper()
    content_at = decision.content_at or decision.decided_at
    out: dict[str, Any] = {
        "puid": puid,
        **_restriction(decision, scrub),
        **_ground(decision, scrub),
        "content_type": sorted(set(decision.content_type)),
        **_category(decision, scrub),
        "territorial_scope": sorted(set(decision.territorial_scope)),
        "content_date": _day(content_at),
        "application_date": _day(decision.decided_at),
        "decision_facts": scrub.scrub(decision.facts),
        "source_type": decision.source_type,
        "automated_detection": "Yes" if decision.automated_detection else "No",
        "automated_decision": decision.automated_decision,
    }
    if language in enums.LANGUAGES:
        out["content_language"] = language
    if decision.account_type:
        out["account_type"] = decision.account_type
    if decision.source_identity and decision.source_type != SourceType.VOLUNTARY:
        out["source_identity"] = scrub.scrub(decision.source_identity)
    return {key: value for key, value in out.items() if value is not None}
