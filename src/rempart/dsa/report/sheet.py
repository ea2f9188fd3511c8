"""One sheet of the report as written: its name, exact column headers and rows of cells."""

from __future__ import annotations

from dataclasses import dataclass

from rempart.dsa.report.grid import Cell
from rempart.dsa.report.period import Period

HOURS_NOTE = "Median in hours"


@dataclass(frozen=True, slots=True)
class Heading:
    """What every row of a sheet starts with."""

    service: str
    period: Period


@dataclass(slots=True)
class Sheet:
    name: str
    columns: tuple[str, ...]
    rows: list[list[Cell]]

    def column(self, header: str) -> int:
        return self.columns.index(header)
