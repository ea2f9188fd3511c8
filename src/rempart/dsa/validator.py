"""The Transparency Database's rules for one statement (spec dsa.md §1.4-1.6 and the checklist §1.11).

`problems(statement)` returns every rule a statement breaks, field by field; an empty list means the
server would accept it. The rules are the server's own (`StatementStoreRequest` and the batch rules of
`GroupedSubmissionsService`), made stricter where the docs ask for more than the code enforces:
`territorial_scope` must be sent, end dates may not precede the application date, and fields the server
would drop (an `*_other` text without its `*_OTHER` value, the ground texts of the other ground,
`source_identity` for own-initiative decisions) must be left out rather than sent and discarded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from rempart.core.errors import FieldProblem
from rempart.dsa import enums

PUID_PATTERN = re.compile(r"^[a-zA-Z0-9\-_]+$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EAN_PATTERN = re.compile(r"^[0-9]{13}$")
LAST_DATE = date(2038, 1, 1)
END_DATE_FIELDS = (
    "end_date_account_restriction",
    "end_date_monetary_restriction",
    "end_date_service_restriction",
    "end_date_visibility_restriction",
)
# Every field the Transparency Database accepts, in the order exports write them (PUID first).
TDB_FIELDS = (
    "puid",
    "decision_visibility",
    "decision_visibility_other",
    "decision_monetary",
    "decision_monetary_other",
    "decision_provision",
    "decision_account",
    "account_type",
    "decision_ground",
    "decision_ground_reference_url",
    "illegal_content_legal_ground",
    "illegal_content_explanation",
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "incompatible_content_illegal",
    "content_type",
    "content_type_other",
    "category",
    "category_addition",
    "category_specification",
    "category_specification_other",
    "territorial_scope",
    "content_language",
    "content_date",
    "application_date",
    *END_DATE_FIELDS,
    "decision_facts",
    "source_type",
    "source_identity",
    "automated_detection",
    "automated_decision",
    "content_id",
)
ACCEPTED_FIELDS = frozenset(TDB_FIELDS)


class _Check:
    """Collects the problems of one statement."""

    def __init__(self, statement: Mapping[str, Any]) -> None:
        self.s = statement
        self.found: list[FieldProblem] = []

    def fail(self, name: str, problem: str) -> None:
        self.found.append(FieldProblem(name, problem))

    def present(self, name: str) -> bool:
        value = self.s.get(name)
        return value is not None and value not in ("", [])

    def text(self, name: str, limit: int, *, required: bool) -> None:
        value = self.s.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return
        if not isinstance(value, str):
            self.fail(name, "must be a string")
        elif len(value) > limit:
            self.fail(name, f"must be at most {limit} characters (has {len(value)})")

    def absent(self, name: str, reason: str) -> None:
        if self.present(name):
            self.fail(name, f"must be left out {reason}")

    def one_of(self, name: str, allowed: frozenset[str], *, required: bool) -> None:
        value = self.s.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return
        if not isinstance(value, str) or value not in allowed:
            self.fail(name, f"{value!r} is not an accepted value")

    def many_of(self, name: str, allowed: frozenset[str], *, required: bool) -> list[str]:
        value = self.s.get(name)
        if value is None or value == []:
            if required:
                self.fail(name, "is required and may not be empty")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(name, "must be an array of strings")
            return []
        for index, element in enumerate(value):
            if element not in allowed:
                self.fail(f"{name}.{index}", f"{element!r} is not an accepted value")
        return list(value)

    def day(self, name: str, lowest: date | None, *, required: bool) -> date | None:
        value = self.s.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return None
        if not isinstance(value, str) or not DATE_PATTERN.match(value):
            self.fail(name, "must be a date in the format YYYY-MM-DD")
            return None
        try:
            moment = date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"{value} is not a calendar date")
            return None
        if lowest is not None and moment < lowest:
            self.fail(name, f"must be on or after {lowest.isoformat()}")
        if moment > LAST_DATE:
            self.fail(name, f"must be on or before {LAST_DATE.isoformat()}")
        return moment


def _restriction(c: _Check) -> None:
    visibility = c.many_of("decision_visibility", enums.DECISION_VISIBILITIES, required=False)
    c.one_of("decision_monetary", enums.DECISION_MONETARIES, required=False)
    c.one_of("decision_provision", enums.DECISION_PROVISIONS, required=False)
    c.one_of("decision_account", enums.DECISION_ACCOUNTS, required=False)
    if not any(c.present(f) for f in ("decision_visibility", "decision_monetary", "decision_provision")) and not (
        c.present("decision_account")
    ):
        c.fail(
            "decision_visibility",
            "at least one of decision_visibility, decision_monetary, decision_provision, decision_account is required",
        )
    if enums.VISIBILITY_OTHER in visibility:
        c.text("decision_visibility_other", 500, required=True)
    else:
        c.absent("decision_visibility_other", "unless decision_visibility has DECISION_VISIBILITY_OTHER")
    if c.s.get("decision_monetary") == enums.MONETARY_OTHER:
        c.text("decision_monetary_other", 500, required=True)
    else:
        c.absent("decision_monetary_other", "unless decision_monetary is DECISION_MONETARY_OTHER")


def _ground(c: _Check) -> None:
    c.one_of("decision_ground", enums.DECISION_GROUNDS, required=True)
    ground = c.s.get("decision_ground")
    illegal = ("illegal_content_legal_ground", "illegal_content_explanation")
    incompatible = ("incompatible_content_ground", "incompatible_content_explanation", "incompatible_content_illegal")
    if ground == enums.DecisionGround.ILLEGAL:
        c.text("illegal_content_legal_ground", 500, required=True)
        c.text("illegal_content_explanation", 2000, required=True)
        for name in incompatible:
            c.absent(name, "when the ground is illegal content")
    elif ground == enums.DecisionGround.INCOMPATIBLE:
        c.text("incompatible_content_ground", 500, required=True)
        c.text("incompatible_content_explanation", 2000, required=True)
        c.one_of("incompatible_content_illegal", enums.INCOMPATIBLE_CONTENT_ILLEGALS, required=False)
        for name in illegal:
            c.absent(name, "when the ground is incompatibility with the terms and conditions")
    url = c.s.get("decision_ground_reference_url")
    if url not in (None, ""):
        c.text("decision_ground_reference_url", 500, required=False)
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or " " in str(url):
            c.fail("decision_ground_reference_url", "must be a valid http(s) URL")


def _content(c: _Check) -> None:
    types = c.many_of("content_type", enums.CONTENT_TYPES, required=True)
    if enums.CONTENT_TYPE_OTHER in types:
        c.text("content_type_other", 500, required=True)
    else:
        c.absent("content_type_other", "unless content_type has CONTENT_TYPE_OTHER")
    c.one_of("category", enums.CATEGORIES, required=True)
    c.many_of("category_addition", enums.CATEGORIES, required=False)
    keywords = c.many_of("category_specification", enums.KEYWORDS, required=False)
    if enums.KEYWORD_OTHER in keywords:
        c.text("category_specification_other", 500, required=False)
    else:
        c.absent("category_specification_other", "unless category_specification has KEYWORD_OTHER")
    scope = c.s.get("territorial_scope")
    if isinstance(scope, list) and "EL" in scope:
        c.fail("territorial_scope", "Greece is GR (ISO 3166-1), not EL")
    c.many_of("territorial_scope", enums.COUNTRIES, required=True)
    language = c.s.get("content_language")
    if language not in (None, "") and (not isinstance(language, str) or language not in enums.LANGUAGES):
        c.fail("content_language", f"{language!r} is not an upper-case ISO 639-1 code the database accepts")
    content_id = c.s.get("content_id")
    if content_id is not None:
        if not isinstance(content_id, dict) or set(content_id) - {"EAN-13"}:
            c.fail("content_id", 'the only accepted key is "EAN-13"')
        elif not EAN_PATTERN.match(str(content_id.get("EAN-13", ""))):
            c.fail("content_id.EAN-13", "must be 13 digits")


def _dates_and_facts(c: _Check) -> None:
    c.day("content_date", date(2000, 1, 1), required=True)
    applied = c.day("application_date", date(2020, 1, 1), required=True)
    for name in END_DATE_FIELDS:
        ends = c.day(name, None, required=False)
        if ends is not None and applied is not None and ends < applied:
            c.fail(name, "may not be before the application date")
    c.text("decision_facts", 5000, required=True)
    c.one_of("source_type", enums.SOURCE_TYPES, required=True)
    if c.s.get("source_type") == enums.SourceType.VOLUNTARY:
        c.absent("source_identity", "for own-initiative decisions (SOURCE_VOLUNTARY)")
    else:
        c.text("source_identity", 500, required=False)
    c.one_of("automated_detection", enums.YES_NO, required=True)
    c.one_of("automated_decision", enums.AUTOMATED_DECISIONS, required=True)
    c.one_of("account_type", enums.ACCOUNT_TYPES, required=False)


def _puid(c: _Check) -> None:
    puid = c.s.get("puid")
    if puid is None or puid == "":
        c.fail("puid", "is required")
    elif not isinstance(puid, str) or not PUID_PATTERN.match(puid):
        c.fail("puid", "may hold only letters, digits, - and _")
    elif len(puid) > 500:
        c.fail("puid", "must be at most 500 characters")


RULES: tuple[Callable[[_Check], None], ...] = (_puid, _restriction, _ground, _content, _dates_and_facts)


def problems(statement: Mapping[str, Any]) -> list[FieldProblem]:
    """Every rule of §1.4-1.6 and §1.11 that `statement` breaks (empty when it is valid)."""
    check = _Check(statement)
    for name in sorted(set(statement) - ACCEPTED_FIELDS):
        check.fail(name, "is not a field the Transparency Database accepts")
    for rule in RULES:
        rule(check)
    return check.found
