# ruff: noqa: RUF001 - the official texts use a typographic apostrophe
"""The report template's headers and row keys, against the specification's text (§3.3) and the official
template files providers publish (trailing spaces included), transcribed here."""

from __future__ import annotations

from rempart.dsa.report import template
from rempart.dsa.report.taxonomy import CATEGORIES

NOTICE_METRICS = [
    "Number of notices received ", "Number of notices received from Trusted flaggers",
    "Number of specific items of information included in the total number of notices",
    "Number of specific items of information included in the total number of notices by Trusted Flaggers "
    "(Trusted Flagger notices)",
    "Median time to take action", "Median time to take action (Trusted Flagger notices)",
    "Number of actions taken on the basis of the law",
    "Number of actions taken on the basis of the law (Trusted Flagger notices)",
    "Number of actions taken on the basis of the terms and conditions of the service",
    "Number of actions taken on the basis of the terms and conditions of the service (Trusted Flagger notices)",
]  # fmt: skip
NOTICES_HEAD = [
    "Applicability", "Service", "Reporting period", "Category of illegal content",
    'Description of the sub-category "Other"', *NOTICE_METRICS,
    *(f"Contextual information on {m}" for m in NOTICE_METRICS),
]  # fmt: skip
OWN_METRICS = [
    "Number of measures taken at the provider's own initiative ",
    "Number of measures taken after detection with solely automated means ", "Visibility restriction Removal",
    "Visibility restriction Disable", "Visibility restriction Demoted", "Visibility restriction Age restricted",
    "Visibility restriction Interaction restricted", "Visibility restriction Labelled ",
    "Visibility restriction Other", "Monetary restriction Suspension", "Monetary restriction Termination",
    "Monetary restriction Other", "Provision of the service Suspension", "Provision of the service Termination",
    "Account restriction Suspension", "Account restriction Termination",
]  # fmt: skip
OWN_INITIATIVE_HEAD = [
    "Applicability", "Service", "Reporting period", "Category of illegal content",
    'Description of the sub-category "Other"', *OWN_METRICS, *(f"Contextual Information on {m}" for m in OWN_METRICS),
]  # fmt: skip
ORDERS_HEAD = [
    "Applicability", "Service", "Reporting period", "Category of illegal content",
    'Description of the sub-category "Other"', "Scope",
    "Number of orders to act against illegal content received",
    "Number of specific items of information included in the total number of orders to act against illegal content",
    "Median time to inform the authority of the receipt of the order to act against illegal content",
    "Median time to give effect to the order to act against illegal content",
    "Number of orders to provide information",
    "Median time to inform the authority of the receipt of the order to provide information",
    "Median time to give effect to the order to provide information",
    "Contextual information on number of orders to act against illegal content received",
    "Contextual information on number of specific items of information included in the total number of orders to "
    "act against illegal content",
    "Contextual information on Median time to inform the authority of the receipt of the order to act against "
    "illegal content",
    "Contextual information on Median time to give effect to the order to act against illegal content",
    "Contextual information on Number of orders to provide information",
    "Contextual information on Median time to inform the authority of the receipt of the order to provide "
    "information",
    "Contextual information on Median time to give effect to the order to provide information",
]  # fmt: skip
PLATFORMS = "Only for providers of online platforms"


def test_sheet_order() -> None:
    assert template.SHEETS == (
        "1_report_identification", "2_categories_names", "3_member_states_orders", "4_notices",
        "5_own_initiative_illegal", "6_own_initiative_TC", "7_appeals_and_recidivism", "8_automated_means",
        "9_human_resources", "10_AMAR", "11_qualitative",
    )  # fmt: skip


def test_column_headers_are_verbatim_with_their_trailing_spaces() -> None:
    assert list(template.ORDERS_COLUMNS) == ORDERS_HEAD
    assert list(template.NOTICES_COLUMNS) == NOTICES_HEAD
    assert list(template.OWN_INITIATIVE_ILLEGAL_COLUMNS) == OWN_INITIATIVE_HEAD
    assert list(template.OWN_INITIATIVE_TC_COLUMNS) == [
        *OWN_INITIATIVE_HEAD[:3], "Category of incompatibility with the provider's terms and conditions",
        *OWN_INITIATIVE_HEAD[4:],
    ]  # fmt: skip
    assert template.LONG_COLUMNS == (
        "Applicability", "Service", "Reporting period", "Section", "Indicator", "Scope", "Value",
        "Contextual Information",
    )  # fmt: skip
    assert template.HUMAN_RESOURCES_COLUMNS[-1] == "Contextual information"
    assert template.LONG_COLUMNS[:-1] == template.AMAR_COLUMNS
    assert template.IDENTIFICATION_COLUMNS == ("Applicability", "Service", "Indicator", "Value")


def test_category_rows_follow_the_taxonomy() -> None:
    assert len(CATEGORIES) == 15
    assert sum(len(keywords) for _, _, keywords in CATEGORIES) == 67
    rows = template.notices_rows()
    assert len(rows) == 1 + 14 + sum(len(k) + 1 for _, _, k in CATEGORIES[:14]) + 1
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


def test_appeals_sheet_keys() -> None:
    rows = template.appeals_rows()
    assert rows[0] == (
        "All", "Internal complaints mechanism", "Number of complaints submitted to the internal-complaints mechanism",
        "Total number",
    )  # fmt: skip
    assert rows[1][0] == PLATFORMS
    assert [r[3] for r in rows[:7]] == [
        "Total number", "Decisions upheld", "Decisions partially reversed", "Decisions reversed", "Median time",
        "Decision omitted", "Total number",
    ]  # fmt: skip
    assert rows[6][2] == "Number of restrictions newly imposed as a result of an internal complaint"
    assert "Complaint regarding a decision to suspend or terminate an account " in {r[2] for r in rows}
    ods = [r[3] for r in rows if r[1] == "Out-of-court dispute settlement bodies"]
    assert ods == [
        "Total number", "Decisions upheld", "Decisions partially reversed", "Decisions reversed", "Median time",
        "Decision omitted", "Percentage of outcomes implemented",
    ]  # fmt: skip
    assert [r[2] for r in rows[-3:]] == [
        "Number of suspensions enacted for the provision of manifestly illegal content ",
        "Number of suspensions enacted for the provision of manifestly unfounded notices",
        "Number of suspensions enacted for the provision of manifestly unfounded complaints",
    ]
    assert len(rows) == 6 + 1 + 6 * 5 + 7 + 3


def test_automated_means_keys_are_grouped_by_scope() -> None:
    rows = template.automated_means_rows()
    solely, never = (
        "Number of measures solely taken by automated means ",
        "Number of measures not taken by automated means",
    )
    quality = [f"Accuracy of the automated means - {name}" for name in ("Accuracy", "Precision", "Recall")]
    assert [(r[0], r[2], r[3]) for r in rows[:10]] == [
        *(("All", indicator, "Total number") for indicator in (solely, never, *quality)),
        *(("All", indicator, "Own-initiative ") for indicator in (solely, never, *quality)),
    ]
    notices = (
        "Number of notices solely processed by automated means ",
        "Number of notices not processed by automated means",
    )
    assert [(r[2], r[3]) for r in rows[10:20]] == [
        *((indicator, "NAM Total") for indicator in (*notices, *quality)),
        *((indicator, "NAM Trusted Flagger") for indicator in (*notices, *quality)),
    ]
    assert rows[10][0] == "Only for providers of hosting services, including online platforms"
    assert [r[3] for r in rows[20:47]][:3] == ["AT", "BE", "BG"]
    assert [r[3] for r in rows if r[2] == quality[1] and r[0] == "Only for VLOPs"][:2] == ["bg", "cs"]
    assert len(rows) == 20 + 2 * 27 + 3 * 24


def test_human_resources_amar_and_qualitative_keys() -> None:
    hr = template.human_resources_rows()
    assert hr[0][1] == "Human resources dedicated to content moderation "
    assert [r[3] for r in hr[:4]] == ["Total number", "Total number", "Total number", "bg"]
    assert hr[3][2] == "Number of total moderators with sufficient linguistic expertise "
    amar = template.amar_rows()
    assert amar[0][3] == "TOTAL"
    assert len(amar) == 28
    assert "GR" in {r[3] for r in amar}
    assert "EL" not in {r[3] for r in amar}
    indicators = [i for _, i in template.QUALITATIVE_INDICATORS]
    assert indicators[0] == "Summary of the content moderation engaged in at the providers’ own initiative"
    assert indicators[-2:] == [
        "Support given to human resources dedicated to content moderation ",
        "Methodology used to compute the number of human resources dedicated to content moderation  ",
    ]
