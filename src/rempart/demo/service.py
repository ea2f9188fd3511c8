"""`generate`: write the whole scenario to a directory, chunk by chunk, in one or more processes.

Chunks come back in order (whatever process made them) and are appended to the files as they arrive,
so memory stays flat and the output is the same for any number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from rempart.demo.accounts import AccountBook
from rempart.demo.chunk import ProcessCaches, generate_chunk
from rempart.demo.chunk_types import Candidate, ChunkResult
from rempart.demo.content.narratives import CLAIMS, NARRATIVES
from rempart.demo.dsa_files import DsaScenario
from rempart.demo.factchecks import claim_reviews
from rempart.demo.plan import Plan, build_plan
from rempart.demo.records import account_line
from rempart.demo.timeline import TimeFormatter, iso
from rempart.demo.truth import TruthSpool

LABELS = ("campaign", "campaign_filler", "false_claim", "copypasta", "hate", "illegal_de", "ordinary")
MAX_CANDIDATES = 60_000

_worker: tuple[Plan, ProcessCaches, Path] | None = None


def _init_worker(plan: Plan, book: AccountBook, spool: Path) -> None:
    global _worker  # noqa: PLW0603 -- one plan per worker process, set once by the pool
    _worker = (plan, ProcessCaches(plan, book), spool)


def _run_chunk(chunk: int) -> ChunkResult:
    """Generate a chunk in a worker; its big outputs go to spool files (cheaper than pickling them back)."""
    assert _worker is not None
    plan, caches, spool = _worker
    result = generate_chunk(plan, chunk, caches)
    prefix = str(spool / f"chunk-{chunk:06d}")
    Path(prefix + ".items").write_bytes(result.items)
    Path(prefix + ".x-v2").write_bytes(result.x_v2)
    return result._replace(items=b"", x_v2=b"", spooled=prefix)


@contextmanager
def _chunks(plan: Plan, book: AccountBook, workers: int, spool: Path) -> Iterator[Iterator[ChunkResult]]:
    """Chunk results in order, being made from the moment this is entered; `book` holds the accounts already
    derived, which forked workers inherit."""
    if workers <= 1 or plan.chunks == 1:
        caches = ProcessCaches(plan, book)
        yield (generate_chunk(plan, chunk, caches) for chunk in range(plan.chunks))
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(plan, book, spool)) as pool:
        yield pool.imap(_run_chunk, range(plan.chunks))


def _append(out: BinaryIO, data: bytes, spooled: str) -> None:
    """Append a chunk's output, moving a worker's spool file with the kernel's copy when there is one."""
    if not spooled:
        out.write(data)
        return
    out.flush()
    path = Path(spooled)
    with path.open("rb") as source:
        size = os.fstat(source.fileno()).st_size
        offset = 0
        while offset < size:
            sent = os.sendfile(out.fileno(), source.fileno(), offset, size - offset)
            if sent == 0:
                break
            offset += sent
    path.unlink()


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
    chunk_spool = out / ".chunk-spool"
    chunk_spool.mkdir(exist_ok=True)
    with (
        _chunks(plan, book, workers, chunk_spool) as results,
        (out / "items.jsonl").open("wb") as items,
        (out / "x-v2.jsonl").open("wb") as x_v2,
    ):
        # Worker processes start on the first chunks while this one writes the accounts.
        accounts = _write_accounts(out / "accounts.jsonl", book)
        for result in results:
            _append(items, result.items, result.spooled and result.spooled + ".items")
            _append(x_v2, result.x_v2, result.spooled and result.spooled + ".x-v2")
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
    chunk_spool.rmdir()
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
