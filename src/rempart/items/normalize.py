"""Text normalisation that defeats the usual evasions, with a way back to the original offsets.

Two levels, both one `str.translate` over a per-character table plus one precompiled regex:

- `fold` — what a classifier reads: NFKC (fullwidth, mathematical alphanumerics, ligatures), Unicode
  confusables (Cyrillic and Greek look-alikes, see `confusables.py`), case folding, accents stripped,
  zero-width and other invisible characters removed, runs of 3+ identical characters cut to 2.
- `skeleton` — what term lists match against: `fold`, then leetspeak (0→o, 1→i, 3→e, 4→a, 5→s, 7→t,
  @→a, $→s, €→e …), `l` merged into `i` (so "1", "l", "I" and "|" are one letter), punctuation and
  spacing runs turned into one space, and every run of 2+ identical characters cut to 1 — so "haaaate",
  "hate" and "h4te" meet, and real double letters ("cool") still match because terms go through the
  same function.

The translate tables are filled lazily (a dict whose `__missing__` computes one character once), so
the first sight of a character costs a few microseconds and every later one is a C-level lookup.

`Normalized.original_span(start, end)` maps a span of the normalised text back to the original text;
the per-character offsets are only computed when a span is asked for (when something matched).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TypeVar, cast

from rempart.items.confusables import CONFUSABLES, LEET, UNDECOMPOSED_LETTERS

_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Cc"})
_KEPT_CONTROLS = frozenset("\t\n\r")
# Runs are replaced by their first group through `itemgetter(1)` (a C call per match; a template such as
# r"\1\1" is expanded by Python code for every match): a fold run keeps two characters, a skeleton run one.
_FOLD_RUNS = re.compile(r"((.)\2)\2+", re.DOTALL)
_SKELETON_RUNS = re.compile(r"(.)\1+", re.DOTALL)
_SPACE_RUNS = re.compile(r"  +")
_FIRST_GROUP = itemgetter(1)


def _fold_char(char: str) -> str:
    """One character to its folded form ('' for invisible characters)."""
    if char in _KEPT_CONTROLS:
        return " "
    out = []
    for part in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char)):
        if unicodedata.category(part) in _INVISIBLE_CATEGORIES:
            continue
        for letter in unicodedata.normalize("NFD", CONFUSABLES.get(part, part).casefold()):
            if unicodedata.category(letter) not in _INVISIBLE_CATEGORIES:
                out.append(UNDECOMPOSED_LETTERS.get(letter, letter))
    return "".join(out)


def _skeleton_char(char: str) -> str:
    """One character to its skeleton form: folded, leet undone, punctuation and spaces to one space."""
    out = []
    for letter in _fold_char(char):
        if letter in LEET:
            out.append(LEET[letter])
        elif letter.isalnum():
            out.append("i" if letter == "l" else letter)
        else:
            out.append(" ")
    return "".join(out)


class _FoldTable(dict[int, str]):
    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        self[code] = value
        return value


class _SkeletonTable(dict[int, str]):
    def __missing__(self, code: int) -> str:
        value = _skeleton_char(chr(code))
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()
_SKELETON_TABLE = _SkeletonTable()
T = TypeVar("T")
# How many space-separated pieces a `per_piece` memo keeps (it is emptied when full).
PIECE_MEMO_SIZE = 100_000
_PIECE_SKELETONS: dict[str, str] = {}


def per_piece(text: str, memo: dict[str, T], compute: Callable[[str], T]) -> list[T]:
    """COMPUTE of each space-separated piece of TEXT, in order, each piece's result memoised in MEMO.

    For the steps no part of which crosses a space (folding, skeletons, word and token splits): a text's
    result is then its pieces' results put together, and posts repeat most of their pieces."""
    if len(memo) > PIECE_MEMO_SIZE:
        memo.clear()
    pieces = text.split(" ")
    found = list(map(memo.get, pieces))
    if None in found:
        for index, piece in enumerate(pieces):
            if found[index] is None:
                found[index] = memo[piece] = compute(piece)
    return cast("list[T]", found)


@dataclass(slots=True)
class Normalized:
    """A normalised text and the original it came from; spans of `text` map back to `original`."""

    text: str
    original: str
    level: str
    _starts: list[int] | None = field(default=None, repr=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that produced `text[start:end]` (end exclusive)."""
        starts = self._origins()
        return starts[start], _extend_run(self.original, starts[end - 1] + 1, self.level)

    def _origins(self) -> list[int]:
        """For each character of `text`, the index of the original character it comes from."""
        if self._starts is None:
            self._starts = _origins(self.original, self.level)
        return self._starts


def _extend_run(original: str, stop: int, level: str) -> int:
    """Stretch `stop` over original characters that collapsed into the last matched one ("haaaate")."""
    table = _SKELETON_TABLE if level == "skeleton" else _FOLD_TABLE
    last = table[ord(original[stop - 1])]
    while stop < len(original) and last and table[ord(original[stop])] in (last, ""):
        stop += 1
    return stop


def _origins(original: str, level: str) -> list[int]:
    table = _SKELETON_TABLE if level == "skeleton" else _FOLD_TABLE
    pieces = [table[ord(char)] for char in original]
    translated: list[int] = []
    for index, piece in enumerate(pieces):
        translated.extend([index] * len(piece))
    text = "".join(pieces)
    runs = _SKELETON_RUNS if level == "skeleton" else _FOLD_RUNS
    keep = 1 if level == "skeleton" else 2
    origins: list[int] = []
    position = 0
    for match in runs.finditer(text):
        origins.extend(translated[position : match.start() + keep])
        position = match.end()
    origins.extend(translated[position:])
    return origins


def fold(text: str) -> Normalized:
    """Case, accents, confusables, invisible characters and long runs folded (see the module doc)."""
    return Normalized(_FOLD_RUNS.sub(_FIRST_GROUP, text.translate(_FOLD_TABLE)), text, "fold")


def skeleton(text: str) -> Normalized:
    """`fold` plus leetspeak, l→i, punctuation to spaces and every run cut to one (see the module doc)."""
    return Normalized(skeleton_text(text), text, "skeleton")


def skeleton_text(text: str) -> str:
    """The skeleton string alone.

    Worked out per space-separated piece, each piece's skeleton memoised (posts repeat most of their
    pieces): a space stays a space, so a run of anything else never crosses one, and runs of spaces that
    meet where pieces are joined are cut to one at the end."""
    joined = " ".join(per_piece(text, _PIECE_SKELETONS, _piece_skeleton))
    return _SPACE_RUNS.sub(" ", joined) if "  " in joined else joined


def _piece_skeleton(piece: str) -> str:
    return _SKELETON_RUNS.sub(_FIRST_GROUP, piece.translate(_SKELETON_TABLE))


def fold_text(text: str) -> str:
    """The folded string alone, for feature extraction."""
    return _FOLD_RUNS.sub(_FIRST_GROUP, text.translate(_FOLD_TABLE))


def skeleton_pattern(pattern: str) -> str:
    """A regular expression's letters put through the skeleton fold; escapes and syntax left alone.

    Term-list authors write regexes in ordinary spelling ("sieg\\s+heil"); this turns the literal letters
    into their skeleton form ("sieg\\s+hei") so that the regex runs on skeleton text. Characters after a
    backslash are kept as written (so `\\b`, `\\S`, `\\d` keep their meaning); doubled letters collapse.
    """
    out: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char.isalpha():
            for letter in _SKELETON_TABLE[ord(char)]:
                if not (out and out[-1] == letter and (len(out) < 2 or out[-2] != "\\")):
                    out.append(letter)
        else:
            out.append(char)
    return "".join(out)
