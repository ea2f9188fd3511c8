"""The scenario's clock: its time span, fast UTC formatting from integer seconds, X-style snowflake ids.

Formatting a timestamp is on the hot path (two strings per post), so the day prefix is cached and the
time of day comes from precomputed tables instead of `datetime.strftime`.
"""

from __future__ import annotations

from datetime import UTC, datetime

SCENARIO_START = int(datetime(2024, 8, 1, tzinfo=UTC).timestamp())
SCENARIO_END = int(datetime(2024, 11, 1, tzinfo=UTC).timestamp())
SCENARIO_HOURS = (SCENARIO_END - SCENARIO_START) // 3600

# X (Twitter) snowflake ids count milliseconds from this epoch in their top 41 bits.
SNOWFLAKE_EPOCH_MS = 1288834974657
_SECONDS = tuple(f"{second:02d}" for second in range(60))
_CLOCK = tuple(f"{hour:02d}:{minute:02d}:" for hour in range(24) for minute in range(60))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    """Seconds since the Unix epoch for a UTC wall-clock time."""
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp())


class TimeFormatter:
    """`2024-08-12T20:14:05Z` (canonical) and `2024-08-12T20:14:05.000Z` (X API v2) from integer seconds."""

    __slots__ = ("_days",)

    def __init__(self) -> None:
        self._days: dict[int, str] = {}

    def _day(self, day: int) -> str:
        prefix = self._days.get(day)
        if prefix is None:
            prefix = datetime.fromtimestamp(day * 86_400, UTC).strftime("%Y-%m-%dT")
            self._days[day] = prefix
        return prefix

    def stem(self, seconds: int) -> str:
        """`2024-08-12T20:14:05`: add `Z` for the canonical form, `.000Z` for X API v2."""
        day, rest = divmod(seconds, 86_400)
        return self._day(day) + _CLOCK[rest // 60] + _SECONDS[rest % 60]

    def iso(self, seconds: int) -> str:
        day, rest = divmod(seconds, 86_400)
        return self._day(day) + _CLOCK[rest // 60] + _SECONDS[rest % 60] + "Z"

    def x_v2(self, seconds: int) -> str:
        day, rest = divmod(seconds, 86_400)
        return self._day(day) + _CLOCK[rest // 60] + _SECONDS[rest % 60] + ".000Z"


def snowflake(milliseconds: int, sequence: int) -> int:
    """An X-style id: the time in its high bits, `sequence` (< 2**22) in the low bits, so ids sort by time."""
    return ((milliseconds - SNOWFLAKE_EPOCH_MS) << 22) | (sequence & 0x3FFFFF)


def iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
