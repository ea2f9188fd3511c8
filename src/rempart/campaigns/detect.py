"""Campaign detection: traces → windows → slots → pairs → null model → Leiden → evidence.

The steps run on any `Engine` with the same SQL (`rempart.campaigns.sql`); the null model and the graph
run here on the pairs the engine returns. Nothing here touches the store.
"""

# ruff: noqa: S608 - the SQL is built from the detection's own fragments and numbers, never from input

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from rempart.campaigns import sql
from rempart.campaigns.config import DetectionConfig, GroupKind, Trace
from rempart.campaigns.engines import Engine
from rempart.campaigns.evidence import campaign_evidence
from rempart.campaigns.graph import Community, communities
from rempart.campaigns.nullmodel import PairTable, significant_edges
from rempart.campaigns.schemas import AccountRef, Campaign, DetectionSummary, Evidence

log = logging.getLogger(__name__)


def split_account(key: str) -> AccountRef:
    platform, _, account_id = key.partition("|")
    return AccountRef(platform=platform, id=account_id)


def campaign_id(accounts: Sequence[str]) -> str:
    """Stable for the same set of accounts."""
    digest = hashlib.sha256("\n".join(sorted(accounts)).encode()).hexdigest()[:20]
    return f"camp_{digest}"


def estimate_windows(engine: Engine, config: DetectionConfig) -> dict[str, float]:
    """CooRnet's coordination interval per trace, clamped; fixed windows in the config take precedence."""
    windows: dict[str, float] = {}
    measured = dict(
        engine.fetch(
            f"SELECT trace, {engine.quantile('d', config.window_quantile)} FROM "
            f"({sql.FIRST_SECOND_DELAYS}) d GROUP BY trace"
        )
    )
    for trace in config.traces:
        if trace is Trace.SYNC:
            windows[trace.value] = float(config.sync_window)
            continue
        value = measured.get(trace.value)
        estimate = config.window_min if value is None else min(max(float(value), config.window_min), config.window_max)
        windows[trace.value] = float(config.windows.get(trace, estimate))
    return windows


def ambient_limits(
    windows: dict[str, float], since: datetime, until: datetime, config: DetectionConfig
) -> dict[str, int]:
    """Per trace, the number of windows an object may be present in before it is ambient. Synchronised
    activity has a single object (posting at all), present all the time: its slot cap alone bounds it."""
    span = until.timestamp() - since.timestamp()
    return {
        trace: int(span / w) + 1
        if trace == Trace.SYNC.value
        else max(config.ambient_min_windows, int(config.ambient_share * span / w))
        for trace, w in windows.items()
    }


def _pair_table(rows: list[tuple[Any, ...]]) -> PairTable:
    """The candidate pairs, each with its accounts in name order, sorted (the same on every engine)."""
    oriented = sorted(
        (x, y, episodes, kx, sx, ky, sy) if x < y else (y, x, episodes, ky, sy, kx, sx)
        for x, y, episodes, kx, sx, ky, sy in rows
    )

    def column(i: int) -> NDArray[np.float64]:
        return np.array([float(r[i]) for r in oriented], dtype=np.float64)

    return PairTable(
        x=[str(r[0]) for r in oriented],
        y=[str(r[1]) for r in oriented],
        episodes=column(2),
        kx=column(3),
        sx=column(4),
        ky=column(5),
        sy=column(6),
    )


def detect(
    engine: Engine,
    *,
    items: Sequence[Path],
    accounts: Sequence[Path],
    since: datetime,
    until: datetime,
    config: DetectionConfig | None = None,
) -> tuple[list[Campaign], DetectionSummary]:
    """The coordinated groups among the items posted in [since, until) — campaigns and spam networks, told
    apart by `kind` — with their evidence."""
    config = config or DetectionConfig()
    started = time.perf_counter()

    def step(name: str, query: str) -> None:
        begun, cpu = time.perf_counter(), time.process_time()
        engine.materialise(name, query)
        log.info(
            "campaigns: %s in %.2fs (%.2fs CPU in this process)",
            name, time.perf_counter() - begun, time.process_time() - cpu,
        )  # fmt: skip

    engine.load(items, accounts)
    step("posts", sql.posts_query(engine, since.timestamp(), until.timestamp()))
    rejected = int(engine.fetch(sql.rejected_query(engine))[0][0])
    if Trace.LINK in config.traces or Trace.DOMAIN in config.traces:
        step("links", sql.links_query(engine))
    if Trace.NEAR_TEXT in config.traces:
        step("minhash", sql.minhash_query(engine, config))
    step("actions", sql.actions_query(engine, config))
    windows = estimate_windows(engine, config)
    step("binned", sql.binned_query(windows, config, ambient_limits(windows, since, until, config)))
    step("acct_stats", sql.ACCOUNT_STATS)
    step("small", sql.SMALL.format(min_episodes=config.min_episodes))
    step("pairs", sql.PAIRS)
    total_posts, total_accounts = engine.fetch("SELECT coalesce(sum(k), 0), count(*) FROM acct_stats")[0]
    tested = int(engine.fetch("SELECT count(*) FROM pairs")[0][0])
    rows = engine.fetch(sql.CANDIDATES.format(min_episodes=config.min_episodes))
    edges = significant_edges(
        _pair_table(rows),
        total_posts=int(total_posts),
        tested=tested,
        fdr=config.fdr,
        min_episodes=config.min_episodes,
    )
    groups = communities(edges, min_accounts=config.min_accounts, seed=config.leiden_seed)
    found = _campaigns(engine, groups, config)
    summary = DetectionSummary(
        engine=engine.name,
        posts=int(total_posts),
        accounts=int(total_accounts),
        rejected=rejected,
        windows=windows,
        pairs_tested=tested,
        edges=len(edges),
        seconds=round(time.perf_counter() - started, 3),
    )
    return found, summary


def group_kind(evidence: Evidence, config: DetectionConfig) -> GroupKind:
    """A spam network when its members' co-activity is mostly copies of the same content (see `GroupKind`)."""
    if evidence.co_activity.copy_share > config.spam_copy_share:
        return GroupKind.SPAM_NETWORK
    return GroupKind.CAMPAIGN


def _campaigns(engine: Engine, groups: list[Community], config: DetectionConfig) -> list[Campaign]:
    if not groups:
        return []
    ids = [campaign_id(group.accounts) for group in groups]
    engine.put(
        "members", ("campaign", "acct"), [(cid, a) for cid, g in zip(ids, groups, strict=True) for a in g.accounts]
    )
    evidence = campaign_evidence(engine, dict(zip(ids, groups, strict=True)), config)
    campaigns = []
    for cid, group in zip(ids, groups, strict=True):
        found, posts = evidence[cid]
        campaigns.append(
            Campaign(
                id=cid,
                kind=group_kind(found, config),
                score=group.score,
                accounts=[split_account(a) for a in group.accounts],
                items=posts,
                evidence=found,
            )
        )
    return campaigns
