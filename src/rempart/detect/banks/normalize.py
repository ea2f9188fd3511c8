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

_WORD = re.compile(r"[^\W_]+")
_LINKS_AND_MENTIONS = re.compile(r"https?://\S+|www\.\S+|@\w+")
# Format characters (category Cf: zero-width space/joiners, word joiner, BOM, bidi marks) and the
# combining marks that NFKD splits off accented letters.
_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me"})


def normalize_for_hash(text: str) -> str:
    """Lower-case, without accents or invisible characters, with single spaces."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    return " ".join(kept.casefold().split())


def hash_tokens(text: str) -> list[str]:
    """The words of `text` after normalisation, without links, @mentions or punctuation."""
    return _WORD.findall(_LINKS_AND_MENTIONS.sub(" ", normalize_for_hash(text)))


def exact_key(text: str) -> str:
    """SHA-256 (hex) of the normalised words joined by single spaces: the exact-match key of a text."""
    return key_of_tokens(hash_tokens(text))


def key_of_tokens(tokens: list[str]) -> str:
    return hashlib.sha256(" ".join(tokens).encode()).hexdigest()
