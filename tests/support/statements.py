"""Factories for Transparency Database statements used across tests."""

from __future__ import annotations

from typing import Any


def valid_statement(puid: str = "sor-test-1", **changes: Any) -> dict[str, Any]:
    """The spec's minimal valid example (§1.10), with `changes` applied (None removes a field)."""
    statement: dict[str, Any] = {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_account": "DECISION_ACCOUNT_SUSPENDED",
        "end_date_account_restriction": "2025-10-01",
        "account_type": "ACCOUNT_TYPE_PRIVATE",
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "illegal_content_legal_ground": "§ 86a StGB",
        "illegal_content_explanation": "The post uses a slogan of a banned organisation.",
        "decision_ground_reference_url": "https://eur-lex.europa.eu/eli/reg/2022/2065",
        "content_type": ["CONTENT_TYPE_TEXT", "CONTENT_TYPE_IMAGE"],
        "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "category_specification": ["KEYWORD_HATE_SPEECH"],
        "territorial_scope": ["DE"],
        "content_language": "DE",
        "content_date": "2025-08-30",
        "application_date": "2025-09-01",
        "decision_facts": "A post with a banned slogan.",
        "source_type": "SOURCE_ARTICLE_16",
        "automated_detection": "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "puid": puid,
    }
    for key, value in changes.items():
        if value is None:
            statement.pop(key, None)
        else:
            statement[key] = value
    return statement
