"""Writing the sheets: one CSV per sheet (`<sheet name>.csv`, UTF-8, comma-separated, header row first) and
one XLSX workbook with the sheets in the template's order."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rempart.dsa.report.sheet import Sheet

WORKBOOK_NAME = "transparency-report.xlsx"
WIDE_COLUMNS = ("Indicator", "Value", "Contextual Information", "Contextual information", "Category description")


def csv_path(out: Path, sheet: Sheet) -> Path:
    return out / f"{sheet.name}.csv"


def write_csv(out: Path, sheet: Sheet) -> Path:
    path = csv_path(out, sheet)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(sheet.columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in sheet.rows)
    return path


def _layout(worksheet: Any, sheet: Sheet) -> None:
    """Readable on screen and in print: sized columns, a frozen header repeated on each page, A3 landscape,
    the narrow sheets one page wide and the wide (category) sheets two."""
    lines = 1
    for index, header in enumerate(sheet.columns, start=1):
        wide = header in WIDE_COLUMNS or header.startswith(("Category", "Contextual", "Description"))
        width = 44 if wide else 23 if header == "Reporting period" else 16
        worksheet.column_dimensions[get_column_letter(index)].width = width
        lines = max(lines, math.ceil(len(header) * 1.15 / width))
    worksheet.row_dimensions[1].height = 15 * lines  # wrapped headers keep their own height
    worksheet.freeze_panes = "A2"
    worksheet.print_title_rows = "1:1"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A3
    worksheet.page_setup.fitToWidth = 1 if len(sheet.columns) <= 8 else 2
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True


def write_workbook(out: Path, sheets: Sequence[Sheet]) -> Path:
    workbook = Workbook()
    for empty in list(workbook.worksheets):
        workbook.remove(empty)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(list(sheet.columns))
        for row in sheet.rows:
            worksheet.append(row)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        _layout(worksheet, sheet)
    path = out / WORKBOOK_NAME
    workbook.save(path)
    return path
