"""PDQ hash lists in HMA's CSV shape: header or none, optional fields, bad lines with line and reason."""

from __future__ import annotations

from datetime import UTC, datetime

from rempart.detect.banks.hma_csv import BadRow, PdqRow, read_pdq_csv, write_pdq_csv

H1 = "acecf3355e3125c8e24e2f30e0d4ec4f8482b878b3c34cdbdf063278db275992"
H2 = "8fb70f36e1c4181e82fde7d0f80138430e1e31f07b628e31ccbb687e87e1f307"


def numbered(text: str) -> list[tuple[int, str]]:
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def test_hma_rows_without_header() -> None:
    rows = list(
        read_pdq_csv(numbered(f"{H1},2880742865368386,2020-07-31T18:47:52+0000,disputed media_type_photo\n{H2}\n"))
    )
    assert rows == [
        PdqRow(
            1, H1, "2880742865368386", datetime(2020, 7, 31, 18, 47, 52, tzinfo=UTC), ["disputed", "media_type_photo"]
        ),
        PdqRow(2, H2),
    ]


def test_header_is_skipped_and_bad_lines_are_named() -> None:
    text = (
        "hash,id,timestamp,tags\n"
        f"{H1.upper()},1\n"
        "not-a-hash,2\n"
        f"{H2[:-1]}\n"
        f"{H2},3,yesterday\n"
        f"{H2},3,2020-07-31T18:47:52+0000,a,b\n"
        '"unterminated\n'
        f"{H2},4,2021-01-01T00:00:00\n"
    )
    rows = list(read_pdq_csv(numbered(text)))
    assert [r.line for r in rows] == [2, 3, 4, 5, 6, 7, 8]
    assert isinstance(rows[0], PdqRow)
    assert rows[0].hash == H1
    bad = [r for r in rows if isinstance(r, BadRow)]
    assert [(b.line, b.reason.split(":")[0]) for b in bad] == [
        (3, "hash"),
        (4, "hash"),
        (5, "timestamp"),
        (6, "expected at most 4 columns (hash,id,timestamp,tags), got 5"),
        (7, "hash"),
    ]
    assert isinstance(rows[-1], PdqRow)
    assert rows[-1].source_id == "4"


def test_a_header_later_in_the_file_is_a_bad_line() -> None:
    rows = list(read_pdq_csv(numbered(f"{H1}\nhash,id\n")))
    assert isinstance(rows[1], BadRow)
    assert rows[1].line == 2


def test_export_then_import_round_trip() -> None:
    original = list(
        read_pdq_csv(
            numbered(f"{H1},2880742865368386,2020-07-31T18:47:52+0000,disputed media_type_photo\n{H2}\n{H2},,,x\n")
        )
    )
    exported = "".join(write_pdq_csv((r.hash, r.metadata()) for r in original if isinstance(r, PdqRow)))
    assert exported.splitlines() == [
        f"{H1},2880742865368386,2020-07-31T18:47:52+0000,disputed media_type_photo",
        H2,
        f"{H2},,,x",
    ]
    assert list(read_pdq_csv(numbered(exported))) == original
