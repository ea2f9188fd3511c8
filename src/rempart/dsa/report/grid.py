"""Counting events into the rows of a category-keyed sheet, and the medians the sheets ask for.

An event with category C and keywords K counts in the TOTAL row, in C's row, in the row of each keyword of
K that belongs to C, and in C's `KEYWORD_OTHER` row when K holds `KEYWORD_OTHER` or none of C's keywords
("not captured by any other sub-category"). So the keyword rows of a category together cover every event
of the category; an event whose category has no row on the sheet counts in TOTAL only.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Final

from rempart.dsa.report.taxonomy import CATEGORIES, OTHER_KEYWORD
from rempart.dsa.report.template import CategoryRow

KEYWORDS_OF: Final = {code: frozenset(k for k, _ in keywords) for code, _, keywords in CATEGORIES}

Cell = str | int | float | None


def median_hours(samples: Sequence[float]) -> float | None:
    return round(statistics.median(samples), 2) if samples else None


def ratio(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


class CategoryIndex:
    """Where an event of a given category and keywords counts on one sheet (row positions)."""

    def __init__(self, rows: Sequence[CategoryRow]) -> None:
        self.rows = list(rows)
        self._category: dict[str, int] = {}
        self._keyword: dict[tuple[str, str], int] = {}
        for position, row in enumerate(self.rows):
            if row.parent is None:
                self._category.setdefault(row.code, position)
            else:
                self._keyword[(row.parent, row.code)] = position

    def positions(self, category: str, keywords: Iterable[str]) -> list[int]:
        found = [self._category["TOTAL"]]
        own = self._category.get(category)
        if own is None:
            return found
        found.append(own)
        given = set(keywords)
        matched = [self._keyword[(category, k)] for k in sorted(given) if (category, k) in self._keyword]
        other = self._keyword.get((category, OTHER_KEYWORD))
        if other is not None and (OTHER_KEYWORD in given or not given & KEYWORDS_OF.get(category, frozenset())):
            matched.append(other)
        return found + sorted(set(matched))


class Grid:
    """Counts and samples (for medians) per row, and the texts describing `KEYWORD_OTHER` rows."""

    def __init__(self, index: CategoryIndex) -> None:
        self.index = index
        self.counts: list[Counter[str]] = [Counter() for _ in index.rows]
        self.samples: list[defaultdict[str, list[float]]] = [defaultdict(list) for _ in index.rows]
        self.other_texts: list[set[str]] = [set() for _ in index.rows]

    def add(
        self,
        category: str,
        keywords: Iterable[str],
        counts: dict[str, int],
        samples: dict[str, float | None] | None = None,
        other_text: str | None = None,
    ) -> None:
        for position in self.index.positions(category, keywords):
            self.counts[position].update(counts)
            for name, value in (samples or {}).items():
                if value is not None:
                    self.samples[position][name].append(value)
            if other_text and self.index.rows[position].is_other:
                self.other_texts[position].add(other_text)

    def count(self, position: int, name: str) -> int:
        return self.counts[position][name]

    def median(self, position: int, name: str) -> float | None:
        return median_hours(self.samples[position][name])

    def other_description(self, position: int) -> str | None:
        texts = sorted(self.other_texts[position])
        return "; ".join(texts)[:2000] if texts else None
