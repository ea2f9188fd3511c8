"""Text normalisation for hash banks, behind one function so that the product-wide normaliser can replace it.

`normalize_for_hash` folds what a copier changes to dodge an exact match: case, accents, compatibility forms
(full-width letters, ligatures), zero-width and other invisible format characters, and whitespace.
`hash_tokens` then keeps the words (letters and digits), dropping links, @mentions and punctuation, so that
the exact key and the near-duplicate shingles both ignore them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from itertools import chain

from rempart.items.normalize import per_piece

_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")  # the same on folded ASCII text (lower-case), and faster
_LINKS_AND_MENTIONS = re.compile(r"https?://\S+|www\.\S+|@\w+")
# Space-separated pieces of text whose tokens `hash_tokens` keeps (emptied when full).
_PIECE_TOKENS: dict[str, tuple[str, ...]] = {}
# Format characters (category Cf: zero-width space/joiners, word joiner, BOM, bidi marks) and the
# combining marks that NFKD splits off accented letters.
_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me"})


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) not in _DROPPED_CATEGORIES).casefold()


class _FoldTable(dict[int, str]):
    """Each character's NFKD form without dropped marks, case-folded: filled on first sight of a character."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_FOLD_TABLE = _FoldTable()
# The characters NFKD keeps that have a non-zero combining class (spacing combining marks: viramas of a few
# scripts, Hangul tone marks, musical stems): only between two of these can NFKD's canonical reordering
# change the order of kept characters, so a text that keeps one is folded as a whole. Every character
# with `unicodedata.combining(c) > 0` whose category is not dropped (a test recomputes this list).
REORDERABLE_KEPT = (
    "\u1715\u1734\u1b44\u1baa\u1bf2\u1bf3\u302e\u302f\ua953\ua9c0\U000111c0\U00011235\U0001134d"
    "\U000116b6\U0001193d\U00016ff0\U00016ff1\U0001d165\U0001d166\U0001d16d\U0001d16e\U0001d16f"
    "\U0001d170\U0001d171\U0001d172"
)
_REORDERABLE = re.compile(f"[{REORDERABLE_KEPT}]")


def _folded(text: str) -> str:
    """Lower-case, without accents or invisible characters; whitespace left as it is."""
    if text.isascii():
        return text.lower()
    # Decomposition, dropping and case folding work character by character (casefold has no context), so
    # one lookup table gives the same result as normalising the whole text, but for canonical reordering.
    folded = text.translate(_FOLD_TABLE)
    if _REORDERABLE.search(folded):
        decomposed = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in decomposed if unicodedata.category(ch) not in _DROPPED_CATEGORIES).casefold()
    return folded


def normalize_for_hash(text: str) -> str:
    """Lower-case, without accents or invisible characters, with single spaces."""
    return " ".join(_folded(text).split())


def hash_tokens(text: str) -> list[str]:
    """The words of `text` after normalisation, without links, @mentions or punctuation.

    No step crosses a space (a space folds to a space; links, mentions and words end there), so the tokens
    of a text are those of its space-separated pieces, in order, and each piece's are memoised: posts
    repeat most of their pieces."""
    pieces = per_piece(text, _PIECE_TOKENS, _piece_tokens)
    return list(chain.from_iterable(pieces))


def _piece_tokens(piece: str) -> tuple[str, ...]:
    kept = _LINKS_AND_MENTIONS.sub(" ", _folded(piece))  # whitespace runs change no token: not collapsed
    return tuple((_ASCII_WORD if kept.isascii() else _WORD).findall(kept))


def exact_key(text: str) -> str:
    """SHA-256 (hex) of the normalised words joined by single spaces: the exact-match key of a text."""
    return key_of_tokens(hash_tokens(text))


def key_of_tokens(tokens: list[str]) -> str:
    return hashlib.sha256(" ".join(tokens).encode()).hexdigest()
