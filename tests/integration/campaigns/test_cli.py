"""`rempart campaigns detect` over the store (SQLite and PostgreSQL), cases opened once, and the report."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select
from tests.factories.coordination import Sample, build_sample
from typer.testing import CliRunner

from rempart.app import AppContext
from rempart.campaigns.models import CampaignRow
from rempart.cases.models import Case, CaseAccount, CaseItem
from rempart.cli.main import app
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.service import ingest

PERIOD = ["--since", "2024-09-01", "--until", "2024-09-10"]


def _store(context: AppContext, sample: Sample) -> None:
    for path in (sample.accounts, sample.items):
        ingest(CanonicalJsonlAdapter().read(io.BytesIO(path.read_bytes())), context.engine, now=context.clock.now())


def _detect(runner: CliRunner, env: dict[str, str]) -> dict[str, object]:
    result = runner.invoke(app, ["campaigns", "detect", *PERIOD, "--json"], env=env)
    assert result.exit_code == 0, result.output
    parsed: dict[str, object] = orjson.loads(result.stdout)
    return parsed


def test_detect_over_the_store_opens_one_case_per_campaign(
    context: AppContext, sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store(context, sample)
    monkeypatch.chdir(tmp_path)
    env = {"REMPART_DATABASE_URL": context.settings.database_url}
    runner = CliRunner()
    output = _detect(runner, env)
    campaigns = output["campaigns"]
    assert isinstance(campaigns, list)
    assert len(campaigns) == 1
    campaign = campaigns[0]
    assert {"id", "score", "accounts"} <= set(campaign)
    assert output["spam_networks"] == []
    assert sorted(a["id"] for a in campaign["accounts"]) == sorted(sample.campaign)
    assert all(set(a) == {"platform", "id"} and a["platform"] == "x" for a in campaign["accounts"])

    again = _detect(runner, env)
    assert [c["id"] for c in again["campaigns"]] == [campaign["id"]]  # type: ignore[index]
    with context.sessions() as session:
        cases = session.scalars(select(Case)).all()
        assert len(cases) == 1
        case = cases[0]
        assert case.source == "campaign"
        assert case.category == "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"
        assert case.category_specification == ["KEYWORD_MISINFORMATION_DISINFORMATION"]
        assert case.evidence["campaign_id"] == campaign["id"]
        assert session.scalar(select(func.count()).select_from(CaseAccount)) == 30
        assert session.scalar(select(func.count()).select_from(CaseItem)) == 180
        assert session.scalar(select(func.count()).select_from(CampaignRow)) == 1

    report = runner.invoke(
        app, ["campaigns", "report", campaign["id"], "--out", str(tmp_path / "out"), "--json"], env=env
    )
    assert report.exit_code == 0, report.output
    paths = orjson.loads(report.stdout)
    html = Path(paths["html"]).read_text()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="network"' in html
    assert html.count("<circle") == 30
    assert "<line" in html
    assert 'class="timeline"' in html
    assert "<rect" in html
    assert "camp.example/story/0" in html
    machine = orjson.loads(Path(paths["json"]).read_bytes())
    assert machine["id"] == campaign["id"]
    assert len(machine["items"]) == 180


def test_spam_networks_are_listed_apart_with_their_own_case_category(
    context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = build_sample(tmp_path / "data", with_spam=True)
    _store(context, sample)
    monkeypatch.chdir(tmp_path)
    output = _detect(CliRunner(), {"REMPART_DATABASE_URL": context.settings.database_url})
    campaigns, networks = output["campaigns"], output["spam_networks"]
    assert isinstance(campaigns, list)
    assert isinstance(networks, list)
    assert [sorted(a["id"] for a in c["accounts"]) for c in campaigns] == [sorted(sample.campaign)]
    assert [sorted(a["id"] for a in n["accounts"]) for n in networks] == [sorted(sample.spam)]
    assert campaigns[0]["kind"] == "campaign"
    network = networks[0]
    assert network["kind"] == "spam_network"
    assert network["co_activity"]["amplified"] == 0
    with context.sessions() as session:
        row = session.get(CampaignRow, network["id"])
        assert row is not None
        assert row.kind == "spam_network"
        case = session.get(Case, network["case_id"])
        assert case is not None
        assert case.category == "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"
        assert case.category_specification == ["KEYWORD_INAUTHENTIC_ACCOUNTS"]
        assert case.title.startswith("Spam network: 20 accounts")
        assert case.evidence["kind"] == "spam_network"
    report = CliRunner().invoke(
        app,
        ["campaigns", "report", network["id"], "--out", str(tmp_path / "out"), "--json"],
        env={"REMPART_DATABASE_URL": context.settings.database_url},
    )
    assert report.exit_code == 0, report.output
    html = Path(orjson.loads(report.stdout)["html"]).read_text()
    assert f"<h1>Spam network {network['id']}</h1>" in html
    assert "0\npushed the same link" in html


def test_report_of_an_unknown_campaign_fails_cleanly(sqlite_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["campaigns", "report", "camp_missing", "--out", str(tmp_path)], env={"REMPART_DATABASE_URL": sqlite_url}
    )
    assert result.exit_code == 2
    assert "camp_missing" in result.output


def test_detect_over_a_scenario_directory_reads_its_items_and_accounts_only(sample: Sample, tmp_path: Path) -> None:
    directory = tmp_path / "scenario"
    directory.mkdir()
    (directory / "items.jsonl").write_bytes(sample.items.read_bytes())
    (directory / "accounts.jsonl").write_bytes(sample.accounts.read_bytes())
    (directory / "notices.jsonl").write_bytes(b'{"id": "n1", "platform": "x", "author_id": "a", "text": "report"}\n')
    (directory / "x-v2.jsonl").write_bytes(b'{"id": "1", "author_id": "2", "text": "raw", "created_at": "bad"}\n')
    result = CliRunner().invoke(
        app, ["campaigns", "detect", *PERIOD, "--input", str(directory), "--no-cases", "--json"],
        env={"REMPART_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    output = orjson.loads(result.stdout)
    assert output["summary"]["rejected"] == 0
    assert output["summary"]["posts"] == len(sample.records.items)
    assert [sorted(a["id"] for a in c["accounts"]) for c in output["campaigns"]] == [sorted(sample.campaign)]
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notices.jsonl").write_bytes(b"{}\n")
    refused = CliRunner().invoke(
        app, ["campaigns", "detect", *PERIOD, "--input", str(empty), "--no-cases"], env={"COLUMNS": "200"}
    )
    assert refused.exit_code == 2
    assert "no items*.jsonl" in refused.output
