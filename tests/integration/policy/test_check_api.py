"""`POST /v1/check` over real HTTP: roles, the answer's shape, nothing stored unless asked."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select
from tests.unit.policy.test_engine import _pipeline

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.cases.models import ProposalRow
from rempart.items.models import ItemRow


@dataclass
class Server:
    url: str
    tokens: dict[Role, str]


@pytest.fixture
def server(context: AppContext) -> Iterator[Server]:
    tokens = {}
    with context.sessions.begin() as session:
        for role in (Role.PLATFORM, Role.MODERATOR, Role.REVIEWER):
            tokens[role] = create_api_key(session, name=role.value, role=role, now=context.clock.now())[1]
    app = create_app(context)
    app.state.pipeline = _pipeline()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uvicorn_server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield Server(f"http://127.0.0.1:{port}", tokens)
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


ITEM = {"platform": "x", "id": "42", "author_id": "u1", "created_at": "2024-09-01T10:00:00Z", "text": "x [hate=0.95]"}


def _post(server: Server, body: dict[str, object], role: Role | None) -> httpx.Response:
    headers = {} if role is None else {"Authorization": f"Bearer {server.tokens[role]}"}
    return httpx.post(f"{server.url}/v1/check", json=body, headers=headers, timeout=10)


def _counts(context: AppContext) -> tuple[int, int]:
    with context.sessions() as session:
        items = session.scalar(select(func.count()).select_from(ItemRow)) or 0
        proposals = session.scalar(select(func.count()).select_from(ProposalRow)) or 0
    return int(items), int(proposals)


def test_check_answers_signals_and_proposals_for_platform_and_moderator(server: Server, context: AppContext) -> None:
    for role in (Role.PLATFORM, Role.MODERATOR):
        response = _post(server, {"item": ITEM}, role)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["item"] == {"platform": "x", "id": "42"}
        assert body["language"] == "en"
        assert [(s["detector"], s["label"], s["score"]) for s in body["signals"]] == [
            ("lang", "lang.en", 0.9),
            ("scores", "hate", 0.95),
        ]
        (proposal,) = body["proposals"]
        assert (proposal["policy"], proposal["mode"], proposal["policy_version"]) == (
            "hate-restrict",
            "enforce",
            "test-1",
        )
        assert proposal["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_DISABLED"]
        assert proposal["action"]["end_date_visibility_restriction"] == "2024-10-01"
        assert body["stored"] is False
    assert _counts(context) == (0, 0)


def test_check_can_store_the_item_and_its_proposals(server: Server, context: AppContext) -> None:
    response = _post(server, {"item": ITEM, "store": True}, Role.PLATFORM)
    assert response.status_code == 200, response.text
    assert response.json()["stored"] is True
    assert _counts(context) == (1, 1)
    assert _post(server, {"item": ITEM, "store": True}, Role.PLATFORM).status_code == 200
    assert _counts(context) == (1, 1)


def test_check_needs_a_credential_with_the_right_role(server: Server) -> None:
    missing = _post(server, {"item": ITEM}, None)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthenticated"
    forbidden = _post(server, {"item": ITEM}, Role.REVIEWER)
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "forbidden"
    invalid = _post(server, {"item": {**ITEM, "created_at": "yesterday"}}, Role.PLATFORM)
    assert invalid.status_code == 422
    assert invalid.json()["error"]["details"][0]["field"] == "item.created_at"
