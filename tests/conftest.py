"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, and an app context over it.

`REMPART_TEST_DATABASE_URL` names the PostgreSQL database used by the tests (the Makefile and CI set it).
Tests that take the `database_url` fixture run once per backend.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from rempart.app import AppContext
from rempart.core.clock import FixedClock
from rempart.core.settings import Settings
from rempart.models import metadata
from rempart.store import migrate
from rempart.store.db import make_engine, normalise_url, session_factory

POSTGRES_URL = os.environ.get("REMPART_TEST_DATABASE_URL", "")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is much faster)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    if not POSTGRES_URL:
        pytest.fail("REMPART_TEST_DATABASE_URL is not set: store tests must run on PostgreSQL too")
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate.upgrade(POSTGRES_URL)
    return normalise_url(POSTGRES_URL)


def _truncate_postgres(url: str) -> None:
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in metadata().sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "rempart.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_migrated")
    _truncate_postgres(url)
    return url


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated, empty SQLite database, for tests that need only the embedded backend."""
    path = tmp_path / "rempart.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2024, 9, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def context(database_url: str, clock: FixedClock) -> Iterator[AppContext]:
    settings = Settings(database_url=database_url, environment="test")
    engine = make_engine(database_url)
    ctx = AppContext(settings=settings, engine=engine, sessions=session_factory(engine), clock=clock)
    yield ctx
    ctx.close()
