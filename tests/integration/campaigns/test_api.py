"""`GET /v1/campaigns` and `GET /v1/campaigns/{id}`: recorded campaigns and spam networks, roles, errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.factories.coordination import T0, Sample, build_sample

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.campaigns.detect import detect
from rempart.campaigns.engines import DuckDBEngine
from rempart.campaigns.service import record_campaigns
from rempart.store.db import unit_of_work

Client = tuple[TestClient, dict[Role, dict[str, str]]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("campaigns-api"), with_spam=True)


@pytest.fixture
def client(context: AppContext, sample: Sample) -> Iterator[Client]:
    engine = DuckDBEngine(memory_limit="1GB")
    since, until = T0 - timedelta(days=1), T0 + timedelta(days=9)
    try:
        found, _ = detect(engine, items=[sample.items], accounts=[sample.accounts], since=since, until=until)
    finally:
        engine.close()
    headers: dict[Role, dict[str, str]] = {}
    with unit_of_work(context.sessions) as session:
        record_campaigns(session, found, since=since, until=until, engine_name="duckdb", now=context.clock.now())
        for role in (Role.REVIEWER, Role.AUDITOR, Role.PLATFORM):
            _, token = create_api_key(session, name=role.value, role=role, now=context.clock.now())
            headers[role] = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(context)) as test_client:
        yield test_client, headers


def test_list_filter_and_read_one(client: Client, sample: Sample, tmp_path: Path) -> None:
    http, headers = client
    page = http.get("/v1/campaigns", headers=headers[Role.REVIEWER])
    assert page.status_code == 200, page.text
    body = page.json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 50, 0)
    assert {(g["kind"], g["accounts"]) for g in body["items"]} == {("campaign", 30), ("spam_network", 20)}
    assert all(g["case_id"] and g["posts"] > 0 and g["first_seen"] for g in body["items"])

    spam = http.get("/v1/campaigns", params={"kind": "spam_network"}, headers=headers[Role.AUDITOR]).json()
    assert spam["total"] == 1
    [network] = spam["items"]
    second = http.get("/v1/campaigns", params={"limit": 1, "offset": 1}, headers=headers[Role.REVIEWER]).json()
    assert second["total"] == 2
    assert [g["id"] for g in second["items"]] == [body["items"][1]["id"]]

    one = http.get(f"/v1/campaigns/{network['id']}", headers=headers[Role.REVIEWER])
    assert one.status_code == 200, one.text
    detail = one.json()
    assert detail["kind"] == "spam_network"
    assert sorted(a["id"] for a in detail["accounts"]) == sorted(sample.spam)
    assert len(detail["items"]) == network["posts"] == 20 * 6
    assert detail["evidence"]["co_activity"]["amplified"] == 0
    assert detail["case_id"] == network["case_id"]
    assert detail["period"]["until"] > detail["period"]["since"]


def test_roles_errors_and_the_envelope(client: Client) -> None:
    http, headers = client
    assert http.get("/v1/campaigns").status_code == 401
    denied = http.get("/v1/campaigns", headers=headers[Role.PLATFORM])
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "forbidden"
    missing = http.get("/v1/campaigns/camp_missing", headers=headers[Role.REVIEWER])
    assert missing.status_code == 404
    assert missing.json()["error"] == {"code": "not_found", "message": "no campaign 'camp_missing'", "details": []}
    bad = http.get("/v1/campaigns", params={"kind": "botnet", "limit": 0}, headers=headers[Role.REVIEWER])
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["error"]["details"]} == {"kind", "limit"}
