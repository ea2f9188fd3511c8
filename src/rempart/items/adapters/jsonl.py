"""Rempart's canonical JSON Lines: one `Item` per line, optionally with its `account` inline.

A line is an object with the `Item` fields; an optional `"account": {...}` carries the author's
`Account`. A line with `"kind": "account"` is an `Account` on its own (the demo's `accounts.jsonl`).
When `raw` is absent, the line itself is kept as the verbatim source record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from pydantic import ValidationError

from rempart.items.adapters.base import (
    Operation,
    Parsed,
    Rejected,
    describe_validation_error,
    numbered_lines,
    preview,
    read_json_line,
)
from rempart.items.canonical_rows import item_row
from rempart.items.rows import Prepared, RowBuilder, RowKind
from rempart.items.schemas import NUL_CHECKED, Account, Item


class CanonicalJsonlAdapter:
    format_name = "jsonl"

    def read(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]:
        for number, line in numbered_lines(stream):
            yield self.parse_line(number, line)

    def read_rows(self, stream: BinaryIO, rows: RowBuilder) -> Iterator[Prepared | Rejected]:
        """The records as rows, for bulk ingest: a plain item record becomes its row directly
        (`canonical_rows`), any other record is validated as `read` does."""
        for number, line in numbered_lines(stream):
            read = read_json_line(number, line)
            if isinstance(read, Rejected):
                yield read
                continue
            text, record = read
            if type(record) is dict and "kind" not in record and b"\\u0000" not in line:
                record.setdefault("raw", text)
                row = item_row(record, rows)
                if row is not None:
                    yield (number, RowKind.ITEM, (row[0], row[1]), row, ())
                    continue
            parsed = self.parse_record(number, line, text, record)
            yield parsed if isinstance(parsed, Rejected) else rows.prepare(parsed)

    @classmethod
    def parse_line(cls, number: int, line: bytes) -> Parsed | Rejected:
        read = read_json_line(number, line)
        if isinstance(read, Rejected):
            return read
        return cls.parse_record(number, line, *read)

    @staticmethod
    def parse_record(number: int, line: bytes, text: str, record: Any) -> Parsed | Rejected:
        """Validate one line's JSON value (`text` is the line decoded)."""
        if not isinstance(record, dict):
            return Rejected(number, f"expected a JSON object, got {type(record).__name__}", preview(line))
        kind = record.pop("kind", "item")
        record.setdefault("raw", text)
        # Strict JSON carries a NUL character only as the escape \u0000: without one, no field can hold it.
        context = None if b"\\u0000" in line else NUL_CHECKED
        if kind == "account":
            try:
                return Parsed(number, None, [Account.model_validate(record, context=context)])
            except ValidationError as error:
                return Rejected(number, describe_validation_error(error), preview(line))
        if kind != "item":
            return Rejected(number, f"kind: expected 'item' or 'account', got {kind!r}", preview(line))
        account_record = record.pop("account", None)
        try:
            item = Item.model_validate(record, context=context)
            accounts = [] if account_record is None else [Account.model_validate(account_record, context=context)]
        except ValidationError as error:
            return Rejected(number, describe_validation_error(error), preview(line))
        operation = Operation.DELETE if item.deleted_at is not None and not item.text else Operation.UPSERT
        return Parsed(number, item, accounts, operation)
