"""The null model on numbers: popularity and activity explain organic co-sharing, repetition does not."""

from __future__ import annotations

import numpy as np

from rempart.campaigns.nullmodel import PairTable, poisson_log_tail, significant_edges


def _pairs(rows: list[tuple[str, str, int, int, float, int, float]]) -> PairTable:
    return PairTable(
        x=[r[0] for r in rows],
        y=[r[1] for r in rows],
        episodes=np.array([r[2] for r in rows], dtype=np.float64),
        kx=np.array([r[3] for r in rows], dtype=np.float64),
        sx=np.array([r[4] for r in rows], dtype=np.float64),
        ky=np.array([r[5] for r in rows], dtype=np.float64),
        sy=np.array([r[6] for r in rows], dtype=np.float64),
    )


def test_poisson_tail_matches_the_exact_sum() -> None:
    observed = np.array([1.0, 3.0, 6.0])
    expected = np.array([0.01, 0.2, 0.5])
    exact = []
    for c, lam in zip(observed, expected, strict=True):
        terms = [np.exp(-lam) * lam**i / np.prod(np.arange(1, i + 1)) for i in range(int(c))]
        exact.append(np.log(1 - sum(terms)))
    assert np.allclose(poisson_log_tail(observed, expected), exact, rtol=0.05)


def test_poisson_tail_is_zero_when_the_count_is_expected() -> None:
    assert poisson_log_tail(np.array([2.0]), np.array([3.0]))[0] == 0.0


def test_one_viral_co_share_is_not_an_edge_but_repeated_co_posting_is() -> None:
    rows = [
        # two organic accounts, 30 posts each, one post in a crowded viral slot of 200 accounts
        ("viral_a", "viral_b", 1, 30, 199.0 + 29 * 2, 30, 199.0 + 29 * 2),
        # two campaign accounts, 6 posts each, all six made together with 29 others
        ("camp_a", "camp_b", 6, 6, 6 * 29.0, 6, 6 * 29.0),
    ]
    edges = significant_edges(_pairs(rows), total_posts=100_000, tested=20_000, fdr=0.001, min_episodes=3)
    assert [(e.x, e.y) for e in edges] == [("camp_a", "camp_b")]
    assert edges[0].weight > 5


def test_busy_accounts_need_more_than_their_activity_explains() -> None:
    # Two heavy posters who meet on 3 posts out of thousands in crowded slots: chance explains it.
    rows = [("heavy_a", "heavy_b", 3, 3000, 3000 * 40.0, 3000, 3000 * 40.0)]
    assert significant_edges(_pairs(rows), total_posts=1_000_000, tested=1000, fdr=0.01, min_episodes=3) == []


def test_min_episodes_is_a_floor() -> None:
    rows = [("a", "b", 2, 2, 2.0, 2, 2.0)]
    assert significant_edges(_pairs(rows), total_posts=10**9, tested=1, fdr=0.5, min_episodes=3) == []
