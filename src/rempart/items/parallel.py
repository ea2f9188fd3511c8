"""Ingest on every core: worker processes parse records and group their rows, the parent writes them in order.

Used for line-oriented input (one record per line), which is what every adapter reads in the common
case; a document that spans lines (a pretty-printed response, a JSON array over many lines) is read
sequentially instead. Chunks keep their order, so line numbers, duplicates within a file and the
summary are the same as a sequential run.

A regular file is cut into regions that the workers read themselves; other input (standard input, a pipe)
is read by the parent and sent over. The workers' rows come back through slots of shared memory. The
parent's one job is the database's: it is the one process that cannot be split.
"""

from __future__ import annotations

import collections
import gc
import io
import marshal
import mmap
import multiprocessing
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from multiprocessing.pool import AsyncResult
from typing import Any, BinaryIO, NamedTuple, Protocol, cast, runtime_checkable

import orjson
from sqlalchemy import Engine

from rempart.items.adapters.base import Adapter, Rejected
from rempart.items.rows import Prepared, RowBuilder, RowGroup, RowGroups
from rempart.items.service import IngestSummary, StoreWriter, ingest


class ChunkRows(NamedTuple):
    """What a worker hands back for a chunk.

    The row groups (`list[RowGroup]` as plain tuples) are marshalled: rows hold only str, int, bool and None,
    which `marshal` encodes several times faster than `pickle`. They are written into the chunk's slot of a
    memory area shared with the parent, which decodes them from there: a chunk's rows (about twice its
    input) are not copied through the pool's pipe, pickled and unpickled on the way. Rows too big for a slot
    travel in `groups` instead.
    """

    rejected: list[Rejected]  # numbered from 1 at the chunk's first line
    groups: bytes  # the marshalled row groups when they did not fit the slot, else empty
    in_slot: int  # else their length in the slot
    records: int  # how many records the groups hold
    line_ends: int  # how many line ends the chunk has


SLOT_BYTES = 16 << 20
# A region of a regular file for a worker to read itself: the lines that start in [start, end).
Region = tuple[int, int]


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
_worker_file: int | None = None  # the input's file descriptor, for workers that read regions
_worker_slots: mmap.mmap | None = None


def _init_worker(adapter: Adapter, sqlite: bool, now: datetime, file: int | None, slots: mmap.mmap) -> None:
    global _worker_adapter, _worker_rows, _worker_file, _worker_slots  # noqa: PLW0603 - set once per worker
    _worker_adapter = adapter
    _worker_rows = RowBuilder(sqlite=sqlite, now=now)
    _worker_file = file
    _worker_slots = slots
    # What the worker inherited lives as long as it does: keep it out of the collector's full passes. (The
    # collector runs here: rejected records make reference cycles; it is paused in the writer, not here.)
    gc.freeze()
    gc.enable()


def _prepare_data(data: bytes, slot: int) -> ChunkRows:
    """Rows from whole lines (blank ones included, so that numbering stays exact)."""
    assert _worker_adapter is not None
    assert _worker_rows is not None
    assert _worker_slots is not None
    rejected: list[Rejected] = []
    groups = RowGroups()
    add = groups.add
    for record in _read_rows(_worker_adapter, io.BytesIO(data), _worker_rows):
        if isinstance(record, Rejected):
            rejected.append(record)
        else:
            add(record)
    taken, records = groups.take()
    encoded = marshal.dumps([tuple(group) for group in taken])
    line_ends = data.count(b"\n")
    if len(encoded) > SLOT_BYTES:
        return ChunkRows(rejected, encoded, 0, records, line_ends)
    _worker_slots[slot * SLOT_BYTES : slot * SLOT_BYTES + len(encoded)] = encoded
    return ChunkRows(rejected, b"", len(encoded), records, line_ends)


def _prepare_region(region: Region, slot: int) -> ChunkRows:
    """Rows from the lines that start in a region of the input file, read here with `pread` (the file
    descriptor was inherited): the input never passes through the parent."""
    assert _worker_file is not None
    return _prepare_data(_region_lines(_worker_file, *region), slot)


def _region_lines(file: int, start: int, end: int) -> bytes:
    """The lines that start in [start, end): a line that starts before `start` belongs to the region before,
    and the last line is read to its end, past `end` if need be."""
    skip = 0
    if start > 0:
        # The byte before the region says whether a line starts at `start`.
        data = os.pread(file, end - start + 1, start - 1)
        skip = data.find(b"\n") + 1
        if skip in (0, len(data)):  # no line starts in the region: one runs through it from the region before
            return b""
    else:
        data = b"\n" + os.pread(file, end, 0)
        skip = 1
    lines = [data[skip:]]
    position = start - 1 + len(data)
    while not lines[-1].endswith(b"\n"):
        block = os.pread(file, 1 << 16, position)
        if not block:
            break
        cut = block.find(b"\n") + 1
        lines.append(block[:cut] if cut else block)
        position += len(block)
    return b"".join(lines)


def _blocks(head: bytes, stream: BinaryIO, chunk_bytes: int) -> Iterator[bytes]:
    """Whole lines, about `chunk_bytes` at a time, read in blocks (splitting lines is the workers' job)."""
    pending = [head]  # read since the last whole line
    while block := stream.read(chunk_bytes):
        end = block.rfind(b"\n") + 1
        if end == 0:  # inside a line longer than a block: read on
            pending.append(block)
            continue
        pending.append(block[:end])
        yield b"".join(pending)
        pending = [block[end:]]
    if tail := b"".join(pending):
        yield tail


def _regular_file(stream: BinaryIO, read: int) -> tuple[int, int] | None:
    """The file descriptor and size of STREAM when it is a regular file read from its start (READ bytes so
    far), which workers can then read themselves."""
    try:
        descriptor = stream.fileno()
        status = os.fstat(descriptor)
        position = stream.tell()
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return (descriptor, status.st_size) if stat.S_ISREG(status.st_mode) and position == read else None


def _write(
    chunk: ChunkRows,
    slot: memoryview,
    first_line: int,
    writer: StoreWriter,
    on_reject: Callable[[Rejected], None] | None,
) -> int:
    """Write a chunk whose first line has number FIRST_LINE; returns the number of the line after it."""
    for record in chunk.rejected:
        if on_reject is not None:
            on_reject(Rejected(record.line + first_line - 1, record.reason, record.record))
        writer.add_rejected()
    encoded = chunk.groups or slot[: chunk.in_slot]
    rows = [RowGroup._make(group) for group in marshal.loads(encoded)]  # noqa: S302 - made by our own worker
    writer.add_groups(rows, chunk.records)
    return first_line + chunk.line_ends


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
    regular = _regular_file(stream, len(head))
    # Each chunk in flight has a slot for its rows; chunk k takes slot k mod `in_flight`, free by then because
    # chunks are written in order and no more than `in_flight` are out at once (memory stays bounded).
    in_flight = 2 * workers
    # Anonymous and shared: the forked workers write into it. Unmapped when the last view of it goes (closing
    # it here would fail while an exception's traceback still holds a slot's view).
    slots = mmap.mmap(-1, in_flight * SLOT_BYTES)
    initargs = (adapter, sqlite, now, regular[0] if regular else None, slots)
    line = 1
    with _collector_paused(), context.Pool(workers, initializer=_init_worker, initargs=initargs) as pool:
        view = memoryview(slots)
        pending: collections.deque[tuple[AsyncResult[ChunkRows], int, int]] = collections.deque()
        if regular is None:
            inputs: Iterator[tuple[Callable[[Any, int], ChunkRows], Any, int]] = (
                (_prepare_data, data, 0) for data in _blocks(head, stream, chunk_bytes)
            )
        else:
            size = regular[1]
            inputs = (
                (_prepare_region, (start, min(start + chunk_bytes, size)), min(start + chunk_bytes, size))
                for start in range(0, size, chunk_bytes)
            )
        for number, (prepare, chunk, region_end) in enumerate(inputs):
            if len(pending) == in_flight:
                line = _write_next(pending, view, line, stream, writer, on_reject)
            slot = number % in_flight
            pending.append((pool.apply_async(prepare, (chunk, slot)), slot, region_end))
        while pending:
            line = _write_next(pending, view, line, stream, writer, on_reject)
    writer.flush()
    return writer.summary


def _write_next(
    pending: collections.deque[tuple[AsyncResult[ChunkRows], int, int]],
    slots: memoryview,
    first_line: int,
    stream: BinaryIO,
    writer: StoreWriter,
    on_reject: Callable[[Rejected], None] | None,
) -> int:
    """Write the oldest chunk in flight (the one whose first line is FIRST_LINE); returns the next line."""
    result, slot, region_end = pending.popleft()
    line = _write(result.get(), slots[slot * SLOT_BYTES : (slot + 1) * SLOT_BYTES], first_line, writer, on_reject)
    if region_end:
        stream.seek(region_end)  # the file was read by the workers: move its position (and progress bar) on
    return line


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
