"""The null model: is a pair's co-activity more than their activity and the popularity of what they shared explain?

For accounts x and y with kx and ky posts in the period, Sx is the sum, over x's posts, of the number of
other posts that fell in the same slot (same object, same window) as the post's most shared object — how
exposed x's posts are to meeting someone by chance. If y's posts were drawn at random among all N posts,
the expected number of y's posts meeting x's is ky·Sx/N; symmetrising gives λ = (ky·Sx + kx·Sy) / 2N. The
observed count is the number of distinct posts each made together (the smaller of the two), so one post
counts once however many traces (link, domain, text, hashtags) it shares. Its p-value is the Poisson tail
P(X ≥ observed | λ).

Why this and not CooRTweet's percentile thresholds: a percentile keeps the top few percent of edges
whatever the data holds, so on a quiet day it flags organic pairs and on a busy one it cuts real campaigns.
A viral link shared by 200 accounts in the same minutes gives each pair one co-share with a large λ (their
slot is crowded), so it never reaches significance; thirty accounts posting the same links and texts again
and again within minutes co-act on many posts with a small λ. Edges are the pairs that survive the
Benjamini-Hochberg procedure over every co-acting pair (false discovery rate `fdr`), plus a floor of
`min_episodes` distinct posts, since a campaign is repeated co-action.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class PairTable:
    """Candidate pairs with their co-activity and the two accounts' activity."""

    x: list[str]
    y: list[str]
    episodes: NDArray[np.float64]
    kx: NDArray[np.float64]
    sx: NDArray[np.float64]
    ky: NDArray[np.float64]
    sy: NDArray[np.float64]


@dataclass(frozen=True)
class Edge:
    x: str
    y: str
    episodes: int
    expected: float
    weight: float  # -log10 p


def expected_coactivity(pairs: PairTable, total_posts: int) -> NDArray[np.float64]:
    result: NDArray[np.float64] = (pairs.ky * pairs.sx + pairs.kx * pairs.sy) / (2.0 * max(total_posts, 1))
    return result


def poisson_log_tail(observed: NDArray[np.float64], expected: NDArray[np.float64]) -> NDArray[np.float64]:
    """ln P(X >= observed) for X ~ Poisson(expected): the first term of the tail and a geometric bound on the
    rest, accurate when observed > expected (the only case that can be significant); 0 otherwise."""
    lam = np.maximum(expected, 1e-300)
    log_factorial = np.array([math.lgamma(c + 1.0) for c in observed], dtype=np.float64)
    ratio = np.minimum(lam / (observed + 1.0), 0.999999)
    tail = -lam + observed * np.log(lam) - log_factorial - np.log1p(-ratio)
    result: NDArray[np.float64] = np.where(observed > lam, np.minimum(tail, 0.0), 0.0)
    return result


def significant_edges(pairs: PairTable, *, total_posts: int, tested: int, fdr: float, min_episodes: int) -> list[Edge]:
    """Benjamini-Hochberg over `tested` pairs; pairs not in `pairs` (too few episodes) count as p = 1."""
    if len(pairs.x) == 0:
        return []
    expected = expected_coactivity(pairs, total_posts)
    log_p = poisson_log_tail(pairs.episodes, expected)
    log_p = np.where(pairs.episodes >= min_episodes, log_p, 0.0)
    order = np.argsort(log_p, kind="stable")
    ranks = np.arange(1, len(order) + 1, dtype=np.float64)
    critical = np.log(ranks / max(tested, len(order)) * fdr)
    passing = np.nonzero(log_p[order] <= critical)[0]
    if len(passing) == 0:
        return []
    keep = order[: passing[-1] + 1]
    return [
        Edge(
            x=pairs.x[i],
            y=pairs.y[i],
            episodes=int(pairs.episodes[i]),
            expected=float(expected[i]),
            weight=float(-log_p[i] / math.log(10)),
        )
        for i in keep
        if pairs.episodes[i] >= min_episodes
    ]
