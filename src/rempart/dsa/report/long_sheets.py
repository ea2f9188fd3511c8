"""Sheets in the long format (one figure per row), and the identification, category-key and qualitative
sheets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Final

from rempart.dsa.enums import SourceType
from rempart.dsa.misuse import ILLEGAL_CONTENT, UNFOUNDED_COMPLAINTS, UNFOUNDED_NOTICES
from rempart.dsa.report import template as t
from rempart.dsa.report.facts import ComplaintFact, DisputeFact, EvaluationRun, Facts, MeasureFact, NoticeFact
from rempart.dsa.report.grid import Cell, median_hours, ratio
from rempart.dsa.report.inputs import Recipients, TeamTexts
from rempart.dsa.report.sheet import HOURS_NOTE, Heading, Sheet

OUTCOME_SCOPES: Final = {
    "Decisions upheld": "upheld",
    "Decisions partially reversed": "partially_reversed",
    "Decisions reversed": "reversed",
}
COMPLAINT_KINDS: Final[dict[str, Callable[[ComplaintFact], bool]]] = {
    t.COMPLAINT_INDICATORS[0]: lambda c: True,
    t.COMPLAINT_INDICATORS[2]: lambda c: c.appealed_outcome == "restrict" and c.visibility,
    t.COMPLAINT_INDICATORS[3]: lambda c: c.provision,
    t.COMPLAINT_INDICATORS[4]: lambda c: c.account,
    t.COMPLAINT_INDICATORS[5]: lambda c: c.monetary,
    t.COMPLAINT_INDICATORS[6]: lambda c: (
        c.appealed_outcome == "no_action" and c.appealed_source == SourceType.ARTICLE_16.value
    ),
    t.COMPLAINT_INDICATORS[7]: lambda c: (
        c.appealed_outcome == "no_action" and c.appealed_source == SourceType.TRUSTED_FLAGGER.value
    ),
}
SUSPENSION_KINDS: Final = dict(
    zip(t.SUSPENSION_INDICATORS, (ILLEGAL_CONTENT, UNFOUNDED_NOTICES, UNFOUNDED_COMPLAINTS), strict=True)
)
COMPLAINT_NOTES: Final = {
    "Total number": "Complaints received in the period (Art. 20), against the decision named.",
    "Median time": f"{HOURS_NOTE}, from receipt of the complaint to its decision, over complaints decided.",
    "Decision omitted": "Complaints received in the period not decided by its end.",
}


def identification_sheet(service: str, heading: Heading, texts: TeamTexts, published: date) -> Sheet:
    values = (
        texts.provider or service,
        published.isoformat(),
        texts.previous_report,
        heading.period.first.isoformat(),
        heading.period.last.isoformat(),
    )
    rows: list[list[Cell]] = [
        [t.ALL, service, indicator, value] for indicator, value in zip(t.IDENTIFICATION_INDICATORS, values, strict=True)
    ]
    return Sheet("1_report_identification", t.IDENTIFICATION_COLUMNS, rows)


def category_names_sheet() -> Sheet:
    return Sheet("2_categories_names", t.CATEGORY_NAMES_COLUMNS, [list(row) for row in t.category_names_rows()])


def _long(
    name: str, columns: tuple[str, ...], heading: Heading, keyed: Sequence[tuple[tuple[str, ...], Cell, str | None]]
) -> Sheet:
    rows: list[list[Cell]] = []
    for (applicability, section, indicator, scope), value, note in keyed:
        row: list[Cell] = [applicability, heading.service, heading.period.label, section, indicator, scope, value]
        if len(columns) > len(row):
            row.append(note)
        rows.append(row)
    return Sheet(name, columns, rows)


def _complaint_value(complaints: Sequence[ComplaintFact], scope: str) -> Cell:
    if scope == "Total number":
        return len(complaints)
    if scope == "Median time":
        return median_hours([c.hours_to_decide for c in complaints if c.hours_to_decide is not None])
    if scope == "Decision omitted":
        return sum(c.outcome is None for c in complaints)
    return sum(c.outcome == OUTCOME_SCOPES[scope] for c in complaints)


def _dispute_value(disputes: Sequence[DisputeFact], scope: str) -> Cell:
    if scope == "Total number":
        return len(disputes)
    if scope == "Median time":
        return median_hours([d.hours for d in disputes if d.hours is not None])
    if scope == "Decision omitted":
        return sum(d.outcome == "omitted" for d in disputes)
    if scope == "Percentage of outcomes implemented":
        decided = [d for d in disputes if d.outcome != "omitted"]
        return round(100 * sum(d.implemented for d in decided) / len(decided), 2) if decided else None
    return sum(d.outcome == OUTCOME_SCOPES[scope] for d in disputes)


DISPUTE_NOTES: Final = {
    "Total number": "Disputes submitted in the period to certified out-of-court bodies (Art. 21), by outcome.",
    "Median time": f"{HOURS_NOTE}, from submission to the body's outcome.",
    "Percentage of outcomes implemented": "Share (0-100) of the outcomes other than omitted that we implemented.",
}


def appeals_sheet(heading: Heading, facts: Facts) -> Sheet:
    keyed: list[tuple[tuple[str, ...], Cell, str | None]] = []
    for key in t.appeals_rows():
        _, section, indicator, scope = key
        value: Cell
        note: str | None = None
        if section == t.COMPLAINTS_SECTION and indicator == t.COMPLAINT_INDICATORS[1]:
            value = facts.new_restrictions
            note = "Restrictive decisions of the period taken on a case after a complaint against another decision."
        elif section == t.COMPLAINTS_SECTION:
            value = _complaint_value([c for c in facts.complaints if COMPLAINT_KINDS[indicator](c)], scope)
            note = (
                COMPLAINT_NOTES.get(scope) if indicator == t.COMPLAINT_INDICATORS[0] or scope == "Median time" else None
            )
        elif section == t.ODS_SECTION:
            value, note = _dispute_value(facts.disputes, scope), DISPUTE_NOTES.get(scope)
        else:
            value = facts.suspensions.get(SUSPENSION_KINDS[indicator], 0)
            note = "Art. 23 suspensions imposed in the period, after a prior warning."
        keyed.append((key, value, note))
    return _long("7_appeals_and_recidivism", t.LONG_COLUMNS, heading, keyed)


MEASURE_NOTES: Final = {
    t.MEASURES_SOLELY_AUTOMATED: "Restrictive decisions of the period taken without human review (TDB "
    "AUTOMATED_DECISION_FULLY); per member state, those whose territorial scope includes it.",
    t.MEASURES_NOT_AUTOMATED: "Restrictive decisions of the period taken or confirmed by a person.",
}


def _quality(run: EvaluationRun | None, scope: str, key: str, indicator: str) -> float | None:
    if run is None:
        return None
    for figure in run.figures:
        if figure.scope == scope and figure.key.lower() == key:
            value = {t.ACCURACY: figure.accuracy, t.PRECISION: figure.precision, t.RECALL: figure.recall}[indicator]
            return ratio(value)
    return None


def _quality_note(run: EvaluationRun | None) -> str:
    if run is None:
        return (
            "No evaluation of the automated means (`rempart policy evaluate`) was stored up to the end of the period."
        )
    return (
        f"Share between 0 and 1, measured by `rempart policy evaluate` run {run.run_id} on "
        f"{run.evaluated_at.date().isoformat()} against the labelled sample {run.dataset!r} "
        f"(policy version {run.policy_version})."
    )


def automated_sheet(heading: Heading, facts: Facts) -> Sheet:
    run = facts.evaluation
    measures: dict[str, Sequence[MeasureFact]] = {
        t.TOTAL_SCOPE: facts.measures,
        t.OWN_INITIATIVE_SCOPE: [m for m in facts.measures if m.source_type == SourceType.VOLUNTARY.value],
    }
    by_state: dict[str, list[MeasureFact]] = {}
    for measure in facts.measures:
        for state in measure.territorial_scope:
            by_state.setdefault(state, []).append(measure)
    decided: list[NoticeFact] = [n for n in facts.notices if n.automated is not None]
    notices: dict[str, Sequence[NoticeFact]] = {
        t.NAM_TOTAL_SCOPE: decided,
        t.NAM_TRUSTED_FLAGGER_SCOPE: [n for n in decided if n.trusted],
    }
    keyed: list[tuple[tuple[str, ...], Cell, str | None]] = []
    for key in t.automated_means_rows():
        _, _, indicator, scope = key
        value: Cell = None
        note: str | None = None
        if indicator in (t.MEASURES_SOLELY_AUTOMATED, t.MEASURES_NOT_AUTOMATED):
            chosen = measures[scope] if scope in measures else by_state.get(scope, [])
            solely = sum(m.solely_automated for m in chosen)
            value = solely if indicator == t.MEASURES_SOLELY_AUTOMATED else len(chosen) - solely
            note = MEASURE_NOTES[indicator]
        elif indicator == t.NOTICES_SOLELY_AUTOMATED:
            value = sum(bool(n.automated) for n in notices[scope])
            note = "Notices received in the period and decided, whose decisions were all fully automated."
        elif indicator == t.NOTICES_NOT_AUTOMATED:
            value = sum(not n.automated for n in notices[scope])
            note = "Notices received in the period and decided by a person."
        elif scope in notices:
            note = "Notices are decided by people; the automated means are evaluated on own-initiative detection."
        elif scope in (t.TOTAL_SCOPE, t.OWN_INITIATIVE_SCOPE):
            value, note = _quality(run, "overall", "all", indicator), _quality_note(run)
        else:
            value = _quality(run, "language", scope, indicator)
            note = _quality_note(run) if value is not None else None
        keyed.append((key, value, note if scope in (*measures, *notices) or value is not None else None))
    return _long("8_automated_means", t.LONG_COLUMNS, heading, keyed)


def human_resources_sheet(heading: Heading, texts: TeamTexts) -> Sheet:
    keyed: list[tuple[tuple[str, ...], Cell, str | None]] = []
    for key in t.human_resources_rows():
        value = texts.human_resources.get(key[2], {}).get(key[3])
        keyed.append((key, value, None))
    return _long("9_human_resources", t.HUMAN_RESOURCES_COLUMNS, heading, keyed)


def amar_sheet(heading: Heading, recipients: Recipients | None) -> Sheet:
    keyed: list[tuple[tuple[str, ...], Cell, str | None]] = []
    for key in t.amar_rows():
        value: Cell = None
        if recipients is not None:
            value = recipients.total if key[3] == "TOTAL" else recipients.per_state.get(key[3], 0)
        keyed.append((key, value, None))
    return _long("10_AMAR", t.AMAR_COLUMNS, heading, keyed)


def qualitative_sheet(heading: Heading, texts: TeamTexts) -> Sheet:
    rows: list[list[Cell]] = [
        [applicability, heading.service, heading.period.label, indicator, texts.texts.get(indicator)]
        for applicability, indicator in t.QUALITATIVE_INDICATORS
    ]
    return Sheet("11_qualitative", t.QUALITATIVE_COLUMNS, rows)
