"""py3langid's language identifier, made fast for Rempart's use: memoised automaton walk, batch scoring.

- The byte-by-byte automaton walk is memoised per word: the walk's state at a word's first byte and the
  word's bytes (with the space after it) decide the features the word emits and the state after it, so
  each (state, word) pair is walked once and then looked up; the feature counts are the same, in order.
- The candidate table is kept as contiguous float64 (the model's restricted float16 columns are a strided
  view that makes every score a slow gather and a non-BLAS product). Scores are summed in float64, so the
  order of the additions (one text's dot product, or a row of the batch product) changes nothing at the
  precision signals keep.
- `distributions` scores many texts with one sparse-by-dense product, with py3langid's own arithmetic
  (log1p of the counts, class priors, temperature sqrt(bytes), softmax, aliased labels folded). The walk
  lists every feature occurrence and scipy sums the duplicates into counts, in C.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from py3langid.langid import LanguageIdentifier
from scipy import sparse

_WALK_CACHE_SIZE = 200_000
_WORDS = re.compile(rb"[^ ]* ?")


class BatchIdentifier(LanguageIdentifier):  # type: ignore[misc] # py3langid ships no type hints
    """py3langid's identifier with a memoised walk and batch scoring (see the module's documentation)."""

    __slots__ = ("_table", "_walks")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._walks: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}
        self._table: NDArray[np.floating[Any]] = self.nb_ptc  # converted once the candidates are chosen

    def set_languages(self, langs: list[str] | None = None) -> None:
        """Restrict the candidates; the restricted table is stored as contiguous float64."""
        super().set_languages(langs)
        self._table = np.ascontiguousarray(self.nb_ptc, dtype=np.float64)

    def _walk(self, state: int, word: bytes) -> tuple[int, tuple[int, ...]]:
        nextmove, rowbase, output = self.tk_nextmove, self._rowbase, self.tk_output
        found = []
        for byte in word:
            state = nextmove[rowbase[state] + byte]
            feature = output[state]
            if feature >= 0:
                found.append(feature)
        return state, tuple(found)

    def _features(self, text: bytes, found: list[int]) -> None:
        """Append the features the walk over `text` emits to `found`, in order (repeats included)."""
        walks = self._walks
        if len(walks) > _WALK_CACHE_SIZE:
            walks.clear()
        state = 0
        for piece in _WORDS.findall(text):  # each word with the space after it (and a last empty piece)
            known = walks.get((state, piece))
            if known is None:
                known = walks[(state, piece)] = self._walk(state, piece)
            state = known[0]
            found.extend(known[1])

    def _raw_score(self, text: bytes) -> Any:
        features: list[int] = []
        self._features(text, features)
        if features:
            return self._sparse_score(Counter(features), self._table)
        return super()._raw_score(b"")

    def distributions(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """One row of class probabilities per text (columns: `nb_classes`), as `_decide` computes them."""
        encoded = [self._encode(text) for text in texts]
        indptr = [0]
        features: list[int] = []
        for text in encoded:
            self._features(text, features)
            indptr.append(len(features))
        # One entry per feature occurrence; summing the duplicates (in C) gives each text's counts.
        matrix = sparse.csr_matrix(
            (np.ones(len(features)), np.array(features, dtype=np.intp), np.array(indptr)),
            shape=(len(encoded), self._table.shape[0]),
        )
        matrix.sum_duplicates()
        np.log1p(matrix.data, out=matrix.data)
        scores: NDArray[np.float64] = np.asarray(matrix @ self._table) + self.nb_pc
        scores[np.diff(indptr) == 0] = 0.0  # no feature at all: uniform, as py3langid abstains
        temperature = 1.0 / np.sqrt(np.array([len(text) or 1 for text in encoded], dtype=np.float64))
        scores *= temperature[:, None]
        np.exp(scores - scores.max(axis=1, keepdims=True), out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        for first, dupe in self._alias_pairs:
            scores[:, first] += scores[:, dupe]
            scores[:, dupe] = 0.0
        return scores
