"""The linear model file: one `.npz` (no pickle) holding the weights and a JSON header.

Arrays: `weights` (float32, one per hash bucket), `intercept` (float64, shape (1,)), `header` (the JSON
header as UTF-8 bytes, uint8). The header says what produced the weights and how they score:
format version, the feature parameters, the labels, the decision threshold, the SHA-256 of the
training data, and the metrics measured on the held-out split.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
from pydantic import BaseModel, ConfigDict, Field

from rempart.detect.classifier.features import HashingFeatures

FORMAT = "rempart-linear-classifier"
WORD_CACHE_SIZE = 200_000
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
    """Logistic regression over hashed character n-grams; `probability` runs in tens of microseconds.

    A text's score adds up from its words' (n-grams never cross a word): each word's weight sum and n-gram
    count are memoised (up to `WORD_CACHE_SIZE` words), and the words not seen yet are hashed together."""

    def __init__(self, header: ModelHeader, weights: npt.NDArray[np.float32], intercept: float) -> None:
        self.header = header
        self.weights = weights
        self.intercept = intercept
        params = header.features
        self.features = HashingFeatures(params.bits, params.ngram_min, params.ngram_max)
        self._gap_weight, self._gap_count = self.features.gap(weights)
        # Memoised words: (weight sums, n-gram counts). A word enters the counts before the sums, and a full
        # memo is replaced as a whole, so that threads sharing the model always find a summed word's count.
        self._memo: tuple[dict[str, float], dict[str, int]] = ({}, {})

    def probability(self, text: str) -> float:
        return self.probabilities([text])[0]

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        """`probability` of each text."""
        return [1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0 for logit in self.logits(texts)]

    def logits(self, texts: Sequence[str]) -> list[float]:
        """The raw score of each text: (its words' weight sums and the gaps between them) over the square root
        of their n-gram count, plus the intercept; the intercept alone for a text without words."""
        words_of = [self.features.words(text) for text in texts]
        if len(self._memo[0]) > WORD_CACHE_SIZE:
            self._memo = ({}, {})
        cached_sums, cached_counts = self._memo
        vocabulary = set(chain.from_iterable(words_of))
        sums = {word: cached_sums[word] for word in vocabulary if word in cached_sums}
        counts = {word: cached_counts[word] for word in sums}
        new = [word for word in vocabulary if word not in sums]
        if new:
            new_sums, new_counts = self.features.word_sums(new, self.weights)
            counts.update(zip(new, new_counts, strict=True))
            sums.update(zip(new, new_sums, strict=True))
            cached_counts.update(zip(new, new_counts, strict=True))
            cached_sums.update(zip(new, new_sums, strict=True))
        logits = []
        gap_weight, gap_count, intercept = self._gap_weight, self._gap_count, self.intercept
        for words in words_of:
            if not words:
                logits.append(intercept)
                continue
            gaps = len(words) - 1
            total = sum(map(sums.__getitem__, words)) + gaps * gap_weight
            count = sum(map(counts.__getitem__, words)) + gaps * gap_count
            logits.append(total / math.sqrt(count) + intercept)
        return logits

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
