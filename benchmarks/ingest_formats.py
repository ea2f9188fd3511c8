"""Throughput and memory of the platform-format adapters.

    python benchmarks/ingest_formats.py [--tweets N]

Writes N synthetic tweets as X API v2 responses twice (one pretty-printed document; 100-tweet responses one
per line), then prints, for each layout: records/s of the adapter alone, the adapter's peak traced memory
(tracemalloc, on the first 20,000 records), and items/s of a full ingest into a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import orjson

from rempart.items.adapters.x_v2 import XV2Adapter
from rempart.items.service import ingest
from rempart.store import migrate
from rempart.store.db import make_engine

USERS = 1_000


def tweet(n: int) -> dict[str, object]:
    return {
        "id": str(1_800_000_000_000_000_000 + n),
        "text": f"post {n}: la DSA et Starlink, lisez https://t.co/{n:08d} #DSA @user{n % USERS}",
        "author_id": str(n % USERS),
        "created_at": "2024-08-12T20:00:00.000Z",
        "lang": "fr",
        "entities": {
            "urls": [{"url": f"https://t.co/{n:08d}", "expanded_url": f"https://example.org/{n % 5000}"}],
            "hashtags": [{"tag": "DSA"}],
            "mentions": [{"username": f"user{n % USERS}", "id": str(n % USERS)}],
        },
    }


def user(u: int) -> dict[str, object]:
    return {"id": str(u), "username": f"user{u}", "name": f"User {u}", "public_metrics": {"followers_count": u}}


def write_document(path: Path, tweets: int) -> None:
    with path.open("wb") as out:
        out.write(b'{\n  "data": [\n')
        for n in range(tweets):
            body = orjson.dumps(tweet(n), option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    ")
            out.write(b"    " + body + (b",\n" if n < tweets - 1 else b"\n"))
        users = orjson.dumps({"users": [user(u) for u in range(USERS)]}, option=orjson.OPT_INDENT_2)
        out.write(b'  ],\n  "includes": ' + users + b"\n}\n")


def write_lines(path: Path, tweets: int) -> None:
    with path.open("wb") as out:
        for start in range(0, tweets, 100):
            page = [tweet(n) for n in range(start, min(start + 100, tweets))]
            authors = sorted({str(t["author_id"]) for t in page})
            response = {"data": page, "includes": {"users": [user(int(a)) for a in authors]}}
            out.write(orjson.dumps(response) + b"\n")


def measure(path: Path, workdir: Path) -> None:
    started = time.perf_counter()
    with path.open("rb") as stream:
        count = sum(1 for _ in XV2Adapter().read(stream))
    read_rate = count / (time.perf_counter() - started)
    tracemalloc.start()
    with path.open("rb") as stream:
        for _ in islice(XV2Adapter().read(stream), 20_000):
            pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    database = workdir / f"{path.stem}.db"
    url = f"sqlite:///{database}"
    migrate.upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    with path.open("rb") as stream:
        summary = ingest(XV2Adapter().read(stream), engine, now=datetime.now(UTC))
    ingest_rate = summary.read / (time.perf_counter() - started)
    engine.dispose()
    size_mb = path.stat().st_size / 1e6
    print(
        f"{path.name:>16}: {size_mb:7.1f} MB, adapter {read_rate:9,.0f} records/s, "
        f"peak {peak / 1e6:5.2f} MB, ingest into SQLite {ingest_rate:9,.0f} items/s, summary {summary.as_dict()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tweets", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        document, lines = workdir / "document.json", workdir / "responses.jsonl"
        write_document(document, args.tweets)
        write_lines(lines, args.tweets)
        measure(lines, workdir)
        measure(document, workdir)


if __name__ == "__main__":
    main()
