"""p50/p99 latency of one in-process check (all enabled detectors + policy, no HTTP).

.venv/bin/python benchmarks/check_latency.py                  # default policy, installed detectors
.venv/bin/python benchmarks/check_latency.py --test-detectors # the tests' policy and stand-in detectors
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.schemas import Item
from rempart.pipeline.runner import build_pipeline

TEXTS = [
    "Just had the best coffee in town, highly recommend the place on the corner",
    "La réunion de demain est reportée à jeudi, merci de prévenir les autres",
    "Breaking: the council voted the new budget tonight, details in the thread",
    "Je ne comprends pas pourquoi le train est encore en retard ce matin",
    "probable [hate=0.8] they should all go back",
    "certain [hate=0.95] vermin",
    "la la la [copypasta=0.9] achetez maintenant",
    "Sieg Heil [illegal.de.86a=1]",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--policy", type=Path, default=None)
    parser.add_argument("--test-detectors", action="store_true")
    parser.add_argument("--iterations", type=int, default=50_000)
    args = parser.parse_args()
    now = datetime(2024, 9, 1, tzinfo=UTC)
    if args.test_detectors:
        from tests.detectors import registry, write_policy

        detectors = registry()
        policy = args.policy or write_policy(Path(tempfile.mkdtemp()))
    else:
        detectors, policy = DetectorRegistry.discover(), args.policy
    pipeline = build_pipeline(policy, detectors, DetectorContext())
    items = [
        Item(platform="x", id=str(n), author_id="u", created_at=now, text=TEXTS[n % len(TEXTS)]) for n in range(1000)
    ]
    for item in items:
        pipeline.check(item, now=now)
    timings = []
    for n in range(args.iterations):
        item = items[n % len(items)]
        start = time.perf_counter_ns()
        pipeline.check(item, now=now)
        timings.append(time.perf_counter_ns() - start)
    timings.sort()
    p50 = timings[len(timings) // 2] / 1000
    p99 = timings[int(len(timings) * 0.99)] / 1000
    print(f"checks: {len(timings)}  mean {statistics.fmean(timings) / 1000:.1f} µs  p50 {p50:.1f} µs  p99 {p99:.1f} µs")


if __name__ == "__main__":
    main()
