from __future__ import annotations

import random
import re
import unicodedata

import numpy as np
import pytest

from rempart.detect.classifier.detector import ClassifierConfig, ClassifierDetector
from rempart.detect.classifier.features import HashingFeatures
from rempart.detect.classifier.model import FeatureParameters, LinearModel
from rempart.detect.classifier.training import Example, best_threshold, binary_metrics, split
from rempart.detect.interfaces import DetectorExample
from rempart.items.normalize import fold_text
from tests.unit.detect.factories import item

DETECTOR = ClassifierDetector()


@pytest.mark.parametrize("example", ClassifierDetector.examples(), ids=lambda example: example.text[:30])
def test_examples(example: DetectorExample) -> None:
    signals = DETECTOR.check(item(example.text, example.language))
    assert [signal.label for signal in signals] == ([example.label] if example.label else [])


def test_adversarial_spellings_score_like_the_plain_ones() -> None:
    plain = DETECTOR.model.probability("fucking faggots should all die")
    for spelling in (
        "FUCKING FAGGOTS SHOULD ALL DIE",
        "fuck\u200bing faggots should all dieeeee",
        "fucking fаggots should all die",
    ):
        assert abs(DETECTOR.model.probability(spelling) - plain) < 0.1


def test_default_model_header_carries_held_out_metrics() -> None:
    header = DETECTOR.model.header
    assert header.signal_label == "hate"
    assert set(header.metrics["test"]) == {"all", "en", "fr"}
    assert header.training["split"]["test"] == header.metrics["test"]["all"]["examples"]
    assert DETECTOR.min_score == header.threshold


def test_min_score_zero_without_targets_always_emits() -> None:
    detector = ClassifierDetector(ClassifierConfig(min_score=0.0, label="hate.any", require_target=False))
    [signal] = detector.check(item("Bonne journée"))
    assert signal.label == "hate.any"
    assert 0.0 <= signal.score <= 1.0


def test_features_are_deterministic_and_stay_inside_words() -> None:
    features = HashingFeatures(bits=16)
    assert np.array_equal(features.indices("Bonjour le monde"), features.indices("BONJOUR  le\u200b monde"))
    # " ab  cd ": 4 letters, 7 bigrams (with the padding), 4 trigrams and 2 four-grams that stay within a word
    assert features.indices("ab, cd").size == 4 + 7 + 4 + 2
    assert features.indices("https://t.co/x @someone").size == 0


def test_split_is_stratified_and_disjoint() -> None:
    examples = [Example(f"text {n}", n % 5 == 0, "fr" if n % 2 else "en") for n in range(200)]
    parts = split(examples, 0.1, 0.1, seed=1)
    assert sum(len(part) for part in parts.values()) == 200
    assert len({id(e) for part in parts.values() for e in part}) == 200
    assert {e.language for e in parts["test"] if e.positive} == {"fr", "en"}


def test_threshold_and_metrics() -> None:
    truth = np.array([True, True, False, False, False])
    scores = np.array([0.9, 0.6, 0.7, 0.2, 0.1])
    assert best_threshold(truth, scores) == 0.6
    metrics = binary_metrics(truth, scores, 0.6)
    assert (metrics["precision"], metrics["recall"], metrics["roc_auc"]) == (0.6667, 1.0, 0.8333)


def test_items_in_languages_the_model_was_not_trained_on_get_no_signal() -> None:
    detector = ClassifierDetector(ClassifierConfig(min_score=0.0, require_target=False))
    assert detector.languages == frozenset({"en", "fr"})
    assert detector.check(item("Bonne journée", "fr"))
    assert detector.check(item("Have a nice day"))
    assert detector.check(item("Einen schönen Tag noch", "de")) == []
    german_only = ClassifierDetector(ClassifierConfig(min_score=0.0, languages=["de"], require_target=False))
    assert german_only.check(item("Einen schönen Tag noch", "de"))
    assert german_only.check(item("Bonne journée", "fr")) == []


@pytest.mark.parametrize("ngrams", [(1, 5), (2, 4), (3, 3)])
def test_scores_added_up_from_words_equal_scores_of_whole_texts(ngrams: tuple[int, int]) -> None:
    parameters = FeatureParameters(bits=16, ngram_min=ngrams[0], ngram_max=ngrams[1])
    weights = np.random.default_rng(3).normal(size=1 << 16).astype(np.float32)
    model = LinearModel(DETECTOR.model.header.model_copy(update={"features": parameters}), weights, 0.25)
    features = model.features
    texts = ["ab cd ab", "Élan, élan!! https://t.co/x", "", "...", "a", "l'été  est\u200b là", "x_y 42"]
    expected = []
    for text in texts:
        buckets = features.indices(text)
        total = float(weights[buckets].sum(dtype=np.float64))
        expected.append(total / np.sqrt(buckets.size) + 0.25 if buckets.size else 0.25)
    for _ in range(2):  # words first hashed, then memoised
        assert model.logits(texts) == pytest.approx(expected, abs=1e-12)


def test_words_piece_by_piece_are_the_whole_texts() -> None:
    def whole_text(text: str) -> list[str]:
        return re.findall(r"\w+", re.sub(r"https?://\S+|www\.\S+|@\w+", " ", fold_text(text)))

    samples = ["Ça\u200bVa  l'été https://t.co/abc@x @someone www.example.org/a b_c", "a\xa0b\x1cc\t\td   e", ""]
    rng = random.Random(8)
    pool = [chr(c) for c in range(0x20, 0x2FFFF) if unicodedata.category(chr(c)) not in ("Cs", "Co", "Cn")]
    pool += list(" \t\n\xa0\x1c@#:/._-aaa!!!") * 200 + ["https://", "www.", "@", "   "] * 100
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 24))) for _ in range(20_000)]
    for repeat in range(2):  # pieces first computed, then memoised
        for text in samples:
            assert HashingFeatures.words(text) == whole_text(text), (repeat, repr(text))
