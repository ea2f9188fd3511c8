"""The report for people: the same figures as the sheets, with charts (inline SVG), in one HTML file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from rempart.dsa.enums import AutomatedDecision, SourceType
from rempart.dsa.report import template as t
from rempart.dsa.report.category_sheets import RESTRICTIONS
from rempart.dsa.report.charts import horizontal_stacked, vertical_bars
from rempart.dsa.report.long_sheets import COMPLAINT_KINDS, OUTCOME_SCOPES
from rempart.dsa.report.service import Report, summary
from rempart.dsa.report.sheet import Sheet
from rempart.dsa.report.taxonomy import CATEGORIES, NOT_SPECIFIED_NOTICE

HTML_NAME = "transparency-report.html"
LABELS: Final = {code: label for code, label, _ in CATEGORIES} | {NOT_SPECIFIED_NOTICE: "Not specified by the notifier"}
TIME_BUCKETS: Final = ((1, "< 1 h"), (6, "1-6 h"), (24, "6-24 h"), (72, "1-3 days"), (168, "3-7 days"))
TOP_CATEGORIES = 5
NOTICE_HEADERS: Final = (
    "Notices", "from trusted flaggers", "Items named", "by trusted flaggers", "Median hours to action",
    "trusted flaggers", "Acted on under the law", "trusted flaggers", "Acted on under the terms", "trusted flaggers",
)  # fmt: skip

_env = Environment(
    loader=PackageLoader("rempart.dsa.report", "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def label(code: str) -> str:
    return LABELS.get(code, code)


def _notices_over_time(report: Report) -> str:
    months = report.period.months()
    counts: Counter[tuple[str, str]] = Counter(
        (n.received_at.strftime("%Y-%m"), n.category) for n in report.facts.notices
    )
    totals = Counter(n.category for n in report.facts.notices)
    top = [code for code, _ in totals.most_common(TOP_CATEGORIES)]
    series: list[tuple[str, Sequence[float]]] = [(label(code), [counts[(m, code)] for m in months]) for code in top]
    rest = [sum(v for (m, code), v in counts.items() if m == month and code not in top) for month in months]
    if any(rest):
        series.append(("Other categories", rest))
    return vertical_bars(
        "Notices received per month, by category", months, series or [("Notices", [0] * len(months))], stacked=True
    )


def _bucket(hours: float) -> str:
    return next((name for limit, name in TIME_BUCKETS if hours < limit), "> 7 days")


def _time_to_action(report: Report) -> str:
    names = [name for _, name in TIME_BUCKETS] + ["> 7 days"]
    acted = [n for n in report.facts.notices if n.outcome == "restrict" and n.hours_to_decision is not None]
    every = Counter(_bucket(n.hours_to_decision or 0) for n in acted)
    trusted = Counter(_bucket(n.hours_to_decision or 0) for n in acted if n.trusted)
    series = [
        ("All notices acted on", [every[b] for b in names]),
        ("Trusted flaggers' notices", [trusted[b] for b in names]),
    ]
    return vertical_bars("Time from notice to action", names, series, stacked=False, unit=" notices")


def _automation(report: Report) -> str:
    groups: dict[str, Callable[[str], bool]] = {
        "At our own initiative": lambda s: s == SourceType.VOLUNTARY.value,
        "On notices (Art. 16, 22)": lambda s: s in (SourceType.ARTICLE_16.value, SourceType.TRUSTED_FLAGGER.value),
        "On orders and other notifications": lambda s: s == SourceType.OTHER_NOTIFICATION.value,
    }
    kinds = (
        ("Solely automated", AutomatedDecision.FULLY.value),
        ("Partly automated", AutomatedDecision.PARTIALLY.value),
        ("By a person", AutomatedDecision.NOT_AUTOMATED.value),
    )
    series = [
        (
            name,
            [
                sum(m.automated_decision == kind and test(m.source_type) for m in report.facts.measures)
                for test in groups.values()
            ],
        )
        for name, kind in kinds
    ]
    return horizontal_stacked("Restrictive decisions: automated or by a person", list(groups), series)


COMPLAINT_LABELS: Final = dict(
    zip(
        COMPLAINT_KINDS,
        (
            "All complaints", "Removal or visibility", "Suspension of the service", "Account suspension",
            "Monetisation", "No action on a notice", "No action, trusted flagger",
        ),
        strict=True,
    )
)  # fmt: skip


def _complaints(report: Report) -> str:
    names = ["Upheld", "Partially reversed", "Reversed", "Not decided yet"]
    rows = []
    for indicator, test in COMPLAINT_KINDS.items():
        chosen = [c for c in report.facts.complaints if test(c)]
        if chosen or indicator == t.COMPLAINT_INDICATORS[0]:
            outcomes = Counter(c.outcome for c in chosen)
            rows.append((COMPLAINT_LABELS[indicator], outcomes))
    values = [*OUTCOME_SCOPES.values(), None]
    series = [(name, [row[1][value] for row in rows]) for name, value in zip(names, values, strict=True)]
    return horizontal_stacked("Complaints by the decision contested, and their outcome", [r[0] for r in rows], series)


def _category_table(sheet: Sheet, columns: Sequence[str]) -> list[list[Any]]:
    """Category-level rows (no keywords) with a non-zero first figure."""
    category = sheet.columns[3]
    positions = [sheet.column(c) for c in columns]
    return [
        [label(str(row[sheet.column(category)])), *(row[p] for p in positions)]
        for row in sheet.rows
        if not str(row[sheet.column(category)]).startswith("KEYWORD_") and row[positions[0]]
    ]


def _restrictions(sheet: Sheet) -> list[tuple[str, Any]]:
    first = sheet.rows[0]
    return [(column.strip(), first[sheet.column(column)]) for column, _ in RESTRICTIONS if first[sheet.column(column)]]


def _orders_by_state(sheet: Sheet) -> list[list[Any]]:
    wanted = [sheet.column(c) for c in t.ORDER_METRICS]
    return [
        [row[5], *(row[p] for p in wanted)]
        for row in sheet.rows
        if row[3] == "TOTAL" and row[5] != "TOTAL" and (row[wanted[0]] or row[wanted[4]])
    ]


def _value(sheet: Sheet, indicator: str, scope: str) -> Any:
    return next(row[6] for row in sheet.rows if row[4] == indicator and row[5] == scope)


def _automated_tables(sheet: Sheet) -> dict[str, list[list[Any]]]:
    """The automated-means sheet as small tables: measures, notices, accuracy per scope, measures per state."""
    measures = [
        [name, _value(sheet, t.MEASURES_SOLELY_AUTOMATED, scope), _value(sheet, t.MEASURES_NOT_AUTOMATED, scope)]
        for name, scope in (
            ("All restrictive decisions", t.TOTAL_SCOPE),
            ("At our own initiative", t.OWN_INITIATIVE_SCOPE),
        )
    ]
    notices = [
        [name, _value(sheet, t.NOTICES_SOLELY_AUTOMATED, scope), _value(sheet, t.NOTICES_NOT_AUTOMATED, scope)]
        for name, scope in (
            ("All notices decided", t.NAM_TOTAL_SCOPE),
            ("Trusted flaggers' notices", t.NAM_TRUSTED_FLAGGER_SCOPE),
        )
    ]
    quality = [
        [name, *(_value(sheet, indicator, scope) for indicator in t.QUALITY_INDICATORS)]
        for name, scope in (("All languages", t.TOTAL_SCOPE), *((code, code) for code in t.EU_LANGUAGES))
    ]
    states = [
        [state, _value(sheet, t.MEASURES_SOLELY_AUTOMATED, state), _value(sheet, t.MEASURES_NOT_AUTOMATED, state)]
        for state in t.EU_MEMBER_STATES
    ]
    return {
        "measures": measures,
        "notices": notices,
        "quality": [row for row in quality if any(v is not None for v in row[1:])],
        "states": [row for row in states if row[1] or row[2]],
    }


def _appeal_tables(sheet: Sheet) -> dict[str, list[list[Any]]]:
    complaints = []
    for indicator in (t.COMPLAINT_INDICATORS[0], *t.COMPLAINT_INDICATORS[2:]):
        values = [_value(sheet, indicator, scope) for scope in t.COMPLAINT_SCOPES]
        omitted = _value(sheet, indicator, "Decision omitted") if indicator == t.COMPLAINT_INDICATORS[0] else None
        name = indicator.strip().replace("Complaint regarding a decision ", "Against a decision ")
        complaints.append(
            [
                name.replace("Number of complaints submitted to the internal-complaints mechanism", "All complaints"),
                *values,
                omitted,
            ]
        )
    disputes = [[_value(sheet, t.ODS_INDICATOR, scope) for scope in t.ODS_SCOPES]]
    suspensions = [
        [
            indicator.strip().replace("Number of suspensions enacted for the provision of ", "For "),
            _value(sheet, indicator, "Total number"),
        ]
        for indicator in t.SUSPENSION_INDICATORS
    ]
    return {
        "complaints": complaints,
        "new_restrictions": [[_value(sheet, t.COMPLAINT_INDICATORS[1], "Total number")]],
        "disputes": disputes,
        "suspensions": suspensions,
    }


def _svg(drawing: str) -> Markup:
    return Markup(drawing)  # noqa: S704 - charts.py escapes every text it puts in the SVG


def render_html(report: Report, files: dict[str, Any]) -> str:
    notices = report.sheet("4_notices")
    return _env.get_template("transparency.html").render(
        report=report,
        figures=summary(report),
        files={
            key: [Path(p).name for p in value] if isinstance(value, list) else Path(value).name
            for key, value in files.items()
        },
        charts={
            "notices_over_time": _svg(_notices_over_time(report)),
            "time_to_action": _svg(_time_to_action(report)),
            "automation": _svg(_automation(report)),
            "complaints": _svg(_complaints(report)),
        },
        notice_rows=_category_table(notices, list(t.NOTICE_METRICS)),
        notice_headers=NOTICE_HEADERS,
        orders_rows=_orders_by_state(report.sheet("3_member_states_orders")),
        order_headers=list(t.ORDER_METRICS),
        own_illegal=_category_table(report.sheet("5_own_initiative_illegal"), t.OWN_INITIATIVE_METRICS[:2]),
        own_terms=_category_table(report.sheet("6_own_initiative_TC"), t.OWN_INITIATIVE_METRICS[:2]),
        restrictions_illegal=_restrictions(report.sheet("5_own_initiative_illegal")),
        restrictions_terms=_restrictions(report.sheet("6_own_initiative_TC")),
        appeals=_appeal_tables(report.sheet("7_appeals_and_recidivism")),
        automated=_automated_tables(report.sheet("8_automated_means")),
        amar=[(row[5], row[6]) for row in report.sheet("10_AMAR").rows if row[6]],
        qualitative=[(row[3], row[4]) for row in report.sheet("11_qualitative").rows if row[4]],
    )


def write_html(report: Report, out: Path, files: dict[str, Any]) -> Path:
    path = out / HTML_NAME
    path.write_text(render_html(report, files), encoding="utf-8")
    return path
