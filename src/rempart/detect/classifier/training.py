"""Fit the linear classifier from labelled examples, measure it on data it did not see, build the model.

Examples are split per (language, label) group, with a fixed seed: `test_fraction` for the reported
metrics, `validation_fraction` to choose the threshold (the one that maximises F1 on validation),
the rest to fit a logistic regression (scikit-learn, liblinear, balanced class weights). Metrics on
the test split are reported overall and per language: precision, recall, F1 at the threshold, and ROC AUC.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from rempart.detect.classifier.features import HashingFeatures
from rempart.detect.classifier.model import FeatureParameters, LinearModel, ModelHeader


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    positive: bool
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Columns:
    """Which columns hold what, and which label values count as positive."""

    text: str = "text"
    label: str = "label"
    positive_values: tuple[str, ...] = ("1",)
    language: str | None = None
    label_separator: str | None = None


@dataclass(slots=True)
class ReadResult:
    examples: list[Example] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    sha256: str = ""


def read_examples(data: bytes, columns: Columns, *, jsonl: bool) -> ReadResult:
    """Parse CSV (with a header row) or JSON Lines; every bad row is reported with its line and skipped."""
    result = ReadResult(sha256=hashlib.sha256(data).hexdigest())
    rows: Sequence[tuple[int, Any]]
    if jsonl:
        rows = []
        for number, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append((number, orjson.loads(line)))
            except orjson.JSONDecodeError as error:
                result.rejected.append((number, f"not JSON: {error}"))
    else:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        rows = [(reader.line_num, row) for row in reader]
    for number, row in rows:
        problem = _row_problem(row, columns)
        if problem:
            result.rejected.append((number, problem))
            continue
        label = str(row[columns.label]).strip()
        values = set(label.split(columns.label_separator)) if columns.label_separator else {label}
        language = str(row.get(columns.language) or "").strip().lower() or None if columns.language else None
        positive = bool(values & set(columns.positive_values))
        result.examples.append(Example(str(row[columns.text]), positive, language))
    return result


def _row_problem(row: Any, columns: Columns) -> str | None:
    if not isinstance(row, dict):
        return "expected an object per line"
    for name in (columns.text, columns.label):
        value = row.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return f"{name}: missing or empty"
        if not isinstance(value, str | int | float | bool):
            return f"{name}: expected a string, got {type(value).__name__}"
    return None


def split(
    examples: list[Example], validation_fraction: float, test_fraction: float, seed: int
) -> dict[str, list[Example]]:
    """Stratified by (language, label): every group contributes its share to each split."""
    groups: dict[tuple[str | None, bool], list[Example]] = {}
    for example in examples:
        groups.setdefault((example.language, example.positive), []).append(example)
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    parts: dict[str, list[Example]] = {"train": [], "validation": [], "test": []}
    for key in sorted(groups, key=lambda key: (key[0] or "", key[1])):
        group = groups[key]
        rng.shuffle(group)
        test_count = max(1, round(len(group) * test_fraction)) if len(group) >= 3 else 0
        validation_count = max(1, round(len(group) * validation_fraction)) if len(group) >= 3 else 0
        parts["test"].extend(group[:test_count])
        parts["validation"].extend(group[test_count : test_count + validation_count])
        parts["train"].extend(group[test_count + validation_count :])
    return parts


def binary_metrics(truth: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64], threshold: float) -> dict[str, Any]:
    predicted = scores >= threshold
    true_positives = int(np.sum(predicted & truth))
    precision = true_positives / int(predicted.sum()) if predicted.any() else 0.0
    recall = true_positives / int(truth.sum()) if truth.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "examples": int(truth.size),
        "positives": int(truth.sum()),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "roc_auc": _roc_auc(truth, scores),
    }


def _roc_auc(truth: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64]) -> float | None:
    positives, negatives = int(truth.sum()), int((~truth).sum())
    if not positives or not negatives:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(scores.size, dtype=np.float64)
    ranks[order] = np.arange(1, scores.size + 1)
    for value in np.unique(scores):
        tied = scores == value
        ranks[tied] = ranks[tied].mean()
    return round(float((ranks[truth].sum() - positives * (positives + 1) / 2) / (positives * negatives)), 4)


def best_threshold(truth: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64]) -> float:
    """The score threshold that maximises F1 (the higher one on ties); 0.5 without positives."""
    if not truth.any():
        return 0.5
    order = np.argsort(-scores, kind="mergesort")
    ranked_scores, ranked_truth = scores[order], truth[order]
    last_of_value = np.r_[ranked_scores[1:] != ranked_scores[:-1], True]
    true_positives = np.cumsum(ranked_truth)[last_of_value]
    flagged = (np.arange(1, scores.size + 1))[last_of_value]
    f1 = 2 * true_positives / (flagged + truth.sum())
    return float(ranked_scores[last_of_value][int(np.argmax(f1))])


@dataclass(frozen=True, slots=True)
class TrainingOptions:
    signal_label: str = "hate"
    bits: int = 20
    regularisation: float = 4.0
    seed: int = 13
    validation_fraction: float = 0.1
    test_fraction: float = 0.1
    model_version: str = "1"


def train(
    examples: list[Example], columns: Columns, options: TrainingOptions, *, data_sha256: str, now: datetime
) -> LinearModel:
    """Fit on the train split, choose the threshold on validation, measure on test; return the model."""
    from sklearn.linear_model import LogisticRegression

    parts = split(examples, options.validation_fraction, options.test_fraction, options.seed)
    truth = {name: np.array([example.positive for example in part], dtype=bool) for name, part in parts.items()}
    if len(set(truth["train"].tolist())) < 2:
        msg = "the training split needs both positive and negative examples"
        raise ValueError(msg)
    parameters = FeatureParameters(bits=options.bits)
    features = HashingFeatures(parameters.bits, parameters.ngram_min, parameters.ngram_max)
    fitted = LogisticRegression(
        C=options.regularisation, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=options.seed
    ).fit(features.matrix([example.text for example in parts["train"]]), truth["train"])
    header = ModelHeader(
        model_version=options.model_version,
        created_at=now.isoformat(),
        signal_label=options.signal_label,
        positive_values=list(columns.positive_values),
        features=parameters,
        threshold=0.5,
        training={},
        metrics={},
    )
    model = LinearModel(header, fitted.coef_[0].astype(np.float32), float(fitted.intercept_[0]))
    scores = {name: np.array([model.probability(example.text) for example in part]) for name, part in parts.items()}
    threshold = best_threshold(truth["validation"], scores["validation"])
    languages = sorted({example.language for example in parts["test"] if example.language})
    test_metrics = {"all": binary_metrics(truth["test"], scores["test"], threshold)}
    for language in languages:
        mask = np.array([example.language == language for example in parts["test"]], dtype=bool)
        test_metrics[language] = binary_metrics(truth["test"][mask], scores["test"][mask], threshold)
    model.header = header.model_copy(
        update={
            "threshold": round(threshold, 6),
            "training": {
                "data_sha256": data_sha256,
                "examples": len(examples),
                "split": {name: len(part) for name, part in parts.items()},
                "seed": options.seed,
                "regularisation_c": options.regularisation,
                "columns": {"text": columns.text, "label": columns.label, "language": columns.language},
            },
            "metrics": {
                "threshold_rule": "maximum F1 on the validation split",
                "validation": binary_metrics(truth["validation"], scores["validation"], threshold),
                "test": test_metrics,
            },
        }
    )
    return model
