"""The compiled CEL subset agrees with celpy (the reference interpreter) and rejects the rest at load time."""

from __future__ import annotations

from typing import Any

import celpy
import pytest

from rempart.policy.cel import CelSyntaxError, compile_expression
from rempart.policy.engine import SignalMap

ACTIVATION: dict[str, Any] = {
    "signals": {"hate": {"score": 0.95, "detector": "classifier"}, "lang.fr": {"score": 0.8, "detector": "language"}},
    "item": {
        "language": "fr",
        "text": "Bonjour à tous, voici le lien",
        "hashtags": ["news", "paris"],
        "urls": [],
        "reply_to": None,
        "country_hints": ["FR", "BE"],
    },
    "account": {"followers_count": 120, "verified": False, "handle": "alice"},
}

EXPRESSIONS = [
    'signals["hate"].score > 0.9 && item.language == "fr"',
    'signals["hate"].score > 0.99 || item.language == "en"',
    "signals.hate.score >= 0.95",
    '"hate" in signals',
    '!("spam" in signals)',
    'item.text.startsWith("Bonjour")',
    'item.text.endsWith("lien")',
    'item.text.contains("voici")',
    'item.text.matches("^Bon.*lien$")',
    'item.text.matches("[0-9]+")',
    "size(item.hashtags) == 2",
    "item.hashtags.size() > 1",
    '"paris" in item.hashtags',
    '"DE" in item.country_hints',
    'item.hashtags.exists(h, h.startsWith("pa"))',
    "item.hashtags.all(h, size(h) > 3)",
    'item.hashtags.exists_one(h, h == "news")',
    'size(item.hashtags.filter(h, h != "news")) == 1',
    'item.hashtags.map(h, h + "!")[1] == "paris!"',
    "has(item.language)",
    "has(item.missing)",
    "item.reply_to == null",
    "account.followers_count > 100 && !account.verified",
    "account.followers_count / 7 == 17",
    "account.followers_count % 7 == 1",
    "-7 / 2 == -3",
    "-7 % 3 == -1",
    "2 * 3 + 4 - 1 == 9",
    "1.5 * 2.0 == 3.0",
    '"a" + "b" == "ab"',
    "[1, 2] + [3] == [1, 2, 3]",
    '{"k": 1}["k"] == 1',
    'item.language == "fr" ? signals.hate.score > 0.5 : false',
    "false && item.missing == 1",
    "true || item.missing == 1",
    "item.missing == 1 || true",
    'int("42") + 1 == 43',
    "double(account.followers_count) > 119.5",
    'string(42) == "42"',
    "(1 < 2) == true",
    '"b" > "a"',
]


def _celpy(expression: str) -> Any:
    environment = celpy.Environment()
    program = environment.program(environment.compile(expression))
    activation = {name: celpy.json_to_cel(value) for name, value in ACTIVATION.items()}
    return program.evaluate(activation)


def _ours(expression: str) -> Any:
    compiled = compile_expression(expression, ["signals", "item", "account"])
    env = {**ACTIVATION, "signals": SignalMap(ACTIVATION["signals"])}
    return compiled.evaluate(env)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_compiled_subset_agrees_with_celpy(expression: str) -> None:
    assert _ours(expression) == _celpy(expression)


@pytest.mark.parametrize(
    "expression",
    ["item.missing == 1", '1 + "a" == 2', "1 / 0 == 1", 'item.hashtags[5] == "x"', "!1"],
)
def test_errors_agree_with_celpy_and_do_not_fire(expression: str) -> None:
    with pytest.raises(celpy.CELEvalError):
        _celpy(expression)
    compiled = compile_expression(expression, ["signals", "item", "account"])
    assert compiled.holds({**ACTIVATION, "signals": SignalMap()}) is False


def test_absent_signals_read_as_zero() -> None:
    compiled = compile_expression('signals["hate"].score == 0.0 && score("spam") == 0.0', ["signals"])
    assert compiled.holds({"signals": SignalMap()}) is True
    assert compiled.signal_labels == {"hate", "spam"}
    assert compiled.reads_any_signal is False


def test_signal_labels_are_recorded_and_dynamic_reads_noted() -> None:
    literal = compile_expression('signals.copypasta.score > 0.5 || "bank.x" in signals', ["signals", "item"])
    assert literal.signal_labels == {"copypasta", "bank.x"}
    assert not literal.reads_any_signal
    dynamic = compile_expression("signals[item.language].score > 0.5", ["signals", "item"])
    assert dynamic.reads_any_signal


@pytest.mark.parametrize(
    ("expression", "message", "line", "column"),
    [
        ("foo > 1", "undeclared reference 'foo'", 1, 1),
        ("item.text.lowerAscii()", "unsupported method lowerAscii()", 1, 11),
        ('b"bytes" == item.text', "bytes literals are not supported", 1, 1),
        ("item &&\n  $", "syntax error", 2, 3),
        ("google.Type{field: 1}", "not supported", 1, 1),
        ("now()", "unsupported function now()", 1, 1),
        ("score(item.text) > 1", "score() takes a signal label", 1, 1),
    ],
)
def test_unsupported_expressions_are_rejected_with_position(
    expression: str, message: str, line: int, column: int
) -> None:
    with pytest.raises(CelSyntaxError) as raised:
        compile_expression(expression, ["signals", "item", "account"])
    assert message in raised.value.message
    assert (raised.value.line, raised.value.column) == (line, column)
