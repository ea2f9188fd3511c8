"""Target terms: the groups a hate signal must name (the shipped list: `models/hate-fr-en/targets.txt`).

Hate speech attacks a group; a text that names none is not hate speech, whatever a classifier trained on
keyword-sampled tweets scores it. One entry per line: `word` matches that word and its plural in s/x,
`stem*` any word starting with the stem; `#` starts a comment line; `[xx]` starts the entries for texts in
language `xx` (entries before any section apply to every language; a text without a language is checked
against all). Entries and text go through the keywords detector's normalisation (`skeleton`: case,
accents, leetspeak, confusables, repeated letters).
"""

from __future__ import annotations

import re
from pathlib import Path

from rempart.core.errors import FieldProblem, InvalidInput
from rempart.items.normalize import skeleton, skeleton_text

_SECTION = re.compile(r"^\[([a-z]{2,3})\]$")


def _pattern(alternatives: list[str]) -> re.Pattern[str]:
    # Longest first, so that a word is not cut short by a shorter entry that is its prefix.
    ordered = sorted(set(alternatives), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + ")")


class TargetTerms:
    def __init__(self, by_language: dict[str, re.Pattern[str]], every: re.Pattern[str], source: str) -> None:
        self.by_language = by_language
        self.every = every
        self.source = source

    @classmethod
    def load(cls, path: Path) -> TargetTerms:
        """Read a target file; raise `InvalidInput` naming `file:line` for every bad entry."""
        sections: dict[str, list[str]] = {"": []}
        section = ""
        problems: list[FieldProblem] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if heading := _SECTION.match(entry):
                section = heading.group(1)
                sections.setdefault(section, [])
                continue
            word = skeleton_text(entry.removesuffix("*")).strip()
            if not word or "*" in entry.removesuffix("*"):
                problem = f"expected a word, a stem ending in '*' or a [language] heading, got {entry!r}"
                problems.append(FieldProblem(f"{path}:{number}", problem))
                continue
            sections[section].append(re.escape(word) + (r"\w*" if entry.endswith("*") else r"[sx]?(?!\w)"))
        if problems:
            raise InvalidInput(f"invalid target terms {path}", problems)
        if not any(sections.values()):
            raise InvalidInput(f"invalid target terms {path}", [FieldProblem(str(path), "no entries")])
        common = sections.pop("")
        by_language = {language: _pattern(common + entries) for language, entries in sections.items() if entries}
        every = _pattern(common + [entry for entries in sections.values() for entry in entries])
        return cls(by_language, every, str(path))

    def find(self, text: str, language: str | None) -> str | None:
        """The first target `text` names, as written in `text`; None when it names none. A text without a
        language, or in a language without a section of its own, is checked against every entry."""
        pattern = self.every if language is None else self.by_language.get(language, self.every)
        normalized = skeleton(text)
        match = pattern.search(normalized.text)
        if match is None:
            return None
        start, end = normalized.original_span(match.start(), match.end())
        return text[start:end]
