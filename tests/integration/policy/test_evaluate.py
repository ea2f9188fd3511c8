"""`rempart policy evaluate` on a labelled set small enough to check by hand; the run is stored."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import select
from tests.detectors import registry, write_policy
from typer.testing import CliRunner

from rempart.cli.main import app
from rempart.detect.registry import DetectorRegistry
from rempart.pipeline.models import PolicyEvaluation
from rempart.store.db import make_engine, session_factory

LABELLED = [
    ("calm day", {"labels": []}),
    ("probable [hate=0.8]", {"labels": ["hate"]}),
    ("certain [hate=0.95]", {"labels": ["hate"]}),
    ("la vie est belle [hate=0.75]", {"labels": []}),
    ("they are vermin", {"labels": ["hate"]}),
    ("Sieg [illegal.de.86a=1]", {"labels": ["illegal.de.86a"], "expected_policies": ["de-86a"]}),
]


def _figures(tp: int, fp: int, fn: int, tn: int) -> dict[str, object]:
    return {
        "support": tp + fn,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "true_negatives": tn,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "accuracy": (tp + tn) / (tp + fp + fn + tn),
    }


def test_policy_evaluate_figures(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DetectorRegistry, "discover", classmethod(lambda cls: registry()))
    lines = [
        orjson.dumps(
            {
                "platform": "x",
                "id": str(n),
                "author_id": "u",
                "created_at": "2024-09-01T10:00:00Z",
                "text": text,
                **extra,
            }
        )
        for n, (text, extra) in enumerate(LABELLED)
    ]
    lines.append(b'{"platform": "x", "id": "9", "labels": "hate"}')
    path = tmp_path / "labelled.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = CliRunner().invoke(
        app,
        ["policy", "evaluate", str(path), "--policy", str(write_policy(tmp_path)), "--json"],
        env={"REMPART_DATABASE_URL": sqlite_url},
    )
    assert result.exit_code == 0, result.output
    report = orjson.loads(result.stdout.strip().splitlines()[-1])
    assert report["items"] == 6
    assert report["rejected"] == [{"line": 7, "reason": "labels: expected a list of strings"}]
    assert report["rules"] == {
        "de-86a": _figures(1, 0, 0, 5),
        "hate-restrict": _figures(1, 0, 2, 3),
        "hate-review": _figures(1, 1, 2, 2),
        "spam-shadow": _figures(0, 0, 0, 6),
    }
    assert report["detectors"] == {"hate": _figures(2, 1, 1, 2), "illegal.de.86a": _figures(1, 0, 0, 5)}
    assert report["languages"] == {"en": _figures(3, 0, 1, 1), "fr": _figures(0, 1, 0, 0)}
    assert report["overall"] == {"all": _figures(3, 1, 1, 1)}

    engine = make_engine(sqlite_url)
    with session_factory(engine)() as session:
        rows = list(session.scalars(select(PolicyEvaluation).where(PolicyEvaluation.scope == "language")))
        assert {(r.key, r.precision, r.recall, r.accuracy) for r in rows} == {
            ("en", 1.0, 0.75, 0.8),
            ("fr", 0.0, None, 0.0),
        }
        assert {r.run_id for r in rows} == {report["run_id"]}
        assert rows[0].policy_version == "test-1"
    engine.dispose()

    table = CliRunner().invoke(
        app,
        ["policy", "evaluate", str(path), "--policy", str(write_policy(tmp_path))],
        env={"REMPART_DATABASE_URL": sqlite_url, "COLUMNS": "200"},
    )
    assert table.exit_code == 0, table.output
    assert "hate-review" in table.output
    assert "line 7: labels: expected a list of strings" in table.output
