"""Wiring in one place: settings, engine, sessions and clock, built once and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from rempart.core.clock import Clock, SystemClock
from rempart.core.settings import Settings
from rempart.store.db import make_engine, session_factory


@dataclass
class AppContext:
    """What a request or a job needs from the outside world."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock = field(default_factory=SystemClock)

    def close(self) -> None:
        self.engine.dispose()


def build_context(settings: Settings | None = None, clock: Clock | None = None) -> AppContext:
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    return AppContext(settings=settings, engine=engine, sessions=session_factory(engine), clock=clock or SystemClock())
