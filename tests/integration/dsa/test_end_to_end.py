"""The DSA chain end to end, over real servers: the public form, SMTP, the review, the Transparency
Database, the platform's webhook, the appeal, and the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select, text
from tests.support.factories import add_item
from tests.support.fake_tdb import FakeTransparencyDatabase, serve_fake_tdb
from tests.support.servers import SmtpSink, WebhookReceiver, serve_app, serve_smtp, serve_webhook
from typer.testing import CliRunner

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.cli.main import app as cli
from rempart.core.clock import SystemClock
from rempart.core.settings import Settings
from rempart.dsa.models import Statement
from rempart.dsa.worker import run_once
from rempart.store.db import make_engine, session_factory, unit_of_work

SECRET = "webhook-secret-for-tests"
TOKEN = "7|tdb-token"
NOTIFIER = "claire@example.org"


@dataclass
class World:
    context: AppContext
    api: str
    smtp: SmtpSink
    tdb: FakeTransparencyDatabase
    hooks: WebhookReceiver
    reviewer: dict[str, str]
    database_url: str


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    with (
        serve_smtp() as (smtp, smtp_port),
        serve_fake_tdb(FakeTransparencyDatabase({TOKEN: "Rempart demo"})) as tdb,
        serve_webhook(WebhookReceiver(SECRET)) as hooks,
    ):
        settings = Settings(
            database_url=database_url,
            environment="test",
            tdb_url=tdb.url,
            tdb_token=TOKEN,
            webhook_url=hooks.url,
            webhook_secret=SECRET,
            smtp_host="127.0.0.1",
            smtp_port=smtp_port,
        )
        engine = make_engine(database_url)
        context = AppContext(settings=settings, engine=engine, sessions=session_factory(engine), clock=SystemClock())
        with unit_of_work(context.sessions) as session:
            add_item(session, "1001", handle="hmueller", text="Schönes Wetter heute. Sieg Heil!")
            _, reviewer_key = create_api_key(session, name="rita", role=Role.REVIEWER, now=context.clock.now())
        with serve_app(create_app(context)) as api:
            context.settings.public_url = api
            yield World(context, api, smtp, tdb, hooks, {"Authorization": f"Bearer {reviewer_key}"}, database_url)
        context.close()


def test_notice_to_reversed_appeal(world: World) -> None:
    client = httpx.Client(base_url=world.api, timeout=30)
    form = {
        "urls": "https://x.com/hmueller/status/1001\nhttps://x.com/nobody/status/999",
        "explanation": "This post uses a Nazi slogan, which is a crime under § 86a StGB.",
        "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "name": "Claire Martin",
        "email": NOTIFIER,
    }
    refused = client.post("/notices", data=form)
    assert refused.status_code == 422
    assert "confirm that you believe in good faith" in refused.text
    assert "Nazi slogan" in refused.text  # the user's input is kept

    accepted = client.post("/notices", data={**form, "bona_fide": "yes"})
    assert accepted.status_code == 201
    assert "https://x.com/nobody/status/999" in accepted.text  # reported as unresolvable
    run_once(world.context)
    [ack] = world.smtp.to(NOTIFIER)
    assert "received" in ack["Subject"]

    [case] = client.get("/v1/cases/queue", headers=world.reviewer).json()
    assert client.post(f"/v1/cases/{case['id']}/claim", headers=world.reviewer).status_code == 200
    decision = {
        "platform": "x",
        "item_id": "1001",
        "restriction": {"decision_visibility": ["DECISION_VISIBILITY_CONTENT_DISABLED"]},
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "ground_reference": "§ 86a StGB (DE); § 3 Verbotsgesetz 1947 (AT)",
        "ground_explanation": "The slogan is a symbol of an unconstitutional organisation.",
        "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "category_specification": ["KEYWORD_HATE_SPEECH"],
        "territorial_scope": ["DE", "AT"],
        "facts": "Reported by Claire Martin; the post by @hmueller uses a slogan.",
        "source_type": "SOURCE_ARTICLE_16",
    }
    decided = client.post(f"/v1/cases/{case['id']}/decisions", json={"decisions": [decision]}, headers=world.reviewer)
    assert decided.status_code == 201, decided.text
    run_once(world.context)

    [applied] = world.hooks.of("action.applied")
    assert applied["territorial_scope"] == ["AT", "DE"]
    [issued] = world.hooks.of("statement.issued")
    assert "AT, DE" in issued["text"]["en"]
    [stored] = world.tdb.stored.values()
    assert stored["territorial_scope"] == ["AT", "DE"]
    assert "Claire" not in stored["decision_facts"]
    assert "hmueller" not in stored["decision_facts"]
    assert len(world.smtp.to(NOTIFIER)) == 2  # the decision, with redress, reached the notifier

    token = parse_qs(urlsplit(issued["appeal_url"]).query)["token"][0]
    appeal = client.post("/v1/appeals", json={"token": token, "explanation": "This was irony, I mock them."})
    assert appeal.status_code == 201, appeal.text
    reversal = {"outcome": "reversed", "reason": "Satirical context: the post mocks the slogan."}
    platform_key = _key(world, Role.PLATFORM)
    assert (
        client.post(f"/v1/appeals/{appeal.json()['id']}/decision", json=reversal, headers=platform_key).status_code
        == 403
    )
    decided_appeal = client.post(f"/v1/appeals/{appeal.json()['id']}/decision", json=reversal, headers=world.reviewer)
    assert decided_appeal.status_code == 200, decided_appeal.text
    assert decided_appeal.json()["outcome"] == "reversed"
    assert decided_appeal.json()["seconds_to_decide"] >= 0
    run_once(world.context)

    [lifted] = world.hooks.of("action.lifted")
    assert lifted["action_id"] == applied["action_id"]
    assert len(world.hooks.of("statement.issued")) == 2
    assert world.hooks.refused == 0
    with unit_of_work(world.context.sessions) as session:
        statements = list(session.scalars(select(Statement).order_by(Statement.created_at)))
        assert [s.status for s in statements] == ["delivered", "not_sent"]
        assert "lifted" in statements[1].text_en
        assert re.search(r"levée", statements[1].text_fr)

    runner = CliRunner()
    env = {"REMPART_DATABASE_URL": world.database_url}
    verified = runner.invoke(cli, ["audit", "verify", "--json"], env=env)
    assert verified.exit_code == 0, verified.output
    with unit_of_work(world.context.sessions) as session:
        session.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"))
    tampered = runner.invoke(cli, ["audit", "verify", "--json"], env=env)
    assert tampered.exit_code == 1
    assert "entry 3 was changed" in tampered.output


def _key(world: World, role: Role) -> dict[str, str]:
    with unit_of_work(world.context.sessions) as session:
        _, token = create_api_key(session, name=role.value, role=role, now=world.context.clock.now())
    return {"Authorization": f"Bearer {token}"}
