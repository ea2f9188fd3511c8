"""Ingest on several processes gives the same summary, rejects and rows as a sequential run."""

from __future__ import annotations

import io

import orjson
import pytest
from sqlalchemy import func, select

from rempart.app import AppContext
from rempart.items.adapters.base import Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.models import ItemRow
from rempart.items.parallel import ingest_stream


def _data() -> tuple[bytes, set[str]]:
    lines, ids = [], set()
    for i in range(200):
        if i % 37 == 5:
            lines.append(b"{broken")
        elif i % 50 == 7:
            lines.append(b"")
        else:
            record = {
                "platform": "x",
                "id": str(i % 150),
                "author_id": "a",
                "created_at": "2024-08-12T20:00:00Z",
                "text": f"post {i % 150}",
            }
            lines.append(orjson.dumps(record))
            ids.add(str(i % 150))
    return b"\n".join(lines) + b"\n", ids


@pytest.mark.parametrize(
    ("chunk_bytes", "final_newline"), [(300, True), (40, False)], ids=["lines-in-blocks", "lines-over-blocks"]
)
def test_parallel_and_sequential_ingest_agree(context: AppContext, chunk_bytes: int, final_newline: bool) -> None:
    data, ids = _data()
    if not final_newline:
        data = data.rstrip(b"\n")
    results = []
    for workers in (2, 1):
        rejected: list[Rejected] = []
        summary = ingest_stream(
            CanonicalJsonlAdapter(),
            io.BytesIO(data),
            context.engine,
            now=context.clock.now(),
            workers=workers,
            on_reject=rejected.append,
            batch_size=16,
            chunk_bytes=chunk_bytes,
        )
        results.append((summary.as_dict(), [r.line for r in rejected]))
    (first, first_rejects), (second, second_rejects) = results
    assert first_rejects == second_rejects == [6, 43, 80, 117, 154, 191]
    assert first["read"] == first["stored"] + first["duplicate"] + first["rejected"]
    assert first["stored"] == len(ids)
    assert second == {"read": first["read"], "stored": 0, "duplicate": first["read"] - 6, "rejected": 6}
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == len(ids)
