"""`record_many`: a whole chunk in set-based SQL gives what recording the proposals one at a time gives."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from rempart.app import AppContext
from rempart.cases.models import Case, CaseItem, ProposalRow
from rempart.items.schemas import ItemKey
from rempart.pipeline.record import record_many, record_proposals
from rempart.policy.schemas import Mode, Proposal

NOW = datetime(2024, 9, 1, 12, 0, tzinfo=UTC)


def proposal(policy: str, mode: Mode, priority: int = 100, version: str = "v1") -> Proposal:
    return Proposal(
        policy=policy,
        policy_version=version,
        category="STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        category_specification=["KEYWORD_HATE_SPEECH"],
        mode=mode,
        decision_ground="DECISION_GROUND_INCOMPATIBLE_CONTENT",
        action={"decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"]},
        territorial_scope=["DE"],
        priority=priority,
        signals=[{"detector": "keywords", "label": "hate", "score": 0.9}],
        detector_versions={"keywords": "1.0.0"},
    )


def key(item_id: str) -> ItemKey:
    return ItemKey(platform="x", id=item_id)


def test_a_chunk_opens_joins_and_records_like_one_at_a_time(context: AppContext) -> None:
    with context.sessions.begin() as session:  # item 1 already has an open case, priority 50
        record_proposals(session, key("1"), [proposal("earlier", Mode.QUEUE, priority=50)], NOW)
    chunk = [
        (key("1"), [proposal("review", Mode.QUEUE, priority=30)]),
        (key("2"), [proposal("review", Mode.QUEUE, priority=40), proposal("second", Mode.QUEUE, priority=10)]),
        (key("3"), [proposal("restrict", Mode.ENFORCE), proposal("try", Mode.SHADOW)]),
        (key("4"), []),
        (key("2"), [proposal("review", Mode.QUEUE, priority=40)]),  # the same item twice: recorded once
    ]
    with context.sessions.begin() as session:
        added = record_many(session, chunk, NOW)
    assert sorted((row.item_id, row.policy_id, row.mode) for row in added) == [
        ("1", "review", "queue"),
        ("2", "review", "queue"),
        ("2", "second", "queue"),
        ("3", "restrict", "enforce"),
        ("3", "try", "shadow"),
    ]
    with context.sessions() as session:
        rows = {(r.item_id, r.policy_id): r for r in session.scalars(select(ProposalRow))}
        cases = {c.id: c for c in session.scalars(select(Case))}
        links = {(link.case_id, link.item_id) for link in session.scalars(select(CaseItem))}
    assert len(rows) == 6
    assert rows[("1", "review")].case_id == rows[("1", "earlier")].case_id  # joined the open case
    assert rows[("2", "second")].case_id == rows[("2", "review")].case_id  # one case per item
    assert rows[("3", "restrict")].case_id is None
    assert rows[("3", "try")].case_id is None
    first, second = cases[str(rows[("1", "review")].case_id)], cases[str(rows[("2", "review")].case_id)]
    assert len(cases) == 2
    assert (first.priority, second.priority) == (30, 10)  # the most urgent proposal sets the priority
    assert (second.source, second.status, second.title) == ("detection", "open", "review: x/2")
    assert second.evidence["policy"] == "review"
    assert links == {(first.id, "1"), (second.id, "2")}
    assert rows[("3", "restrict")].territorial_scope == ["DE"]
    assert rows[("3", "restrict")].detector_versions == {"keywords": "1.0.0"}
    with context.sessions.begin() as session:
        assert record_many(session, chunk, NOW) == []
