"""Shared helpers for the ingest tests: run an adapter over bytes into the test database."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from rempart.app import AppContext
from rempart.items.adapters.base import Adapter, Rejected
from rempart.items.service import ingest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats"

RunIngest = Callable[[Adapter, bytes], tuple[dict[str, int], list[Rejected]]]


@pytest.fixture
def run_ingest(context: AppContext) -> RunIngest:
    """Ingest bytes with an adapter; returns the summary and the rejected records."""

    def run(adapter: Adapter, data: bytes) -> tuple[dict[str, int], list[Rejected]]:
        rejected: list[Rejected] = []
        summary = ingest(
            adapter.read(io.BytesIO(data)),
            context.engine,
            now=context.clock.now(),
            on_reject=rejected.append,
            batch_size=4,
        )
        return summary.as_dict(), rejected

    return run


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
