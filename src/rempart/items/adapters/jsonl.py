"""Rempart's canonical JSON Lines: one `Item` per line, optionally with its `account` inline.

A line is an object with the `Item` fields; an optional `"account": {...}` carries the author's
`Account`. A line with `"kind": "account"` is an `Account` on its own (the demo's `accounts.jsonl`).
When `raw` is absent, the line itself is kept as the verbatim source record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

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
from rempart.items.schemas import NUL_CHECKED, Account, Item


class CanonicalJsonlAdapter:
    format_name = "jsonl"

    def read(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]:
        for number, line in numbered_lines(stream):
            yield self.parse_line(number, line)

    @staticmethod
    def parse_line(number: int, line: bytes) -> Parsed | Rejected:
        read = read_json_line(number, line)
        if isinstance(read, Rejected):
            return read
        text, record = read
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
