"""Policy files are validated at start-up; every error names the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.detectors import TEST_POLICY, registry

from rempart.core.errors import FieldProblem
from rempart.policy.loader import PolicyInvalid, load_policy, load_policy_text


def _line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def _problems(text: str) -> list[FieldProblem]:
    with pytest.raises(PolicyInvalid) as raised:
        load_policy_text(text, "p.yaml", registry().classes())
    return raised.value.details


def test_the_test_policy_loads() -> None:
    policy = load_policy_text(TEST_POLICY, "p.yaml", registry().classes())
    assert policy.version == "test-1"
    assert [rule.spec.id for rule in policy.rules] == ["hate-review", "hate-restrict", "de-86a", "spam-shadow"]
    assert list(policy.detector_configs) == ["lang", "scores"]
    assert policy.detector_configs["scores"].model_dump() == {"minimum": 0.1}


@pytest.mark.parametrize(
    ("old", "new", "at", "expected"),
    [
        ("    mode: queue", "    mode: later", "mode: later", "policies[0].mode"),
        ("    priority: 20", "    priority: 20\n    colour: red", "colour: red", "Extra inputs are not permitted"),
        ("[KEYWORD_HATE_SPEECH]", "[KEYWORD_HATRED]", "KEYWORD_HATRED", "'KEYWORD_HATRED' is not a DSA"),
        ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "SCAMS", "category: SCAMS", "'SCAMS' is not a DSA category"),
        ("territorial_scope: [DE]", "territorial_scope: [EL]", "[EL]", "Greece is GR"),
        ("territorial_scope: [DE]", "territorial_scope: [US]", "[US]", "'US' is not an EEA member state"),
        (
            "[DECISION_VISIBILITY_CONTENT_DEMOTED]",
            "[DECISION_VISIBILITY_HIDDEN]",
            "DECISION_VISIBILITY_HIDDEN",
            "not a DSA decision_visibility",
        ),
        ("    minimum: 0.1", "    minimum: high", "minimum: high", "detectors.scores.minimum"),
        ("  lang: {}", "  lang: {}\n  telepathy: {}", "telepathy", "unknown detector 'telepathy'"),
        (
            'rule: signals["hate"].score >= 0.9\n',
            'rule: signals["hate"].score >=> 0.9\n',
            ">=> 0.9",
            "CEL: syntax error",
        ),
        ("rule: '\"illegal.de.86a\" in signals'", "rule: bogus.score > 1", "bogus.score", "undeclared reference"),
        ("  scores:\n", "  lang: {}\n  scores:\n", "  lang: {}", "duplicate key 'lang'"),
    ],
)
def test_errors_name_the_file_and_line(old: str, new: str, at: str, expected: str) -> None:
    assert old in TEST_POLICY
    text = TEST_POLICY.replace(old, new, 1)
    problems = _problems(text)
    line = _line_of(text, at) if "duplicate key" not in expected else _line_of(text, "  scores:") - 1
    rendered = [f"{p.field} {p.problem}" for p in problems]
    assert any(r.startswith(f"p.yaml:{line}:") and expected in r for r in rendered), rendered


def test_ground_and_duplicate_id_errors_point_at_their_lines() -> None:
    text = TEST_POLICY.replace("      law: Strafgesetzbuch (StGB)\n", "").replace(
        "  - id: spam-shadow", "  - id: de-86a"
    )
    lines = text.splitlines()
    ground_line = _line_of(text, 'article: "§86a"') - 1
    duplicated = TEST_POLICY.replace("  - id: spam-shadow", "  - id: de-86a")
    duplicate_line = max(n for n, line in enumerate(duplicated.splitlines(), start=1) if "id: de-86a" in line)
    assert lines[ground_line - 1].strip() == "ground:"
    schema_problems = _problems(text)
    assert [p.field for p in schema_problems] == [f"p.yaml:{ground_line}: policies[2].ground"]
    assert "either `law`" in schema_problems[0].problem
    duplicate = _problems(duplicated)
    assert [(p.field, p.problem) for p in duplicate] == [
        (f"p.yaml:{duplicate_line}: policies[3].id", "duplicate policy id 'de-86a'")
    ]


def test_multi_line_rule_errors_point_at_the_right_line() -> None:
    text = TEST_POLICY.replace(
        'rule: signals["hate"].score >= 0.9\n',
        'rule: >-\n      signals["hate"].score >= 0.9\n      && signalz.x > 1\n',
    )
    problems = _problems(text)
    assert problems[0].field == f"p.yaml:{_line_of(text, 'signalz.x')}: policies[1].rule"


def test_several_errors_are_reported_together() -> None:
    text = TEST_POLICY.replace("  lang: {}", "  nope: {}").replace("rule: signals.copypasta", "rule: x.copypasta")
    assert len(_problems(text)) == 2


def test_unreadable_and_non_mapping_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyInvalid, match="cannot read policy file"):
        load_policy(tmp_path / "missing.yaml", {})
    assert _problems("- a\n- b\n")[0].problem.startswith("a policy file is a mapping")
    assert _problems("version: [\n")[0].field.startswith("p.yaml:")
