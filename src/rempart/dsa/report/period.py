"""A reporting period: whole days, first to last inclusive, in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from rempart.core.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Period:
    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidInput(f"the period ends ({self.last}) before it starts ({self.first})")

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=UTC)

    @property
    def label(self) -> str:
        """As the template writes it: `2025-07-01/2025-12-31`."""
        return f"{self.first.isoformat()}/{self.last.isoformat()}"

    def months(self) -> list[str]:
        """`YYYY-MM` of every month the period touches, in order."""
        months: list[str] = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def hours_between(earlier: datetime, later: datetime) -> float:
    return (later - earlier).total_seconds() / 3600
