"""`rempart report transparency` on a period of DSA events: every figure of the CSV files equals an
independent SQL count over the stored rows, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import String, and_, cast, true
from tests.integration.reports import expected as sql
from tests.support.report_scenario import PERIOD, RECIPIENTS, build_scenario
from typer.testing import CliRunner

from rempart.app import AppContext
from rempart.cases.models import Decision
from rempart.cli.main import app as cli
from rempart.dsa.models import Notice
from rempart.dsa.report import template as t
from rempart.dsa.report.template import CategoryRow
from rempart.store.db import unit_of_work

Rows = list[dict[str, str]]


def read(out: Path, sheet: str) -> tuple[list[str], Rows]:
    with (out / f"{sheet}.csv").open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
        stream.seek(0)
        return header, list(csv.DictReader(stream))


def cell(value: Any) -> str:
    return "" if value is None else str(value)


@pytest.fixture
def report_dir(context: AppContext, tmp_path: Path) -> Path:
    build_scenario(context)
    (tmp_path / "recipients.json").write_text(json.dumps(RECIPIENTS))
    out = tmp_path / "report"
    result = CliRunner().invoke(
        cli,
        ["report", "transparency", "--from", "2025-07-01", "--to", "2025-12-31", "--service", "X", "--out", str(out),
         "--recipients", str(tmp_path / "recipients.json"), "--json"],
        env={"REMPART_DATABASE_URL": context.settings.database_url},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["notices"]["Number of notices received"] == 6
    assert len(summary["files"]["csv"]) == 11
    return out


def check_category_sheet(
    out: Path, sheet: str, keys: list[CategoryRow], expected: Any, metrics: tuple[str, ...]
) -> int:
    header, rows = read(out, sheet)
    assert [r[header[3]] for r in rows] == [k.code for k in keys]
    compared = 0
    for row, key in zip(rows, keys, strict=True):
        assert [row[m] for m in metrics] == [cell(v) for v in expected(key.code, key.parent)], (sheet, key)
        compared += len(metrics)
    return compared


def test_every_figure_equals_an_independent_sql_count(context: AppContext, report_dir: Path) -> None:
    compared = 0
    with unit_of_work(context.sessions) as session:
        compared += check_category_sheet(
            report_dir, "4_notices", t.notices_rows(),
            lambda code, parent: sql.notices_row(session, PERIOD, code, parent), t.NOTICE_METRICS,
        )  # fmt: skip
        for sheet, ground, keys in (
            ("5_own_initiative_illegal", "DECISION_GROUND_ILLEGAL_CONTENT", t.own_initiative_illegal_rows()),
            ("6_own_initiative_TC", "DECISION_GROUND_INCOMPATIBLE_CONTENT", t.own_initiative_tc_rows()),
        ):
            compared += check_category_sheet(
                report_dir, sheet, keys,
                lambda code, parent, g=ground: sql.own_initiative_row(session, PERIOD, g, code, parent),
                t.OWN_INITIATIVE_METRICS,
            )  # fmt: skip
        header, rows = read(report_dir, "3_member_states_orders")
        keys = t.orders_rows()
        assert [(r["Scope"], r[header[3]]) for r in rows] == [
            (scope, k.code) for scope in ("TOTAL", *t.EU_MEMBER_STATES) for k in keys
        ]
        issuing = sql.issuing_states(session, PERIOD)
        for position, row in enumerate(rows):
            key = keys[position % len(keys)]
            if row["Scope"] not in ("TOTAL", *issuing):  # no order from there: zero counts, no medians
                assert [row[m] for m in t.ORDER_METRICS] == ["0", "0", "", "", "0", "", ""]
                continue
            wanted = sql.orders_row(session, PERIOD, row["Scope"], key.code, key.parent)
            assert [row[m] for m in t.ORDER_METRICS] == [cell(v) for v in wanted], (row["Scope"], key)
            compared += len(t.ORDER_METRICS)
        compared += check_long_sheets(session, report_dir)
    assert compared > 5_000


def value(rows: Rows, indicator: str, scope: str) -> str:
    [row] = [r for r in rows if r["Indicator"] == indicator and r["Scope"] == scope]
    return row["Value"]


def check_long_sheets(session: Any, out: Path) -> int:
    _, appeals = read(out, "7_appeals_and_recidivism")
    no_action = Decision.outcome == "no_action"
    visible = cast(Decision.decision_visibility, String).like("%DECISION_VISIBILITY_%")
    decision_kinds = {
        t.COMPLAINT_INDICATORS[0]: true(),
        t.COMPLAINT_INDICATORS[2]: and_(Decision.outcome == "restrict", visible),
        t.COMPLAINT_INDICATORS[3]: Decision.decision_provision.is_not(None),
        t.COMPLAINT_INDICATORS[4]: Decision.decision_account.is_not(None),
        t.COMPLAINT_INDICATORS[5]: Decision.decision_monetary.is_not(None),
        t.COMPLAINT_INDICATORS[6]: and_(no_action, Decision.source_type == "SOURCE_ARTICLE_16"),
        t.COMPLAINT_INDICATORS[7]: and_(no_action, Decision.source_type == "SOURCE_TRUSTED_FLAGGER"),
    }
    compared = 0
    for indicator, condition in decision_kinds.items():
        for scope, wanted in sql.complaints(session, PERIOD, condition).items():
            if indicator != t.COMPLAINT_INDICATORS[0] and scope == "Decision omitted":
                continue
            assert value(appeals, indicator, scope) == cell(wanted), (indicator, scope)
            compared += 1
    assert value(appeals, t.COMPLAINT_INDICATORS[1], "Total number") == str(sql.new_restrictions(session, PERIOD))
    for scope, wanted in sql.disputes(session, PERIOD).items():
        assert value(appeals, t.ODS_INDICATOR, scope) == cell(wanted), scope
    for indicator, kind in zip(
        t.SUSPENSION_INDICATORS, ("illegal_content", "unfounded_notices", "unfounded_complaints"), strict=True
    ):
        assert value(appeals, indicator, "Total number") == str(sql.suspensions(session, PERIOD, kind))
    assert value(appeals, t.SUSPENSION_INDICATORS[0], "Total number") == "1"
    assert value(appeals, t.COMPLAINT_INDICATORS[1], "Total number") == "1"
    compared += 1 + 7 + 3

    _, automated = read(out, "8_automated_means")
    fully = Decision.automated_decision == "AUTOMATED_DECISION_FULLY"
    voluntary = Decision.source_type == "SOURCE_VOLUNTARY"
    expectations = {
        (t.MEASURES_SOLELY_AUTOMATED, t.TOTAL_SCOPE): sql.measures(session, PERIOD, fully),
        (t.MEASURES_NOT_AUTOMATED, t.TOTAL_SCOPE): sql.measures(session, PERIOD, ~fully),
        (t.MEASURES_SOLELY_AUTOMATED, t.OWN_INITIATIVE_SCOPE): sql.measures(session, PERIOD, fully, voluntary),
        (t.MEASURES_NOT_AUTOMATED, t.OWN_INITIATIVE_SCOPE): sql.measures(session, PERIOD, ~fully, voluntary),
        (t.NOTICES_SOLELY_AUTOMATED, t.NAM_TOTAL_SCOPE): sql.notices_by_automation(session, PERIOD, True),
        (t.NOTICES_NOT_AUTOMATED, t.NAM_TOTAL_SCOPE): sql.notices_by_automation(session, PERIOD, False),
        (t.NOTICES_NOT_AUTOMATED, t.NAM_TRUSTED_FLAGGER_SCOPE): sql.notices_by_automation(
            session, PERIOD, False, Notice.source_type == "SOURCE_TRUSTED_FLAGGER"
        ),
    }
    for state in t.EU_MEMBER_STATES:
        in_state = sql.has(Decision.territorial_scope, state)
        expectations[(t.MEASURES_SOLELY_AUTOMATED, state)] = sql.measures(session, PERIOD, fully, in_state)
        expectations[(t.MEASURES_NOT_AUTOMATED, state)] = sql.measures(session, PERIOD, ~fully, in_state)
    for (indicator, scope), wanted in expectations.items():
        assert value(automated, indicator, scope) == str(wanted), (indicator, scope)
    # The latest evaluation run before the end of the period (2025-12-15): 40 TP, 5 FP, 10 FN, 45 TN overall.
    assert value(automated, t.ACCURACY, t.TOTAL_SCOPE) == "0.85"
    assert value(automated, t.PRECISION, t.OWN_INITIATIVE_SCOPE) == str(round(40 / 45, 4))
    assert value(automated, t.RECALL, "fr") == str(round(20 / 24, 4))
    assert value(automated, t.RECALL, "de") == ""
    compared += len(expectations) + 4

    _, amar = read(out, "10_AMAR")
    assert [(r["Scope"], r["Value"]) for r in amar[:7]] == [
        ("TOTAL", "215000"),
        ("AT", "0"),
        ("BE", "0"),
        ("BG", "0"),
        ("CY", "0"),
        ("CZ", "0"),
        ("DE", "95000"),
    ]
    assert value(amar, t.AMAR_INDICATOR, "GR") == "8000"
    return compared + 8


def test_headers_and_row_keys_are_the_templates(report_dir: Path) -> None:
    expected = {
        "1_report_identification": t.IDENTIFICATION_COLUMNS,
        "2_categories_names": t.CATEGORY_NAMES_COLUMNS,
        "3_member_states_orders": t.ORDERS_COLUMNS,
        "4_notices": t.NOTICES_COLUMNS,
        "5_own_initiative_illegal": t.OWN_INITIATIVE_ILLEGAL_COLUMNS,
        "6_own_initiative_TC": t.OWN_INITIATIVE_TC_COLUMNS,
        "7_appeals_and_recidivism": t.LONG_COLUMNS,
        "8_automated_means": t.LONG_COLUMNS,
        "9_human_resources": t.HUMAN_RESOURCES_COLUMNS,
        "10_AMAR": t.AMAR_COLUMNS,
        "11_qualitative": t.QUALITATIVE_COLUMNS,
    }
    for sheet, columns in expected.items():
        header, _ = read(report_dir, sheet)
        assert tuple(header) == columns, sheet
    for sheet, keys in (
        ("7_appeals_and_recidivism", t.appeals_rows()),
        ("8_automated_means", t.automated_means_rows()),
        ("9_human_resources", t.human_resources_rows()),
        ("10_AMAR", t.amar_rows()),
    ):
        _, rows = read(report_dir, sheet)
        assert [(r["Applicability"], r["Section"], r["Indicator"], r["Scope"]) for r in rows] == keys, sheet
        assert {r["Reporting period"] for r in rows} == {"2025-07-01/2025-12-31"}
    _, identification = read(report_dir, "1_report_identification")
    assert [r["Value"] for r in identification] == [
        "Rempart demo platform", identification[1]["Value"], "", "2025-07-01", "2025-12-31",
    ]  # fmt: skip
    _, qualitative = read(report_dir, "11_qualitative")
    assert [r["Indicator"] for r in qualitative] == [i for _, i in t.QUALITATIVE_INDICATORS]
    assert all(r["Value"] for r in qualitative)
    workbook = load_workbook(report_dir / "transparency-report.xlsx", read_only=True)
    assert tuple(workbook.sheetnames) == t.SHEETS
    notices = workbook["4_notices"]
    first = next(notices.iter_rows(min_row=1, max_row=2, values_only=True))
    assert first[5] == "Number of notices received "
    assert next(notices.iter_rows(min_row=2, max_row=2, values_only=True))[5] == 6
