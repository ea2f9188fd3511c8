"""Posts per second of `rempart demo generate` (items.jsonl and x-v2.jsonl and everything else written).

Usage: python benchmarks/demo_generate.py [--posts 1000000] [--workers 2]

Prints the wall-clock rate and the CPU time per post (this process and its workers): on a shared machine
the wall clock says how busy the others are; CPU time says what the generator itself costs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from rempart.demo.service import generate


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2024)
    arguments = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="rempart-demo-bench-"))
    try:
        cpu_before = cpu_seconds()
        began = time.perf_counter()
        summary = generate(out, arguments.posts, arguments.seed, arguments.workers)
        wall = time.perf_counter() - began
        cpu = cpu_seconds() - cpu_before
        sizes = {path.name: path.stat().st_size for path in out.iterdir()}
    finally:
        shutil.rmtree(out)
    posts = summary["posts"]
    print(f"posts                 {posts:,}")
    print(f"workers               {arguments.workers} (machine has {os.cpu_count()} cores)")
    print(f"wall seconds          {wall:.2f}")
    print(f"posts/s (wall)        {posts / wall:,.0f}")
    print(f"CPU µs per post       {cpu / posts * 1e6:.1f} (all processes)")
    print(f"posts/s if the {arguments.workers} cores were ours  {arguments.workers * posts / cpu:,.0f}")
    print(f"items.jsonl           {sizes['items.jsonl'] / 1e6:,.0f} MB; x-v2.jsonl {sizes['x-v2.jsonl'] / 1e6:,.0f} MB")
    print(f"labels                {summary['labels']}")


if __name__ == "__main__":
    main()
