"""The submitter against a local Transparency Database that behaves as documented."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update
from tests.support.bulk import queue_automated_statements
from tests.support.fake_tdb import FakeTransparencyDatabase, serve_fake_tdb

from rempart.app import AppContext
from rempart.core.clock import SystemClock
from rempart.core.settings import Settings
from rempart.dsa.models import Statement
from rempart.dsa.submitter import drain_statements
from rempart.store.db import make_engine, session_factory, unit_of_work
from rempart.store.outbox import OutboxMessage, pending_count

TOKEN = "1|platform-token"


@pytest.fixture
def fake() -> Iterator[FakeTransparencyDatabase]:
    with serve_fake_tdb(FakeTransparencyDatabase({TOKEN: "Demo platform"})) as server:
        yield server


def live_context(database_url: str, tdb_url: str, token: str = TOKEN) -> AppContext:
    settings = Settings(
        database_url=database_url, environment="test", tdb_url=tdb_url, tdb_token=token, outbox_backoff_seconds=0.001
    )
    engine = make_engine(database_url)
    return AppContext(settings=settings, engine=engine, sessions=session_factory(engine), clock=SystemClock())


def statuses(context: AppContext) -> dict[str, int]:
    with unit_of_work(context.sessions) as session:
        return dict(session.execute(select(Statement.status, func.count()).group_by(Statement.status)).all())


def drain_until_empty(context: AppContext, deadline_seconds: float = 60) -> int:
    calls, deadline = 0, time.monotonic() + deadline_seconds
    while True:
        calls += drain_statements(context).calls
        with unit_of_work(context.sessions) as session:
            if pending_count(session, "tdb.statement") == 0:
                return calls
        assert time.monotonic() < deadline, "statements still pending"
        time.sleep(0.005)


def test_statements_are_delivered_in_batches_with_the_uuids(database_url: str, fake: FakeTransparencyDatabase) -> None:
    context = live_context(database_url, fake.url)
    with unit_of_work(context.sessions) as session:
        puids = queue_automated_statements(session, 250, datetime.now(UTC))
    summary = drain_statements(context)
    assert summary.calls == 3
    assert summary.delivered == 250
    assert sorted(fake.stored_puids("Demo platform")) == sorted(puids)
    with unit_of_work(context.sessions) as session:
        assert session.scalar(select(func.count()).where(Statement.tdb_uuid.is_not(None))) == 250
    context.close()


def test_rejected_statements_are_marked_and_the_others_resent(
    database_url: str, fake: FakeTransparencyDatabase
) -> None:
    context = live_context(database_url, fake.url)
    with unit_of_work(context.sessions) as session:
        queue_automated_statements(session, 5, datetime.now(UTC))
        broken = session.get(Statement, "stm_2")
        assert broken is not None
        assert broken.tdb is not None
        broken.tdb = {**broken.tdb, "decision_ground": "DECISION_GROUND_NOT_A_GROUND"}
    summary = drain_statements(context)
    assert summary.rejected == 1
    assert summary.delivered == 4
    assert statuses(context) == {"delivered": 4, "rejected": 1}
    with unit_of_work(context.sessions) as session:
        rejected = session.get(Statement, "stm_2")
        assert rejected is not None
        assert rejected.tdb_errors == {"decision_ground": ["The selected decision ground is invalid."]}
    context.close()


def test_a_stored_statement_whose_answer_was_lost_is_settled_by_puid(
    database_url: str, fake: FakeTransparencyDatabase
) -> None:
    fake.fail = lambda n: "drop" if n == 1 else None
    context = live_context(database_url, fake.url)
    with unit_of_work(context.sessions) as session:
        puids = queue_automated_statements(session, 3, datetime.now(UTC))
    drain_until_empty(context)
    assert statuses(context) == {"delivered": 3}
    assert sorted(fake.stored_puids("Demo platform")) == sorted(puids)
    assert fake.posts >= 2
    context.close()


def test_a_refused_token_stops_the_drain(database_url: str, fake: FakeTransparencyDatabase) -> None:
    context = live_context(database_url, fake.url, token="1|wrong")
    with unit_of_work(context.sessions) as session:
        queue_automated_statements(session, 3, datetime.now(UTC))
    summary = drain_statements(context)
    assert summary.stopped is not None
    assert "401" in summary.stopped
    assert statuses(context) == {"pending": 3}
    assert fake.stored == {}
    context.close()


def test_a_crash_after_claiming_loses_nothing(database_url: str, fake: FakeTransparencyDatabase) -> None:
    context = live_context(database_url, fake.url)
    with unit_of_work(context.sessions) as session:
        queue_automated_statements(session, 3, datetime.now(UTC))
        # A worker claimed them and died: the lease is still running, then runs out.
        session.execute(update(OutboxMessage).values(locked_until=datetime(2000, 1, 1, tzinfo=UTC), attempts=1))
    assert drain_statements(context).delivered == 3
    context.close()


@pytest.mark.slow
def test_ten_thousand_automated_decisions_reach_a_flaky_server_exactly_once(
    database_url: str, fake: FakeTransparencyDatabase
) -> None:
    failures = ["429", "500", "drop"]
    fake.fail = lambda n: failures[(n // 5) % 3] if n % 5 == 0 else None
    context = live_context(database_url, fake.url)
    with unit_of_work(context.sessions) as session:
        puids = queue_automated_statements(session, 10_000, datetime.now(UTC))
    drain_until_empty(context)
    stored = fake.stored_puids("Demo platform")
    assert len(stored) == 10_000
    assert set(stored) == set(puids)
    assert statuses(context) == {"delivered": 10_000}
    assert fake.posts > 100
    assert len(fake.received_puids) > 10_000  # resent PUIDs were recognised, not stored twice
    context.close()
