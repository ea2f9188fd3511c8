"""Building the transparency report of one period from the stored events, and writing it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from rempart.dsa.report import template as t
from rempart.dsa.report.category_sheets import (
    notices_sheet,
    orders_sheet,
    own_initiative_illegal_sheet,
    own_initiative_tc_sheet,
)
from rempart.dsa.report.facts import Facts, load_facts
from rempart.dsa.report.grid import Cell
from rempart.dsa.report.inputs import Recipients, TeamTexts
from rempart.dsa.report.long_sheets import (
    amar_sheet,
    appeals_sheet,
    automated_sheet,
    category_names_sheet,
    human_resources_sheet,
    identification_sheet,
    qualitative_sheet,
)
from rempart.dsa.report.period import Period
from rempart.dsa.report.sheet import Heading, Sheet
from rempart.dsa.report.writers import write_csv, write_workbook


@dataclass(slots=True)
class Report:
    service: str
    period: Period
    published: date
    facts: Facts
    sheets: list[Sheet]
    recipients: Recipients | None
    texts: TeamTexts

    def sheet(self, name: str) -> Sheet:
        return next(sheet for sheet in self.sheets if sheet.name == name)

    def cell(self, name: str, column: str, **key: str) -> Cell:
        """The cell of `column` in the first row whose cells match `key` (column header → value)."""
        sheet = self.sheet(name)
        wanted = {sheet.column(header): value for header, value in key.items()}
        for row in sheet.rows:
            if all(row[index] == value for index, value in wanted.items()):
                return row[sheet.column(column)]
        raise KeyError(f"{name}: no row {key}")


def build_report(
    session: Session,
    period: Period,
    *,
    service: str,
    published: date,
    texts: TeamTexts,
    recipients: Recipients | None = None,
) -> Report:
    facts = load_facts(session, period)
    heading = Heading(service=service, period=period)
    sheets = [
        identification_sheet(service, heading, texts, published),
        category_names_sheet(),
        orders_sheet(heading, facts.orders),
        notices_sheet(heading, facts.notices),
        own_initiative_illegal_sheet(heading, facts.measures),
        own_initiative_tc_sheet(heading, facts.measures),
        appeals_sheet(heading, facts),
        automated_sheet(heading, facts),
        human_resources_sheet(heading, texts),
        amar_sheet(heading, recipients),
        qualitative_sheet(heading, texts),
    ]
    assert tuple(sheet.name for sheet in sheets) == t.SHEETS
    return Report(service, period, published, facts, sheets, recipients, texts)


def write_tables(report: Report, out: Path) -> dict[str, Any]:
    """The CSV files and the workbook; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    csvs = [str(write_csv(out, sheet)) for sheet in report.sheets]
    return {"csv": csvs, "xlsx": str(write_workbook(out, report.sheets))}


def _long_value(report: Report, name: str, indicator: str, scope: str) -> Cell:
    return report.cell(name, "Value", Indicator=indicator, Scope=scope)


def summary(report: Report) -> dict[str, Any]:
    """The headline figures, read from the sheets themselves."""
    notices = dict(zip(t.NOTICES_COLUMNS, report.sheet("4_notices").rows[0], strict=True))
    orders = dict(zip(t.ORDERS_COLUMNS, report.sheet("3_member_states_orders").rows[0], strict=True))
    own = {
        key: report.sheet(name).rows[0][5]
        for key, name in (("illegal", "5_own_initiative_illegal"), ("terms_and_conditions", "6_own_initiative_TC"))
    }
    complaints = {
        scope: _long_value(report, "7_appeals_and_recidivism", t.COMPLAINT_INDICATORS[0], scope)
        for scope in (*t.COMPLAINT_SCOPES, "Decision omitted")
    }
    disputes = {
        scope: _long_value(report, "7_appeals_and_recidivism", t.ODS_INDICATOR, scope) for scope in t.ODS_SCOPES
    }
    suspensions = {
        indicator.strip(): _long_value(report, "7_appeals_and_recidivism", indicator, "Total number")
        for indicator in t.SUSPENSION_INDICATORS
    }
    automated = {
        indicator.strip(): _long_value(report, "8_automated_means", indicator, t.TOTAL_SCOPE)
        for indicator in (t.MEASURES_SOLELY_AUTOMATED, t.MEASURES_NOT_AUTOMATED, *t.QUALITY_INDICATORS)
    }
    return {
        "service": report.service,
        "period": {"from": report.period.first.isoformat(), "to": report.period.last.isoformat()},
        "published": report.published.isoformat(),
        "orders": {
            "act_against_illegal_content": orders[t.ORDER_METRICS[0]],
            "items_in_orders_to_act": orders[t.ORDER_METRICS[1]],
            "provide_information": orders[t.ORDER_METRICS[4]],
        },
        "notices": {metric.strip(): notices[metric] for metric in t.NOTICE_METRICS},
        "own_initiative_measures": own,
        "automated_means": automated,
        "complaints": complaints,
        "out_of_court_disputes": disputes,
        "suspensions": suspensions,
        "average_monthly_active_recipients": report.recipients.total if report.recipients else None,
    }
