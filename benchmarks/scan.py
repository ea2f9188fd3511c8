"""Posts per second through `rempart scan` (store + detectors + policy + proposals) on the demo scenario.

    .venv/bin/python benchmarks/scan.py --posts 200000             # demo scenario generated on the fly
    .venv/bin/python benchmarks/scan.py --posts 200000 --claims    # the default policy with claim embeddings
    .venv/bin/python benchmarks/scan.py --input demo/items.jsonl   # an existing canonical JSON Lines file
    .venv/bin/python benchmarks/scan.py --posts 50000 --profile scan.prof  # cProfile, one process

Default policy, installed detectors; without `--claims` the `claims` detector and the rules reading
`claim.*` are left out (the issue's "all built-in detectors but claim embeddings"). A fresh SQLite
database is used unless REMPART_DATABASE_URL is set.

Figures: the wall clock (what the shared machine gave us), the CPU time per post of the parent (reads and
writes) and of the workers, and the rate two quiet cores would reach: a pool of W workers on C cores
finishes no sooner than (total CPU) / C and than the parent's CPU alone.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import CpuTimes, chosen_policy
from rempart.demo.service import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--input", type=Path, default=None, help="Scan this file instead of a generated scenario.")
    parser.add_argument("--policy", type=Path, default=None)
    parser.add_argument("--claims", action="store_true", help="Keep the claims detector and its rule.")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="Cores of the projected machine.")
    parser.add_argument("--chunk-lines", type=int, default=2000)
    parser.add_argument("--profile", type=Path, default=None, help="Write a cProfile of a 1-worker scan here.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rempart-scan-bench-"))
    source = args.input
    if source is None:
        generate(work / "demo", args.posts, args.seed)
        source = work / "demo" / "items.jsonl"
    policy = chosen_policy(work, args.policy, claims=args.claims)
    os.environ.setdefault("REMPART_DATABASE_URL", f"sqlite:///{work / 'bench.db'}")
    from rempart.cli.main import app
    from rempart.store import migrate

    migrate.upgrade(os.environ["REMPART_DATABASE_URL"])
    if args.claims and args.input is None:  # the scenario's fact-checks, for the claims detector to match
        app(["claims", "import", str(work / "demo" / "claimreviews.jsonl"), "--json"], standalone_mode=False)
    workers = 1 if args.profile else args.workers
    command = ["scan", str(source), "--out", str(work / "out.jsonl"), "--json", "--policy", str(policy)]
    command += ["--workers", str(workers), "--chunk-lines", str(args.chunk_lines)]
    profiler = cProfile.Profile() if args.profile else None
    cpu_before, started = CpuTimes.now(), time.perf_counter()
    if profiler is not None:
        profiler.enable()
    app(command, standalone_mode=False)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    elapsed, cpu = time.perf_counter() - started, CpuTimes.now() - cpu_before
    lines = sum(1 for _ in source.open("rb"))
    projected = min(args.cores / cpu.total, 1 / cpu.parent if workers > 1 else 1 / cpu.total) * lines
    print(f"policy            {policy}")
    load = os.getloadavg()[0]
    print(f"posts             {lines:,} with {workers} workers (machine: {os.cpu_count()} cores, load {load:.1f})")
    print(f"wall              {elapsed:.2f} s = {lines / elapsed:,.0f} posts/s")
    parent, children = cpu.parent / lines * 1e6, cpu.children / lines * 1e6
    print(f"CPU µs per post   {cpu.total / lines * 1e6:.1f} (parent {parent:.1f}, workers {children:.1f})")
    print(f"projected         {projected:,.0f} posts/s on {args.cores} quiet cores")


if __name__ == "__main__":
    main()
