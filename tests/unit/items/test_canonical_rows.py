"""The direct path from a canonical record to its row agrees with `Item` validation on every record.

`item_row` may decline any record (None); when it does build a row, `Item` must accept the record and
`RowBuilder.item` must give the very same row, on both backends.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rempart.demo.service import generate
from rempart.items.adapters.base import Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.canonical_rows import item_row
from rempart.items.rows import RowBuilder, RowKind
from rempart.items.schemas import NUL_CHECKED, Item

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
BUILDERS = (RowBuilder(sqlite=True, now=NOW), RowBuilder(sqlite=False, now=NOW))
PLAIN = {
    "platform": "x",
    "id": "1818798801654120448",
    "author_id": "89959095569768272",
    "created_at": "2024-08-01T00:00:00Z",
    "text": "Cette remontée à la dernière minute 😬 #JO",
    "language": "fr",
    "urls": ["https://www.eurowire-news.example/19936/6-JprGLv"],
    "mentions": [],
    "hashtags": ["JO"],
    "media": [{"kind": "image", "url": "https://pbs.twimg.com/media/a.jpg", "pdq": "f" * 64}],
    "reply_to": "1818798801654120000",
    "country_hints": ["fr"],
    "raw": "{}",
}

# What JSON can give: any text but NUL (refused before this path) and lone surrogates (invalid JSON).
no_nul = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12)
anything = st.one_of(st.none(), st.integers(), st.booleans(), st.floats(allow_nan=False), no_nul)
timestamps = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ").rjust(20, "0")
    ),
    st.sampled_from(
        [
            "2024-02-30T10:00:00Z",
            "2024-08-12T24:00:00Z",
            "2024-08-12T20:14:60Z",
            "2024-W33-1T20:14:05Z",
            "2024-08-12 20:14:05Z",
            "2024-08-12T20:14:05+02:00",
            "2024-08-12T20:14:05.250Z",
            "0000-01-01T00:00:00Z",
            "２０２４-08-12T20:14:05Z",
        ]
    ),
    anything,
)
strings = st.lists(st.one_of(no_nul, st.sampled_from(["#", "##tag", "el", "EL", "de", "DEU", "f", "é"])), max_size=3)
lists = st.one_of(strings, st.lists(anything, max_size=2), anything)
languages = st.one_of(st.sampled_from(["en", "fr", "en-GB", "EN", "pt_BR", "und", "zxx", "", "english", "é"]), anything)
digests = st.one_of(st.none(), st.just("a" * 64), st.just("A" * 64), st.just("a" * 64 + "\n"), no_nul)
attachments = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.one_of(st.sampled_from(["image", "video", "gif", "audio", "other", "photo"]), anything),
        "url": st.one_of(st.none(), no_nul, st.integers()),
        "sha256": digests,
        "pdq": digests,
        "pdq_quality": st.one_of(st.none(), st.integers(-5, 105), st.booleans(), st.just(50.0)),
        "hash": no_nul,
    },
)
long_text = st.text(alphabet="aé", min_size=250, max_size=260)
identifiers = st.one_of(no_nul, long_text, st.integers(), st.none())
FIELD_VALUES = {
    "platform": st.one_of(
        st.sampled_from(["x", "mastodon"]), st.text(alphabet="xé", min_size=60, max_size=70), identifiers
    ),
    "id": identifiers,
    "author_id": identifiers,
    "created_at": timestamps,
    "text": st.one_of(no_nul, anything),
    "language": languages,
    "urls": lists,
    "mentions": lists,
    "hashtags": lists,
    "media": st.one_of(st.lists(attachments, max_size=2), anything),
    "reply_to": identifiers,
    "repost_of": identifiers,
    "quote_of": identifiers,
    "country_hints": lists,
    "deleted_at": st.one_of(st.none(), timestamps),
    "raw": st.one_of(st.none(), no_nul, st.integers()),
    "kind": st.just("item"),
    "extra": no_nul,
}
records = st.fixed_dictionaries({}, optional=FIELD_VALUES)


def _validated_row(record: dict[str, Any], rows: RowBuilder) -> tuple[Any, ...] | None:
    try:
        return rows.item(Item.model_validate(record, context=NUL_CHECKED))
    except ValidationError:
        return None


def _agree(record: dict[str, Any]) -> None:
    for rows in BUILDERS:
        direct = item_row(dict(record), rows)
        if direct is not None:
            assert direct == _validated_row(record, rows)


@settings(max_examples=400, deadline=None)
@given(records)
def test_a_direct_row_is_the_validated_row(record: dict[str, Any]) -> None:
    _agree(record)


@settings(max_examples=1500, deadline=None)
@given(st.data(), st.sets(st.sampled_from(sorted(FIELD_VALUES)), min_size=1, max_size=2), st.booleans())
def test_a_plain_record_with_one_or_two_fields_changed_agrees(
    data: st.DataObject, changed: set[str], drop: bool
) -> None:
    # One or two fields away from the plain shape: removed, or given another value.
    record = dict(PLAIN)
    for name in sorted(changed):
        if drop:
            record.pop(name, None)
        else:
            record[name] = data.draw(FIELD_VALUES[name], label=name)
    _agree(record)


def test_plain_records_take_the_direct_path() -> None:
    for rows in BUILDERS:
        direct = item_row(dict(PLAIN), rows)
        assert direct is not None
        assert direct == _validated_row(PLAIN, rows)


def test_every_demo_post_takes_the_direct_path_to_the_validated_row(tmp_path: Path) -> None:
    generate(tmp_path, 2_000, seed=5, workers=1)
    data = (tmp_path / "items.jsonl").read_bytes()
    rows = BUILDERS[0]
    prepared = list(CanonicalJsonlAdapter().read_rows(io.BytesIO(data), rows))
    assert len(prepared) == 2_000
    for line, record in zip(data.splitlines(), prepared, strict=True):
        assert not isinstance(record, Rejected)
        assert record[1] == RowKind.ITEM
        fields = orjson.loads(line)
        assert item_row({**fields, "raw": line.decode()}, rows) == record[3]
        assert record[3] == _validated_row({**fields, "raw": line.decode()}, rows)


MEDIA = PLAIN["media"][0]  # type: ignore[index]
EDGES = [
    {"platform": "p" * 64},
    {"platform": "p" * 65},
    {"platform": ""},
    {"id": "9" * 256},
    {"id": "9" * 257},
    {"author_id": 89959095569768272},
    {"reply_to": ""},
    {"quote_of": "q" * 257},
    *({"created_at": moment} for moment in ["2024-02-29T23:59:59Z", "2023-02-29T10:00:00Z", "2024-08-12T20:14:05"]),
    *({"language": code} for code in ["en-GB", "EN", "und", "", "english", None, 7]),
    *({"hashtags": tags} for tags in [["#JO", "#"], ["JO", 1], "JO"]),
    *({"country_hints": codes} for codes in [["el", "De"], ["DEU"], [None]]),
    *({"media": [{**MEDIA, "pdq": pdq}]} for pdq in ["A" * 64, "a" * 63, "a" * 64 + "\n", None]),
    *({"media": [{**MEDIA, "pdq_quality": quality}]} for quality in [0, 100, 101, True, 50.0]),
    {"media": [{**MEDIA, "kind": "photo"}]},
    {"media": [{"url": None}]},
    {"media": [{**MEDIA, "sha256": "b" * 64}, {"kind": "video"}]},
    {"deleted_at": "2024-08-12T20:14:05Z"},
    {"raw": None},
    {"text": None},
]


@pytest.mark.parametrize("change", EDGES, ids=lambda change: repr(change)[:60])
def test_edge_records_agree_and_wrong_ones_are_declined(change: dict[str, Any]) -> None:
    record = {**PLAIN, **change}
    for rows in BUILDERS:
        direct = item_row(dict(record), rows)
        validated = _validated_row(record, rows)
        if validated is None:
            assert direct is None
        elif direct is not None:
            assert direct == validated
