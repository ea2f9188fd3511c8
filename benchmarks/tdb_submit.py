"""Throughput of the Transparency Database submitter against the local fake server.

Run: PYTHONPATH=. .venv/bin/python benchmarks/tdb_submit.py [COUNT] [FAIL_EVERY]
Prints statements per second for queueing and for delivery (one call in FAIL_EVERY fails: 429/500/drop).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.support.bulk import queue_automated_statements
from tests.support.fake_tdb import FakeTransparencyDatabase, serve_fake_tdb

from rempart.app import AppContext
from rempart.core.clock import SystemClock
from rempart.core.settings import Settings
from rempart.dsa.submitter import drain_statements
from rempart.store import migrate
from rempart.store.db import make_engine, session_factory, unit_of_work
from rempart.store.outbox import pending_count


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    fail_every = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    kinds = ["429", "500", "drop"]
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    migrate.upgrade(url)
    fake = FakeTransparencyDatabase(
        {"1|t": "bench"}, lambda n: kinds[(n // fail_every) % 3] if n % fail_every == 0 else None
    )
    with serve_fake_tdb(fake):
        settings = Settings(database_url=url, tdb_url=fake.url, tdb_token="1|t", outbox_backoff_seconds=0.001)
        engine = make_engine(url)
        context = AppContext(settings=settings, engine=engine, sessions=session_factory(engine), clock=SystemClock())
        started = time.perf_counter()
        with unit_of_work(context.sessions) as session:
            queue_automated_statements(session, count, datetime.now(UTC))
        queued = time.perf_counter() - started
        started = time.perf_counter()
        while True:
            drain_statements(context)
            with unit_of_work(context.sessions) as session:
                if pending_count(session, "tdb.statement") == 0:
                    break
            time.sleep(0.005)
        delivered = time.perf_counter() - started
        assert len(fake.stored) == count
    print(f"queued {count} statements in {queued:.2f} s ({count / queued:,.0f}/s)")
    print(
        f"delivered {count} in {delivered:.2f} s ({count / delivered:,.0f}/s), {fake.posts} POSTs, "
        f"1 in {fail_every} failing; stored exactly once: {len(fake.stored) == count}"
    )


if __name__ == "__main__":
    main()
