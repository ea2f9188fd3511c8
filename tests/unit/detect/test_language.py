from __future__ import annotations

import pytest

from rempart.detect.interfaces import DetectorExample
from rempart.detect.language import LanguageConfig, LanguageDetector
from tests.unit.detect.factories import item

DETECTOR = LanguageDetector()


@pytest.mark.parametrize("example", LanguageDetector.examples(), ids=lambda example: str(example.label))
def test_examples(example: DetectorExample) -> None:
    [signal] = DETECTOR.check(item(example.text))
    assert signal.label == example.label
    assert signal.score > 0.9
    assert signal.evidence["source"] == "detected"


def test_confident_detection_overrides_a_wrong_declared_language() -> None:
    [signal] = DETECTOR.check(item("Bonjour à tous, quelle belle journée pour une promenade au parc", language="en"))
    assert signal.label == "lang.fr"
    assert signal.evidence == {"declared": "en", "detected": "fr", "source": "detected"}


def test_declared_language_kept_when_detection_is_unsure() -> None:
    [signal] = DETECTOR.check(item("ok", language="fr"))
    assert signal.label == "lang.fr"
    assert signal.evidence["source"] == "declared"
    assert signal.score < 0.9


def test_mentions_and_urls_do_not_count() -> None:
    [signal] = DETECTOR.check(item("https://t.co/abc @someone_here", language="de"))
    assert (signal.label, signal.score) == ("lang.de", 1.0)
    assert DETECTOR.check(item("https://t.co/abc 😂")) == []


def test_adversarial_spelling_still_gets_a_language() -> None:
    [signal] = DETECTOR.check(item("C'EEEST VRAIMENT N'IMPORTE QUOI CE GOUVERNEMENT, ILS SE MOQUENT DE NOUS"))
    assert signal.label == "lang.fr"


def test_restricted_candidates() -> None:
    detector = LanguageDetector(LanguageConfig(languages=["fr", "en"]))
    [signal] = detector.check(item("Ich verstehe nicht, warum der Zug heute Morgen schon wieder Verspätung hat."))
    assert signal.label in {"lang.fr", "lang.en"}
    with pytest.raises(ValueError, match="xx"):
        LanguageDetector(LanguageConfig(languages=["fr", "xx"]))
