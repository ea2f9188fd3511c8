# ruff: noqa: E501, RUF001 - headers and indicators are the official texts, verbatim
"""The harmonised transparency report template (Implementing Regulation (EU) 2024/2835, Annex I):
sheet names in workbook order, exact column headers (trailing spaces included where the official file
has them) and the row keys of each sheet. Figures are filled in by `rempart.dsa.report.figures`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from rempart.dsa.report.taxonomy import CATEGORIES, NOT_SPECIFIED_NOTICE, NOT_SPECIFIED_ORDER, OTHER_KEYWORD

ALL: Final = "All"
HOSTING: Final = "Only for providers of hosting services, including online platforms"
PLATFORMS: Final = "Only for providers of online platforms"
VLOPS: Final = "Only for VLOPs"
VLOPS_VLOSES: Final = "Only for VLOPs and VLOSEs"

SHEETS: Final = (
    "1_report_identification",
    "2_categories_names",
    "3_member_states_orders",
    "4_notices",
    "5_own_initiative_illegal",
    "6_own_initiative_TC",
    "7_appeals_and_recidivism",
    "8_automated_means",
    "9_human_resources",
    "10_AMAR",
    "11_qualitative",
)

EU_MEMBER_STATES: Final = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip
# The 24 official languages of the Union, ISO 639-1, lower case as in the template's `bg, […], sv` rows.
EU_LANGUAGES: Final = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl",
    "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip

IDENTIFICATION_COLUMNS: Final = ("Applicability", "Service", "Indicator", "Value")
IDENTIFICATION_INDICATORS: Final = (
    "Name of the service provider",
    "Date of the publication of the report",
    "Date of the publication of the latest previous report",
    "Starting date of reporting period",
    "Ending date of reporting period",
)

CATEGORY_NAMES_COLUMNS: Final = (
    "Category label",
    "Category description",
    "Category of illegal content / incompatible with the terms and conditions",
    "Contextual information",
)

ORDER_METRICS: Final = (
    "Number of orders to act against illegal content received",
    "Number of specific items of information included in the total number of orders to act against illegal content",
    "Median time to inform the authority of the receipt of the order to act against illegal content",
    "Median time to give effect to the order to act against illegal content",
    "Number of orders to provide information",
    "Median time to inform the authority of the receipt of the order to provide information",
    "Median time to give effect to the order to provide information",
)
ORDER_CONTEXT: Final = (
    "Contextual information on number of orders to act against illegal content received",
    "Contextual information on number of specific items of information included in the total number of orders to act against illegal content",
    "Contextual information on Median time to inform the authority of the receipt of the order to act against illegal content",
    "Contextual information on Median time to give effect to the order to act against illegal content",
    "Contextual information on Number of orders to provide information",
    "Contextual information on Median time to inform the authority of the receipt of the order to provide information",
    "Contextual information on Median time to give effect to the order to provide information",
)  # fmt: skip
ORDERS_COLUMNS: Final = (
    "Applicability", "Service", "Reporting period", "Category of illegal content",
    'Description of the sub-category "Other"', "Scope", *ORDER_METRICS, *ORDER_CONTEXT,
)  # fmt: skip

NOTICE_METRICS: Final = (
    "Number of notices received ",
    "Number of notices received from Trusted flaggers",
    "Number of specific items of information included in the total number of notices",
    "Number of specific items of information included in the total number of notices by Trusted Flaggers (Trusted Flagger notices)",
    "Median time to take action",
    "Median time to take action (Trusted Flagger notices)",
    "Number of actions taken on the basis of the law",
    "Number of actions taken on the basis of the law (Trusted Flagger notices)",
    "Number of actions taken on the basis of the terms and conditions of the service",
    "Number of actions taken on the basis of the terms and conditions of the service (Trusted Flagger notices)",
)  # fmt: skip
NOTICES_COLUMNS: Final = (
    "Applicability", "Service", "Reporting period", "Category of illegal content",
    'Description of the sub-category "Other"', *NOTICE_METRICS,
    *(f"Contextual information on {metric}" for metric in NOTICE_METRICS),
)  # fmt: skip

OWN_INITIATIVE_METRICS: Final = (
    "Number of measures taken at the provider's own initiative ",
    "Number of measures taken after detection with solely automated means ",
    "Visibility restriction Removal",
    "Visibility restriction Disable",
    "Visibility restriction Demoted",
    "Visibility restriction Age restricted",
    "Visibility restriction Interaction restricted",
    "Visibility restriction Labelled ",
    "Visibility restriction Other",
    "Monetary restriction Suspension",
    "Monetary restriction Termination",
    "Monetary restriction Other",
    "Provision of the service Suspension",
    "Provision of the service Termination",
    "Account restriction Suspension",
    "Account restriction Termination",
)


def own_initiative_columns(category_column: str) -> tuple[str, ...]:
    return (
        "Applicability", "Service", "Reporting period", category_column, 'Description of the sub-category "Other"',
        *OWN_INITIATIVE_METRICS, *(f"Contextual Information on {metric}" for metric in OWN_INITIATIVE_METRICS),
    )  # fmt: skip


OWN_INITIATIVE_ILLEGAL_COLUMNS: Final = own_initiative_columns("Category of illegal content")
OWN_INITIATIVE_TC_COLUMNS: Final = own_initiative_columns(
    "Category of incompatibility with the provider's terms and conditions"
)
LONG_COLUMNS: Final = (
    "Applicability", "Service", "Reporting period", "Section", "Indicator", "Scope", "Value", "Contextual Information",
)  # fmt: skip
# Sheet 9 writes "Contextual information" with a small i; sheet 10 has no contextual column.
HUMAN_RESOURCES_COLUMNS: Final = (*LONG_COLUMNS[:-1], "Contextual information")
AMAR_COLUMNS: Final = LONG_COLUMNS[:-1]
QUALITATIVE_COLUMNS: Final = ("Applicability", "Service", "Reporting period", "Indicator", "Value")


@dataclass(frozen=True, slots=True)
class CategoryRow:
    """One row key of a category-keyed sheet: the code shown, and the parent category it belongs to."""

    code: str
    parent: str | None  # None for TOTAL and the high-level category rows themselves

    @property
    def is_other(self) -> bool:
        return self.code == OTHER_KEYWORD


def category_rows(last: int, closing: str | None) -> Iterator[CategoryRow]:
    """TOTAL, then categories 1..`last` each followed by its keywords and its own KEYWORD_OTHER row,
    then the closing "not specified" category when the sheet has one."""
    yield CategoryRow("TOTAL", None)
    for code, _label, keywords in CATEGORIES[:last]:
        yield CategoryRow(code, None)
        for keyword, _ in keywords:
            yield CategoryRow(keyword, code)
        yield CategoryRow(OTHER_KEYWORD, code)
    if closing is not None:
        yield CategoryRow(closing, None)


def orders_rows() -> list[CategoryRow]:
    return list(category_rows(14, NOT_SPECIFIED_ORDER))


def notices_rows() -> list[CategoryRow]:
    return list(category_rows(14, NOT_SPECIFIED_NOTICE))


def own_initiative_illegal_rows() -> list[CategoryRow]:
    return list(category_rows(14, None))


def own_initiative_tc_rows() -> list[CategoryRow]:
    return list(category_rows(15, None))


def category_names_rows() -> list[tuple[str, str, str, str]]:
    """Sheet 2: the key of category labels and codes."""
    rows = [("TOTAL", "All the entries", "TOTAL", "")]
    for number, (code, label, keywords) in enumerate(CATEGORIES, start=1):
        rows.append((f"Category {number}", label, code, ""))
        for index, (keyword, keyword_label) in enumerate(keywords):
            rows.append((f"Category {number}{chr(ord('a') + index)}", keyword_label, keyword, ""))
        letter = chr(ord("a") + len(keywords))
        rows.append((f"Category {number}{letter}", "Not captured by any other sub-category", OTHER_KEYWORD, ""))
    rows.append(
        ("Category 16", "Type of illegal content not specified by the public authority", NOT_SPECIFIED_ORDER, "")
    )
    rows.append(
        ("Category 17", "Type of alleged illegal content not specified by the notifier", NOT_SPECIFIED_NOTICE, "")
    )
    return rows


# Sheet 7: (section, applicability, indicator, scopes)
COMPLAINT_SCOPES: Final = (
    "Total number",
    "Decisions upheld",
    "Decisions partially reversed",
    "Decisions reversed",
    "Median time",
)
COMPLAINTS_SECTION: Final = "Internal complaints mechanism"
ODS_SECTION: Final = "Out-of-court dispute settlement bodies"
SUSPENSIONS_SECTION: Final = "Suspensions imposed on repeated offenders"
COMPLAINT_INDICATORS: Final = (
    "Number of complaints submitted to the internal-complaints mechanism",
    "Number of restrictions newly imposed as a result of an internal complaint",
    "Complaint regarding a decision to remove or disable access to or restrict visibility of information",
    "Complaint regarding a decision to suspend or terminate the provision of the service",
    "Complaint regarding a decision to suspend or terminate an account ",
    "Complaint regarding a decision to restrict the ability to monetise information",
    "Complaint regarding a decision not to take action on a notice submitted in accordance with Article 16",
    "Complaint regarding a decision not to take action on a notice submitted by a Trusted Flagger in accordance with Article 16",
)  # fmt: skip
ODS_INDICATOR: Final = "Number of disputes submitted to out-of-court dispute settlement bodies"
ODS_SCOPES: Final = (*COMPLAINT_SCOPES, "Decision omitted", "Percentage of outcomes implemented")
SUSPENSION_INDICATORS: Final = (
    "Number of suspensions enacted for the provision of manifestly illegal content ",
    "Number of suspensions enacted for the provision of manifestly unfounded notices",
    "Number of suspensions enacted for the provision of manifestly unfounded complaints",
)


def appeals_rows() -> list[tuple[str, str, str, str]]:
    """Sheet 7 row keys: (applicability, section, indicator, scope). The very first row (all complaints, total)
    applies to every provider; the rest to online platforms."""
    rows: list[tuple[str, str, str, str]] = []
    for index, indicator in enumerate(COMPLAINT_INDICATORS):
        scopes: tuple[str, ...] = COMPLAINT_SCOPES
        if index == 0:
            scopes = (*COMPLAINT_SCOPES, "Decision omitted")
        elif index == 1:
            scopes = ("Total number",)
        rows.extend(
            (ALL if index == 0 and scope == "Total number" else PLATFORMS, COMPLAINTS_SECTION, indicator, scope)
            for scope in scopes
        )
    rows.extend((PLATFORMS, ODS_SECTION, ODS_INDICATOR, scope) for scope in ODS_SCOPES)
    rows.extend((PLATFORMS, SUSPENSIONS_SECTION, indicator, "Total number") for indicator in SUSPENSION_INDICATORS)
    return rows


AUTOMATED_SECTION: Final = "Use of automated means for content moderation"
MEASURES_SOLELY_AUTOMATED: Final = "Number of measures solely taken by automated means "
MEASURES_NOT_AUTOMATED: Final = "Number of measures not taken by automated means"
ACCURACY: Final = "Accuracy of the automated means - Accuracy"
PRECISION: Final = "Accuracy of the automated means - Precision"
RECALL: Final = "Accuracy of the automated means - Recall"
NOTICES_SOLELY_AUTOMATED: Final = "Number of notices solely processed by automated means "
NOTICES_NOT_AUTOMATED: Final = "Number of notices not processed by automated means"
TOTAL_SCOPE: Final = "Total number"
OWN_INITIATIVE_SCOPE: Final = "Own-initiative "
NAM_TOTAL_SCOPE: Final = "NAM Total"
NAM_TRUSTED_FLAGGER_SCOPE: Final = "NAM Trusted Flagger"
QUALITY_INDICATORS: Final = (ACCURACY, PRECISION, RECALL)


def automated_means_rows() -> list[tuple[str, str, str, str]]:
    """Sheet 8 row keys: (applicability, section, indicator, scope). Grouped by scope as in the template: all
    measures, own-initiative measures, notices (NAM), trusted flaggers' notices; then, for VLOPs, measures per
    member state and accuracy, precision and recall per official language."""
    rows: list[tuple[str, str, str, str]] = []
    for applicability, scope, counts in (
        (ALL, TOTAL_SCOPE, (MEASURES_SOLELY_AUTOMATED, MEASURES_NOT_AUTOMATED)),
        (ALL, OWN_INITIATIVE_SCOPE, (MEASURES_SOLELY_AUTOMATED, MEASURES_NOT_AUTOMATED)),
        (HOSTING, NAM_TOTAL_SCOPE, (NOTICES_SOLELY_AUTOMATED, NOTICES_NOT_AUTOMATED)),
        (PLATFORMS, NAM_TRUSTED_FLAGGER_SCOPE, (NOTICES_SOLELY_AUTOMATED, NOTICES_NOT_AUTOMATED)),
    ):
        rows.extend(
            (applicability, AUTOMATED_SECTION, indicator, scope) for indicator in (*counts, *QUALITY_INDICATORS)
        )
    for indicator in (MEASURES_SOLELY_AUTOMATED, MEASURES_NOT_AUTOMATED):
        rows.extend((VLOPS, AUTOMATED_SECTION, indicator, state) for state in EU_MEMBER_STATES)
    for indicator in QUALITY_INDICATORS:
        rows.extend((VLOPS, AUTOMATED_SECTION, indicator, language) for language in EU_LANGUAGES)
    return rows


HUMAN_RESOURCES_SECTION: Final = "Human resources dedicated to content moderation "
INTERNAL_MODERATORS: Final = "Number of internal moderators employed by the provider"
EXTERNAL_MODERATORS: Final = "Number of external moderators contracted by the provider"
LINGUISTIC_MODERATORS: Final = "Number of total moderators with sufficient linguistic expertise "
HUMAN_RESOURCES_INDICATORS: Final = (INTERNAL_MODERATORS, EXTERNAL_MODERATORS, LINGUISTIC_MODERATORS)


def human_resources_rows() -> list[tuple[str, str, str, str]]:
    """Sheet 9: moderators employed and contracted (totals), and those with the linguistic expertise, in total
    and per official language."""
    rows = [(VLOPS, HUMAN_RESOURCES_SECTION, indicator, TOTAL_SCOPE) for indicator in HUMAN_RESOURCES_INDICATORS]
    rows.extend((VLOPS, HUMAN_RESOURCES_SECTION, LINGUISTIC_MODERATORS, language) for language in EU_LANGUAGES)
    return rows


AMAR_SECTION: Final = "AMAR"
AMAR_INDICATOR: Final = "Number of average monthly active recipients during the reporting period"


def amar_rows() -> list[tuple[str, str, str, str]]:
    return [(VLOPS_VLOSES, AMAR_SECTION, AMAR_INDICATOR, scope) for scope in ("TOTAL", *EU_MEMBER_STATES)]


QUALITATIVE_INDICATORS: Final = (
    (ALL, "Summary of the content moderation engaged in at the providers’ own initiative"),
    (ALL, "Meaningful and comprehensible information regarding content moderation engaged in at the providers' own initiative"),
    (ALL, "Qualitative description of the automated means"),
    (ALL, "Qualitative description of indicators of accuracy and possible rate of error of automated means"),
    (ALL, "Specification of the precise purposes to apply automated means"),
    (ALL, "Safeguards applied to the use of automated means"),
    (VLOPS, "High-level description of the content moderation governance structure"),
    (VLOPS, "Qualifications of the human resources dedicated to content moderation"),
    (VLOPS, "Training given to human resources dedicated to content moderation"),
    (VLOPS, "Support given to human resources dedicated to content moderation "),
    (VLOPS, "Methodology used to compute the number of human resources dedicated to content moderation  "),
)  # fmt: skip
