"""Campaign detection: speed and account-level quality on the demo scenario, against QUT's toolkit.

    .venv/bin/python benchmarks/campaigns.py --posts 1000000 [--data DIR] [--engine duckdb|spark] [--skip-qut]
        [--memory-limit 4GB] [--steps]

Generates the scenario with `rempart demo generate` (unless DIR already holds one), runs `detect` over the
scenario's period and prints time (wall and CPU), peak memory, and precision/recall of the accounts in the
groups found as campaigns against truth.json's planted campaigns (also: how many viral-moment sharers and
spam accounts were flagged, and what the groups found as spam networks hold). Then runs coordination-network-toolkit
(`pip install coordination-network-toolkit`; a benchmark dependency only) on the same posts — co_link,
co_tweet and co_retweet with the same 300 s window and a minimum edge weight of 3 — and prints the same.
"""

from __future__ import annotations

import argparse
import csv
import logging
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

from rempart.campaigns.config import GroupKind
from rempart.campaigns.detect import detect
from rempart.campaigns.engines import DuckDBEngine, make_engine
from rempart.demo.timeline import SCENARIO_END, SCENARIO_START

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _cpu() -> float:
    """User and system CPU seconds of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _truth(directory: Path) -> tuple[set[str], set[str], set[str]]:
    truth = orjson.loads((directory / "truth.json").read_bytes())
    campaign = {a for c in truth["campaigns"] for a in c["accounts"]}
    viral = {a for v in truth["viral_moments"] for a in v["accounts"]}
    spam = set(truth["accounts"].get("spam", []))
    return campaign, viral, spam


def _score(
    name: str, flagged: set[str], truth: tuple[set[str], set[str], set[str]], seconds: float, cpu: float
) -> None:
    campaign, viral, spam = truth
    hit = len(flagged & campaign)
    precision = hit / len(flagged) if flagged else 0.0
    recall = hit / len(campaign) if campaign else 0.0
    others = flagged - spam
    precision_wo_spam = len(others & campaign) / len(others) if others else 0.0
    print(
        f"{name:<10} {seconds:8.1f} s ({cpu:.1f} s CPU)  flagged {len(flagged):6d}  precision {precision:.3f}  "
        f"recall {recall:.3f}  "
        f"(precision not counting coordinated spam {precision_wo_spam:.3f})  viral sharers flagged "
        f"{len(flagged & viral)}/{len(viral)}  spam flagged {len(flagged & spam)}/{len(spam)}"
    )


def run_rempart(
    directory: Path, engine_name: str, spam: set[str], memory_limit: str | None
) -> tuple[set[str], float, float]:
    engine = DuckDBEngine(memory_limit=memory_limit) if memory_limit else make_engine(engine_name)
    started, cpu = time.perf_counter(), _cpu()
    try:
        groups, summary = detect(
            engine,
            items=[directory / "items.jsonl"],
            accounts=[directory / "accounts.jsonl"],
            since=datetime.fromtimestamp(SCENARIO_START, tz=UTC),
            until=datetime.fromtimestamp(SCENARIO_END, tz=UTC),
        )
    finally:
        engine.close()
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    campaigns = [g for g in groups if g.kind is GroupKind.CAMPAIGN]
    networks = [g for g in groups if g.kind is GroupKind.SPAM_NETWORK]
    in_networks = {a.id for g in networks for a in g.accounts}
    print(
        f"rempart/{engine_name}: {summary.posts} posts, {summary.accounts} accounts, {len(campaigns)} campaigns "
        f"{[len(c.accounts) for c in campaigns]}, {len(networks)} spam networks {[len(n.accounts) for n in networks]} "
        f"({len(in_networks & spam)} of their {len(in_networks)} accounts are spam accounts), pairs tested "
        f"{summary.pairs_tested}, edges {summary.edges}, windows {summary.windows}, "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    return {a.id for c in campaigns for a in c.accounts}, seconds, cpu


def _qut_csv(directory: Path, out: Path, *, with_urls_only: bool) -> None:
    """The toolkit's CSV; posts without URLs are left out of the co_link input, because the toolkit turns an
    empty urls field into a URL "" that every such post would share."""
    with (directory / "items.jsonl").open("rb") as items, out.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"])
        for line in items:
            item = orjson.loads(line)
            urls = " ".join(item.get("urls") or [])
            if with_urls_only and not urls:
                continue
            moment = datetime.fromisoformat(item["created_at"].replace("Z", "+00:00"))
            writer.writerow(
                [
                    item["id"], item["author_id"], item["author_id"], item.get("repost_of") or "",
                    item.get("reply_to") or "", item.get("text", ""), int(moment.timestamp()), urls,
                ]
            )  # fmt: skip


def run_qut(directory: Path, window: int = 300, min_weight: int = 3) -> tuple[set[str], float, float]:
    tool = str(BIN / "compute_networks")
    flagged: set[str] = set()
    started, cpu = time.perf_counter(), _cpu()
    with tempfile.TemporaryDirectory(prefix="qut-") as scratch:
        work = Path(scratch)
        for networks, urls_only in ((["co_link"], True), (["co_tweet", "co_retweet"], False)):
            source = work / f"input-{urls_only}.csv"
            database = work / f"qut-{urls_only}.db"
            _qut_csv(directory, source, with_urls_only=urls_only)
            subprocess.run(
                [tool, str(database), "preprocess", "--format", "csv", str(source)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            for network in networks:
                subprocess.run(
                    [tool, str(database), "compute", network, "--time_window", str(window),
                     "--min_edge_weight", str(min_weight)],
                    check=True, stdout=subprocess.DEVNULL,
                )  # fmt: skip
                # Read the edges from the toolkit's own database (its CSV export fails on an argument error).
                with sqlite3.connect(database) as connection:
                    for user_1, user_2 in connection.execute(
                        f"SELECT user_1, user_2 FROM {network}_network WHERE weight >= ? AND user_1 <> user_2",
                        (min_weight,),
                    ):
                        flagged.update((str(user_1), str(user_2)))
    return flagged, time.perf_counter() - started, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--skip-qut", action="store_true")
    parser.add_argument("--memory-limit", default=None, help="DuckDB's memory limit, e.g. 4GB (it spills beyond)")
    parser.add_argument("--steps", action="store_true", help="log each detection step's time")
    args = parser.parse_args()
    if args.steps:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    directory = args.data or Path(tempfile.gettempdir()) / f"rempart-demo-{args.posts}-{args.seed}"
    if not (directory / "truth.json").exists():
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "rempart"), "demo", "generate", "--posts", str(args.posts), "--seed", str(args.seed),
             "--out", str(directory), "--json"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        print(f"generated {args.posts} posts in {time.perf_counter() - started:.1f} s into {directory}")
    truth = _truth(directory)
    flagged, seconds, cpu = run_rempart(directory, args.engine, truth[2], args.memory_limit)
    _score(f"rempart/{args.engine}", flagged, truth, seconds, cpu)
    if not args.skip_qut:
        flagged, seconds, cpu = run_qut(directory)
        _score("qut-cnt", flagged, truth, seconds, cpu)


if __name__ == "__main__":
    main()
