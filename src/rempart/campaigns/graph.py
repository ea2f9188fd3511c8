"""From significant edges to groups of accounts: Leiden community detection (igraph + leidenalg)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rempart.campaigns.nullmodel import Edge


@dataclass(frozen=True)
class Community:
    accounts: list[str]
    edges: list[Edge]
    density: float
    mean_weight: float

    @property
    def score(self) -> float:
        """In [0, 1]: how completely the accounts are tied (density), times how far beyond chance the ties
        are (mean -log10 p, saturating around 20)."""
        return float(round(self.density * (1.0 - 2.0 ** (-self.mean_weight / 5.0)), 4))


def communities(edges: Sequence[Edge], *, min_accounts: int, seed: int) -> list[Community]:
    """Leiden (modularity) on the weighted graph; groups smaller than `min_accounts` are dropped."""
    import igraph as ig
    import leidenalg

    if not edges:
        return []
    names = sorted({e.x for e in edges} | {e.y for e in edges})
    index = {name: i for i, name in enumerate(names)}
    graph = ig.Graph(n=len(names), edges=[(index[e.x], index[e.y]) for e in edges])
    graph.es["weight"] = [e.weight for e in edges]
    partition = leidenalg.find_partition(graph, leidenalg.ModularityVertexPartition, weights="weight", seed=seed)
    found: list[Community] = []
    for members in partition:
        if len(members) < min_accounts:
            continue
        accounts = sorted(names[i] for i in members)
        inside = set(accounts)
        own = [e for e in edges if e.x in inside and e.y in inside]
        possible = len(accounts) * (len(accounts) - 1) / 2
        found.append(
            Community(
                accounts=accounts,
                edges=own,
                density=len(own) / possible,
                mean_weight=sum(e.weight for e in own) / max(len(own), 1),
            )
        )
    found.sort(key=lambda c: (-c.score, c.accounts))
    return found


def layout(accounts: Sequence[str], edges: Sequence[Edge], seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]² for drawing (Kamada-Kawai from seeded starting points: deterministic)."""
    import igraph as ig
    import numpy as np

    index = {name: i for i, name in enumerate(accounts)}
    graph = ig.Graph(n=len(accounts), edges=[(index[e.x], index[e.y]) for e in edges if e.x in index and e.y in index])
    start = np.random.default_rng(seed).random((len(accounts), 2)).tolist()
    coords = graph.layout_kamada_kawai(seed=start)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {name: ((xs[i] - min(xs)) / span_x, (ys[i] - min(ys)) / span_y) for name, i in index.items()}
