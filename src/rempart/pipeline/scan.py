"""`rempart scan`: a stream of items through store, detectors and policy, on every core.

The parent process builds the engine, detectors and policy once, then forks a pool of worker processes
that inherit them (each opens its own database connections) and hands them chunks of raw lines. For each
chunk a worker parses the lines with the format's adapter (line numbers kept), stores the records
(`items.service.ingest`, one transaction per chunk), checks every stored item (`Pipeline.check_many`: one
call per detector for the whole chunk), records the proposals (set-based, one transaction per chunk) and
returns the chunk's output lines and counts. The parent only reads input and writes results, in input
order, with a bounded number of chunks in flight, so memory stays constant whatever the input size.

Every result depends only on its own line, with one exception: the `copypasta` detector's window holds
the items its own process checked (in input order), so with several workers a cluster is seen per worker.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from rempart.core.clock import FixedClock
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.adapters.base import Operation, Parsed, Rejected
from rempart.items.adapters.registry import adapter_for
from rempart.items.schemas import ItemKey
from rempart.items.service import ingest
from rempart.pipeline.record import record_many
from rempart.pipeline.runner import build_pipeline
from rempart.store.db import make_engine, session_factory, unit_of_work


@dataclass(slots=True)
class ScanSummary:
    read: int = 0
    stored: int = 0
    duplicate: int = 0
    rejected: int = 0
    flagged: int = 0
    proposals: dict[str, int] = field(default_factory=lambda: {"enforce": 0, "queue": 0, "shadow": 0})

    def add(self, other: ScanSummary) -> None:
        self.read += other.read
        self.stored += other.stored
        self.duplicate += other.duplicate
        self.rejected += other.rejected
        self.flagged += other.flagged
        for mode, count in other.proposals.items():
            self.proposals[mode] = self.proposals.get(mode, 0) + count

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "flagged": self.flagged,
            "proposals": dict(self.proposals),
        }


@dataclass(frozen=True, slots=True)
class ScanJob:
    """Everything a worker process needs to build its own pipeline (picklable)."""

    database_url: str
    policy_path: str | None
    format_name: str
    now: datetime


@dataclass(slots=True)
class ChunkResult:
    summary: ScanSummary
    output: bytes
    rejected: list[Rejected]


def _account_of(record: Parsed) -> Any:
    assert record.item is not None
    author = record.item.author_id
    return next((a for a in record.accounts if a.id == author), None)


class ChunkScanner:
    """One per process: the engine, the adapter and the pipeline, built once."""

    def __init__(self, job: ScanJob, registry: DetectorRegistry) -> None:
        self.job = job
        self.engine = make_engine(job.database_url)
        self.sessions = session_factory(self.engine)
        self.adapter = adapter_for(job.format_name)
        context = DetectorContext(sessions=self.sessions, clock=FixedClock(job.now))
        self.pipeline = build_pipeline(job.policy_path, registry, context)

    def scan(self, first_line: int, data: bytes) -> ChunkResult:
        shift = first_line - 1
        records = [replace(record, line=record.line + shift) for record in self.adapter.read(io.BytesIO(data))]
        stored = ingest(records, self.engine, now=self.job.now, batch_size=len(records) + 1)
        summary = ScanSummary(
            read=stored.read, stored=stored.stored, duplicate=stored.duplicate, rejected=stored.rejected
        )
        upserts = [
            record
            for record in records
            if isinstance(record, Parsed) and record.item is not None and record.operation is Operation.UPSERT
        ]
        results = self.pipeline.check_many(
            [record.item for record in upserts if record.item is not None],
            [_account_of(record) for record in upserts],
            now=self.job.now,
        )
        flagged = [result for result in results if result.proposals]
        if flagged:
            with unit_of_work(self.sessions) as session:
                keyed = [(ItemKey(platform=r.item.platform, id=r.item.id), r.proposals) for r in flagged]
                record_many(session, keyed, self.job.now)
        summary.flagged = len(flagged)
        for result in flagged:
            for proposal in result.proposals:
                summary.proposals[proposal.mode.value] += 1
        output = b"".join(orjson.dumps(result.summary()) + b"\n" for result in results)
        return ChunkResult(summary, output, [r for r in records if isinstance(r, Rejected)])

    def close(self) -> None:
        self.engine.dispose()


_worker_scanner: ChunkScanner | None = None


def _start_worker() -> None:
    """In a forked worker: the scanner built by the parent is inherited; only its connections are not shared."""
    assert _worker_scanner is not None
    _worker_scanner.engine.dispose(close=False)


def _scan_in_worker(first_line: int, data: bytes) -> ChunkResult:
    assert _worker_scanner is not None
    return _worker_scanner.scan(first_line, data)


# Allocations between two collections of the youngest generation while a scan runs (Python's default: 700).
# A chunk's records, items and signals live until the chunk is done, so frequent young collections keep
# traversing them: about 10 µs a post at 700, 5 µs at 10,000.
SCAN_GC_THRESHOLD = 10_000


@contextmanager
def _scan_heap() -> Iterator[None]:
    """Move every object alive now (modules, models, indexes: what the scan keeps to the end) out of the
    garbage collector's reach while the scan runs, and collect the young generation less often. Collections
    then traverse only what the scan allocates (they cost about 20 µs a post otherwise), and forked workers
    (which inherit both settings) no longer copy the inherited pages that a collection would write to."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(SCAN_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def raw_chunks(stream: BinaryIO, lines_per_chunk: int) -> Iterator[tuple[int, bytes]]:
    """(first line number, the raw lines) in chunks, blank lines included so numbering stays right."""
    buffer: list[bytes] = []
    first = 1
    for number, line in enumerate(stream, start=1):
        buffer.append(line if line.endswith(b"\n") else line + b"\n")
        if len(buffer) >= lines_per_chunk:
            yield first, b"".join(buffer)
            buffer = []
            first = number + 1
    if buffer:
        yield first, b"".join(buffer)


def scan_stream(
    stream: BinaryIO,
    job: ScanJob,
    registry: DetectorRegistry,
    *,
    workers: int,
    out: BinaryIO | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    lines_per_chunk: int = 2000,
) -> ScanSummary:
    """Scan every line of `stream`; write one JSON line per checked item to `out`; return the totals."""
    summary = ScanSummary()

    def take(result: ChunkResult) -> None:
        summary.add(result.summary)
        if out is not None:
            out.write(result.output)
        if on_reject is not None:
            for rejected in result.rejected:
                on_reject(rejected)

    chunks = raw_chunks(stream, lines_per_chunk)
    if workers <= 1:
        scanner = ChunkScanner(job, registry)
        try:
            with _scan_heap():
                for first, data in chunks:
                    take(scanner.scan(first, data))
        finally:
            scanner.close()
        return summary
    # Fork: the scanner is built once here (imports, models, indexes) and every worker inherits it, with the
    # detectors registered by hand, without pickling anything; chunks travel as raw bytes.
    global _worker_scanner  # noqa: PLW0603 - the scanner the forked workers inherit
    _worker_scanner = ChunkScanner(job, registry)
    context = multiprocessing.get_context("fork")
    try:
        with _scan_heap(), ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker) as pool:
            window: deque[Future[ChunkResult]] = deque()
            for first, data in chunks:
                window.append(pool.submit(_scan_in_worker, first, data))
                if len(window) >= workers * 3:
                    take(window.popleft().result())
            while window:
                take(window.popleft().result())
    finally:
        _worker_scanner.close()
        _worker_scanner = None
    return summary


def default_rejects_path(path: str) -> Path:
    return Path("rejects.jsonl" if path == "-" else f"{path}.rejects.jsonl")
