"""The packaged enumerations match the Transparency Database's lists."""

from __future__ import annotations

from rempart.dsa import enums


def test_counts_match_the_database() -> None:
    assert len(enums.CATEGORIES) == 16
    assert len(enums.KEYWORDS) == 69
    assert len(enums.COUNTRIES) == 30
    assert len(enums.LANGUAGES) == 184
    assert "GR" in enums.COUNTRIES
    assert "EL" not in enums.COUNTRIES
    assert "KEYWORD_DANGEROUS_TOYS" not in enums.KEYWORDS
    assert len(enums.EU_COUNTRIES) == 27


def test_named_values_are_the_databases_own() -> None:
    assert {g.value for g in enums.DecisionGround} == enums.DECISION_GROUNDS
    assert {s.value for s in enums.SourceType} == enums.SOURCE_TYPES
    assert {a.value for a in enums.AutomatedDecision} == enums.AUTOMATED_DECISIONS
    assert {y.value for y in enums.YesNo} == enums.YES_NO
    assert enums.CSAM_KEYWORD in enums.KEYWORDS
    assert enums.ACCOUNT_SUSPENDED in enums.DECISION_ACCOUNTS
    assert enums.PROVISION_PARTIAL_SUSPENSION in enums.DECISION_PROVISIONS
