"""Fully automated decisions from the policy's `enforce` proposals (the integrator calls this after
`record_proposals`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from rempart.cases.models import Decision, ProposalRow
from rempart.cases.review import get_case
from rempart.cases.schemas import CaseSource
from rempart.cases.service import open_case
from rempart.core.settings import Settings
from rempart.dsa import enums
from rempart.dsa.decisions import decide_case
from rempart.dsa.enums import AutomatedDecision, DecisionGround, SourceType
from rempart.dsa.schemas import DecisionSpec, Restriction
from rempart.items.schemas import ItemKey

RESTRICTION_KEYS = tuple(Restriction.model_fields)


def _restriction(action: dict[str, Any]) -> Restriction:
    values = {k: v for k, v in action.items() if k in RESTRICTION_KEYS and v not in (None, [], "")}
    ends = action.get("ends_on") or action.get("end_date")
    if ends:
        values["ends_on"] = date.fromisoformat(str(ends)[:10])
    return Restriction.model_validate(values)


def proposal_spec(proposal: ProposalRow) -> DecisionSpec:
    action = proposal.action or {}
    labels = sorted({str(s.get("label")) for s in proposal.signals if s.get("label")})
    detectors = sorted({f"{s.get('detector')} {s.get('detector_version', '')}".strip() for s in proposal.signals})
    illegal = proposal.decision_ground == DecisionGround.ILLEGAL
    category_label = enums.labels("STATEMENT_CATEGORIES").get(proposal.category, proposal.category)
    reference = (
        action.get("legal_ground")
        or action.get("ground_reference")
        or (
            f"Law applicable in {', '.join(proposal.territorial_scope) or 'the EU'} on {category_label.lower()}"
            if illegal
            else f"Terms and conditions: {category_label}"
        )
    )
    explanation = action.get("explanation") or (
        f"Automated detection ({', '.join(detectors) or 'detectors'}) found {', '.join(labels) or 'a match'}; "
        f"policy {proposal.policy_id} version {proposal.policy_version} enforces this automatically."
    )
    return DecisionSpec(
        platform=proposal.platform,
        item_id=proposal.item_id,
        restriction=_restriction(action),
        decision_ground=DecisionGround(proposal.decision_ground),
        ground_reference=str(reference)[:500],
        ground_explanation=str(explanation)[:2000],
        category=proposal.category,
        category_specification=proposal.category_specification,
        territorial_scope=proposal.territorial_scope or sorted(enums.EU_COUNTRIES),
        facts=f"Content detected automatically ({', '.join(labels) or 'policy match'}) and restricted under "
        f"policy {proposal.policy_id} {proposal.policy_version}.",
        source_type=SourceType.VOLUNTARY,
        automated_detection=True,
        automated_decision=AutomatedDecision.FULLY,
    )


def decide_automatically(
    session: Session, proposal: ProposalRow, now: datetime, settings: Settings | None = None
) -> Decision:
    """A fully automated decision and its statement for an `enforce` proposal, in the caller's transaction."""
    settings = settings or Settings()
    if proposal.case_id is not None:
        case = get_case(session, proposal.case_id)
    else:
        case = open_case(
            session,
            source=CaseSource.DETECTION,
            title=f"{proposal.policy_id}: {proposal.category}",
            now=now,
            items=[ItemKey(platform=proposal.platform, id=proposal.item_id)],
            category=proposal.category,
            category_specification=proposal.category_specification,
        )
        proposal.case_id = case.id
    [(decision, _)] = decide_case(
        session, case, [proposal_spec(proposal)], decided_by=f"policy:{proposal.policy_id}", now=now, settings=settings
    )
    return decision
