"""The Transparency Database's enumerations, read once from the packaged `tdb_enums.json`.

The JSON is generated from the Commission's `app/Models/Statement.php` and
`app/Services/EuropeanLanguagesService.php` (see its `_source` key). The sets below are what the validator
checks against; the StrEnums name the values code branches on, and a unit test keeps them equal to the JSON.
"""

from __future__ import annotations

import json
from enum import StrEnum
from importlib import resources
from typing import Any


def _load() -> dict[str, Any]:
    text = resources.files("rempart.dsa").joinpath("tdb_enums.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_DATA = _load()


def _values(key: str) -> frozenset[str]:
    return frozenset(entry["value"] for entry in _DATA[key])


def labels(key: str) -> dict[str, str]:
    """Value → webform label for one enumeration (e.g. `STATEMENT_CATEGORIES`)."""
    return {entry["value"]: entry["label"] for entry in _DATA[key]}


ACCOUNT_TYPES = _values("ACCOUNT_TYPES")
SOURCE_TYPES = _values("SOURCE_TYPES")
CONTENT_TYPES = _values("CONTENT_TYPES")
YES_NO = _values("AUTOMATED_DETECTIONS")
AUTOMATED_DECISIONS = _values("AUTOMATED_DECISIONS")
DECISION_GROUNDS = _values("DECISION_GROUNDS")
INCOMPATIBLE_CONTENT_ILLEGALS = _values("INCOMPATIBLE_CONTENT_ILLEGALS")
DECISION_VISIBILITIES = _values("DECISION_VISIBILITIES")
DECISION_MONETARIES = _values("DECISION_MONETARIES")
DECISION_PROVISIONS = _values("DECISION_PROVISIONS")
DECISION_ACCOUNTS = _values("DECISION_ACCOUNTS")
CATEGORIES = _values("STATEMENT_CATEGORIES")
KEYWORDS = _values("KEYWORDS")
COUNTRIES = frozenset(_DATA["EUROPEAN_COUNTRY_CODES"])
LANGUAGES = frozenset(_DATA["CONTENT_LANGUAGES"])
EU_COUNTRIES = COUNTRIES - {"IS", "LI", "NO"}


class DecisionGround(StrEnum):
    ILLEGAL = "DECISION_GROUND_ILLEGAL_CONTENT"
    INCOMPATIBLE = "DECISION_GROUND_INCOMPATIBLE_CONTENT"


class SourceType(StrEnum):
    ARTICLE_16 = "SOURCE_ARTICLE_16"
    TRUSTED_FLAGGER = "SOURCE_TRUSTED_FLAGGER"
    OTHER_NOTIFICATION = "SOURCE_TYPE_OTHER_NOTIFICATION"
    VOLUNTARY = "SOURCE_VOLUNTARY"


class AutomatedDecision(StrEnum):
    FULLY = "AUTOMATED_DECISION_FULLY"
    PARTIALLY = "AUTOMATED_DECISION_PARTIALLY"
    NOT_AUTOMATED = "AUTOMATED_DECISION_NOT_AUTOMATED"


class YesNo(StrEnum):
    YES = "Yes"
    NO = "No"


VISIBILITY_OTHER = "DECISION_VISIBILITY_OTHER"
MONETARY_OTHER = "DECISION_MONETARY_OTHER"
CONTENT_TYPE_OTHER = "CONTENT_TYPE_OTHER"
KEYWORD_OTHER = "KEYWORD_OTHER"
CSAM_KEYWORD = "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"
ACCOUNT_SUSPENDED = "DECISION_ACCOUNT_SUSPENDED"
PROVISION_PARTIAL_SUSPENSION = "DECISION_PROVISION_PARTIAL_SUSPENSION"
