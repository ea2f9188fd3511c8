"""Hate detection on the held-out splits of the labelled hate-speech data (never the training split).

    python scripts/prepare_hate_speech.py ../shared/data/hate-speech /tmp/hate.jsonl
    .venv/bin/python benchmarks/hate_heldout.py /tmp/hate.jsonl

Splits the examples exactly as `rempart train` did for the shipped model (per language and label, seed 13,
10 % validation, 10 % test) and prints, on the validation split (where thresholds are chosen) and on the
test split (where they are reported): the classifier's precision and recall at several scores (its raw
probability, and its signal, which also needs a target group named in the text), the `keywords`
detector's `hate` lists, and the default policy's two hate rules, overall and per language.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from rempart.detect.classifier.detector import ClassifierDetector
from rempart.detect.classifier.training import Columns, read_examples, split
from rempart.detect.keywords import KeywordsDetector
from rempart.items.schemas import Item

SCORES = (0.65, 0.7, 0.8, 0.9, 0.95)


def cell(flagged: npt.NDArray[np.bool_], truth: npt.NDArray[np.bool_]) -> str:
    hits = int((flagged & truth).sum())
    precision = hits / int(flagged.sum()) if flagged.any() else 0.0
    recall = hits / int(truth.sum()) if truth.any() else 0.0
    return f"{precision:.2f} / {recall:.2f} ({int(flagged.sum())})"


def main(path: Path) -> None:
    examples = read_examples(path.read_bytes(), Columns(positive_values=("hate",), language="language"), jsonl=True)
    parts = split(examples.examples, 0.1, 0.1, seed=13)
    classifier, keywords = ClassifierDetector(), KeywordsDetector()
    created = datetime(2024, 9, 1, tzinfo=UTC)
    for name in ("validation", "test"):
        part = parts[name]
        truth = np.array([example.positive for example in part])
        languages = np.array([example.language for example in part])
        scores = np.array([classifier.model.probability(example.text) for example in part])
        targets = classifier.targets
        targeted = np.array([targets is None or targets.find(e.text, e.language) is not None for e in part])
        keyword_scores = np.array(
            [
                max(
                    (
                        signal.score
                        for signal in keywords.check(
                            Item(
                                platform="x",
                                id="1",
                                author_id="a",
                                created_at=created,
                                text=example.text,
                                language=example.language,
                            )
                        )
                        if signal.label == "hate"
                    ),
                    default=0.0,
                )
                for example in part
            ]
        )
        rows: list[tuple[str, npt.NDArray[np.bool_]]] = [(f"classifier ≥ {s}", scores >= s) for s in SCORES]
        rows += [(f"classifier signal ≥ {s} (target named)", (scores >= s) & targeted) for s in SCORES]
        signal = (scores >= classifier.min_score) & targeted
        rows += [
            ("keywords hate (any list)", keyword_scores > 0),
            ("keywords hate ≥ 0.9 (attack patterns)", keyword_scores >= 0.9),
            ("keywords hate and classifier ≥ 0.9", (keyword_scores > 0) & (scores >= 0.9)),
            ("rule hate-speech-review", ((signal & (scores >= 0.65)) | (keyword_scores > 0)) & (keyword_scores < 0.9)),
            ("rule hate-speech-restrict", keyword_scores >= 0.9),
        ]
        positives = {language: int((truth & (languages == language)).sum()) for language in ("en", "fr")}
        print(f"\n{name} split: {len(part)} examples, positives en {positives['en']}, fr {positives['fr']}")
        print("| signal | all P / R (flagged) | en | fr |\n|---|---|---|---|")
        for label, flagged in rows:
            by_language = [cell(flagged & (languages == lang), truth & (languages == lang)) for lang in ("en", "fr")]
            print(f"| {label} | {cell(flagged, truth)} | {' | '.join(by_language)} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
