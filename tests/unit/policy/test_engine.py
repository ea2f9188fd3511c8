"""From signals to proposals: thresholds, modes, territorial scope, end dates, gating on present signals."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.detectors import TEST_POLICY, LangConfig, LangDetector, ScoresConfig, ScoresDetector, registry

from rempart.core import tdb
from rempart.detect.interfaces import Signal
from rempart.detect.registry import DetectorContext
from rempart.items.schemas import Account, Item
from rempart.pipeline.runner import Pipeline
from rempart.policy.engine import PolicyEngine, signal_map
from rempart.policy.loader import load_policy_text

NOW = datetime(2024, 9, 1, 12, 0, tzinfo=UTC)


def _item(text: str, **fields: object) -> Item:
    return Item.model_validate(
        {"platform": "x", "id": "1", "author_id": "a", "created_at": NOW, "text": text, **fields}
    )


def _pipeline() -> Pipeline:
    policy = load_policy_text(TEST_POLICY, "p.yaml", registry().classes())
    detectors = [LangDetector(LangConfig()), ScoresDetector(ScoresConfig(minimum=0.1), DetectorContext())]
    return Pipeline(policy, detectors)


def test_thresholds_choose_between_review_and_automatic_restriction() -> None:
    pipeline = _pipeline()
    assert pipeline.check(_item("nothing to see"), now=NOW).proposals == []
    assert pipeline.check(_item("mild [hate=0.5]"), now=NOW).proposals == []
    review = pipeline.check(_item("probable [hate=0.8]"), now=NOW).proposals
    assert [(p.policy, p.mode.value, p.priority) for p in review] == [("hate-review", "queue", 20)]
    restrict = pipeline.check(_item("certain [hate=0.95]"), now=NOW).proposals
    assert [(p.policy, p.mode.value) for p in restrict] == [("hate-restrict", "enforce")]
    action = restrict[0].action
    assert action["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_DISABLED"]
    assert action["end_date_visibility_restriction"] == "2024-10-01"
    assert action["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert action["incompatible_content_ground"].startswith("Terms of service, section 3")
    assert restrict[0].signals == [
        {
            "detector": "scores",
            "label": "hate",
            "score": 0.95,
            "detector_version": "scores-1",
            "evidence": {"marker": "[hate=0.95]"},
        }
    ]
    assert restrict[0].detector_versions == {"lang": "lang-1", "scores": "scores-1"}
    assert restrict[0].policy_version == "test-1"


def test_territorial_scope_named_state_eu_and_eea() -> None:
    pipeline = _pipeline()
    german = pipeline.check(_item("Sieg [illegal.de.86a=1]"), now=NOW).proposals
    assert [(p.policy, p.territorial_scope) for p in german] == [("de-86a", ["DE"])]
    assert german[0].decision_ground == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert german[0].action["illegal_content_legal_ground"] == "§86a Strafgesetzbuch (StGB)"
    eea = pipeline.check(_item("x [hate=0.95]"), now=NOW).proposals[0].territorial_scope
    assert eea == sorted(tdb.EEA_COUNTRIES)
    assert {"IS", "LI", "NO", "GR"} <= set(eea)
    assert len(eea) == 30
    shadow = pipeline.check(_item("la la la [copypasta=0.9]"), now=NOW).proposals
    assert [(p.policy, p.mode.value) for p in shadow] == [("spam-shadow", "shadow")]
    assert shadow[0].territorial_scope == sorted(tdb.EU_COUNTRIES)
    assert "NO" not in shadow[0].territorial_scope
    assert len(shadow[0].territorial_scope) == 27


def test_language_comes_from_the_item_or_else_the_language_detector() -> None:
    pipeline = _pipeline()
    # Declared English: the French-only shadow rule does not fire even though the text looks French.
    declared = pipeline.check(_item("la la la [copypasta=0.9]", language="en"), now=NOW)
    assert declared.language == "en"
    assert declared.proposals == []
    detected = pipeline.check(_item("la la la [copypasta=0.9]"), now=NOW)
    assert detected.language == "fr"
    assert detected.summary() == {
        "item": {"platform": "x", "id": "1"},
        "language": "fr",
        "signals": [
            {"detector": "lang", "label": "lang.fr", "score": 0.9},
            {"detector": "scores", "label": "copypasta", "score": 0.9},
        ],
        "proposals": [
            {
                "policy": "spam-shadow",
                "category": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
                "category_specification": [],
                "mode": "shadow",
                "decision_visibility": ["DECISION_VISIBILITY_CONTENT_DEMOTED"],
                "territorial_scope": sorted(tdb.EU_COUNTRIES),
            }
        ],
    }


def test_signal_map_keeps_the_best_score_and_each_detector_s_own() -> None:
    mapped = signal_map([Signal("keywords", "hate", 1.0, "k1"), Signal("classifier", "hate", 0.4, "c1")])
    assert mapped["hate"]["score"] == 1.0
    assert mapped["classifier:hate"]["score"] == 0.4
    assert mapped["absent"]["score"] == 0.0
    assert "absent" not in mapped


def test_rules_whose_signals_are_absent_are_skipped_and_account_fields_are_readable() -> None:
    text = TEST_POLICY.replace(
        "rule: '\"illegal.de.86a\" in signals'",
        'rule: account.followers_count > 1000 && item.text.contains("buy")',
    )
    engine = PolicyEngine(load_policy_text(text, "p.yaml", registry().classes()))
    assert [rule.spec.id for rule in engine.candidates(signal_map([]))] == ["de-86a"]
    assert [r.spec.id for r in engine.candidates(signal_map([Signal("s", "hate", 0.8, "1")]))] == [
        "hate-review",
        "hate-restrict",
        "de-86a",
    ]
    popular = Account(platform="x", id="a", followers_count=5000)
    fired = engine.evaluate(_item("buy now"), popular, [], now=NOW)
    assert [p.policy for p in fired] == ["de-86a"]
    assert engine.evaluate(_item("buy now"), None, [], now=NOW) == []
