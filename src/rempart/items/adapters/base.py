"""What every format adapter yields, and the line reader they share.

An adapter turns a byte stream into `Parsed` records (an item to upsert or delete, with the accounts the
source carried) and `Rejected` records (a line number and a one-line reason). It never raises on bad
input and never holds more than one record in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, BinaryIO, Protocol

import orjson
from pydantic import ValidationError

from rempart.items.schemas import Account, Item


class Operation(StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


@dataclass(slots=True)
class Parsed:
    """One record read: the item (a tombstone for deletes) and any accounts the record carried.

    `item` is None for a record that describes one account only: `accounts` then holds exactly that account.
    """

    line: int
    item: Item | None
    accounts: list[Account] = field(default_factory=list)
    operation: Operation = Operation.UPSERT


@dataclass(frozen=True, slots=True)
class Rejected:
    """One record that could not be read, with the line it started on and why."""

    line: int
    reason: str
    record: bytes = b""


class Adapter(Protocol):
    """A format reader: `read` streams a binary file into parsed and rejected records."""

    format_name: str

    def read(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]: ...


def numbered_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Non-blank lines with their 1-based line numbers, streamed."""
    for number, raw in enumerate(stream, start=1):
        line = raw.strip()
        if line:
            yield number, line


def decode_utf8(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_json_line(number: int, line: bytes) -> tuple[str, Any] | Rejected:
    """A line's text and its JSON value, or why the line is rejected (invalid UTF-8 or JSON)."""
    text = decode_utf8(line)
    if text is None:
        return Rejected(number, "invalid UTF-8", preview(line))
    try:
        return text, orjson.loads(line)  # the bytes: orjson would encode a non-ASCII str back to UTF-8
    except orjson.JSONDecodeError as error:
        return Rejected(number, f"invalid JSON: {one_line(str(error))}", preview(line))


def describe_validation_error(error: ValidationError) -> str:
    """A one-line reason that names each wrong field."""
    problems = []
    for detail in error.errors()[:5]:
        location = ".".join(str(part) for part in detail["loc"]) or "record"
        problems.append(f"{location}: {detail['msg']}")
    more = error.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def preview(line: bytes, limit: int = 2000) -> bytes:
    return line[:limit]


def flatten(records: Iterable[Iterable[Parsed | Rejected]]) -> Iterator[Parsed | Rejected]:
    for batch in records:
        yield from batch
