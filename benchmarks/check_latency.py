"""p50/p99 latency of one in-process check (all enabled detectors + policy, no HTTP) over demo posts.

    .venv/bin/python benchmarks/check_latency.py                   # default policy without claims
    .venv/bin/python benchmarks/check_latency.py --claims          # with the claims detector (embeddings)
    .venv/bin/python benchmarks/check_latency.py --posts 50000 --policy my.yaml

The demo scenario is generated on the fly (`--posts`, `--seed`); each post is checked once, in stream
order (so the copypasta window fills as in production), after a warm-up over the first `--warmup` posts
with a separate pipeline. Each check is timed with the wall clock (`perf_counter_ns`) and with the thread's
CPU time (`thread_time_ns`): on a shared machine the wall clock also counts the time spent waiting for a
core, so the CPU-time percentiles are what a quiet machine would show.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.orm import Session, sessionmaker

from benchmarks.common import CpuTimes, chosen_policy
from rempart.demo.service import generate
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.schemas import Item
from rempart.pipeline.runner import build_pipeline
from rempart.store import migrate
from rempart.store.db import make_engine, session_factory, unit_of_work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--policy", type=Path, default=None)
    parser.add_argument("--claims", action="store_true", help="Keep the claims detector and its rule.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rempart-check-bench-"))
    generate(work / "demo", args.posts, args.seed)
    items = [Item.model_validate_json(line) for line in (work / "demo" / "items.jsonl").read_bytes().splitlines()]
    policy = chosen_policy(work, args.policy, claims=args.claims)
    registry, context = DetectorRegistry.discover(), DetectorContext()
    if args.claims:  # the scenario's fact-checks, stored, for the claims detector to load
        context = DetectorContext(sessions=_claims_database(work))
    now = datetime(2024, 11, 1, tzinfo=UTC)
    warm = build_pipeline(policy, registry, context)
    for item in items[: args.warmup]:
        warm.check(item, now=now)
    pipeline = build_pipeline(policy, registry, context)
    walls: list[int] = []
    cpus: list[int] = []
    flagged = 0
    cpu_before = CpuTimes.now()
    for item in items:
        wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
        result = pipeline.check(item, now=now)
        cpus.append(time.thread_time_ns() - cpu)
        walls.append(time.perf_counter_ns() - wall)
        flagged += bool(result.proposals)
    total = CpuTimes.now() - cpu_before
    print(f"policy   {policy}")
    print(f"checks   {len(walls):,} demo posts, {flagged:,} with proposals; load {os.getloadavg()[0]:.1f}")
    print(f"wall     {_figures(walls)}")
    print(f"CPU      {_figures(cpus)}  (process: {total.parent / len(walls) * 1e6:.1f} µs per check)")


def _claims_database(work: Path) -> sessionmaker[Session]:
    # Imported here, so that the benchmark also runs on code from before the claims detector existed.
    from rempart.detect.claims.embedders import DEFAULT_MODEL, load_embedder
    from rempart.detect.claims.jsonld import Review, read_reviews
    from rempart.detect.claims.service import import_reviews

    url = f"sqlite:///{work / 'claims.db'}"
    migrate.upgrade(url)
    sessions = session_factory(make_engine(url))
    reviews = [r for r in read_reviews((work / "demo" / "claimreviews.jsonl").read_bytes()) if isinstance(r, Review)]
    with unit_of_work(sessions) as session:
        import_reviews(session, reviews, load_embedder(DEFAULT_MODEL), now=datetime.now(UTC))
    return sessions


def _figures(nanoseconds: list[int]) -> str:
    ordered = sorted(nanoseconds)
    p50, p99 = ordered[len(ordered) // 2] / 1000, ordered[int(len(ordered) * 0.99)] / 1000
    mean, most = statistics.fmean(ordered) / 1000, ordered[-1] / 1000
    return f"mean {mean:.1f} µs  p50 {p50:.1f} µs  p99 {p99:.1f} µs  max {most:.1f} µs"


if __name__ == "__main__":
    main()
