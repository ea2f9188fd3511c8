"""Automated decisions from `enforce` proposals; `rempart sor submit` and `rempart sor export`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.support.factories import add_item
from tests.support.fake_tdb import FakeTransparencyDatabase, serve_fake_tdb
from typer.testing import CliRunner

from rempart.app import AppContext
from rempart.cases.models import ProposalRow
from rempart.cli.main import app as cli
from rempart.core.ids import new_id
from rempart.dsa.automation import decide_automatically
from rempart.dsa.models import Statement
from rempart.dsa.validator import problems
from rempart.store.db import unit_of_work


def proposal(now: object) -> ProposalRow:
    return ProposalRow(
        id=new_id("prp"),
        platform="x",
        item_id="1001",
        case_id=None,
        policy_id="de-86a",
        policy_version="3",
        mode="enforce",
        category="STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        category_specification=["KEYWORD_HATE_SPEECH"],
        decision_ground="DECISION_GROUND_ILLEGAL_CONTENT",
        action={"decision_visibility": ["DECISION_VISIBILITY_CONTENT_DISABLED"]},
        territorial_scope=["DE"],
        signals=[{"detector": "keywords", "label": "illegal.de.86a", "score": 1.0, "detector_version": "1"}],
        detector_versions={"keywords": "1"},
        created_at=now,
        note=None,
    )


def test_an_enforce_proposal_becomes_a_fully_automated_decision_then_is_submitted_and_exported(
    context: AppContext, tmp_path: Path
) -> None:
    now = context.clock.now()
    with unit_of_work(context.sessions) as session:
        add_item(session)
        row = proposal(now)
        session.add(row)
        decision = decide_automatically(session, row, now, context.settings)
        assert decision.automated_decision == "AUTOMATED_DECISION_FULLY"
        assert row.case_id == decision.case_id
        statement = session.query(Statement).one()
        assert statement.tdb is not None
        assert problems(statement.tdb) == []
        assert statement.tdb["source_type"] == "SOURCE_VOLUNTARY"
        assert statement.tdb["automated_detection"] == "Yes"
    runner = CliRunner()
    with serve_fake_tdb(FakeTransparencyDatabase({"1|t": "demo"})) as tdb:
        env = {
            "REMPART_DATABASE_URL": context.settings.database_url,
            "REMPART_TDB_URL": tdb.url,
            "REMPART_TDB_TOKEN": "1|t",
        }
        submitted = runner.invoke(cli, ["sor", "submit", "--json"], env=env)
        assert submitted.exit_code == 0, submitted.output
        assert json.loads(submitted.output)["delivered"] == 1
        assert len(tdb.stored) == 1
    exported = runner.invoke(
        cli, ["sor", "export", "--from", "2024-09-01", "--to", "2024-09-02", "--out", str(tmp_path), "--json"], env=env
    )
    assert exported.exit_code == 0, exported.output
    lines = (tmp_path / "statements.jsonl").read_text().splitlines()
    assert [json.loads(line)["puid"] for line in lines] == [statement.puid]
    with (tmp_path / "statements.csv").open() as table:
        [record] = list(csv.DictReader(table))
    assert record["territorial_scope"] == '["DE"]'
    assert record["automated_decision"] == "AUTOMATED_DECISION_FULLY"


def test_submit_reports_a_refused_token(context: AppContext) -> None:
    with serve_fake_tdb(FakeTransparencyDatabase({"1|t": "demo"})) as tdb:
        env = {
            "REMPART_DATABASE_URL": context.settings.database_url,
            "REMPART_TDB_URL": tdb.url,
            "REMPART_TDB_TOKEN": "1|wrong",
        }
        with unit_of_work(context.sessions) as session:
            add_item(session)
            row = proposal(context.clock.now())
            session.add(row)
            decide_automatically(session, row, context.clock.now(), context.settings)
        result = CliRunner().invoke(cli, ["sor", "submit", "--json"], env=env)
    assert result.exit_code == 2
    assert "401" in result.output
