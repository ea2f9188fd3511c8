"""`check_many` equals `check` item by item, for every detector that has it and for the whole pipeline."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from rempart.detect.classifier.detector import ClassifierDetector
from rempart.detect.copypasta import CopypastaDetector
from rempart.detect.interfaces import BatchDetector, Detector
from rempart.detect.keywords import KeywordsDetector
from rempart.detect.language import LanguageDetector
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.schemas import Account, Item
from rempart.pipeline.runner import Pipeline
from rempart.policy.loader import default_policy_path, load_policy_text

START = datetime(2024, 9, 1, 12, tzinfo=UTC)
WORDS = (  # noqa: SIM905 - a word list reads better as prose
    "le la les train retard ce matin the train is late again this morning vote ballot election city water "
    "tonight share before they delete this migrants rats vermin Sieg Heil Meine Ehre heißt Treue merci à tous"
).split()
SPAM = "Breaking: the city will cut water tonight for 48 hours, share before they delete this"


def stream(count: int = 400) -> list[Item]:
    """Varied posts: every detector's examples, copies of a spam by many authors, random word salads in
    several declared languages (some wrong, some absent), empty and letter-less texts."""
    rng = random.Random(7)
    texts = [e.text for cls in (LanguageDetector, KeywordsDetector, ClassifierDetector) for e in cls.examples()]
    texts += ["", "12345 !!!", "😀😀😀", "https://t.co/abc @someone #tag"]
    items = []
    for number in range(count):
        if number < len(texts):
            text = texts[number]
        elif number % 5 == 0:
            text = SPAM.replace("water", rng.choice(["water", "WATER", "the water", "wätér"]))
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25)))
        items.append(
            Item(
                platform="x",
                id=str(number),
                author_id=f"a{number % 13}",
                created_at=START + timedelta(seconds=20 * number),
                text=text,
                language=rng.choice([None, "fr", "en", "de", "xx"]),
            )
        )
    return items


@pytest.mark.parametrize("detector_class", [LanguageDetector, ClassifierDetector, CopypastaDetector])
def test_check_many_equals_check(detector_class: type[Detector]) -> None:
    items = stream()
    one_by_one = detector_class()
    expected = [one_by_one.check(item) for item in items]
    batched = detector_class()
    assert isinstance(batched, BatchDetector)
    found = []
    for start in range(0, len(items), 64):
        chunk = items[start : start + 64]
        found += batched.check_many(chunk, [None] * len(chunk))
    assert found == expected
    assert any(expected)
    assert batched.check_many([], []) == []


def _pipeline_without_claims(registry: DetectorRegistry) -> Pipeline:
    """The default policy minus the claims detector and its rule (claims has no `check_many`)."""
    document = yaml.safe_load(default_policy_path().read_text(encoding="utf-8"))
    document["detectors"].pop("claims")
    document["policies"] = [rule for rule in document["policies"] if "claim." not in rule["rule"]]
    policy = load_policy_text(yaml.safe_dump(document), "default-without-claims.yaml", registry.classes())
    context = DetectorContext()
    return Pipeline(policy, [registry.build(name, config, context) for name, config in policy.detector_configs.items()])


def test_pipeline_check_many_equals_check_with_the_default_detectors() -> None:
    registry = DetectorRegistry.discover()
    items = stream()
    accounts = [Account(platform="x", id=item.author_id, handle=item.author_id) for item in items]
    single = _pipeline_without_claims(registry)
    expected = [single.check(item, account, now=START) for item, account in zip(items, accounts, strict=True)]
    found = _pipeline_without_claims(registry).check_many(items, accounts, now=START)
    assert [r.details() for r in found] == [r.details() for r in expected]
    assert [r.item.language for r in found] == [r.item.language for r in expected]
    assert {p.policy for r in found for p in r.proposals} >= {"copypasta-spam", "de-86a-symbols"}
