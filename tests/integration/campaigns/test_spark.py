"""Spark in local mode runs the same logic and finds the same campaigns as DuckDB."""

from __future__ import annotations

from datetime import timedelta

from tests.factories.coordination import T0
from tests.integration.campaigns.conftest import Sample

from rempart.campaigns.detect import detect
from rempart.campaigns.engines import DuckDBEngine, SparkEngine


def test_spark_finds_the_same_campaigns_as_duckdb(sample: Sample) -> None:
    period = {"since": T0 - timedelta(days=1), "until": T0 + timedelta(days=9)}
    duck = DuckDBEngine(memory_limit="1GB")
    try:
        expected, expected_summary = detect(duck, items=[sample.items], accounts=[sample.accounts], **period)
    finally:
        duck.close()
    spark = SparkEngine(master="local[1]", driver_memory="1g", shuffle_partitions=1)
    try:
        found, summary = detect(spark, items=[sample.items], accounts=[sample.accounts], **period)
    finally:
        spark.close()
    assert summary.engine == "spark"
    assert [(c.id, c.accounts) for c in found] == [(c.id, c.accounts) for c in expected]
    assert found[0].score == expected[0].score
    assert summary.windows == expected_summary.windows
    assert (summary.posts, summary.pairs_tested, summary.edges) == (
        expected_summary.posts,
        expected_summary.pairs_tested,
        expected_summary.edges,
    )
