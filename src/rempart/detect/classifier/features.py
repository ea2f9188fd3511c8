"""Character n-gram hashing features, the same at training and at prediction time, in numpy alone.

The text is folded (`rempart.items.normalize.fold_text`: case, accents, confusables, invisible
characters, long runs), URLs and @mentions are dropped, and the words (`\\w+`) are padded with one
space each side: n-grams never cross a word (sklearn's `char_wb`). All n-grams of every length are
hashed at once with a polynomial rolling hash over the code points (uint64, wrapping) and Fibonacci
hashing into `2**bits` buckets. A text's vector is its bucket counts divided by the square root of its
number of n-grams (close to L2 normalisation, as most n-grams of a post are distinct, and it needs no
sort): a linear score is then one gather and one sum. No Python loop over n-grams. Since n-grams never
cross a word, a linear score also adds up word by word (`word_sums`, `gap`): the model memoises words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt
from scipy import sparse

from rempart.items.normalize import fold_text, per_piece

_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+")
_WORD = re.compile(r"\w+")
# Space-separated pieces of text whose words `words` keeps (emptied when full).
_PIECE_WORDS: dict[str, tuple[str, ...]] = {}
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_UINT64 = (1 << 64) - 1
_SPACE = np.uint64(32)


@dataclass(frozen=True, slots=True)
class HashingFeatures:
    bits: int = 20
    ngram_min: int = 1
    ngram_max: int = 5

    def indices(self, text: str) -> npt.NDArray[np.uint64]:
        """The bucket of every n-gram of the text (repeated buckets repeat)."""
        words = self.words(text)
        if not words:
            return np.zeros(0, dtype=np.uint64)
        codes = np.frombuffer((" " + "  ".join(words) + " ").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
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

    @staticmethod
    def words(text: str) -> list[str]:
        """The words the features read: folded, without URLs and @mentions.

        No step crosses a space (a space folds to a space, runs of it change no word, URLs, mentions and
        words end there), so the words of a text are those of its space-separated pieces, in order, and
        each piece's are memoised: posts repeat most of their pieces."""
        pieces = per_piece(text, _PIECE_WORDS, _piece_words)
        return list(chain.from_iterable(pieces))

    def word_sums(self, words: Sequence[str], weights: npt.NDArray[np.float32]) -> tuple[list[float], list[int]]:
        """For each (non-empty) word, the weights of the n-grams of " word " summed in float64, and their number.

        A text's n-grams are its words' (padded with one space each side: n-grams never cross a word) plus
        one two-space bigram between consecutive words (`gap`), so its score adds up from its words. The
        words are hashed side by side in one array, one pass per length, n-grams spanning two words
        dropped, sums by bincount."""
        joined = "".join(f" {word} " for word in words)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        owner = np.repeat(np.arange(len(words)), [len(word) + 2 for word in words])
        shift = np.uint64(64 - self.bits)
        sums = np.zeros(len(words), dtype=np.float64)
        counts = np.zeros(len(words), dtype=np.int64)
        rolling = codes
        for n in range(1, self.ngram_max + 1):
            if n > 1:
                rolling = rolling[:-1] * _PRIME + codes[n - 1 :]
            if n < self.ngram_min or rolling.size == 0:
                continue
            count = rolling.size
            # Within one word; as in `indices`, the padding spaces are no unigrams of their own.
            kept = owner[:count] == owner[n - 1 : n - 1 + count] if n > 1 else codes != _SPACE
            buckets = ((rolling[kept] + np.uint64(n)) * _MIX) >> shift
            words_of = owner[:count][kept]
            sums += np.bincount(words_of, weights=weights[buckets], minlength=len(words))
            counts += np.bincount(words_of, minlength=len(words))
        return sums.tolist(), counts.tolist()

    def gap(self, weights: npt.NDArray[np.float32]) -> tuple[float, int]:
        """The weight and count of what lies between two consecutive words: the bigram of two spaces."""
        if not self.ngram_min <= 2 <= self.ngram_max:
            return 0.0, 0
        rolling = ord(" ") * int(_PRIME) + ord(" ")
        bucket = (((rolling + 2) * int(_MIX)) & _UINT64) >> (64 - self.bits)
        return float(weights[bucket]), 1

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


def _piece_words(piece: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_NOISE.sub(" ", fold_text(piece))))
