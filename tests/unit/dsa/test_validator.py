"""The client-side validator follows every rule of spec §1.4-1.6 and the checklist §1.11."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.statements import valid_statement

from rempart.dsa.validator import problems


def fields(statement: dict[str, Any]) -> set[str]:
    return {p.field for p in problems(statement)}


def test_the_spec_example_is_valid() -> None:
    assert problems(valid_statement()) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"puid": "has space"}, "puid"),
        ({"puid": "x" * 501}, "puid"),
        ({"puid": None}, "puid"),
        ({"decision_visibility": None, "decision_account": None}, "decision_visibility"),
        ({"decision_visibility": [], "decision_account": None}, "decision_visibility"),
        ({"decision_visibility": ["DECISION_VISIBILITY_OTHER"]}, "decision_visibility_other"),
        ({"decision_visibility_other": "why"}, "decision_visibility_other"),
        ({"decision_monetary": "DECISION_MONETARY_OTHER"}, "decision_monetary_other"),
        ({"decision_monetary": "DECISION_MONETARY_STOPPED"}, "decision_monetary"),
        ({"decision_ground": None}, "decision_ground"),
        ({"illegal_content_legal_ground": None}, "illegal_content_legal_ground"),
        ({"illegal_content_explanation": "x" * 2001}, "illegal_content_explanation"),
        ({"incompatible_content_ground": "T&C 4.2"}, "incompatible_content_ground"),
        ({"decision_ground_reference_url": "not a url"}, "decision_ground_reference_url"),
        ({"content_type": []}, "content_type"),
        ({"content_type": ["CONTENT_TYPE_OTHER"]}, "content_type_other"),
        ({"category": "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT"}, "category"),
        ({"category_specification": ["KEYWORD_DANGEROUS_TOYS"]}, "category_specification.0"),
        ({"category_specification_other": "other"}, "category_specification_other"),
        ({"territorial_scope": ["EL"]}, "territorial_scope"),
        ({"territorial_scope": ["UK"]}, "territorial_scope.0"),
        ({"territorial_scope": None}, "territorial_scope"),
        ({"content_language": "de"}, "content_language"),
        ({"content_language": "XX"}, "content_language"),
        ({"content_date": "2025-8-30"}, "content_date"),
        ({"content_date": "1999-12-31"}, "content_date"),
        ({"application_date": "2019-12-31"}, "application_date"),
        ({"application_date": "2038-01-02"}, "application_date"),
        ({"application_date": "2025-02-30"}, "application_date"),
        ({"end_date_account_restriction": "2025-08-01"}, "end_date_account_restriction"),
        ({"decision_facts": "x" * 5001}, "decision_facts"),
        ({"source_type": "SOURCE_VOLUNTARY", "source_identity": "a flagger"}, "source_identity"),
        ({"automated_detection": "yes"}, "automated_detection"),
        ({"automated_decision": None}, "automated_decision"),
        ({"account_type": "ACCOUNT_TYPE_BOT"}, "account_type"),
        ({"content_id": {"ISBN": "123"}}, "content_id"),
        ({"content_id": {"EAN-13": "123"}}, "content_id.EAN-13"),
        ({"content_language_other": "Klingon"}, "content_language_other"),
    ],
)
def test_each_rule_names_its_field(changes: dict[str, Any], field: str) -> None:
    assert field in fields(valid_statement(**changes))


def test_incompatible_ground_needs_its_own_texts_and_drops_the_illegal_ones() -> None:
    statement = valid_statement(
        decision_ground="DECISION_GROUND_INCOMPATIBLE_CONTENT",
        illegal_content_legal_ground=None,
        illegal_content_explanation=None,
        incompatible_content_ground="Terms 4.2",
        incompatible_content_explanation="Spam.",
        incompatible_content_illegal="No",
    )
    assert problems(statement) == []
    assert fields({**statement, "illegal_content_explanation": "x"}) == {"illegal_content_explanation"}


def test_other_texts_and_keyword_other_are_accepted_with_their_values() -> None:
    statement = valid_statement(
        decision_visibility=["DECISION_VISIBILITY_OTHER"],
        decision_visibility_other="Shown only to followers",
        content_type=["CONTENT_TYPE_OTHER"],
        content_type_other="Poll",
        category_specification=["KEYWORD_OTHER"],
        category_specification_other="Something else",
        content_id={"EAN-13": "1234567890123"},
        end_date_account_restriction=None,
    )
    assert problems(statement) == []
