"""Recording proposals: queue opens or joins a case, enforce is recorded, shadow never acts; idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from tests.detectors import TEST_POLICY, registry
from tests.unit.policy.test_engine import _pipeline

from rempart.app import AppContext
from rempart.cases.models import Case, CaseItem, ProposalRow
from rempart.items.schemas import Item
from rempart.pipeline.record import record_proposals
from rempart.pipeline.runner import Pipeline
from rempart.policy.loader import load_policy_text

NOW = datetime(2024, 9, 1, 12, 0, tzinfo=UTC)


def _item(item_id: str, text: str) -> Item:
    return Item(platform="x", id=item_id, author_id="a", created_at=NOW, text=text)


def _count(context: AppContext, model: type) -> int:
    with context.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_modes_and_idempotence(context: AppContext) -> None:
    pipeline = _pipeline()
    shadow = pipeline.check(_item("1", "la la [copypasta=0.9]"), now=NOW)
    enforce = pipeline.check(_item("2", "x [hate=0.95] [illegal.de.86a=1]"), now=NOW)
    queue = pipeline.check(_item("3", "x [hate=0.8]"), now=NOW)
    with context.sessions.begin() as session:
        for result in (shadow, enforce, queue):
            record_proposals(session, result.item, result.proposals, NOW)
    with context.sessions() as session:
        rows = {(r.item_id, r.policy_id): r for r in session.scalars(select(ProposalRow))}
        assert sorted(rows) == [("1", "spam-shadow"), ("2", "de-86a"), ("2", "hate-restrict"), ("3", "hate-review")]
        assert rows[("1", "spam-shadow")].case_id is None
        assert rows[("2", "hate-restrict")].case_id is None
        assert rows[("2", "de-86a")].territorial_scope == ["DE"]
        assert rows[("2", "de-86a")].signals[0]["label"] == "illegal.de.86a"
        assert rows[("2", "de-86a")].detector_versions == {"lang": "lang-1", "scores": "scores-1"}
        assert rows[("2", "de-86a")].policy_version == "test-1"
        queued = rows[("3", "hate-review")]
        case = session.get(Case, queued.case_id)
        assert case is not None
        assert (case.source, case.status, case.priority) == ("detection", "open", 20)
        assert case.category == "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"
        assert [(ci.platform, ci.item_id) for ci in session.scalars(select(CaseItem))] == [("x", "3")]
    # Shadow and enforce never opened a case: only the queued item has one.
    assert _count(context, Case) == 1
    with context.sessions.begin() as session:
        for result in (shadow, enforce, queue):
            assert record_proposals(session, result.item, result.proposals, NOW) == []
    assert _count(context, ProposalRow) == 4
    assert _count(context, Case) == 1


def test_queue_proposals_join_the_open_case_holding_the_item(context: AppContext) -> None:
    pipeline = _pipeline()
    first = pipeline.check(_item("7", "x [hate=0.8]"), now=NOW)
    with context.sessions.begin() as session:
        record_proposals(session, first.item, first.proposals, NOW)
    newer = load_policy_text(
        TEST_POLICY.replace('version: "test-1"', 'version: "test-2"').replace("priority: 20", "priority: 5"),
        "p.yaml",
        registry().classes(),
    )
    second = Pipeline(newer, pipeline.detectors).check(_item("7", "x [hate=0.8]"), now=NOW)
    with context.sessions.begin() as session:
        added = record_proposals(session, second.item, second.proposals, NOW)
        assert len(added) == 1
    with context.sessions() as session:
        cases = list(session.scalars(select(Case)))
        assert len(cases) == 1
        assert cases[0].priority == 5
        assert {r.case_id for r in session.scalars(select(ProposalRow))} == {cases[0].id}
