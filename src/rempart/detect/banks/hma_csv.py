"""PDQ hash lists in the CSV shape of Meta's Hasher-Matcher-Actioner and python-threatexchange.

HMA's sample bank data and pytx's `HMASerialization` write one signal per row, without a header:

    hash,id,timestamp,tags
    acecf3355e3125c8...,2880742865368386,2020-07-31T18:47:52+0000,media_priority_samples media_type_photo

`hash` is the 64-hex-digit PDQ hash; the other columns are optional (the source's id for the signal, when it
was added, space-separated tags). A first row whose first field is a column name (`hash`, `pdq`,
`signal`, `hash_value`, `indicator`) is taken as a header. A bare hash per line is accepted too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from rempart.detect.banks.pdq import is_pdq_hex

HEADER_NAMES = frozenset({"hash", "pdq", "pdq_hash", "signal", "signal_value", "hash_value", "indicator"})
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


@dataclass(frozen=True, slots=True)
class PdqRow:
    """One PDQ hash read from a list, with the optional fields HMA carries."""

    line: int
    hash: str
    source_id: str | None = None
    timestamp: datetime | None = None
    tags: list[str] = field(default_factory=list)

    def metadata(self) -> dict[str, object]:
        values: dict[str, object] = {}
        if self.source_id:
            values["source_id"] = self.source_id
        if self.timestamp is not None:
            values["timestamp"] = self.timestamp.strftime(TIMESTAMP_FORMAT)
        if self.tags:
            values["tags"] = self.tags
        return values


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str


def parse_row(line_number: int, fields: list[str]) -> PdqRow | BadRow:
    """One CSV row as a PDQ hash with its optional fields, or the reason it is not one."""
    fields = [f.strip() for f in fields]
    if len(fields) > 4:
        return BadRow(line_number, f"expected at most 4 columns (hash,id,timestamp,tags), got {len(fields)}")
    value = fields[0].lower()
    if not is_pdq_hex(value):
        return BadRow(line_number, "hash: not a PDQ hash (64 hexadecimal digits)")
    source_id = fields[1] if len(fields) > 1 and fields[1] else None
    timestamp = None
    if len(fields) > 2 and fields[2]:
        try:
            timestamp = datetime.strptime(fields[2], TIMESTAMP_FORMAT)
        except ValueError:
            try:
                timestamp = datetime.fromisoformat(fields[2])
            except ValueError:
                return BadRow(line_number, f"timestamp: not a date and time: {fields[2][:40]!r}")
    tags = fields[3].split() if len(fields) > 3 else []
    return PdqRow(line_number, value, source_id, timestamp, tags)


class PdqCsvReader:
    """Reads HMA's PDQ CSV line by line; a header line, if it comes first, is skipped."""

    def __init__(self) -> None:
        self._first = True

    def read_line(self, number: int, text: str) -> PdqRow | BadRow | None:
        first, self._first = self._first, False
        try:
            fields = next(csv.reader([text]))
        except (csv.Error, StopIteration) as error:
            return BadRow(number, f"not a CSV row: {error}")
        if first and fields and fields[0].strip().lower() in HEADER_NAMES:
            return None
        return parse_row(number, fields)


def read_pdq_csv(lines: Iterable[tuple[int, str]]) -> Iterator[PdqRow | BadRow]:
    """Rows from numbered text lines (blank lines already left out)."""
    reader = PdqCsvReader()
    for number, text in lines:
        row = reader.read_line(number, text)
        if row is not None:
            yield row


def write_pdq_csv(rows: Iterable[tuple[str, dict[str, object]]]) -> Iterator[str]:
    """HMA's CSV lines (no header) for `(hash, metadata)` pairs; metadata as `PdqRow.metadata` makes it."""
    for pdq_hash, metadata in rows:
        buffer = io.StringIO()
        tags = metadata.get("tags") or []
        fields = [
            pdq_hash,
            str(metadata.get("source_id") or ""),
            str(metadata.get("timestamp") or ""),
            " ".join(str(t) for t in tags) if isinstance(tags, list) else "",
        ]
        while fields[-1] == "":
            fields.pop()
        csv.writer(buffer, lineterminator="\n").writerow(fields)
        yield buffer.getvalue()
