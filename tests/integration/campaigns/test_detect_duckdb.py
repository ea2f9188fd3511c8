"""Traces, null model and grouping end to end on DuckDB over hand-made data."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.factories.coordination import T0, Sample, build_sample

from rempart.campaigns.config import DetectionConfig, GroupKind, Trace
from rempart.campaigns.detect import detect
from rempart.campaigns.engines import DuckDBEngine
from rempart.campaigns.schemas import Campaign, DetectionSummary
from rempart.campaigns.sql import every_action_query


def _run(items: Path, accounts: Path, config: DetectionConfig | None = None) -> tuple[list[Campaign], DetectionSummary]:
    engine = DuckDBEngine(memory_limit="1GB")
    try:
        return detect(
            engine, items=[items], accounts=[accounts], since=T0 - timedelta(days=1), until=T0 + timedelta(days=9),
            config=config,
        )  # fmt: skip
    finally:
        engine.close()


def test_a_viral_link_shared_by_200_organic_accounts_links_nobody(tmp_path: Path) -> None:
    only_organic = build_sample(tmp_path, with_campaign=False)
    campaigns, _ = _run(only_organic.items, only_organic.accounts)
    assert campaigns == []
    # Even when the crowded slot is allowed to produce its ~20,000 pairs, the null model discards them.
    uncapped = DetectionConfig(max_slot_accounts=1000, min_accounts=2)
    campaigns, summary = _run(only_organic.items, only_organic.accounts, uncapped)
    assert campaigns == []
    assert summary.pairs_tested > 19_000
    assert summary.edges == 0


def test_thirty_accounts_co_sharing_links_and_texts_are_one_campaign(sample: Sample) -> None:
    campaigns, summary = _run(sample.items, sample.accounts)
    assert [sorted(a.id for a in c.accounts) for c in campaigns] == [sorted(sample.campaign)]
    campaign = campaigns[0]
    assert {a.platform for a in campaign.accounts} == {"x"}
    assert not {a.id for a in campaign.accounts} & set(sample.viral)
    evidence = campaign.evidence
    assert evidence.posts == 30 * 6
    assert len(campaign.items) == 30 * 6
    assert {"link", "near_text", "hashtags"} <= set(evidence.traces)
    assert evidence.creation_burst.accounts == 30
    assert evidence.languages == {"und": 180}
    links = {o.object for o in evidence.shared_objects if o.trace == "link"}
    assert "camp.example/story/0" in links
    assert evidence.first_seen >= T0 + timedelta(hours=5)
    assert sum(count for _, count in evidence.timeline) == 180
    assert summary.posts == len(sample.records.items)
    assert summary.rejected == 0
    assert 0 < campaign.score <= 1


def test_the_same_accounts_give_the_same_campaign_id(sample: Sample) -> None:
    first, _ = _run(sample.items, sample.accounts)
    second, _ = _run(sample.items, sample.accounts)
    assert [c.id for c in first] == [c.id for c in second]


def test_urls_are_normalised_before_they_are_compared(tmp_path: Path) -> None:
    sample = build_sample(tmp_path)
    campaigns, _ = _run(sample.items, sample.accounts, DetectionConfig(min_accounts=2))
    assert campaigns
    engine = DuckDBEngine(memory_limit="1GB")
    try:
        detect(engine, items=[sample.items], accounts=[sample.accounts], since=T0, until=T0 + timedelta(days=9))
        links = {row[0] for row in engine.fetch("SELECT DISTINCT link FROM links")}
        domain_actions = every_action_query(engine, DetectionConfig(), [Trace.DOMAIN])
        domains = {row[0] for row in engine.fetch(f"SELECT DISTINCT obj FROM ({domain_actions}) a")}
    finally:
        engine.close()
    assert "daily-news.example/big-story" in links
    assert "daily-news.example" in domains


def test_bad_records_are_counted_and_skipped(tmp_path: Path, sample: Sample) -> None:
    items = tmp_path / "items.jsonl"
    items.write_bytes(
        sample.items.read_bytes()
        + b'{"platform": "x", "id": "bad1", "created_at": "2024-09-03T00:00:00Z", "text": "no author"}\n'
        + b'{"platform": "x", "id": "bad2", "author_id": "a", "created_at": "yesterday", "text": "no time"}\n'
    )
    campaigns, summary = _run(items, sample.accounts)
    assert summary.rejected == 2
    assert len(campaigns) == 1


def test_a_ring_posting_copies_of_one_scam_text_is_a_spam_network_not_a_campaign(tmp_path: Path) -> None:
    sample = build_sample(tmp_path, with_spam=True)
    found, _ = _run(sample.items, sample.accounts)
    by_kind = {c.kind: sorted(a.id for a in c.accounts) for c in found}
    assert len(found) == 2
    assert by_kind[GroupKind.CAMPAIGN] == sorted(sample.campaign)
    assert by_kind[GroupKind.SPAM_NETWORK] == sorted(sample.spam)
    spam = next(c for c in found if c.kind is GroupKind.SPAM_NETWORK)
    assert spam.evidence.co_activity.amplified == 0
    assert spam.evidence.co_activity.copied_only > 0
    assert "link" not in spam.evidence.traces
    campaign = next(c for c in found if c.kind is GroupKind.CAMPAIGN)
    assert campaign.evidence.co_activity.copy_share < 0.1
    assert campaign.evidence.traces["link"] == campaign.evidence.co_activity.amplified


def test_a_period_without_posts_finds_nothing(sample: Sample) -> None:
    engine = DuckDBEngine(memory_limit="1GB")
    try:
        found, summary = detect(
            engine, items=[sample.items], accounts=[sample.accounts], since=T0 - timedelta(days=30),
            until=T0 - timedelta(days=20),
        )  # fmt: skip
    finally:
        engine.close()
    assert found == []
    assert (summary.posts, summary.accounts, summary.pairs_tested, summary.edges) == (0, 0, 0, 0)
