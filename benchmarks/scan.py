"""Posts per second through `rempart scan` (store + detectors + policy + proposals) on a generated file.

    .venv/bin/python benchmarks/scan.py --posts 200000                   # default policy, installed detectors
    .venv/bin/python benchmarks/scan.py --posts 200000 --test-detectors  # the tests' policy and detectors
    .venv/bin/python benchmarks/scan.py --input demo/items.jsonl          # an existing file (e.g. the demo scenario)

A fresh SQLite database is used unless REMPART_DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.check_latency import TEXTS


def generate(path: Path, posts: int, flagged_share: float) -> None:
    """Clean posts (the first four texts), with one in 1/flagged_share carrying a signal marker."""
    every = max(1, round(1 / flagged_share)) if flagged_share > 0 else posts + 1
    with path.open("wb") as out:
        for n in range(posts):
            text = TEXTS[4 + (n // every) % 4] if n % every == 0 else TEXTS[n % 4]
            record = {
                "platform": "x",
                "id": str(n),
                "author_id": f"u{n % 5000}",
                "created_at": "2024-09-01T10:00:00Z",
                "text": f"{text} #{n % 97}",
            }
            out.write(orjson.dumps(record) + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--input", type=Path, default=None)
    parser.add_argument("--flagged-share", type=float, default=0.05, help="Share of generated posts with a signal.")
    parser.add_argument("--policy", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--test-detectors", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    source = args.input or work / "posts.jsonl"
    if args.input is None:
        generate(source, args.posts, args.flagged_share)
    os.environ.setdefault("REMPART_DATABASE_URL", f"sqlite:///{work / 'bench.db'}")
    policy = args.policy
    if args.test_detectors:
        from tests.detectors import registry, write_policy

        from rempart.detect.registry import DetectorRegistry

        DetectorRegistry.discover = classmethod(lambda cls: registry())  # type: ignore[method-assign,assignment]
        policy = policy or write_policy(work)
    from rempart.cli.main import app
    from rempart.store import migrate

    migrate.upgrade(os.environ["REMPART_DATABASE_URL"])
    command = ["scan", str(source), "--out", str(work / "out.jsonl"), "--json", "--workers", str(args.workers)]
    if policy is not None:
        command += ["--policy", str(policy)]
    start = time.perf_counter()
    app(command, standalone_mode=False)
    elapsed = time.perf_counter() - start
    lines = sum(1 for _ in source.open("rb"))
    print(f"{lines} posts in {elapsed:.2f} s: {lines / elapsed:,.0f} posts/s with {args.workers} workers")


if __name__ == "__main__":
    main()
