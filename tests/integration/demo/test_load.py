"""`rempart demo load`: the scenario's files played through the pipeline and the API, on both backends.

Every count is checked against what the scenario files imply; a load interrupted half-way and run again
ends with the same rows as one clean load, and a third load adds nothing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rempart.app import AppContext, build_context
from rempart.campaigns.models import CampaignRow
from rempart.cases.models import Decision, ProposalRow
from rempart.core.settings import Settings
from rempart.demo.load import load_scenario
from rempart.demo.replay_appeals import ScenarioPlayer
from rempart.demo.service import generate
from rempart.dsa.models import Appeal, MemberStateOrder, Notice, OutOfCourtDispute, Statement
from rempart.items.models import ItemRow
from rempart.pipeline.models import PolicyEvaluation

POSTS, SEED = 1500, 12
PARTY = {"affected_user": "affected", "notifier": "notifier"}
HUMAN = "AUTOMATED_DECISION_NOT_AUTOMATED"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("scenario")
    generate(directory, POSTS, SEED, 1)
    return directory


def lines(directory: Path, name: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in (directory / name).read_bytes().splitlines() if line.strip()]


def table_counts(session: Session) -> dict[str, int]:
    models = (ItemRow, ProposalRow, Decision, Statement, Notice, Appeal, OutOfCourtDispute, MemberStateOrder)
    counts = {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0 for model in models}
    counts["policy_evaluations"] = session.scalar(select(func.count(func.distinct(PolicyEvaluation.run_id)))) or 0
    return counts


class Interrupted(Exception):
    pass


def test_load_plays_every_file_and_twice_adds_nothing(context: AppContext, scenario: Path) -> None:
    summary = load_scenario(context, scenario, workers=2)
    assert_loaded(context, scenario, summary)
    with context.sessions() as session:
        before = table_counts(session)
    again = load_scenario(context, scenario, workers=2)
    assert again["already_loaded"] is True
    with context.sessions() as session:
        assert table_counts(session) == before


def test_an_interrupted_load_run_again_ends_as_one_clean_load(
    sqlite_url: str, scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = build_context(Settings(database_url=sqlite_url, environment="test"))
    original = ScenarioPlayer.appeal_decision

    def crash(self: ScenarioPlayer, appeal: Any) -> None:
        raise Interrupted(appeal.appeal_id)

    monkeypatch.setattr(ScenarioPlayer, "appeal_decision", crash)
    with pytest.raises(Interrupted):
        load_scenario(context, scenario, workers=2)
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Notice))
        assert not session.scalar(select(func.count()).select_from(OutOfCourtDispute))
    monkeypatch.setattr(ScenarioPlayer, "appeal_decision", original)
    summary = load_scenario(context, scenario, workers=2)
    assert summary["notices"]["already"] > 0
    assert_loaded(context, scenario, summary)
    context.close()


def assert_loaded(context: AppContext, scenario: Path, summary: dict[str, Any]) -> None:
    """Every count the scenario files imply, and no duplicate."""
    assert summary["already_loaded"] is False
    assert summary["errors"] == []
    assert summary["rejected"] == []
    assert summary["items"]["read"] == POSTS

    notices = lines(scenario, "notices.jsonl")
    reviews = lines(scenario, "reviews.jsonl")
    appeals = lines(scenario, "appeals.jsonl")
    disputes = lines(scenario, "ods.jsonl")
    orders = lines(scenario, "orders.jsonl")
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == POSTS
        # Campaign detection ran over the stored posts: every group found is recorded with its case.
        groups = list(session.scalars(select(CampaignRow)))
        assert len(groups) == summary["campaigns"]["campaigns"] + summary["campaigns"]["spam_networks"]
        assert summary["campaigns"]["cases_opened"] == len(groups)
        assert all(group.case_id for group in groups)
        stored_notices = list(session.scalars(select(Notice)))
        assert len(stored_notices) == len(notices)
        trusted = sum(1 for n in notices if n["notifier"]["kind"] == "trusted_flagger")
        assert sum(1 for n in stored_notices if n.source_type == "SOURCE_TRUSTED_FLAGGER") == trusted
        assert all(n.decided_at is not None and n.decided_at >= n.received_at for n in stored_notices)

        # Automated decisions: one per `enforce` proposal, each seconds after its post.
        enforce = session.scalar(select(func.count()).where(ProposalRow.mode == "enforce"))
        automated = list(session.scalars(select(Decision).where(Decision.automated_decision != HUMAN)))
        assert enforce
        assert len(automated) == enforce
        assert all(d.content_at is not None and d.decided_at > d.content_at for d in automated)

        # Human decisions: one per review (bar queue reviews of posts decided automatically already), and
        # one more per complaint that changed the outcome.
        skipped = summary["reviews"].get("decided_automatically_already", 0)
        changed = sum(1 for a in appeals if a["outcome"] != "upheld")
        human = session.scalar(select(func.count()).where(Decision.automated_decision == HUMAN))
        assert human == len(reviews) - skipped + changed
        restricting = session.scalar(select(func.count()).where(Decision.outcome == "restrict"))
        assert session.scalar(select(func.count()).where(Statement.status != "not_sent")) == restricting

        stored_appeals = list(session.scalars(select(Appeal)))
        assert Counter((a.party, a.outcome) for a in stored_appeals) == Counter(
            (PARTY[a["appellant"]["kind"]], a["outcome"]) for a in appeals
        )
        assert {a.outcome for a in stored_appeals} == {"upheld", "partially_reversed", "reversed"}
        assert all(a.decided_by and a.decided_by.startswith("reviewer:") for a in stored_appeals)
        reversed_no_action = [a for a in stored_appeals if a.party == "notifier" and a.outcome != "upheld"]
        assert reversed_no_action
        assert all(a.new_decision_id for a in reversed_no_action)

        stored_disputes = list(session.scalars(select(OutOfCourtDispute)))
        assert Counter((d.outcome, d.implemented) for d in stored_disputes) == Counter(
            (d["outcome"], d["implemented"]) for d in disputes
        )
        assert sorted(o.order_type for o in session.scalars(select(MemberStateOrder))) == sorted(
            "act" if o["article"] == "9" else "provide_information" for o in orders
        )
        languages = set(session.scalars(select(PolicyEvaluation.key).where(PolicyEvaluation.scope == "language")))
        assert {"en", "fr", "de"} <= languages
