"""Checking the scenario's posts in worker processes, in file order, for `rempart demo load`.

The workers only parse and check (detectors and policy, each post at its own `created_at`); they write
nothing. The loading process stores the items and records the proposals itself, in time order between the
scenario's other events, so the database has one writer and simulated time stays monotonic. A worker also
runs the labelled evaluation (`rempart policy evaluate`) while the loading process plays the DSA events.
"""

from __future__ import annotations

import io
import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from rempart.core.clock import FixedClock
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.adapters.base import Operation, Parsed, Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.schemas import ItemKey
from rempart.pipeline.evaluation import Evaluation, evaluate_labelled
from rempart.pipeline.runner import Pipeline, build_pipeline
from rempart.policy.schemas import Proposal
from rempart.store.db import make_engine, session_factory


@dataclass(frozen=True, slots=True)
class Flagged:
    """A post some rule fired on: which one, when it was posted, what was proposed."""

    key: ItemKey
    created_at: datetime
    proposals: list[Proposal]


@dataclass(frozen=True, slots=True)
class CheckedChunk:
    records: list[Parsed | Rejected]
    flagged: list[Flagged]


@dataclass(frozen=True, slots=True)
class CheckJob:
    """What a worker needs to build its pipeline (picklable)."""

    database_url: str
    policy_path: str | None
    start: datetime


class Checker:
    """One per process: the pipeline (detectors and policy) built once."""

    def __init__(self, job: CheckJob) -> None:
        self.engine = make_engine(job.database_url)
        context = DetectorContext(sessions=session_factory(self.engine), clock=FixedClock(job.start))
        self.pipeline: Pipeline = build_pipeline(job.policy_path, DetectorRegistry.discover(), context)

    def check(self, first_line: int, data: bytes) -> CheckedChunk:
        shift = first_line - 1
        records = [replace(r, line=r.line + shift) for r in CanonicalJsonlAdapter().read(io.BytesIO(data))]
        flagged = []
        for record in records:
            if isinstance(record, Parsed) and record.item is not None and record.operation is Operation.UPSERT:
                item = record.item
                result = self.pipeline.check(item, None, now=item.created_at)
                if result.proposals:
                    flagged.append(
                        Flagged(ItemKey(platform=item.platform, id=item.id), item.created_at, result.proposals)
                    )
        return CheckedChunk(records, flagged)

    def evaluate(self, lines: list[tuple[int, bytes]], dataset: str, now: datetime) -> Evaluation:
        return evaluate_labelled(lines, self.pipeline, now=now, dataset=dataset)


_checker: Checker | None = None


def _start(job: CheckJob) -> None:
    global _checker  # noqa: PLW0603 - one checker per worker process, built once by the pool
    _checker = Checker(job)


def _check(first_line: int, data: bytes) -> CheckedChunk:
    assert _checker is not None
    return _checker.check(first_line, data)


def _evaluate(lines: list[tuple[int, bytes]], dataset: str, now: datetime) -> Evaluation:
    assert _checker is not None
    return _checker.evaluate(lines, dataset, now)


def _raw_chunks(path: Path, lines_per_chunk: int) -> Iterator[tuple[int, bytes]]:
    buffer: list[bytes] = []
    first = 1
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            buffer.append(line if line.endswith(b"\n") else line + b"\n")
            if len(buffer) >= lines_per_chunk:
                yield first, b"".join(buffer)
                buffer, first = [], number + 1
    if buffer:
        yield first, b"".join(buffer)


class CheckPool:
    """Worker processes that check chunks of posts (results in file order) and run one evaluation."""

    def __init__(self, job: CheckJob, workers: int) -> None:
        # Fork, as `rempart scan` does: detectors registered by hand in the parent are inherited.
        context = multiprocessing.get_context("fork")
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(job,))

    def checked(self, path: Path, lines_per_chunk: int = 500) -> Iterator[CheckedChunk]:
        window: deque[Future[CheckedChunk]] = deque()
        for first, data in _raw_chunks(path, lines_per_chunk):
            window.append(self.pool.submit(_check, first, data))
            if len(window) >= self.workers * 3:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def evaluate(self, lines: list[tuple[int, bytes]], dataset: str, now: datetime) -> Future[Evaluation]:
        return self.pool.submit(_evaluate, lines, dataset, now)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
