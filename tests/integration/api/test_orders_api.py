"""`POST /v1/orders` and `GET /v1/orders`: member-state orders recorded for the transparency report."""

from __future__ import annotations

from fastapi.testclient import TestClient

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.store.db import unit_of_work

ORDER = {
    "member_state": "DE",
    "authority": "Bundeskriminalamt",
    "order_type": "act",
    "category": "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    "category_specification": ["KEYWORD_ILLEGAL_ORGANIZATIONS"],
    "items": ["https://x.com/a/status/1", "https://x.com/a/status/1", "https://x.com/b/status/2"],
    "received_at": "2025-08-01T09:00:00Z",
    "acknowledged_at": "2025-08-01T10:00:00Z",
    "effected_at": "2025-08-01T14:00:00Z",
}


def keys(context: AppContext) -> dict[Role, dict[str, str]]:
    headers = {}
    with unit_of_work(context.sessions) as session:
        for role in (Role.MODERATOR, Role.AUDITOR, Role.REVIEWER):
            _, token = create_api_key(session, name=role.value, role=role, now=context.clock.now())
            headers[role] = {"Authorization": f"Bearer {token}"}
    return headers


def test_orders_are_recorded_listed_and_validated(context: AppContext) -> None:
    headers = keys(context)
    with TestClient(create_app(context)) as client:
        created = client.post("/v1/orders", json=ORDER, headers=headers[Role.MODERATOR])
        assert created.status_code == 201, created.text
        assert created.json()["items"] == ["https://x.com/a/status/1", "https://x.com/b/status/2"]
        info = {
            **ORDER, "member_state": "gr", "order_type": "provide_information", "received_at": "2025-10-01T09:00Z",
            "acknowledged_at": None, "effected_at": None, "category": "STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER",
            "category_specification": [],
        }  # fmt: skip
        assert client.post("/v1/orders", json=info, headers=headers[Role.MODERATOR]).status_code == 201
        listed = client.get("/v1/orders", headers=headers[Role.AUDITOR]).json()
        assert listed["total"] == 2
        assert [o["member_state"] for o in listed["orders"]] == ["DE", "GR"]
        later = client.get(
            "/v1/orders", params={"received_from": "2025-09-01T00:00:00Z"}, headers=headers[Role.AUDITOR]
        ).json()
        assert [o["order_type"] for o in later["orders"]] == ["provide_information"]
        assert (
            client.get("/v1/orders", params={"member_state": "de"}, headers=headers[Role.AUDITOR]).json()["total"] == 1
        )
        assert client.post("/v1/orders", json=ORDER, headers=headers[Role.AUDITOR]).status_code == 403
        assert client.get("/v1/orders", headers=headers[Role.REVIEWER]).status_code == 403
        assert client.get("/v1/orders").status_code == 401
        wrong = {
            **ORDER,
            "member_state": "EL",
            "category_specification": ["KEYWORD_OTHER"],
            "effected_at": "2025-07-01T00:00:00Z",
        }
        refused = client.post("/v1/orders", json=wrong, headers=headers[Role.MODERATOR])
        assert refused.status_code == 422
        problems = " ".join(d["problem"] for d in refused.json()["error"]["details"])
        assert "GR (ISO 3166-1), not EL" in problems
        assert client.get("/v1/orders", headers=headers[Role.AUDITOR]).json()["total"] == 2
