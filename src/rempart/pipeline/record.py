"""Persist what the policy proposed, with provenance; open or join a case for what needs review.

- `queue` proposals open a case (`CaseSource.DETECTION`, the rule's priority) or join the undecided case
  that already holds the item;
- `enforce` proposals are recorded for the enforcement chain (decisions and statements of reasons build
  on the `ProposalRow`s with `mode == "enforce"` and no decision yet);
- `shadow` proposals are recorded and never acted on.

Recording is idempotent: a proposal already stored for the same item, rule and policy version is not
stored again, so re-scanning an item (a retried queue message, a second `rempart scan`) changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.cases.models import Case, ProposalRow
from rempart.cases.schemas import CaseSource
from rempart.cases.service import add_items, open_case, open_case_for_item
from rempart.core.ids import new_id
from rempart.items.schemas import Item, ItemKey
from rempart.policy.schemas import Mode, Proposal


def _review_case(session: Session, key: ItemKey, proposal: Proposal, now: datetime) -> Case:
    case = open_case_for_item(session, key)
    if case is None:
        return open_case(
            session,
            source=CaseSource.DETECTION,
            title=f"{proposal.policy}: {key.platform}/{key.id}",
            now=now,
            items=[key],
            category=proposal.category,
            category_specification=proposal.category_specification,
            priority=proposal.priority,
            evidence={
                "policy": proposal.policy,
                "policy_version": proposal.policy_version,
                "signals": proposal.signals,
            },
        )
    add_items(session, case, [key], now)
    case.priority = min(case.priority, proposal.priority)
    return case


def record_proposals(
    session: Session, item: Item | ItemKey, proposals: Sequence[Proposal], now: datetime
) -> list[ProposalRow]:
    """Store the proposals not yet stored for this item; returns the rows added. Does not commit."""
    if not proposals:
        return []
    key = ItemKey(platform=item.platform, id=item.id)
    recorded = {
        (policy_id, version)
        for policy_id, version in session.execute(
            select(ProposalRow.policy_id, ProposalRow.policy_version).where(
                ProposalRow.platform == key.platform, ProposalRow.item_id == key.id
            )
        )
    }
    rows = []
    for proposal in proposals:
        if (proposal.policy, proposal.policy_version) in recorded:
            continue
        recorded.add((proposal.policy, proposal.policy_version))
        case_id = _review_case(session, key, proposal, now).id if proposal.mode is Mode.QUEUE else None
        row = ProposalRow(
            id=new_id("prop"),
            platform=key.platform,
            item_id=key.id,
            case_id=case_id,
            policy_id=proposal.policy,
            policy_version=proposal.policy_version,
            mode=proposal.mode.value,
            category=proposal.category,
            category_specification=proposal.category_specification,
            decision_ground=proposal.decision_ground,
            action=proposal.action,
            territorial_scope=proposal.territorial_scope,
            signals=proposal.signals,
            detector_versions=proposal.detector_versions,
            created_at=now,
            note=None,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows
