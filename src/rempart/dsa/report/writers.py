"""Writing the sheets: one CSV per sheet (`<sheet name>.csv`, UTF-8, comma-separated, header row first) and
one XLSX workbook with the sheets in the template's order."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

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
        for index, header in enumerate(sheet.columns, start=1):
            wide = header in WIDE_COLUMNS or header.startswith(("Category", "Contextual"))
            worksheet.column_dimensions[get_column_letter(index)].width = 60 if wide else 18
        worksheet.freeze_panes = "A2"
        worksheet.page_setup.orientation = "landscape"
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
        worksheet.print_title_rows = "1:1"
    path = out / WORKBOOK_NAME
    workbook.save(path)
    return path
