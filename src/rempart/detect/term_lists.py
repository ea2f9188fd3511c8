"""Term lists: plain-text files of terms or regular expressions under a short header.

```
# name: de-86a-slogans
# label: illegal.de.86a
# languages: de
# score: 0.95
# kind: term
Sieg Heil
Heil Hitler
```

Header lines are `# key: value` at the top of the file (`name` defaults to the file's stem, `kind` to
`term`, `languages` is a comma-separated list of ISO 639-1 codes or `*`); then one entry per line; blank
lines and lines starting with `#` are skipped. Terms are written in ordinary spelling: the index puts
them through the same normalisation as the text. Regexes are Python/PCRE syntax without look-arounds or
back-references (Hyperscan's subset); their letters are normalised the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rempart.core.errors import FieldProblem, InvalidInput

_HEADER = re.compile(r"^#\s*(name|label|languages|score|kind)\s*:\s*(.*?)\s*$")
_LABEL = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_LANGUAGE = re.compile(r"^([a-z]{2,3}|\*)$")


class EntryKind(StrEnum):
    TERM = "term"
    REGEX = "regex"


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class TermList:
    """One list: every entry it holds flags with `label` at `score`."""

    name: str
    label: str
    languages: tuple[str, ...]
    score: float
    kind: EntryKind
    entries: tuple[Entry, ...]
    source: str


def load_term_list(path: Path) -> TermList:
    """Read one list file; raise `InvalidInput` naming `file:line` for every problem found."""
    header: dict[str, tuple[str, int]] = {}
    entries: list[Entry] = []
    problems: list[FieldProblem] = []
    in_header = True
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        header_match = _HEADER.match(line) if in_header else None
        if header_match:
            header[header_match.group(1)] = (header_match.group(2), number)
            continue
        if not line or line.startswith("#"):
            continue
        in_header = False
        entries.append(Entry(line, number))
    fields = _header_fields(path, header, problems)
    if fields is not None and fields[4] is EntryKind.REGEX:
        for entry in entries:
            try:
                re.compile(entry.text)
            except re.error as error:
                problems.append(FieldProblem(f"{path}:{entry.line}", f"not a valid regular expression: {error}"))
    if not entries:
        problems.append(FieldProblem(str(path), "the list has no entries"))
    if problems or fields is None:
        raise InvalidInput(f"invalid term list {path}", problems)
    name, label, languages, score, kind = fields
    return TermList(name, label, languages, score, kind, tuple(entries), str(path))


def _header_fields(
    path: Path, header: dict[str, tuple[str, int]], problems: list[FieldProblem]
) -> tuple[str, str, tuple[str, ...], float, EntryKind] | None:
    before = len(problems)
    name = header.get("name", (path.stem, 0))[0]
    label, label_line = header.get("label", ("", 1))
    if not _LABEL.match(label):
        problems.append(FieldProblem(f"{path}:{label_line}", f"label: expected a label like 'hate', got {label!r}"))
    languages_text, languages_line = header.get("languages", ("*", 0))
    languages = tuple(code.strip().lower() for code in languages_text.split(",") if code.strip())
    if not languages or not all(_LANGUAGE.match(code) for code in languages):
        problems.append(
            FieldProblem(f"{path}:{languages_line}", f"languages: expected codes like 'fr, en', got {languages_text!r}")
        )
    score_text, score_line = header.get("score", ("", 1))
    try:
        score = float(score_text)
    except ValueError:
        score = -1.0
    if not 0.0 <= score <= 1.0:
        problems.append(FieldProblem(f"{path}:{score_line}", f"score: expected a number in [0, 1], got {score_text!r}"))
    kind_text, kind_line = header.get("kind", ("term", 0))
    if kind_text not in {kind.value for kind in EntryKind}:
        problems.append(FieldProblem(f"{path}:{kind_line}", f"kind: expected 'term' or 'regex', got {kind_text!r}"))
        return None
    if len(problems) > before:
        return None
    return name, label, languages, score, EntryKind(kind_text)


def load_term_lists(paths: list[Path]) -> list[TermList]:
    """Every `*.txt` list under the given files and directories, in a stable order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.txt")) if path.is_dir() else [path])
    return [load_term_list(file) for file in files]
