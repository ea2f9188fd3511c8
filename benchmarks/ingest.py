"""Ingest throughput: N demo-scenario posts into SQLite and into PostgreSQL, through `rempart ingest`.

    .venv/bin/python benchmarks/ingest.py --posts 1000000 [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench]

Prints items/s for each backend (the figure recorded in BENCHMARKS.md) and the CPU time per item of the
ingest command and its parsing workers: on a shared machine the wall clock says how busy the others are;
CPU time says what ingest itself costs. The PostgreSQL database is emptied first: point it at a scratch
database.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from rempart.store.db import make_engine

REMPART = [sys.executable, "-m", "rempart.cli.main"]


def run(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run([*REMPART, *args], env=env, check=True, capture_output=True, text=True).stdout


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(label: str, database_url: str, items: Path, posts: int) -> None:
    env = {**os.environ, "REMPART_DATABASE_URL": database_url}
    run(["db", "upgrade"], env)
    cpu_before = children_cpu_seconds()
    started = time.perf_counter()
    summary = json.loads(run(["ingest", "--format", "jsonl", str(items), "--json"], env))
    elapsed = time.perf_counter() - started
    cpu = children_cpu_seconds() - cpu_before
    assert summary["read"] == posts, summary
    print(
        f"{label:<11} {posts:>10,} items in {elapsed:7.1f} s = {posts / elapsed:>9,.0f} items/s; "
        f"CPU {cpu / posts * 1e6:.1f} µs/item (all processes)  {summary}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "scenario"
        started = time.perf_counter()
        run(
            ["demo", "generate", "--posts", str(args.posts), "--seed", str(args.seed), "--out", str(out)],
            dict(os.environ),
        )
        print(f"generated {args.posts:,} posts in {time.perf_counter() - started:.1f} s")
        measure("SQLite", f"sqlite:///{Path(scratch) / 'bench.db'}", out / "items.jsonl", args.posts)
        if args.postgres:
            engine = make_engine(args.postgres)
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            engine.dispose()
            measure("PostgreSQL", args.postgres, out / "items.jsonl", args.posts)


if __name__ == "__main__":
    main()
