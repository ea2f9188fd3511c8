"""Ingest on several processes gives the same summary, rejects and rows as a sequential run."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import BinaryIO

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from rempart.app import AppContext
from rempart.items import parallel
from rempart.items.adapters.base import Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.models import ItemRow
from rempart.items.parallel import _region_lines, ingest_stream


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


def _ingest(
    context: AppContext, stream: BinaryIO, workers: int, chunk_bytes: int, batch_size: int = 16
) -> tuple[dict[str, int], list[Rejected]]:
    rejected: list[Rejected] = []
    summary = ingest_stream(
        CanonicalJsonlAdapter(),
        stream,
        context.engine,
        now=context.clock.now(),
        workers=workers,
        on_reject=rejected.append,
        batch_size=batch_size,
        chunk_bytes=chunk_bytes,
    )
    return summary.as_dict(), rejected


@pytest.mark.parametrize(
    ("chunk_bytes", "final_newline"), [(300, True), (40, False)], ids=["lines-in-blocks", "lines-over-blocks"]
)
def test_parallel_and_sequential_ingest_agree(context: AppContext, chunk_bytes: int, final_newline: bool) -> None:
    data, ids = _data()
    if not final_newline:
        data = data.rstrip(b"\n")
    results = []
    for workers in (2, 1):
        summary, rejected = _ingest(context, io.BytesIO(data), workers, chunk_bytes)
        results.append((summary, [r.line for r in rejected]))
    (first, first_rejects), (second, second_rejects) = results
    assert first_rejects == second_rejects == [6, 43, 80, 117, 154, 191]
    assert first["read"] == first["stored"] + first["duplicate"] + first["rejected"]
    assert first["stored"] == len(ids)
    assert second == {"read": first["read"], "stored": 0, "duplicate": first["read"] - 6, "rejected": 6}
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == len(ids)


@pytest.mark.parametrize("chunk_bytes", [1, 7, 40, 300, 100_000])
def test_workers_reading_regions_of_a_file_agree_with_a_sequential_run(
    context: AppContext, tmp_path: Path, chunk_bytes: int
) -> None:
    data, ids = _data()
    # A line far longer than a region, blank lines, and no final line end.
    long_line = orjson.dumps(
        {"platform": "x", "id": "long", "author_id": "a", "created_at": "2024-08-12T20:00:00Z", "text": "w " * 400}
    )
    data = data + b"\n\n" + long_line + b"\n{broken\n\n" + long_line.replace(b'"long"', b'"last"')
    path = tmp_path / "items.jsonl"
    path.write_bytes(data)
    results = []
    for workers in (2, 1):
        with path.open("rb") as stream:
            summary, rejected = _ingest(context, stream, workers, chunk_bytes)
        results.append((summary, [(r.line, r.record) for r in rejected]))
    (first, first_rejects), (second, second_rejects) = results
    assert first_rejects == second_rejects
    assert [line for line, _ in first_rejects] == [6, 43, 80, 117, 154, 191, 204]
    assert all(record == b"{broken" for _, record in first_rejects)
    # 200 lines with 4 blank and 6 broken, then 2 items and 1 broken line: 199 records read.
    assert first == {"read": 199, "stored": len(ids) + 2, "duplicate": 199 - 7 - len(ids) - 2, "rejected": 7}
    assert second == {"read": 199, "stored": 0, "duplicate": 192, "rejected": 7}
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == len(ids) + 2


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300).map(lambda data: data.replace(b"\x00", b"\n")), st.integers(1, 64))
def test_regions_split_a_file_into_its_lines_exactly_once(data: bytes, chunk_bytes: int) -> None:
    with tempfile.TemporaryFile() as file:
        file.write(data)
        file.flush()
        pieces = [
            _region_lines(file.fileno(), start, min(start + chunk_bytes, len(data)))
            for start in range(0, len(data), chunk_bytes)
        ]
    assert b"".join(pieces) == data
    offset = 0
    for piece in pieces:  # each piece starts where a line starts
        assert piece == b"" or offset == 0 or data[offset - 1 : offset] == b"\n"
        offset += len(piece)


def test_rows_too_big_for_a_slot_come_back_through_the_pipe(
    context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, ids = _data()
    path = tmp_path / "items.jsonl"
    path.write_bytes(data)
    monkeypatch.setattr(parallel, "SLOT_BYTES", 64)  # smaller than any chunk's rows; forked workers see it too
    with path.open("rb") as stream:
        summary, rejected = _ingest(context, stream, workers=2, chunk_bytes=500, batch_size=10_000)
    assert [r.line for r in rejected] == [6, 43, 80, 117, 154, 191]
    assert summary == {"read": 196, "stored": len(ids), "duplicate": 196 - 6 - len(ids), "rejected": 6}
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == len(ids)
