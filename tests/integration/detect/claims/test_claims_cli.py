"""`rempart claims import` and `rempart claims list` end to end on a database file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support.claims import claim_review, data_feed
from typer.testing import CliRunner

from rempart.cli.main import app


def test_import_then_reimport_then_list(sqlite_url: str, tiny_model: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    feed = data_feed(
        claim_review("https://fc.example/1", "Le vaccin modifie l'ADN", "Faux", language="fr"),
        claim_review("https://fc.example/2", "Democrats ban gasoline cars", "False"),
    )
    path.write_text(json.dumps([feed, {"@type": "Person"}], indent=2), encoding="utf-8")
    env = {"REMPART_DATABASE_URL": sqlite_url, "REMPART_CLAIMS_MODEL": str(tiny_model)}
    runner = CliRunner()
    first = runner.invoke(app, ["claims", "import", str(path), "--json"], env=env)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout.strip().splitlines()[-1]) == {
        "read": 3,
        "imported": 2,
        "duplicate": 0,
        "rejected": 1,
    }
    again = runner.invoke(app, ["claims", "import", "-", "--json"], env=env, input=path.read_text(encoding="utf-8"))
    assert json.loads(again.stdout.strip().splitlines()[-1]) == {
        "read": 3,
        "imported": 0,
        "duplicate": 2,
        "rejected": 1,
    }
    listed = runner.invoke(app, ["claims", "list", "--json", "--rating", "false"], env=env)
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.strip().splitlines() if line.startswith("{")]
    assert sorted(r["review_url"] for r in rows) == ["https://fc.example/1", "https://fc.example/2"]


def test_a_missing_file_is_a_usage_error(sqlite_url: str) -> None:
    result = CliRunner().invoke(
        app, ["claims", "import", "/nonexistent/file.json"], env={"REMPART_DATABASE_URL": sqlite_url}
    )
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.mark.parametrize("command", [["claims", "import", "--help"], ["claims", "list", "--help"]])
def test_help(command: list[str]) -> None:
    assert CliRunner().invoke(app, command).exit_code == 0
