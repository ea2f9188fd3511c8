"""`rempart scan` end to end: items stored, detectors and policy run, `--out` lines and the `--json` summary."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select
from tests.detectors import registry, write_policy
from typer.testing import CliRunner

from rempart.cases.models import Case, ProposalRow
from rempart.cli.main import app
from rempart.detect.registry import DetectorRegistry
from rempart.items.models import ItemRow
from rempart.store.db import make_engine, session_factory

TEXTS = [
    "a quiet day",
    "probable [hate=0.8]",
    "certain [hate=0.95]",
    "la la [copypasta=0.9]",
    "Sieg [illegal.de.86a=1]",
]


@pytest.fixture
def test_detectors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DetectorRegistry, "discover", classmethod(lambda cls: registry()))


def _input(path: Path, count: int) -> Path:
    lines = []
    for number in range(count):
        record = {
            "platform": "x",
            "id": str(number),
            "author_id": f"u{number % 7}",
            "created_at": "2024-09-01T10:00:00Z",
            "text": TEXTS[number % len(TEXTS)],
        }
        lines.append(orjson.dumps(record))
        if number == 3:
            lines.append(b"")
            lines.append(b'{"platform": "x", "id": "bad"}')
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _scan(
    database_url: str, tmp_path: Path, source: Path, workers: int, chunk: int = 2000
) -> tuple[dict[str, object], list[dict]]:
    out = tmp_path / "out.jsonl"
    policy = write_policy(tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "scan",
            str(source),
            "--out",
            str(out),
            "--json",
            "--policy",
            str(policy),
            "--workers",
            str(workers),
            "--chunk-lines",
            str(chunk),
        ],
        env={"REMPART_DATABASE_URL": database_url},
    )
    assert result.exit_code == 0, result.output
    summary = orjson.loads(result.stdout.strip().splitlines()[-1])
    return summary, [orjson.loads(line) for line in out.read_bytes().splitlines()]


@pytest.mark.usefixtures("test_detectors")
def test_scan_end_to_end(database_url: str, tmp_path: Path) -> None:
    source = _input(tmp_path / "items.jsonl", 10)
    summary, lines = _scan(database_url, tmp_path, source, workers=1)
    assert summary == {
        "read": 11,
        "stored": 10,
        "duplicate": 0,
        "rejected": 1,
        "flagged": 8,
        "proposals": {"enforce": 4, "queue": 2, "shadow": 2},
    }
    assert len(lines) == 10
    assert all(set(line) == {"item", "language", "signals", "proposals"} for line in lines)
    by_id = {line["item"]["id"]: line for line in lines}
    assert by_id["0"]["proposals"] == []
    assert by_id["4"]["language"] == "en"
    assert by_id["4"]["signals"][1] == {"detector": "scores", "label": "illegal.de.86a", "score": 1.0}
    (proposal,) = by_id["4"]["proposals"]
    assert set(proposal) == {
        "policy",
        "category",
        "category_specification",
        "mode",
        "decision_visibility",
        "territorial_scope",
    }
    assert (proposal["policy"], proposal["mode"], proposal["territorial_scope"]) == ("de-86a", "enforce", ["DE"])
    rejects = [orjson.loads(line) for line in (tmp_path / "items.jsonl.rejects.jsonl").read_bytes().splitlines()]
    assert [r["line"] for r in rejects] == [6]
    assert "author_id" in rejects[0]["reason"]

    # Scanning again: everything is a duplicate, and no proposal or case is recorded twice.
    again, _ = _scan(database_url, tmp_path, source, workers=1)
    assert (again["read"], again["stored"], again["duplicate"], again["rejected"]) == (11, 0, 10, 1)
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == 10
        assert session.scalar(select(func.count()).select_from(ProposalRow)) == 8
        assert session.scalar(select(func.count()).select_from(Case)) == 2
    engine.dispose()


@pytest.mark.usefixtures("test_detectors")
def test_scan_on_several_processes_gives_the_same_results(sqlite_url: str, tmp_path: Path) -> None:
    source = _input(tmp_path / "items.jsonl", 60)
    summary, lines = _scan(sqlite_url, tmp_path, source, workers=2, chunk=7)
    assert summary == {
        "read": 61,
        "stored": 60,
        "duplicate": 0,
        "rejected": 1,
        "flagged": 48,
        "proposals": {"enforce": 24, "queue": 12, "shadow": 12},
    }
    assert [line["item"]["id"] for line in lines] == [str(n) for n in range(60)]
