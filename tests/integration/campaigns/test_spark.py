"""Spark in local mode runs the same logic and finds the same campaigns as DuckDB (on a small sample)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.factories.coordination import T0, Records

from rempart.campaigns.config import DetectionConfig, Trace
from rempart.campaigns.detect import detect
from rempart.campaigns.engines import DuckDBEngine, Engine, SparkEngine
from rempart.campaigns.schemas import Campaign, DetectionSummary

CONFIG = DetectionConfig(traces=[Trace.LINK, Trace.NEAR_TEXT, Trace.HASHTAGS], min_accounts=4)


def _sample(directory: Path) -> tuple[Path, Path, list[str]]:
    records = Records(seed=5)
    background = records.background(accounts=120, posts_each=8, days=3)
    records.viral(background[:60], T0 + timedelta(days=1), "https://news.example/viral")
    campaign = records.campaign("camp", 12, links=5, at=T0 + timedelta(hours=2))
    items, accounts = records.write(directory)
    return items, accounts, campaign


def test_spark_finds_the_same_campaigns_as_duckdb(tmp_path: Path) -> None:
    items, accounts, campaign = _sample(tmp_path)

    def run(engine: Engine) -> tuple[list[Campaign], DetectionSummary]:
        try:
            return detect(
                engine, items=[items], accounts=[accounts], since=T0, until=T0 + timedelta(days=4), config=CONFIG
            )
        finally:
            engine.close()

    expected, expected_summary = run(DuckDBEngine(memory_limit="1GB"))
    found, summary = run(SparkEngine(master="local[1]", driver_memory="1g", shuffle_partitions=1))
    assert [sorted(a.id for a in c.accounts) for c in expected] == [sorted(campaign)]
    assert [(c.id, c.accounts, c.score) for c in found] == [(c.id, c.accounts, c.score) for c in expected]
    assert summary.engine == "spark"
    for field in ("posts", "pairs_tested", "edges", "windows"):
        assert getattr(summary, field) == getattr(expected_summary, field)
