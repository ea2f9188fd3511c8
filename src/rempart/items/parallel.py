"""Ingest on every core: worker processes parse and prepare rows, the parent writes them in order.

Used for line-oriented input (one record per line), which is what every adapter reads in the common
case; a document that spans lines (a pretty-printed response, a JSON array over many lines) is read
sequentially instead. Chunks keep their order, so line numbers, duplicates within a file and the
summary are the same as a sequential run.
"""

from __future__ import annotations

import collections
import io
import multiprocessing
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import BinaryIO, cast

import orjson
from sqlalchemy import Engine

from rempart.items.adapters.base import Adapter, Rejected
from rempart.items.service import IngestSummary, Prepared, RowBuilder, StoreWriter, ingest

_worker_adapter: Adapter | None = None
_worker_rows: RowBuilder | None = None


def _init_worker(adapter: Adapter, sqlite: bool, now: datetime) -> None:
    global _worker_adapter, _worker_rows  # noqa: PLW0603 - one adapter per worker process, set once
    _worker_adapter = adapter
    _worker_rows = RowBuilder(sqlite=sqlite, now=now)


def _prepare_chunk(chunk: tuple[int, bytes]) -> list[Prepared | Rejected]:
    first_line, data = chunk
    assert _worker_adapter is not None
    assert _worker_rows is not None
    prepared: list[Prepared | Rejected] = []
    for record in _worker_adapter.read(io.BytesIO(data)):
        line = record.line + first_line - 1
        if isinstance(record, Rejected):
            prepared.append(Rejected(line, record.reason, record.record))
        else:
            record.line = line
            prepared.append(_worker_rows.prepare(record))
    return prepared


def _chunks(head: list[bytes], stream: BinaryIO, lines_per_chunk: int) -> Iterator[tuple[int, bytes]]:
    """Raw lines (blank ones included, so numbering is exact) grouped into chunks."""
    first = 1
    buffer = head + list(islice(stream, max(0, lines_per_chunk - len(head))))
    while buffer:
        yield first, b"".join(buffer)
        first += len(buffer)
        buffer = list(islice(stream, lines_per_chunk))


def _write(
    prepared: list[Prepared | Rejected], writer: StoreWriter, on_reject: Callable[[Rejected], None] | None
) -> None:
    for record in prepared:
        if isinstance(record, Rejected):
            if on_reject is not None:
                on_reject(record)
            writer.add(record)
        else:
            writer.add_prepared(record)


def _first_line_is_a_document(head: list[bytes]) -> bool:
    for line in head:
        if line.strip():
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:
                return False
            return True
    return True


def ingest_stream(
    adapter: Adapter,
    stream: BinaryIO,
    engine: Engine,
    *,
    now: datetime,
    workers: int,
    on_reject: Callable[[Rejected], None] | None = None,
    batch_size: int = 10_000,
    lines_per_chunk: int = 5000,
) -> IngestSummary:
    """Ingest `stream` with `workers` parsing processes when it is line-oriented, else sequentially."""
    head = [stream.readline() for _ in range(1)]
    if workers <= 1 or not _first_line_is_a_document(head):
        replay = cast(BinaryIO, _Replay(head, stream))
        return ingest(adapter.read(replay), engine, now=now, on_reject=on_reject, batch_size=batch_size)
    writer = StoreWriter(engine, now=now, batch_size=batch_size)
    context = multiprocessing.get_context("fork")
    sqlite = engine.dialect.name == "sqlite"
    with context.Pool(workers, initializer=_init_worker, initargs=(adapter, sqlite, now)) as pool:
        # At most two chunks per worker in flight, so memory stays bounded whatever the file size.
        in_flight: collections.deque[AsyncResult[list[Prepared | Rejected]]] = collections.deque()
        for chunk in _chunks(head, stream, lines_per_chunk):
            in_flight.append(pool.apply_async(_prepare_chunk, (chunk,)))
            if len(in_flight) >= 2 * workers:
                _write(in_flight.popleft().get(), writer, on_reject)
        while in_flight:
            _write(in_flight.popleft().get(), writer, on_reject)
    writer.flush()
    return writer.summary


class _Replay(io.RawIOBase):
    """A binary stream that yields already-read head lines before the rest of `stream`."""

    def __init__(self, head: list[bytes], stream: BinaryIO) -> None:
        self._head = list(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> bytes:
        if self._head:
            return self._head.pop(0)
        return self._stream.readline()

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = b"".join(self._head) if self._head else b""
        self._head = []
        if not data:
            data = self._stream.read(len(buffer))
        size = min(len(buffer), len(data))
        buffer[:size] = data[:size]
        if size < len(data):
            self._head = [data[size:]]
        return size
