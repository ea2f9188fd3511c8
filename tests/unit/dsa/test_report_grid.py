"""Counting into category rows, medians, and the SVG charts."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from rempart.dsa.report import template
from rempart.dsa.report.charts import horizontal_stacked, nice_ceiling, vertical_bars
from rempart.dsa.report.grid import CategoryIndex, Grid, median_hours
from rempart.dsa.report.period import Period

HATE = "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"


def codes(index: CategoryIndex, category: str, keywords: list[str]) -> list[str]:
    return [index.rows[p].code for p in index.positions(category, keywords)]


def test_an_event_counts_in_total_its_category_and_its_keyword_rows() -> None:
    index = CategoryIndex(template.notices_rows())
    assert codes(index, HATE, ["KEYWORD_HATE_SPEECH", "KEYWORD_DEFAMATION"]) == [
        "TOTAL", HATE, "KEYWORD_DEFAMATION", "KEYWORD_HATE_SPEECH",
    ]  # fmt: skip
    assert codes(index, HATE, []) == ["TOTAL", HATE, "KEYWORD_OTHER"]  # not captured by another sub-category
    assert codes(index, HATE, ["KEYWORD_PHISHING"]) == ["TOTAL", HATE, "KEYWORD_OTHER"]  # another category's keyword
    assert codes(index, HATE, ["KEYWORD_OTHER", "KEYWORD_HATE_SPEECH"]) == [
        "TOTAL",
        HATE,
        "KEYWORD_HATE_SPEECH",
        "KEYWORD_OTHER",
    ]
    # The terms-and-conditions category has no row on the notices sheet: TOTAL only.
    assert codes(index, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", []) == ["TOTAL"]
    other_rows = [p for p, row in enumerate(index.rows) if row.code == "KEYWORD_OTHER"]
    assert len(set(other_rows)) == 14  # one per category, each its own position


def test_grid_sums_counts_keeps_samples_and_describes_other() -> None:
    index = CategoryIndex(template.own_initiative_tc_rows())
    grid = Grid(index)
    grid.add("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", ["KEYWORD_OTHER"], {"n": 1}, {"h": 2.0}, "Spam")
    grid.add("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", ["KEYWORD_NUDITY"], {"n": 1}, {"h": None}, "ignored here")
    grid.add("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", [], {"n": 1}, {"h": 5.0}, "Bots")
    other = max(p for p, row in enumerate(index.rows) if row.code == "KEYWORD_OTHER")
    assert grid.count(0, "n") == 3
    assert grid.count(other, "n") == 2
    assert grid.median(0, "h") == 3.5
    assert grid.other_description(other) == "Bots; Spam"
    assert grid.other_description(0) is None


def test_median_and_period() -> None:
    assert median_hours([]) is None
    assert median_hours([1.0, 2.0, 10.0]) == 2.0
    assert median_hours([1.0, 2.0]) == 1.5
    period = Period(date(2025, 11, 15), date(2026, 2, 1))
    assert period.months() == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert period.label == "2025-11-15/2026-02-01"
    assert period.end.isoformat() == "2026-02-02T00:00:00+00:00"


def test_charts_are_valid_svg_with_escaped_labels() -> None:
    drawing = vertical_bars(
        "Notices <by> month", ["2025-07", "2025-08"], [("A & B", [1, 3]), ("C", [0, 2])], stacked=True
    )
    root = ElementTree.fromstring(drawing)
    assert root.tag.endswith("svg")
    texts = [element.text for element in root.iter() if element.tag.endswith("text")]
    assert "A & B" in texts
    assert {"0", "2", "4", "6", "8"} <= set(texts)  # counts up to 5: whole-number ticks on a 0-8 axis
    bars = [element for element in root.iter() if element.tag.endswith("rect") and element.get("height")]
    assert len(bars) >= 4
    horizontal = ElementTree.fromstring(horizontal_stacked("Outcomes", ["All"], [("Upheld", [2]), ("Reversed", [1])]))
    assert "3" in [element.text for element in horizontal.iter() if element.tag.endswith("text")]
    assert nice_ceiling(0) == 1
    assert nice_ceiling(7) == 10
    assert nice_ceiling(130) == 200
