"""What the platform and the team supply to a report besides the stored events.

- Recipients (`--recipients FILE`, JSON): the average monthly active recipients in the Union, per member
  state, as the platform counts them (`{"average_monthly_active_recipients": {"FR": 123, ...}, "total": 456,
  "method": "..."}`, as the demo's `recipients.json`; a flat `{"FR": 123, ...}` is taken too).
- Texts (`--qualitative FILE`, YAML or Markdown): the qualitative indicators, keyed by the indicator's text
  as the template writes it (spaces and apostrophe style aside); also `Name of the service provider`,
  `Date of the publication of the latest previous report`, and (YAML only) `human_resources`: moderator
  counts keyed by indicator, then by scope (`Total number` or a language code).
  Markdown: one `## <indicator>` heading per indicator, its text below.

Every problem names the file, the line where it can, and what is wrong; all are reported at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from rempart.core.errors import FieldProblem, InvalidInput
from rempart.dsa import enums
from rempart.dsa.report.template import (
    EU_LANGUAGES,
    HUMAN_RESOURCES_INDICATORS,
    IDENTIFICATION_INDICATORS,
    QUALITATIVE_INDICATORS,
    TOTAL_SCOPE,
)
from rempart.policy import yamllines

PROVIDER = IDENTIFICATION_INDICATORS[0]
PREVIOUS_REPORT = IDENTIFICATION_INDICATORS[2]
HUMAN_RESOURCES_KEY = "human_resources"
HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")


def normalise(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


KNOWN_TEXTS = {normalise(text): text for text in (PROVIDER, PREVIOUS_REPORT, *(i for _, i in QUALITATIVE_INDICATORS))}
KNOWN_HUMAN_RESOURCES = {normalise(text): text for text in HUMAN_RESOURCES_INDICATORS}


@dataclass(slots=True)
class Recipients:
    per_state: dict[str, int]
    total: int
    method: str | None


@dataclass(slots=True)
class TeamTexts:
    """Indicator (as the template writes it) → text; human resources: indicator → scope → number."""

    texts: dict[str, str] = field(default_factory=dict)
    human_resources: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def provider(self) -> str | None:
        return self.texts.get(PROVIDER)

    @property
    def previous_report(self) -> str | None:
        return self.texts.get(PREVIOUS_REPORT)


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def load_recipients(path: Path) -> Recipients:
    label = str(path)
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as error:
        raise InvalidInput("cannot read the recipients file", [FieldProblem(label, str(error))]) from None
    if not isinstance(data, dict):
        raise InvalidInput("the recipients file is not a JSON object", [FieldProblem(label, "expected an object")])
    counts = data.get("average_monthly_active_recipients", data)
    problems: list[FieldProblem] = []
    per_state: dict[str, int] = {}
    if not isinstance(counts, dict):
        counts = {}
        problems.append(FieldProblem(f"{label}: average_monthly_active_recipients", "expected an object"))
    for state, value in counts.items():
        if state in ("total", "method", "period") and counts is data:
            continue
        code = state.upper()
        where = f"{label}: average_monthly_active_recipients.{state}"
        if code == "EL":
            problems.append(FieldProblem(where, "Greece is GR (ISO 3166-1), not EL"))
        elif code not in enums.EU_COUNTRIES:
            problems.append(FieldProblem(where, "not the code of an EU member state"))
        elif _count(value) is None:
            problems.append(FieldProblem(where, "expected a whole number of recipients, 0 or more"))
        else:
            per_state[code] = value
    total = data.get("total", sum(per_state.values()))
    if _count(total) is None:
        problems.append(FieldProblem(f"{label}: total", "expected a whole number of recipients, 0 or more"))
    method = data.get("method")
    if method is not None and not isinstance(method, str):
        problems.append(FieldProblem(f"{label}: method", "expected a text"))
    if problems:
        raise InvalidInput("the recipients file has errors", problems)
    return Recipients(per_state=per_state, total=total, method=method)


def default_texts_path() -> Path:
    return Path(str(resources.files("rempart.dsa.report").joinpath("qualitative.yaml")))


def _put(texts: TeamTexts, key: str, value: Any, where: str, problems: list[FieldProblem]) -> None:
    known = KNOWN_TEXTS.get(normalise(key))
    if known is None:
        problems.append(FieldProblem(where, f"{key!r} is not an indicator of the report template"))
    elif isinstance(value, date) and known == PREVIOUS_REPORT:
        texts.texts[known] = value.isoformat()
    elif not isinstance(value, str) or not value.strip():
        problems.append(FieldProblem(where, f"{key!r}: expected a text"))
    else:
        texts.texts[known] = value.strip()


def _human_resources(
    document: yamllines.LocatedDocument, value: Any, texts: TeamTexts, label: str, problems: list[FieldProblem]
) -> None:
    line = document.line_of((HUMAN_RESOURCES_KEY,))
    if not isinstance(value, dict):
        problems.append(FieldProblem(f"{label}:{line}", "human_resources: expected indicator → scope → number"))
        return
    for indicator, scopes in value.items():
        where = f"{label}:{document.line_of((HUMAN_RESOURCES_KEY, indicator))}"
        known = KNOWN_HUMAN_RESOURCES.get(normalise(indicator))
        if known is None or not isinstance(scopes, dict):
            problems.append(FieldProblem(where, f"{indicator!r}: not a human-resources indicator with scopes"))
            continue
        for scope, number in scopes.items():
            allowed = scope == TOTAL_SCOPE or (scope.lower() in EU_LANGUAGES and known == HUMAN_RESOURCES_INDICATORS[2])
            if not allowed or _count(number) is None:
                problems.append(FieldProblem(where, f"{scope!r}: expected {TOTAL_SCOPE!r} or a language, and a count"))
                continue
            texts.human_resources.setdefault(known, {})[scope if scope == TOTAL_SCOPE else scope.lower()] = number


def _from_yaml(text: str, label: str, problems: list[FieldProblem]) -> TeamTexts:
    texts = TeamTexts()
    try:
        document = yamllines.load(text)
    except yamllines.YamlError as error:
        problems.append(FieldProblem(f"{label}:{error.line}", error.message))
        return texts
    if document.value is None:
        return texts
    if not isinstance(document.value, dict):
        problems.append(FieldProblem(f"{label}:1", "expected a mapping of indicator → text"))
        return texts
    for key, value in document.value.items():
        if key == HUMAN_RESOURCES_KEY:
            _human_resources(document, value, texts, label, problems)
        else:
            _put(texts, key, value, f"{label}:{document.line_of((key,))}", problems)
    return texts


def _from_markdown(text: str, label: str, problems: list[FieldProblem]) -> TeamTexts:
    texts = TeamTexts()
    heading: tuple[str, int] | None = None
    body: list[str] = []

    def close() -> None:
        if heading is not None:
            _put(texts, heading[0], "\n".join(body).strip(), f"{label}:{heading[1]}", problems)

    for number, line in enumerate(text.splitlines(), start=1):
        match = HEADING.match(line)
        if match:
            close()
            heading, body = (match.group(1), number), []
        elif heading is not None:
            body.append(line)
    close()
    return texts


def load_texts(path: Path) -> TeamTexts:
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput("cannot read the qualitative file", [FieldProblem(label, str(error))]) from None
    problems: list[FieldProblem] = []
    if path.suffix.lower() in (".md", ".markdown"):
        texts = _from_markdown(text, label, problems)
    else:
        texts = _from_yaml(text, label, problems)
    if problems:
        raise InvalidInput("the qualitative file has errors", problems)
    return texts
