"""`generate`: write the whole scenario to a directory, chunk by chunk, in one or more processes.

The process that makes a chunk writes its posts at their place in the two big files (see `stream_files`);
the rest of its results come back in order, so memory stays flat and the output is the same for any
number of workers.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from rempart.demo.accounts import AccountBook
from rempart.demo.chunk import ProcessCaches, generate_chunk
from rempart.demo.chunk_types import Candidate, ChunkResult
from rempart.demo.content.narratives import CLAIMS, NARRATIVES
from rempart.demo.dsa_files import DsaScenario
from rempart.demo.factchecks import claim_reviews
from rempart.demo.plan import Plan, build_plan
from rempart.demo.records import account_line
from rempart.demo.stream_files import StreamFiles
from rempart.demo.timeline import TimeFormatter, iso
from rempart.demo.truth import TruthSpool

LABELS = ("campaign", "campaign_filler", "false_claim", "copypasta", "hate", "illegal_de", "ordinary")
MAX_CANDIDATES = 60_000


class _Offsets:
    """Where each chunk's bytes go in `items.jsonl` and `x-v2.jsonl`, shared by the worker processes.

    Chunks are handed out in order, so when a worker has made chunk k, chunk k - 1 has been made or is being
    made by the other worker. The worker waits for chunk k - 1's end offsets, publishes its own ends and
    then writes its bytes at its start offsets: the two files are written once, by the processes that made
    them, in parallel, and come out in chunk order.
    """

    def __init__(self, context: Any, chunks: int) -> None:
        # ends[2k] and ends[2k + 1]: where chunk k - 1 ends in items.jsonl and x-v2.jsonl (-1 until known).
        self.ends = context.Array("q", [0, 0] + [-1] * (2 * chunks), lock=False)
        self.changed = context.Condition()

    def claim(self, chunk: int, items: int, x_v2: int) -> tuple[int, int]:
        """Wait for the previous chunk's ends; publish this chunk's; return its start offsets."""
        ends = self.ends
        with self.changed:
            self.changed.wait_for(lambda: ends[2 * chunk] >= 0)
            start = (ends[2 * chunk], ends[2 * chunk + 1])
            ends[2 * chunk + 2] = start[0] + items
            ends[2 * chunk + 3] = start[1] + x_v2
            self.changed.notify_all()
        return start


_worker: tuple[Plan, ProcessCaches, _Offsets, StreamFiles] | None = None


def _init_worker(plan: Plan, book: AccountBook, offsets: _Offsets, items: Path, x_v2: Path) -> None:
    global _worker  # noqa: PLW0603 -- one plan per worker process, set once by the pool
    _keep_freed_memory()
    _worker = (plan, ProcessCaches(plan, book), offsets, StreamFiles(items, x_v2))


_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def _keep_freed_memory() -> None:
    """Have glibc's malloc keep what a chunk frees (its joined output, megabytes) for the next chunk, instead of
    unmapping it or trimming the heap: memory handed back to the system comes back as fresh pages, and faulting
    them in again costs kernel time (about 1 µs a post on a VM that reports freed pages to its host). Memory
    stays bounded by what one chunk needs."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # glibc's largest
    mallopt(_M_TRIM_THRESHOLD, 1 << 30)


def _run_chunk(chunk: int) -> ChunkResult:
    """Generate a chunk in a worker and write its posts into the two files at their place."""
    assert _worker is not None
    plan, caches, offsets, files = _worker
    result: ChunkResult | None = None
    try:
        result = generate_chunk(plan, chunk, caches)
    finally:
        # Published even when the chunk failed, so the next worker does not wait for ever; the failure
        # reaches the parent, which stops.
        sizes = (len(result.items), len(result.x_v2)) if result is not None else (0, 0)
        start = offsets.claim(chunk, *sizes)
    assert result is not None
    files.write(result.items, result.x_v2, *start)
    return result._replace(items=b"", x_v2=b"")


def _in_process(plan: Plan, book: AccountBook, items: Path, x_v2: Path) -> Iterator[ChunkResult]:
    """Chunk results made and written one after the other in this process."""
    caches = ProcessCaches(plan, book)
    files = StreamFiles(items, x_v2)
    items_at = x_v2_at = 0
    try:
        for chunk in range(plan.chunks):
            result = generate_chunk(plan, chunk, caches)
            files.write(result.items, result.x_v2, items_at, x_v2_at)
            items_at += len(result.items)
            x_v2_at += len(result.x_v2)
            yield result._replace(items=b"", x_v2=b"")
    finally:
        files.close()


@contextmanager
def _chunks(plan: Plan, book: AccountBook, workers: int, items: Path, x_v2: Path) -> Iterator[Iterator[ChunkResult]]:
    """Chunk results in order, being made from the moment this is entered, their posts already written to
    ITEMS and X_V2 (which must exist); `book` holds the accounts already derived, which forked workers inherit."""
    if workers <= 1 or plan.chunks == 1:
        yield _in_process(plan, book, items, x_v2)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    offsets = _Offsets(context, plan.chunks)
    # What exists now (the account book above all) lives until the chunks are made: keep it out of the collector's
    # full passes, here and in the forked workers, which would walk it and so copy the pages they share.
    gc.freeze()
    try:
        with context.Pool(workers, initializer=_init_worker, initargs=(plan, book, offsets, items, x_v2)) as pool:
            results = pool.imap(_run_chunk, range(plan.chunks))
            pool.close()  # each worker exits (and frees its memory) as soon as there is no chunk left to make
            yield results
    finally:
        gc.unfreeze()


def generate(
    out: Path,
    posts: int,
    seed: int,
    workers: int = 2,
    on_progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Write the scenario to OUT; returns a summary (counts per file and label, seconds, posts per second)."""
    began = time.perf_counter()
    plan = build_plan(seed, posts)
    out.mkdir(parents=True, exist_ok=True)
    # The accounts are derived once, here, and shared by the processes that make the chunks.
    book = plan.account_book()
    book.fill_cache()
    spool = TruthSpool(out / ".truth-spool")
    appearances: dict[str, list[str]] = {}
    candidates: list[Candidate] = []
    spans: dict[str, tuple[int, int]] = {}
    written = 0
    flagged = 0
    items, x_v2 = out / "items.jsonl", out / "x-v2.jsonl"
    items.write_bytes(b"")
    x_v2.write_bytes(b"")
    with _chunks(plan, book, workers, items, x_v2) as results:
        # Worker processes start on the first chunks while this one writes the accounts.
        accounts = _write_accounts(out / "accounts.jsonl", book)
        for result in results:
            spool.add_all(result.labels)
            flagged += len({item_id for label, _, item_id in result.labels if label != "ordinary"})
            for moment in result.moments:
                spool.add_moment(moment)
            for claim_id, url, _, _ in result.appearances:
                urls = appearances.setdefault(claim_id, [])
                if len(urls) < 5:
                    urls.append(url)
            if len(candidates) < MAX_CANDIDATES:
                candidates.extend(result.candidates)
            for campaign_id, (first, last) in result.campaign_spans.items():
                known = spans.get(campaign_id, (first, last))
                spans[campaign_id] = (min(known[0], first), max(known[1], last))
            written += result.posts
            if on_progress is not None:
                on_progress(result.posts)
        # What is left is written while the workers exit.
        with (out / "claimreviews.jsonl").open("wb") as stream:
            for review in claim_reviews(seed, appearances):
                stream.write(orjson.dumps(review) + b"\n")
        dsa = DsaScenario(seed, posts, candidates, plan.notice_target)
        dsa.build()
        dsa_counts = dsa.write(out)
        counts = {label: spool.label_count(label) for label in LABELS}
        counts["ordinary"] = written - flagged
        header = _truth_header(plan, accounts, counts, spans)
        spool.write(out / "truth.json", header, LABELS)
    seconds = time.perf_counter() - began
    return {
        "out": str(out),
        "seed": seed,
        "posts": written,
        "accounts": accounts,
        "labels": counts,
        "campaigns": len(plan.campaigns),
        "viral_moments": spool.moment_count,
        "claim_reviews": 2 * len(CLAIMS),
        **dsa_counts,
        "seconds": round(seconds, 3),
        "posts_per_second": round(written / seconds) if seconds else 0,
    }


def _write_accounts(path: Path, book: AccountBook) -> int:
    times = TimeFormatter()
    with path.open("wb") as stream:
        batch = []
        for index in range(book.total):
            account = book.cache.get(index) or book.derive(index)
            batch.append(account_line(account, times))
            if len(batch) >= 10_000:
                stream.write(b"".join(batch))
                batch = []
        stream.write(b"".join(batch))
    return book.total


def _truth_header(
    plan: Plan, accounts: int, counts: dict[str, int], spans: dict[str, tuple[int, int]]
) -> dict[str, Any]:
    book = plan.account_book()
    campaigns = []
    for campaign in plan.campaigns:
        narrative = NARRATIVES[campaign.narrative]
        first, last = spans.get(campaign.id, (campaign.active_from, campaign.active_from))
        campaigns.append(
            {
                "id": campaign.id,
                "narrative": narrative.id,
                "claim": narrative.claim_id,
                "language": campaign.language,
                "accounts": [book.get(campaign.first_account + i).id for i in range(campaign.accounts)],
                "accounts_created": {
                    "from": iso(campaign.created_from),
                    "to": iso(campaign.created_from + campaign.created_seconds + 120),
                },
                "links": list(campaign.links),
                "hashtags": list(campaign.hashtags),
                "media_pdq": [f"{meme:064x}" for meme in campaign.memes],
                "active": {"from": iso(first), "to": iso(last)},
                "waves": [
                    {"id": e.id, "start": iso(e.start), "link": e.link, "posts": e.posts}
                    for e in plan.all_events()
                    if e.kind == "wave" and e.subject == campaign.number
                ],
            }
        )
    return {
        "seed": plan.seed,
        "platform": "x",
        "counts": {"posts": plan.posts, "accounts": accounts, "labels": counts},
        "ordinary_listed": plan.posts <= 100_000,
        "claims": {claim.id: {"text": claim.text_en, "rating": claim.rating_en} for claim in CLAIMS},
        "campaigns": campaigns,
        "accounts": {
            "organic": {"count": book.organic, "note": "every account not listed below"},
            "campaign": {c["id"]: c["accounts"] for c in campaigns},
            "spam": [book.get(book.spam_first + i).id for i in range(book.spam)],
        },
    }
