"""`rempart ingest --format …` end to end on SQLite and PostgreSQL: summary, rejects file, stored rows."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import select
from typer.testing import CliRunner

from conftest import fixture_bytes
from rempart.cli.main import app
from rempart.items.models import AccountRow, ItemRow
from rempart.store.db import make_engine


def _ingest(database_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ingest", *args], env={"REMPART_DATABASE_URL": database_url})
    return result.exit_code, result.stdout


def test_x_v2_file_with_rejects(database_url: str, tmp_path: Path) -> None:
    source = tmp_path / "responses.jsonl"
    source.write_bytes(fixture_bytes("x_v2_responses.jsonl") + b'{"data": [{"id": "9", "text": "no author"}]}\n')
    code, out = _ingest(database_url, "--format", "x-v2", str(source), "--json")
    assert code == 0, out
    assert orjson.loads(out) == {"read": 7, "stored": 5, "duplicate": 0, "rejected": 2}
    rejects = [orjson.loads(line) for line in (tmp_path / "responses.jsonl.rejects.jsonl").read_bytes().splitlines()]
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (4, "API error: Could not find tweet with ids: [1]."),
        (5, "data[0].author_id: missing"),
    ]
    assert orjson.loads(rejects[1]["record"]) == {"id": "9", "text": "no author"}
    engine = make_engine(database_url)
    with engine.connect() as connection:
        platforms = set(connection.scalars(select(ItemRow.platform)).all())
        handles = set(connection.scalars(select(AccountRow.handle)).all())
    engine.dispose()
    assert platforms == {"x"}
    assert handles == {"TwitterDev", "suhemparack"}

    code, out = _ingest(database_url, "--format", "x-v2", str(source), "--json")
    assert orjson.loads(out) == {"read": 7, "stored": 0, "duplicate": 5, "rejected": 2}


def test_platform_option(database_url: str, tmp_path: Path) -> None:
    source = tmp_path / "timeline.json"
    source.write_bytes(fixture_bytes("mastodon_timeline.json"))
    code, out = _ingest(database_url, "-f", "mastodon", "--platform", "mastodon.social", str(source), "--json")
    assert code == 0, out
    assert orjson.loads(out) == {"read": 4, "stored": 3, "duplicate": 1, "rejected": 0}
    assert not (tmp_path / "timeline.json.rejects.jsonl").exists()
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert set(connection.scalars(select(ItemRow.platform)).all()) == {"mastodon.social"}
    engine.dispose()
    code, _ = _ingest(database_url, "-f", "jsonl", "--platform", "x", str(source))
    assert code == 2  # canonical records name their own platform
