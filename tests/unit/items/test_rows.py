"""Row building: the SQLite time text cut from `isoformat()` is the one `RowBuilder.timestamp` writes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rempart.items.rows import RowBuilder, _sqlite_time


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 8, 12, 20, 14, 5, tzinfo=UTC),
        datetime(2024, 8, 12, 20, 14, 5, 250, tzinfo=UTC),
        datetime(999, 1, 2, 3, 4, 5, 999_999, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    ],
)
def test_sqlite_time_matches_the_timestamp_form(moment: datetime) -> None:
    expected = RowBuilder(sqlite=True, now=moment).timestamp(moment)
    assert _sqlite_time(moment.isoformat()) == expected
    assert expected == moment.strftime("%Y-%m-%d %H:%M:%S.%f").rjust(26, "0")
