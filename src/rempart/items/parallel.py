"""Ingest on every core: worker processes parse records and group their rows, the parent writes them in order.

Used for line-oriented input (one record per line), which is what every adapter reads in the common
case; a document that spans lines (a pretty-printed response, a JSON array over many lines) is read
sequentially instead. Chunks keep their order, so line numbers, duplicates within a file and the
summary are the same as a sequential run.
"""

from __future__ import annotations

import collections
import gc
import io
import marshal
import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from multiprocessing.pool import AsyncResult
from typing import BinaryIO, Protocol, cast, runtime_checkable

import orjson
from sqlalchemy import Engine

from rempart.items.adapters.base import Adapter, Rejected
from rempart.items.rows import Prepared, RowBuilder, RowGroup, RowGroups
from rempart.items.service import IngestSummary, StoreWriter, ingest

# What a worker hands back for a chunk: its rejected records (numbered in the file), its row groups
# marshalled (`list[RowGroup]` as plain tuples) and how many records they hold. The groups travel as one
# bytes object so that the pool's result thread only passes them on: decoding them there would hold the
# interpreter lock against the thread that writes (the writer decodes them itself). Rows hold only str,
# int, bool and None, which `marshal` encodes several times faster than `pickle`.
ChunkRows = tuple[list[Rejected], bytes, int]


@runtime_checkable
class RowReader(Protocol):
    """An adapter that can turn its input straight into rows (the canonical JSON Lines one)."""

    def read_rows(self, stream: BinaryIO, rows: RowBuilder) -> Iterator[Prepared | Rejected]: ...


def _read_rows(adapter: Adapter, stream: BinaryIO, rows: RowBuilder) -> Iterator[Prepared | Rejected]:
    if isinstance(adapter, RowReader):
        yield from adapter.read_rows(stream, rows)
        return
    for record in adapter.read(stream):
        yield record if isinstance(record, Rejected) else rows.prepare(record)


_worker_adapter: Adapter | None = None
_worker_rows: RowBuilder | None = None


def _init_worker(adapter: Adapter, sqlite: bool, now: datetime) -> None:
    global _worker_adapter, _worker_rows  # noqa: PLW0603 - one adapter per worker process, set once
    _worker_adapter = adapter
    _worker_rows = RowBuilder(sqlite=sqlite, now=now)
    # What the worker inherited lives as long as it does: keep it out of the collector's full passes. (The
    # collector runs here: rejected records make reference cycles; it is paused in the writer, not here.)
    gc.freeze()
    gc.enable()


def _prepare_chunk(chunk: tuple[int, bytes]) -> ChunkRows:
    first_line, data = chunk
    assert _worker_adapter is not None
    assert _worker_rows is not None
    rejected: list[Rejected] = []
    groups = RowGroups()
    add = groups.add
    for record in _read_rows(_worker_adapter, io.BytesIO(data), _worker_rows):
        if isinstance(record, Rejected):
            rejected.append(Rejected(record.line + first_line - 1, record.reason, record.record))
        else:
            add(record)
    taken, records = groups.take()
    return rejected, marshal.dumps([tuple(group) for group in taken]), records


def _chunks(head: bytes, stream: BinaryIO, chunk_bytes: int) -> Iterator[tuple[int, bytes]]:
    """Whole lines (blank ones included, so numbering is exact), about `chunk_bytes` at a time, each with the
    number of its first line. Read in blocks: splitting lines is the workers' job."""
    first = 1
    pending = [head]  # read since the last whole line
    while block := stream.read(chunk_bytes):
        end = block.rfind(b"\n") + 1
        if end == 0:  # inside a line longer than a block: read on
            pending.append(block)
            continue
        pending.append(block[:end])
        data = b"".join(pending)
        yield first, data
        first += data.count(b"\n")
        pending = [block[end:]]
    if tail := b"".join(pending):
        yield first, tail


def _write(chunk: ChunkRows, writer: StoreWriter, on_reject: Callable[[Rejected], None] | None) -> None:
    rejected, groups, records = chunk
    for record in rejected:
        if on_reject is not None:
            on_reject(record)
        writer.add_rejected()
    rows = [RowGroup._make(group) for group in marshal.loads(groups)]  # noqa: S302 - made by our own worker
    writer.add_groups(rows, records)


def _first_line_is_a_document(line: bytes) -> bool:
    if line.strip():
        try:
            orjson.loads(line)
        except orjson.JSONDecodeError:
            return False
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
    chunk_bytes: int = 1 << 20,
) -> IngestSummary:
    """Ingest `stream` with `workers` parsing processes when it is line-oriented, else sequentially."""
    head = stream.readline()
    if workers <= 1 or not _first_line_is_a_document(head):
        replay = cast(BinaryIO, _Replay([head], stream))
        return ingest(adapter.read(replay), engine, now=now, on_reject=on_reject, batch_size=batch_size)
    writer = StoreWriter(engine, now=now, batch_size=batch_size)
    context = multiprocessing.get_context("fork")
    sqlite = engine.dialect.name == "sqlite"
    with (
        _collector_paused(),
        context.Pool(workers, initializer=_init_worker, initargs=(adapter, sqlite, now)) as pool,
    ):
        # At most two chunks per worker in flight, so memory stays bounded whatever the file size.
        in_flight: collections.deque[AsyncResult[ChunkRows]] = collections.deque()
        for chunk in _chunks(head, stream, chunk_bytes):
            in_flight.append(pool.apply_async(_prepare_chunk, (chunk,)))
            if len(in_flight) >= 2 * workers:
                _write(in_flight.popleft().get(), writer, on_reject)
        while in_flight:
            _write(in_flight.popleft().get(), writer, on_reject)
    writer.flush()
    return writer.summary


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The writer allocates row tuples by the million, none of them in a reference cycle: the cyclic collector
    would walk each of them for nothing. It is paused while the rows stream through; the few cycles the pool
    makes meanwhile are collected once it resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
