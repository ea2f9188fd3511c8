"""The matching index behind the keywords detector: build once, query per item in microseconds.

Literal terms go into one Aho-Corasick automaton (pyahocorasick); regular expressions into one
Hyperscan database used as a filter (or, where Hyperscan is not available, one combined alternation
compiled once). Both run on the skeleton of the text (`rempart.items.normalize.skeleton`) and only
report matches that sit on word boundaries: the character before and after a match is not a letter
or digit, so "Scunthorpe" does not match a list holding its middle. Multi-word terms are also indexed
with their spaces removed, so that hashtags ("#SiegHeil") match.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import ahocorasick

from rempart.core.errors import FieldProblem, InvalidInput
from rempart.detect.term_lists import EntryKind, TermList
from rempart.items.normalize import skeleton_pattern, skeleton_text


class RegexEngine(StrEnum):
    HYPERSCAN = "hyperscan"
    PYTHON = "python"


@dataclass(frozen=True, slots=True)
class Pattern:
    """One entry of one list, as indexed."""

    list_index: int
    entry: str
    line: int


@dataclass(frozen=True, slots=True)
class Hit:
    """A pattern matched `skeleton[start:end]`."""

    pattern: int
    start: int
    end: int


def _on_boundary(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


class _TermMatcher:
    def __init__(self, terms: list[tuple[int, str]]) -> None:
        automaton = ahocorasick.Automaton()
        keys: dict[str, list[int]] = {}
        for pattern_id, term in terms:
            key = skeleton_text(term).strip()
            for variant in {key, key.replace(" ", "")}:
                if variant:
                    keys.setdefault(variant, []).append(pattern_id)
        for key, pattern_ids in keys.items():
            automaton.add_word(key, (len(key), tuple(pattern_ids)))
        self._automaton = automaton if keys else None
        if keys:
            automaton.make_automaton()

    def search(self, text: str) -> list[Hit]:
        if self._automaton is None:
            return []
        hits: list[Hit] = []
        for last, (length, pattern_ids) in self._automaton.iter(text):
            start, end = last + 1 - length, last + 1
            if _on_boundary(text, start, end):
                hits.extend(Hit(pattern_id, start, end) for pattern_id in pattern_ids)
        return hits


class _HyperscanMatcher:
    """Hyperscan says which patterns occur (one report each, no start offsets: fast to compile and run);
    each reported pattern is then located on word boundaries by its own Python regex, compiled on first use."""

    def __init__(self, regexes: list[tuple[int, str]], sources: list[str]) -> None:
        import hyperscan

        self._hyperscan = hyperscan
        self._ids = [pattern_id for pattern_id, _ in regexes]
        self._skeletons = [skeleton_pattern(regex) for _, regex in regexes]
        self._verifiers: dict[int, re.Pattern[str]] = {}
        expressions = [pattern.encode() for pattern in self._skeletons]
        flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_DOTALL | hyperscan.HS_FLAG_SINGLEMATCH
        self._database: Any = None
        if expressions:
            self._database = hyperscan.Database()
            try:
                self._database.compile(
                    expressions=expressions,
                    ids=list(range(len(expressions))),
                    elements=len(expressions),
                    flags=[flags] * len(expressions),
                )
            except hyperscan.CompilerError as error:
                raise InvalidInput(
                    "a regular expression is outside Hyperscan's syntax",
                    [FieldProblem(_culprit(expressions, flags, sources), str(error))],
                ) from error
        self._local = threading.local()

    def search(self, text: str) -> list[Hit]:
        if self._database is None:
            return []
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._hyperscan.Scratch(self._database)
        found: list[int] = []

        def on_match(index: int, _start: int, _end: int, _flags: int, _context: object) -> None:
            found.append(index)

        self._database.scan(text.encode(), match_event_handler=on_match, scratch=scratch)
        hits: list[Hit] = []
        for index in found:
            verifier = self._verifiers.get(index)
            if verifier is None:
                verifier = self._verifiers[index] = re.compile(_on_word_boundaries(self._skeletons[index]), re.DOTALL)
            hits.extend(Hit(self._ids[index], match.start(), match.end()) for match in verifier.finditer(text))
        return hits


def _on_word_boundaries(pattern: str) -> str:
    return f"(?<!\\w)(?:{pattern})(?!\\w)"


def _culprit(expressions: list[bytes], flags: int, sources: list[str]) -> str:
    """The `file:line` of the first expression Hyperscan refuses on its own."""
    import hyperscan

    for index, expression in enumerate(expressions):
        try:
            hyperscan.Database().compile(expressions=[expression], ids=[0], elements=1, flags=[flags])
        except hyperscan.CompilerError:
            return sources[index]
    return "patterns"


class _PythonMatcher:
    def __init__(self, regexes: list[tuple[int, str]]) -> None:
        self._ids = [pattern_id for pattern_id, _ in regexes]
        alternatives = (
            f"(?P<p{index}>{_on_word_boundaries(skeleton_pattern(regex))})" for index, (_, regex) in enumerate(regexes)
        )
        self._regex = re.compile("|".join(alternatives), re.DOTALL) if regexes else None

    def search(self, text: str) -> list[Hit]:
        if self._regex is None:
            return []
        return [
            Hit(self._ids[int(str(match.lastgroup)[1:])], match.start(), match.end())
            for match in self._regex.finditer(text)
        ]


class KeywordIndex:
    """Every entry of every list, in one automaton for terms and one engine for regexes."""

    def __init__(self, lists: list[TermList], regex_engine: RegexEngine = RegexEngine.HYPERSCAN) -> None:
        self.lists = lists
        self.patterns: list[Pattern] = []
        terms: list[tuple[int, str]] = []
        regexes: list[tuple[int, str]] = []
        sources: list[str] = []
        for list_index, term_list in enumerate(lists):
            for entry in term_list.entries:
                pattern_id = len(self.patterns)
                self.patterns.append(Pattern(list_index, entry.text, entry.line))
                if term_list.kind is EntryKind.TERM:
                    terms.append((pattern_id, entry.text))
                else:
                    regexes.append((pattern_id, entry.text))
                    sources.append(f"{term_list.source}:{entry.line}")
        self._terms = _TermMatcher(terms)
        self._regexes: _HyperscanMatcher | _PythonMatcher = (
            _HyperscanMatcher(regexes, sources) if regex_engine is RegexEngine.HYPERSCAN else _PythonMatcher(regexes)
        )

    def search(self, skeleton: str) -> list[Hit]:
        """Every pattern that matches the skeleton text on word boundaries."""
        return self._terms.search(skeleton) + self._regexes.search(skeleton)
