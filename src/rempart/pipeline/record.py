"""Persist what the policy proposed, with provenance; open or join a case for what needs review.

- `queue` proposals open a case (`CaseSource.DETECTION`, the rule's priority) or join the undecided case
  that already holds the item;
- `enforce` proposals are recorded for the enforcement chain (decisions and statements of reasons build
  on the `ProposalRow`s with `mode == "enforce"` and no decision yet);
- `shadow` proposals are recorded and never acted on.

Recording is idempotent: a proposal already stored for the same item, rule and policy version is not
stored again, so re-scanning an item (a retried queue message, a second `rempart scan`) changes nothing.

A batch is recorded with set-based SQL: one look-up of the proposals already recorded and one of the
undecided cases already holding the items (per 500 items), then one multi-row insert each for the new
cases, their items and the proposals, and one update for the cases whose priority rose. The outcome is
the same as recording the proposals one at a time, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.orm import Session

from rempart.cases.models import Case, CaseItem, ProposalRow
from rempart.cases.schemas import CaseSource, CaseStatus
from rempart.cases.service import OpenCase, open_cases_for_items
from rempart.core.ids import new_id
from rempart.items.schemas import Item, ItemKey
from rempart.policy.schemas import Mode, Proposal


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


@dataclass(slots=True)
class _CaseWrites:
    """The cases a batch opens or joins, written together at the end."""

    now: datetime
    holding: dict[tuple[str, str], OpenCase]
    opened: list[dict[str, Any]] = field(default_factory=list)
    priorities: dict[str, int] = field(default_factory=dict)

    def case_for(self, key: ItemKey, proposal: Proposal) -> str:
        """The case a queue proposal goes to: the undecided case holding the item, or a new one."""
        held = self.holding.get((key.platform, key.id))
        if held is not None:
            priority = min(self.priorities.get(held.id, held.priority), proposal.priority)
            if priority != held.priority:
                self.priorities[held.id] = priority
            return held.id
        case_id = new_id("case")
        self.opened.append(
            {
                "id": case_id,
                "source": CaseSource.DETECTION.value,
                "status": CaseStatus.OPEN.value,
                "title": f"{proposal.policy}: {key.platform}/{key.id}"[:500],
                "category": proposal.category,
                "category_specification": list(proposal.category_specification),
                "priority": proposal.priority,
                "evidence": {
                    "policy": proposal.policy,
                    "policy_version": proposal.policy_version,
                    "signals": proposal.signals,
                },
                "opened_at": self.now,
                "closed_at": None,
                "platform": key.platform,
                "item_id": key.id,
            }
        )
        self.holding[(key.platform, key.id)] = OpenCase(case_id, proposal.priority)
        return case_id

    def write(self, session: Session) -> None:
        if self.opened:
            cases = [{k: v for k, v in case.items() if k not in ("platform", "item_id")} for case in self.opened]
            session.execute(insert(Case), cases)
            links = [
                {"case_id": c["id"], "platform": c["platform"], "item_id": c["item_id"], "added_at": self.now}
                for c in self.opened
            ]
            session.execute(insert(CaseItem), links)
        if self.priorities:
            changes = [{"id": case_id, "priority": priority} for case_id, priority in self.priorities.items()]
            session.execute(update(Case), changes)


def _row(key: ItemKey, proposal: Proposal, case_id: str | None, now: datetime) -> dict[str, Any]:
    return {
        "id": new_id("prop"),
        "platform": key.platform,
        "item_id": key.id,
        "case_id": case_id,
        "policy_id": proposal.policy,
        "policy_version": proposal.policy_version,
        "mode": proposal.mode.value,
        "category": proposal.category,
        "category_specification": proposal.category_specification,
        "decision_ground": proposal.decision_ground,
        "action": proposal.action,
        "territorial_scope": proposal.territorial_scope,
        "signals": proposal.signals,
        "detector_versions": proposal.detector_versions,
        "created_at": now,
        "note": None,
    }


def record_many(
    session: Session, flagged: Sequence[tuple[ItemKey, Sequence[Proposal]]], now: datetime
) -> list[ProposalRow]:
    """`record_proposals` for many items at once, with set-based SQL. Returns the rows added (detached)."""
    flagged = [(key, proposals) for key, proposals in flagged if proposals]
    if not flagged:
        return []
    recorded = _recorded(session, [key for key, _ in flagged])
    new = []
    for key, proposals in flagged:
        for proposal in proposals:
            identity = (key.platform, key.id, proposal.policy, proposal.policy_version)
            if identity not in recorded:
                recorded.add(identity)
                new.append((key, proposal))
    if not new:
        return []
    queued = [key for key, proposal in new if proposal.mode is Mode.QUEUE]
    cases = _CaseWrites(now, open_cases_for_items(session, queued) if queued else {})
    rows = [_row(key, p, cases.case_for(key, p) if p.mode is Mode.QUEUE else None, now) for key, p in new]
    cases.write(session)
    session.execute(insert(ProposalRow), rows)
    return [ProposalRow(**row) for row in rows]
