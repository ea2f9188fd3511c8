"""Leiden groups densely tied accounts; the mapping picks the case category."""

from __future__ import annotations

from itertools import combinations

from rempart.campaigns.config import CategoryMapping, CategoryRule, GroupKind, Trace
from rempart.campaigns.graph import communities, layout
from rempart.campaigns.nullmodel import Edge


def _clique(prefix: str, size: int) -> list[Edge]:
    names = [f"{prefix}{i}" for i in range(size)]
    return [Edge(x=a, y=b, episodes=5, expected=0.01, weight=12.0) for a, b in combinations(names, 2)]


def test_leiden_separates_two_groups_joined_by_one_edge() -> None:
    edges = [*_clique("a", 8), *_clique("b", 6), Edge(x="a0", y="b0", episodes=3, expected=0.1, weight=4.0)]
    groups = communities(edges, min_accounts=4, seed=1)
    assert sorted(len(g.accounts) for g in groups) == [6, 8]
    assert {a[0] for a in groups[0].accounts} in ({"a"}, {"b"})
    assert all(g.density == 1.0 for g in groups)
    assert 0 < groups[0].score <= 1


def test_small_groups_are_dropped() -> None:
    assert communities(_clique("a", 3), min_accounts=4, seed=1) == []


def test_layout_is_in_the_unit_square_and_deterministic() -> None:
    edges = _clique("a", 5)
    names = [f"a{i}" for i in range(5)]
    first = layout(names, edges)
    assert first == layout(names, edges)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())


def test_category_mapping() -> None:
    mapping = CategoryMapping()
    assert mapping.category_for(GroupKind.CAMPAIGN, {"link": 10, "sync": 2}).category == (
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"
    )
    scam = mapping.category_for(GroupKind.CAMPAIGN, {"repost": 10, "link": 1})
    assert scam.category == "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"
    assert scam.category_specification == ["KEYWORD_INAUTHENTIC_ACCOUNTS"]
    spam = mapping.category_for(GroupKind.SPAM_NETWORK, {"link": 10, "near_text": 3})
    assert spam.category == "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"
    assert mapping.category_for(GroupKind.CAMPAIGN, {}) == mapping.default


def test_a_rule_needs_every_condition_it_names() -> None:
    rule = CategoryRule(
        when_kinds=[GroupKind.CAMPAIGN], when_traces=[Trace.MEDIA], category="C", category_specification=[]
    )
    assert rule.matches(GroupKind.CAMPAIGN, {"media", "link"})
    assert not rule.matches(GroupKind.SPAM_NETWORK, {"media"})
    assert not rule.matches(GroupKind.CAMPAIGN, {"link"})
