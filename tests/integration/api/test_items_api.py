"""The items API over real HTTP: credentials and roles, the error envelope, batches, idempotency."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from tests.support.server import serve_in_thread

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.store.db import unit_of_work


@pytest.fixture
def api(context: AppContext) -> Iterator[tuple[httpx.Client, dict[Role, str]]]:
    tokens = {}
    with unit_of_work(context.sessions) as session:
        for role in (Role.PLATFORM, Role.AUDITOR, Role.TRUSTED_FLAGGER):
            _, tokens[role] = create_api_key(session, name=role.value, role=role, now=context.clock.now())
    with serve_in_thread(create_app(context)) as base_url, httpx.Client(base_url=base_url) as client:
        yield client, tokens


def _item(i: int, **extra: object) -> dict[str, object]:
    return {
        "platform": "x",
        "id": str(i),
        "author_id": "u1",
        "created_at": "2024-08-12T20:00:00Z",
        "text": f"post {i}",
        **extra,
    }


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_health_needs_no_credential_and_openapi_is_served(api: tuple[httpx.Client, dict[Role, str]]) -> None:
    client, _ = api
    assert client.get("/healthz").json() == {"status": "ok"}
    document = client.get("/openapi.json").json()
    assert "/v1/items" in document["paths"]


def test_missing_bad_and_wrong_role_credentials(api: tuple[httpx.Client, dict[Role, str]]) -> None:
    client, tokens = api
    body = {"items": [_item(1)]}
    missing = client.post("/v1/items", json=body)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthenticated"
    bad = client.post("/v1/items", json=body, headers=_auth(tokens[Role.PLATFORM] + "x"))
    assert bad.status_code == 401
    wrong_role = client.post("/v1/items", json=body, headers=_auth(tokens[Role.TRUSTED_FLAGGER]))
    assert wrong_role.status_code == 403
    assert wrong_role.json()["error"]["code"] == "forbidden"


def test_batch_stores_valid_items_names_invalid_ones_and_is_idempotent(
    api: tuple[httpx.Client, dict[Role, str]],
) -> None:
    client, tokens = api
    batch = {"items": [_item(1), {"platform": "x", "id": "2", "created_at": "not a date"}, _item(3)]}
    first = client.post("/v1/items", json=batch, headers=_auth(tokens[Role.PLATFORM]))
    assert first.status_code == 200
    summary = first.json()
    assert (summary["read"], summary["stored"], summary["duplicate"], summary["rejected"]) == (3, 2, 0, 1)
    assert {(e["index"], e["field"]) for e in summary["errors"]} == {(1, "author_id"), (1, "created_at")}
    again = client.post("/v1/items", json=batch, headers=_auth(tokens[Role.PLATFORM])).json()
    assert (again["stored"], again["duplicate"]) == (0, 2)
    read = client.get("/v1/items/x/3", headers=_auth(tokens[Role.AUDITOR]))
    assert read.status_code == 200
    assert read.json()["text"] == "post 3"
    missing = client.get("/v1/items/x/404", headers=_auth(tokens[Role.AUDITOR]))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_oversized_and_malformed_batches_get_the_envelope(api: tuple[httpx.Client, dict[Role, str]]) -> None:
    client, tokens = api
    too_many = client.post(
        "/v1/items", json={"items": [_item(i) for i in range(1001)]}, headers=_auth(tokens[Role.PLATFORM])
    )
    assert too_many.status_code == 422
    assert too_many.json()["error"]["details"][0]["field"] == "items"
    not_json = client.post(
        "/v1/items", content=b"{", headers={**_auth(tokens[Role.PLATFORM]), "Content-Type": "application/json"}
    )
    assert not_json.status_code == 422
    assert set(not_json.json()["error"]) == {"code", "message", "details"}
