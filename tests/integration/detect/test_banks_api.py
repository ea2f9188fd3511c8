"""The banks API: roles (401/403/2xx), the error envelope, batches with problems, removal, export."""

from __future__ import annotations

import base64
import io

from fastapi.testclient import TestClient
from PIL import Image, ImageDraw
from tests.integration.detect.banks_fixtures import store_items

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.detect.banks import service
from rempart.store.db import unit_of_work

PDQ = "acecf3355e3125c8e24e2f30e0d4ec4f8482b878b3c34cdbdf063278db275992"
SPAM = "Vote tomorrow by text message, just send your name and address to 5555 and your ballot is counted"


def _keys(context: AppContext) -> dict[Role, dict[str, str]]:
    headers = {}
    with unit_of_work(context.sessions) as session:
        for role in (Role.ADMIN, Role.MODERATOR, Role.REVIEWER, Role.AUDITOR, Role.PLATFORM):
            _, token = create_api_key(session, name=role.value, role=role, now=context.clock.now())
            headers[role] = {"Authorization": f"Bearer {token}"}
    return headers


def _png() -> str:
    image = Image.new("RGB", (96, 96), (10, 120, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 70, 60), fill=(250, 250, 0))
    draw.rectangle((50, 40, 90, 90), fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_roles_and_the_error_envelope(context: AppContext) -> None:
    keys = _keys(context)
    client = TestClient(create_app(context))
    body = {"name": "known", "kind": "text"}
    unauthenticated = client.post("/v1/banks", json=body)
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["error"]["code"] == "unauthenticated"
    for role in (Role.REVIEWER, Role.AUDITOR, Role.PLATFORM):
        forbidden = client.post("/v1/banks", json=body, headers=keys[role])
        assert forbidden.status_code == 403
        assert forbidden.json()["error"]["code"] == "forbidden"
    assert client.get("/v1/banks", headers=keys[Role.PLATFORM]).status_code == 403
    created = client.post("/v1/banks", json=body, headers=keys[Role.MODERATOR])
    assert created.status_code == 201
    assert created.json()["jaccard_threshold"] == 0.35
    assert created.json()["created_by"] == "moderator"
    conflict = client.post("/v1/banks", json=body, headers=keys[Role.ADMIN])
    assert conflict.status_code == 409
    assert conflict.json()["error"]["details"] == [{"field": "name", "problem": "already taken"}]
    invalid = client.post(
        "/v1/banks", json={"name": "Bad Name", "kind": "pdq", "threshold": 200}, headers=keys[Role.ADMIN]
    )
    assert invalid.status_code == 422
    assert invalid.json()["error"]["details"][0]["field"] == "name"
    too_far = client.post("/v1/banks", json={"name": "far", "kind": "pdq", "threshold": 64}, headers=keys[Role.ADMIN])
    assert too_far.status_code == 422
    assert too_far.json()["error"]["details"] == [{"field": "threshold", "problem": "a Hamming distance from 0 to 63"}]
    for role in (Role.REVIEWER, Role.AUDITOR):
        listed = client.get("/v1/banks", headers=keys[role])
        assert listed.status_code == 200
        assert [b["name"] for b in listed.json()["banks"]] == ["known"]
    missing = client.get("/v1/banks/nope", headers=keys[Role.AUDITOR])
    assert missing.status_code == 404
    assert missing.json() == {"error": {"code": "not_found", "message": "no bank named nope", "details": []}}


def test_entries_added_removed_and_exported(context: AppContext) -> None:
    store_items(context, {"old": SPAM.upper()})
    keys = _keys(context)
    client = TestClient(create_app(context))
    client.post("/v1/banks", json={"name": "images", "kind": "pdq", "threshold": 20}, headers=keys[Role.ADMIN])
    client.post("/v1/banks", json={"name": "spam", "kind": "text"}, headers=keys[Role.ADMIN])
    batch = {
        "entries": [
            {"value": PDQ.upper(), "details": {"source_id": "42", "tags": ["a", "b"]}},
            {"value": PDQ},
            {"value": "xyz"},
            {"image_base64": _png()},
            {"image_base64": base64.b64encode(b"not an image").decode()},
            {},
        ]
    }
    assert client.post("/v1/banks/images/entries", json=batch, headers=keys[Role.REVIEWER]).status_code == 403
    added = client.post("/v1/banks/images/entries", json=batch, headers=keys[Role.MODERATOR])
    assert added.status_code == 200
    summary = added.json()
    assert {k: v for k, v in summary.items() if k != "problems"} == {
        "read": 6,
        "added": 2,
        "duplicate": 1,
        "rejected": 3,
        "retro_matches": 0,
        "cases_opened": 0,
    }
    assert [(p["line"], p["reason"].split(":")[0]) for p in summary["problems"]] == [
        (2, "value"),
        (4, "image_base64"),
        (5, "give exactly one of value and image_base64"),
    ]
    text_added = client.post(
        "/v1/banks/spam/entries", json={"entries": [{"value": SPAM}]}, headers=keys[Role.MODERATOR]
    )
    assert text_added.json()["retro_matches"] == 1
    assert text_added.json()["cases_opened"] == 1

    exported = client.get("/v1/banks/images/export", headers=keys[Role.AUDITOR])
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    lines = exported.text.splitlines()
    assert len(lines) == 2
    assert f"{PDQ},42,,a b" in lines

    listed = client.get("/v1/banks/images", headers=keys[Role.REVIEWER]).json()
    assert listed["active_entries"] == 2
    with context.sessions() as session:
        bank = service.get_bank(session, "images")
        entry_id = next(e for e, v, _ in service.active_entries(session, bank.id) if v == PDQ)
    removed = client.delete(f"/v1/banks/images/entries/{entry_id}", headers=keys[Role.MODERATOR])
    assert removed.status_code == 200
    assert removed.json()["removed_by"] == "moderator"
    again = client.delete(f"/v1/banks/images/entries/{entry_id}", headers=keys[Role.MODERATOR])
    assert again.status_code == 409
    assert client.delete("/v1/banks/images/entries/entry_nope", headers=keys[Role.MODERATOR]).status_code == 404
    after = client.get("/v1/banks/images", headers=keys[Role.REVIEWER]).json()
    assert (after["active_entries"], after["version"]) == (1, listed["version"] + 1)
    assert PDQ not in client.get("/v1/banks/images/export", headers=keys[Role.AUDITOR]).text
