"""The report template's headers and row keys, against the specification's text (§3.3), transcribed here."""

from __future__ import annotations

from rempart.dsa.report import template
from rempart.dsa.report.taxonomy import CATEGORIES

NOTICES_HEAD = [
    "Applicability", "Service", "Reporting period", "Category of illegal content",
    'Description of the sub-category "Other"', "Number of notices received ",
    "Number of notices received from Trusted flaggers",
    "Number of specific items of information included in the total number of notices",
    "Number of specific items of information included in the total number of notices by Trusted Flaggers "
    "(Trusted Flagger notices)",
    "Median time to take action", "Median time to take action (Trusted Flagger notices)",
    "Number of actions taken on the basis of the law",
    "Number of actions taken on the basis of the law (Trusted Flagger notices)",
    "Number of actions taken on the basis of the terms and conditions of the service",
    "Number of actions taken on the basis of the terms and conditions of the service (Trusted Flagger notices)",
]  # fmt: skip

OWN_INITIATIVE_HEAD = [
    "Applicability", "Service", "Reporting period", "Category of illegal content",
    'Description of the sub-category "Other"', "Number of measures taken at the provider's own initiative ",
    "Number of measures taken after detection with solely automated means ", "Visibility restriction Removal",
    "Visibility restriction Disable", "Visibility restriction Demoted", "Visibility restriction Age restricted",
    "Visibility restriction Interaction restricted", "Visibility restriction Labelled ",
    "Visibility restriction Other", "Monetary restriction Suspension", "Monetary restriction Termination",
    "Monetary restriction Other", "Provision of the service Suspension", "Provision of the service Termination",
    "Account restriction Suspension", "Account restriction Termination",
]  # fmt: skip


def test_sheet_order() -> None:
    assert template.SHEETS == (
        "1_report_identification", "2_categories_names", "3_member_states_orders", "4_notices",
        "5_own_initiative_illegal", "6_own_initiative_TC", "7_appeals_and_recidivism", "8_automated_means",
        "9_human_resources", "10_AMAR", "11_qualitative",
    )  # fmt: skip


def test_column_headers_are_verbatim_with_their_trailing_spaces() -> None:
    assert len(template.ORDERS_COLUMNS) == 20
    assert template.ORDERS_COLUMNS[5] == "Scope"
    assert len(template.NOTICES_COLUMNS) == 25
    assert list(template.NOTICES_COLUMNS[:15]) == NOTICES_HEAD
    assert all(c.startswith("Contextual information on ") for c in template.NOTICES_COLUMNS[15:])
    assert len(template.OWN_INITIATIVE_ILLEGAL_COLUMNS) == 37
    assert list(template.OWN_INITIATIVE_ILLEGAL_COLUMNS[:21]) == OWN_INITIATIVE_HEAD
    assert all(c.startswith("Contextual Information on ") for c in template.OWN_INITIATIVE_ILLEGAL_COLUMNS[21:])
    assert (
        template.OWN_INITIATIVE_TC_COLUMNS[3] == "Category of incompatibility with the provider's terms and conditions"
    )
    assert template.LONG_COLUMNS == (
        "Applicability", "Service", "Reporting period", "Section", "Indicator", "Scope", "Value",
        "Contextual Information",
    )  # fmt: skip


def test_category_rows_follow_the_taxonomy() -> None:
    assert len(CATEGORIES) == 15
    assert sum(len(keywords) for _, _, keywords in CATEGORIES) == 67
    rows = template.notices_rows()
    assert rows[0].code == "TOTAL"
    assert rows[1].code == "STATEMENT_CATEGORY_ANIMAL_WELFARE"
    assert [r.code for r in rows[2:5]] == ["KEYWORD_ANIMAL_HARM", "KEYWORD_UNLAWFUL_SALE_ANIMALS", "KEYWORD_OTHER"]
    assert rows[-1].code == "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE"
    assert "STATEMENT_CATEGORY_OTHER_VIOLATION_TC" not in {r.code for r in rows}
    tc_rows = template.own_initiative_tc_rows()
    assert tc_rows[-1].code == "KEYWORD_OTHER"
    assert tc_rows[-1].parent == "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
    assert template.orders_rows()[-1].code == "STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER"
    names = template.category_names_rows()
    assert names[0] == ("TOTAL", "All the entries", "TOTAL", "")
    assert names[-2][0] == "Category 16"
    assert names[-1][2] == "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE"
    assert ("Category 1c", "Not captured by any other sub-category", "KEYWORD_OTHER", "") in names


def test_long_format_sheets() -> None:
    appeals = template.appeals_rows()
    assert appeals[0][1:] == (
        "Internal complaints mechanism",
        "Number of complaints submitted to the internal-complaints mechanism",
        "Total number",
    )
    assert {r[3] for r in appeals if r[1] == "Out-of-court dispute settlement bodies"} >= {
        "Decision omitted",
        "Percentage of outcomes implemented",
    }
    assert len([r for r in appeals if r[1] == "Suspensions imposed on repeated offenders"]) == 3
    automated = {(r[2], r[3]) for r in template.automated_means_rows()}
    assert ("Accuracy of the automated means - Precision", "FR") in automated
    assert ("Number of notices solely processed by automated means", "NAM Trusted Flagger") in automated
    assert template.amar_rows()[0][3] == "TOTAL"
    assert len(template.amar_rows()) == 28
