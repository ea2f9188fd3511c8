"""Typed reads of decoded JSON that name the field that is wrong.

Every platform adapter walks nested JSON. These helpers read one field with the type the format
documents and raise `RecordError` with the full path (`data[3].author_id: missing`) otherwise, so each
reject reason says exactly what to fix.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from rempart.items.schemas import Account, Item

JsonObject = dict[str, Any]


class RecordError(Exception):
    """One field of one record is wrong: `path: problem`."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def type_name(value: object) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}.get(
        type(value), type(value).__name__
    )


def expect_object(value: object, path: str) -> JsonObject:
    if not isinstance(value, dict):
        raise RecordError(path, f"expected an object, got {type_name(value)}")
    return value


def optional_object(record: JsonObject, key: str, path: str) -> JsonObject | None:
    value = record.get(key)
    return None if value is None else expect_object(value, join(path, key))


def required_str(record: JsonObject, key: str, path: str) -> str:
    value = record.get(key)
    if value is None:
        raise RecordError(join(path, key), "missing")
    if not isinstance(value, str):
        raise RecordError(join(path, key), f"expected a string, got {type_name(value)}")
    if not value:
        raise RecordError(join(path, key), "empty")
    return value


def optional_str(record: JsonObject, key: str, path: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(join(path, key), f"expected a string, got {type_name(value)}")
    return value


def optional_int(record: JsonObject, key: str, path: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(join(path, key), f"expected an integer, got {type_name(value)}")
    return value


def optional_bool(record: JsonObject, key: str, path: str) -> bool | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise RecordError(join(path, key), f"expected a boolean, got {type_name(value)}")
    return value


def array(record: JsonObject, key: str, path: str) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(join(path, key), f"expected an array, got {type_name(value)}")
    return value


def objects(record: JsonObject, key: str, path: str) -> list[tuple[str, JsonObject]]:
    """The objects of an array field, each with its own path."""
    where = join(path, key)
    return [(join(where, i), expect_object(entry, join(where, i))) for i, entry in enumerate(array(record, key, path))]


def strings_at(record: JsonObject, key: str, field: str, path: str) -> list[str]:
    """`record[key][*][field]` as strings, skipping entries that lack the field."""
    found = []
    for entry_path, entry in objects(record, key, path):
        value = optional_str(entry, field, entry_path)
        if value:
            found.append(value)
    return found


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def from_microseconds(value: object, path: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(path, f"expected an integer of microseconds, got {type_name(value)}")
    try:
        return datetime.fromtimestamp(value / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordError(path, f"not a time: {value}") from None


def _reason(error: ValidationError, path: str, sources: dict[str, str]) -> str:
    """`source.path: problem` for the first wrong field, mapping canonical names to the source's paths."""
    detail = error.errors()[0]
    location = [str(part) for part in detail["loc"]]
    head = join(path, sources.get(location[0], location[0])) if location else path
    where = ".".join([head, *location[1:]]) if head else "record"
    return f"{where}: {detail['msg']}"


def make_item(path: str, sources: dict[str, str], **fields: Any) -> Item:
    """Validate canonical item fields; `sources` maps each field to where, under `path`, the source had it."""
    try:
        return Item.model_validate(fields)
    except ValidationError as error:
        raise RecordError("", _reason(error, path, sources)) from None


def make_account(path: str, sources: dict[str, str], **fields: Any) -> Account:
    try:
        return Account.model_validate(fields)
    except ValidationError as error:
        raise RecordError("", _reason(error, path, sources)) from None
