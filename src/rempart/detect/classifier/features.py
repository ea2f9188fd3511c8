"""Character n-gram hashing features, the same at training and at prediction time, in numpy alone.

The text is folded (`rempart.items.normalize.fold_text`: case, accents, confusables, invisible
characters, long runs), URLs and @mentions are dropped, and the words (`\\w+`) are padded with one
space each side: n-grams never cross a word (sklearn's `char_wb`). All n-grams of every length are
hashed at once with a polynomial rolling hash over the code points (uint64, wrapping) and Fibonacci
hashing into `2**bits` buckets. A text's vector is its bucket counts divided by the square root of its
number of n-grams (close to L2 normalisation, as most n-grams of a post are distinct, and it needs no
sort): a linear score is then one gather and one sum. No Python loop over n-grams.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from rempart.items.normalize import fold_text

_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+")
_WORD = re.compile(r"\w+")
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class HashingFeatures:
    bits: int = 20
    ngram_min: int = 1
    ngram_max: int = 5

    def indices(self, text: str) -> npt.NDArray[np.uint64]:
        """The bucket of every n-gram of the text (repeated buckets repeat)."""
        padded = self._padded(text)
        if not padded:
            return np.zeros(0, dtype=np.uint64)
        codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        prefix_spaces = np.concatenate(([0], np.cumsum(codes == 32)))
        shift = np.uint64(64 - self.bits)
        rolling = codes
        buckets = []
        for n in range(1, self.ngram_max + 1):
            if n > 1:
                rolling = rolling[:-1] * _PRIME + codes[n - 1 :]
            if n < self.ngram_min or rolling.size == 0:
                continue
            count = rolling.size
            inside_one_word = (prefix_spaces[n - 1 : n - 1 + count] - prefix_spaces[1 : 1 + count]) == 0
            buckets.append(((rolling[inside_one_word] + np.uint64(n)) * _MIX) >> shift)
        return np.concatenate(buckets)

    def score(self, text: str, weights: npt.NDArray[np.float32], intercept: float) -> float:
        """The linear model's raw score (logit) for the text."""
        buckets = self.indices(text)
        if buckets.size == 0:
            return intercept
        return float(weights[buckets].sum(dtype=np.float64)) / float(np.sqrt(buckets.size)) + intercept

    def scores(self, texts: Sequence[str], weights: npt.NDArray[np.float32], intercept: float) -> list[float]:
        """`score` for many texts at once: their padded words side by side in one array, every n-gram
        hashed in one pass per length, n-grams that would span two texts dropped, per-text sums by bincount
        (the same n-grams and weights as `score`; only the order of the float64 additions differs)."""
        padded = [self._padded(text) for text in texts]
        present = [index for index, words in enumerate(padded) if words]
        logits = [intercept] * len(texts)
        if not present:
            return logits
        joined = "".join(padded[index] for index in present)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        owner = np.repeat(np.arange(len(present)), [len(padded[index]) for index in present])
        prefix_spaces = np.concatenate(([0], np.cumsum(codes == 32)))
        shift = np.uint64(64 - self.bits)
        sums = np.zeros(len(present), dtype=np.float64)
        counts = np.zeros(len(present), dtype=np.int64)
        rolling = codes
        for n in range(1, self.ngram_max + 1):
            if n > 1:
                rolling = rolling[:-1] * _PRIME + codes[n - 1 :]
            if n < self.ngram_min or rolling.size == 0:
                continue
            count = rolling.size
            inside_one_word = (prefix_spaces[n - 1 : n - 1 + count] - prefix_spaces[1 : 1 + count]) == 0
            kept = inside_one_word & (owner[:count] == owner[n - 1 : n - 1 + count])
            buckets = ((rolling[kept] + np.uint64(n)) * _MIX) >> shift
            texts_of = owner[:count][kept]
            sums += np.bincount(texts_of, weights=weights[buckets], minlength=len(present))
            counts += np.bincount(texts_of, minlength=len(present))
        values = (sums / np.sqrt(counts) + intercept).tolist()
        for index, value in zip(present, values, strict=True):
            logits[index] = value
        return logits

    @staticmethod
    def _padded(text: str) -> str:
        """The text's words, one space each side (n-grams never cross a word); empty without words."""
        words = _WORD.findall(_NOISE.sub(" ", fold_text(text)))
        return " " + "  ".join(words) + " " if words else ""

    def matrix(self, texts: list[str]) -> sparse.csr_matrix:
        """The texts as rows of a sparse matrix (for training); repeated buckets are summed."""
        indptr = [0]
        columns: list[npt.NDArray[np.uint64]] = []
        data: list[npt.NDArray[np.float64]] = []
        for text in texts:
            buckets = self.indices(text)
            columns.append(buckets)
            data.append(np.full(buckets.size, 1.0 / np.sqrt(buckets.size) if buckets.size else 0.0))
            indptr.append(indptr[-1] + buckets.size)
        matrix = sparse.csr_matrix(
            (np.concatenate(data), np.concatenate(columns).astype(np.int64), np.array(indptr)),
            shape=(len(texts), 1 << self.bits),
        )
        matrix.sum_duplicates()
        return matrix
