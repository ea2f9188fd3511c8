"""Test detectors and a test policy, registered with `DetectorRegistry.register()` (no entry points).

- `scores` reads markers such as `[hate=0.95]` or `[illegal.de.86a=1]` in the text and emits them as signals,
  so a test states exactly which signals an item carries;
- `lang` emits `lang.fr` for texts with French function words, `lang.en` otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from rempart.detect.interfaces import DetectorExample, Signal
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.schemas import Account, Item

_MARKER = re.compile(r"\[([a-z0-9_.:-]+)=([0-9.]+)\]")
_FRENCH = frozenset({"le", "la", "les", "est", "et", "une", "des"})


class ScoresConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    minimum: float = 0.0


class ScoresDetector:
    name: ClassVar[str] = "scores"
    version: ClassVar[str] = "scores-1"
    config_model: ClassVar[type[BaseModel]] = ScoresConfig

    def __init__(self, config: ScoresConfig, context: DetectorContext) -> None:
        self.minimum = config.minimum
        self.context = context

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        if "[" not in item.text:
            return []
        return [
            Signal(self.name, label, float(score), self.version, {"marker": f"[{label}={score}]"})
            for label, score in _MARKER.findall(item.text)
            if float(score) >= self.minimum
        ]

    @classmethod
    def examples(cls) -> list[DetectorExample]:
        return [DetectorExample("bad [hate=0.9]", "hate"), DetectorExample("fine", None)]


class LangConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LangDetector:
    name: ClassVar[str] = "lang"
    version: ClassVar[str] = "lang-1"
    config_model: ClassVar[type[BaseModel]] = LangConfig

    def __init__(self, config: LangConfig) -> None:
        self.config = config

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        words = set(item.text.lower().split())
        code = "fr" if words & _FRENCH else "en"
        return [Signal(self.name, f"lang.{code}", 0.9, self.version)]

    @classmethod
    def examples(cls) -> list[DetectorExample]:
        return [DetectorExample("la vie est belle", "lang.fr")]


def registry() -> DetectorRegistry:
    return DetectorRegistry([ScoresDetector, LangDetector])


TEST_POLICY = """\
version: "test-1"
description: A small policy over the test detectors.
detectors:
  lang: {}
  scores:
    minimum: 0.1
policies:
  - id: hate-review
    description: Probable hate speech goes to human review.
    category: STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH
    category_specification: [KEYWORD_HATE_SPEECH]
    ground:
      terms: "Terms of service, section 3 (hateful conduct)"
      explanation: Hateful content is not allowed.
    rule: signals["hate"].score >= 0.7 && signals["hate"].score < 0.9
    action:
      decision_visibility: [DECISION_VISIBILITY_CONTENT_DISABLED]
    mode: queue
    priority: 20
  - id: hate-restrict
    description: Near-certain hate speech is restricted automatically.
    category: STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH
    category_specification: [KEYWORD_HATE_SPEECH]
    ground:
      terms: "Terms of service, section 3 (hateful conduct)"
      explanation: Hateful content is not allowed.
    rule: signals["hate"].score >= 0.9
    action:
      decision_visibility: [DECISION_VISIBILITY_CONTENT_DISABLED]
      duration_days: 30
    mode: enforce
  - id: de-86a
    description: Symbols of unconstitutional organisations, illegal in Germany only.
    category: STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH
    category_specification: [KEYWORD_ILLEGAL_ORGANIZATIONS]
    ground:
      law: Strafgesetzbuch (StGB)
      article: "§86a"
      explanation: Use of symbols of unconstitutional organisations.
    rule: '"illegal.de.86a" in signals'
    action:
      decision_visibility: [DECISION_VISIBILITY_CONTENT_DISABLED]
    territorial_scope: [DE]
    mode: enforce
  - id: spam-shadow
    description: Trying a spam rule on live traffic, French only.
    category: STATEMENT_CATEGORY_SCAMS_AND_FRAUD
    ground:
      terms: "Terms of service, section 5 (spam)"
      explanation: Repetitive unsolicited content.
    rule: signals.copypasta.score > 0.5 && item.language == "fr"
    action:
      decision_visibility: [DECISION_VISIBILITY_CONTENT_DEMOTED]
    territorial_scope: EU
    mode: shadow
"""


def write_policy(directory: Path, text: str = TEST_POLICY) -> Path:
    path = directory / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path
