"""Account-level precision and recall on a small generated scenario with planted campaigns and viral moments."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.factories.campaign_scenario import START, generate

from rempart.campaigns.detect import detect
from rempart.campaigns.engines import DuckDBEngine


def test_planted_campaigns_are_found_and_viral_sharers_are_not(tmp_path: Path) -> None:
    scenario = generate(tmp_path, posts=20_000, campaigns=3, seed=11)
    engine = DuckDBEngine(memory_limit="2GB")
    try:
        campaigns, _ = detect(
            engine, items=[scenario.items], accounts=[scenario.accounts], since=START, until=START + timedelta(days=8)
        )
    finally:
        engine.close()
    flagged = {a.id for c in campaigns for a in c.accounts}
    truth = scenario.campaign_accounts
    precision = len(flagged & truth) / len(flagged)
    recall = len(flagged & truth) / len(truth)
    assert precision >= 0.95
    assert recall >= 0.9
    assert not flagged & scenario.viral_accounts
