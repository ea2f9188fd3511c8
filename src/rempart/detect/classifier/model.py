"""The linear model file: one `.npz` (no pickle) holding the weights and a JSON header.

Arrays: `weights` (float32, one per hash bucket), `intercept` (float64, shape (1,)), `header` (the JSON
header as UTF-8 bytes, uint8). The header says what produced the weights and how they score:
format version, the feature parameters, the labels, the decision threshold, the SHA-256 of the
training data, and the metrics measured on the held-out split.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
from pydantic import BaseModel, ConfigDict, Field

from rempart.detect.classifier.features import HashingFeatures

FORMAT = "rempart-linear-classifier"
FORMAT_VERSION = 1


class FeatureParameters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = "char_wb_hashing"
    bits: int = Field(20, ge=8, le=24)
    ngram_min: int = Field(1, ge=1)
    ngram_max: int = Field(5, ge=1, le=8)


class ModelHeader(BaseModel):
    """What the model is, what it was trained on, and how well it did on data it did not see."""

    model_config = ConfigDict(extra="forbid")

    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    model_version: str
    created_at: str
    signal_label: str
    positive_values: list[str]
    features: FeatureParameters
    threshold: float = Field(ge=0.0, le=1.0)
    training: dict[str, Any]
    metrics: dict[str, Any]


class LinearModel:
    """Logistic regression over hashed character n-grams; `probability` runs in tens of microseconds."""

    def __init__(self, header: ModelHeader, weights: npt.NDArray[np.float32], intercept: float) -> None:
        self.header = header
        self.weights = weights
        self.intercept = intercept
        params = header.features
        self.features = HashingFeatures(params.bits, params.ngram_min, params.ngram_max)

    def probability(self, text: str) -> float:
        logit = self.features.score(text, self.weights, self.intercept)
        return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        """`probability` of many texts, their features computed together."""
        logits = self.features.scores(texts, self.weights, self.intercept)
        return [1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0 for logit in logits]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            np.savez_compressed(
                stream,
                weights=self.weights.astype(np.float32),
                intercept=np.array([self.intercept], dtype=np.float64),
                header=np.frombuffer(orjson.dumps(self.header.model_dump(mode="json")), dtype=np.uint8),
            )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Read a model file; raise ValueError if it is not one this version understands."""
        with np.load(path, allow_pickle=False) as arrays:
            header = ModelHeader.model_validate(orjson.loads(arrays["header"].tobytes()))
            weights = arrays["weights"].astype(np.float32)
            intercept = float(arrays["intercept"][0])
        if header.format != FORMAT or header.format_version > FORMAT_VERSION:
            msg = f"{path}: not a {FORMAT} file of version <= {FORMAT_VERSION}"
            raise ValueError(msg)
        if weights.shape != (1 << header.features.bits,):
            msg = f"{path}: {weights.shape[0]} weights for {header.features.bits} hash bits"
            raise ValueError(msg)
        return cls(header, weights, intercept)
