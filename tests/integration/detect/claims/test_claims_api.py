"""`POST /v1/claims` and `GET /v1/claims`: the same parser, per-index errors, and roles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.support.claims import claim_review, data_feed

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.store.db import unit_of_work


@pytest.fixture
def client(context: AppContext, tiny_model: Path) -> Iterator[tuple[TestClient, dict[Role, dict[str, str]]]]:
    context.settings.claims_model = str(tiny_model)
    headers: dict[Role, dict[str, str]] = {}
    with unit_of_work(context.sessions) as session:
        for role in (Role.MODERATOR, Role.REVIEWER, Role.PLATFORM):
            _, token = create_api_key(session, name=role.value, role=role, now=context.clock.now())
            headers[role] = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(context)) as test_client:
        yield test_client, headers


def test_push_and_list_with_per_index_errors(client: tuple[TestClient, dict[Role, dict[str, str]]]) -> None:
    http, headers = client
    documents = [
        claim_review("https://fc.example/1", "Le vaccin modifie l'ADN", "Faux", language="fr"),
        data_feed(claim_review("https://fc.example/2", "Gasoline cars ban", "Partly false"), {"@type": "ClaimReview"}),
        {"@type": "Person", "name": "Nobody"},
        claim_review("https://fc.example/1", "Le vaccin modifie l'ADN", "Faux", language="fr"),
    ]
    response = http.post("/v1/claims", json={"documents": documents}, headers=headers[Role.MODERATOR])
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("read", "imported", "duplicate", "rejected")} == {
        "read": 5,
        "imported": 2,
        "duplicate": 1,
        "rejected": 2,
    }
    assert body["errors"] == [
        {"index": 1, "field": "dataFeedElement[1].item[0].claimReviewed", "problem": "missing or not a text"},
        {"index": 2, "field": "document", "problem": "no ClaimReview node in this document (found Person)"},
    ]
    page = http.get("/v1/claims", params={"rating": "partly_false"}, headers=headers[Role.REVIEWER]).json()
    assert page["total"] == 1
    [item] = page["items"]
    assert (item["review_url"], item["rating"], item["rating_text"]) == (
        "https://fc.example/2",
        "partly_false",
        "Partly false",
    )


def test_roles_and_the_error_envelope(client: tuple[TestClient, dict[Role, dict[str, str]]]) -> None:
    http, headers = client
    batch = {"documents": [claim_review("https://fc.example/1", "Claim")]}
    assert http.post("/v1/claims", json=batch).status_code == 401
    denied = http.post("/v1/claims", json=batch, headers=headers[Role.REVIEWER])
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "forbidden"
    assert http.get("/v1/claims", headers=headers[Role.PLATFORM]).status_code == 403
    empty = http.post("/v1/claims", json={"documents": []}, headers=headers[Role.MODERATOR])
    assert empty.status_code == 422
    assert empty.json()["error"]["details"][0]["field"] == "documents"
