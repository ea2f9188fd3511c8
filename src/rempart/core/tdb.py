"""The EU Transparency Database's enumerations, as the product ships them.

`tdb_enums.json` is a verbatim copy of the project's DSA specification file `spec/tdb_enums.json` (the
values of the Transparency Database's `Statement` model, API v2). Storage and policy files use these
exact strings; they are never translated.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files


@cache
def _enums() -> dict[str, list[object]]:
    text = files("rempart.core").joinpath("tdb_enums.json").read_text(encoding="utf-8")
    data: dict[str, list[object]] = json.loads(text)
    return data


def values(name: str) -> frozenset[str]:
    """The accepted values of one enumeration, e.g. `values("STATEMENT_CATEGORIES")`."""
    entries = _enums()[name]
    return frozenset(e["value"] if isinstance(e, dict) else str(e) for e in entries)


STATEMENT_CATEGORIES = values("STATEMENT_CATEGORIES")
KEYWORDS = values("KEYWORDS")
DECISION_VISIBILITIES = values("DECISION_VISIBILITIES")
DECISION_ACCOUNTS = values("DECISION_ACCOUNTS")
DECISION_MONETARIES = values("DECISION_MONETARIES")
DECISION_PROVISIONS = values("DECISION_PROVISIONS")
DECISION_GROUNDS = values("DECISION_GROUNDS")
# The member states of the EEA as the Transparency Database names them (Greece is GR, not EL).
EEA_COUNTRIES = values("EUROPEAN_COUNTRY_CODES")
# The EEA less Iceland, Liechtenstein and Norway: the 27 member states of the European Union.
EU_COUNTRIES = EEA_COUNTRIES - {"IS", "LI", "NO"}

GROUND_ILLEGAL = "DECISION_GROUND_ILLEGAL_CONTENT"
GROUND_INCOMPATIBLE = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
