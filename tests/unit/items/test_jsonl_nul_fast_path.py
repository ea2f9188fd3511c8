"""The JSON Lines adapter skips the per-field NUL scans only when the line cannot hold a NUL character."""

from __future__ import annotations

import pytest

from rempart.items.adapters.base import Parsed, Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter

BASE = '{"platform":"x","id":"1","author_id":"a","created_at":"2024-08-12T20:14:05Z"'


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (',"text":"a\\u0000b"', "text"),
        (',"urls":["https://e.example/\\u0000"]', "urls"),
        (',"account":{"platform":"x","id":"a","handle":"h\\u0000"}', "handle"),
    ],
)
def test_an_escaped_nul_is_refused_naming_the_field(fields: str, field: str) -> None:
    record = CanonicalJsonlAdapter.parse_line(3, (BASE + fields + "}").encode())
    assert isinstance(record, Rejected)
    assert record.line == 3
    assert field in record.reason
    assert "NUL" in record.reason


def test_a_raw_nul_is_invalid_json() -> None:
    record = CanonicalJsonlAdapter.parse_line(1, (BASE + ',"text":"a\x00b"}').encode())
    assert isinstance(record, Rejected)
    assert record.reason.startswith("invalid JSON")


def test_an_escaped_backslash_before_u0000_is_plain_text() -> None:
    record = CanonicalJsonlAdapter.parse_line(1, (BASE + ',"text":"C:\\\\u0000"}').encode())
    assert isinstance(record, Parsed)
    assert record.item is not None
    assert record.item.text == "C:\\u0000"
