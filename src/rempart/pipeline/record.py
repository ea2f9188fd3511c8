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

from sqlalchemy import select, tuple_
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
    return record_many(session, [(ItemKey(platform=item.platform, id=item.id), proposals)], now)


def _recorded(session: Session, keys: Sequence[ItemKey]) -> set[tuple[str, str, str, str]]:
    found: set[tuple[str, str, str, str]] = set()
    for start in range(0, len(keys), 500):
        pairs = [(key.platform, key.id) for key in keys[start : start + 500]]
        query = select(
            ProposalRow.platform, ProposalRow.item_id, ProposalRow.policy_id, ProposalRow.policy_version
        ).where(tuple_(ProposalRow.platform, ProposalRow.item_id).in_(pairs))
        found.update(
            (platform, item_id, policy, version) for platform, item_id, policy, version in session.execute(query)
        )
    return found


def record_many(
    session: Session, flagged: Sequence[tuple[ItemKey, Sequence[Proposal]]], now: datetime
) -> list[ProposalRow]:
    """`record_proposals` for many items at once: one look-up of what is already recorded, one flush."""
    flagged = [(key, proposals) for key, proposals in flagged if proposals]
    if not flagged:
        return []
    recorded = _recorded(session, [key for key, _ in flagged])
    rows = []
    for key, proposals in flagged:
        for proposal in proposals:
            identity = (key.platform, key.id, proposal.policy, proposal.policy_version)
            if identity in recorded:
                continue
            recorded.add(identity)
            case_id = _review_case(session, key, proposal, now).id if proposal.mode is Mode.QUEUE else None
            rows.append(
                ProposalRow(
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
            )
    session.add_all(rows)
    session.flush()
    return rows
