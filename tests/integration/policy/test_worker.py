"""`POST /v1/items` enqueues in the store's transaction; the worker checks each item once in effect."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from tests.detectors import registry, write_policy
from tests.unit.policy.test_engine import _pipeline
from typer.testing import CliRunner

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.cases.models import Case, Decision, ProposalRow
from rempart.cli.main import app as cli
from rempart.detect.registry import DetectorRegistry
from rempart.pipeline.queue import SCAN_TOPIC, process_scan_queue
from rempart.store.outbox import OutboxMessage, OutboxStatus


def _items(*texts: str) -> list[dict[str, str]]:
    return [
        {"platform": "x", "id": str(n), "author_id": "u1", "created_at": "2024-09-01T10:00:00Z", "text": text}
        for n, text in enumerate(texts)
    ]


def _push(context: AppContext, items: list[dict[str, str]]) -> dict[str, object]:
    with context.sessions.begin() as session:
        token = create_api_key(session, name="platform", role=Role.PLATFORM, now=context.clock.now())[1]
    client = TestClient(create_app(context))
    response = client.post("/v1/items", json={"items": items}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _count(context: AppContext, model: type, *where: object) -> int:
    with context.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


def test_pushed_items_are_scanned_once_in_effect(context: AppContext) -> None:
    items = _items("calm", "probable [hate=0.8]", "certain [hate=0.95]")
    assert _push(context, items)["stored"] == 3
    assert _count(context, OutboxMessage, OutboxMessage.topic == SCAN_TOPIC) == 3
    # The same items again (unchanged) are not enqueued again.
    assert _push(context, items)["duplicate"] == 3
    assert _count(context, OutboxMessage) == 3

    pipeline = _pipeline()
    now = context.clock.now()
    done = process_scan_queue(context.sessions, pipeline, now=now, limit=2)
    assert (done.processed, done.failed) == (2, 0)
    done = process_scan_queue(context.sessions, pipeline, now=now, limit=10)
    assert (done.processed, done.failed) == (1, 0)
    assert process_scan_queue(context.sessions, pipeline, now=now).processed == 0
    assert _count(context, OutboxMessage, OutboxMessage.status == OutboxStatus.DELIVERED.value) == 3
    assert _count(context, ProposalRow) == 2
    assert _count(context, Case) == 1

    # A redelivery (a worker died after processing, say) changes nothing.
    with context.sessions.begin() as session:
        session.execute(update(OutboxMessage).values(status=OutboxStatus.PENDING.value, delivered_at=None))
    assert process_scan_queue(context.sessions, pipeline, now=now + timedelta(seconds=1)).processed == 3
    assert _count(context, ProposalRow) == 2
    assert _count(context, Case) == 1

    # An edited item is enqueued and checked again.
    edited = _items("calm", "probable [hate=0.8]", "now calm")
    assert _push(context, edited)["stored"] == 1
    assert _count(context, OutboxMessage, OutboxMessage.status == OutboxStatus.PENDING.value) == 1


def test_worker_command_drains_the_queue(context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DetectorRegistry, "discover", classmethod(lambda cls: registry()))
    _push(context, _items("certain [hate=0.95]", "la la [copypasta=0.9]", "calm"))
    result = CliRunner().invoke(
        cli,
        ["worker", "--once", "--json", "--policy", str(write_policy(tmp_path))],
        env={"REMPART_DATABASE_URL": context.settings.database_url},
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == (
        '{"processed":3,"failed":0,"missing":0,"proposals":{"enforce":1,"queue":0,"shadow":1},"enforced":1}'
    )
    assert _count(context, ProposalRow, ProposalRow.mode == "shadow") == 1
    # The enforce proposal was decided automatically, in a case of its own; the shadow one opened none.
    assert _count(context, Case) == 1
    assert _count(context, Decision, Decision.automated_decision == "AUTOMATED_DECISION_FULLY") == 1
