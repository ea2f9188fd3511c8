"""Canonical item records straight to rows, without building an `Item`, when they have the plain shape.

Validating each record into an `Item` was half of a parsing process's time in bulk ingest. Most canonical
records have one plain shape: every field of its JSON type, `created_at` as `YYYY-MM-DDTHH:MM:SSZ`, a bare
language code, no deletion and no account inline. For those, `item_row` checks each field by the same rules
as `Item` (the shared functions of `items.schemas`) and builds the row `RowBuilder.item` would build. Any
other record, right or wrong, gets None and goes through `Item` validation, which also names the field
that is wrong. The tests hold the two paths to the same rows and the same verdicts.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from rempart.items.rows import Row, RowBuilder, dumps_text
from rempart.items.schemas import Item, Media, MediaKind, country_codes, hashtags_without_hash, language_code

_ITEM_FIELDS = frozenset(Item.model_fields)
_MEDIA_FIELDS = frozenset(Media.model_fields)
_MEDIA_KINDS = frozenset(kind.value for kind in MediaKind)
_HEX_DIGEST = re.compile("[0-9a-f]{64}")
# The one timestamp shape taken here: UTC to the second (anything else goes through `Item`).
_UTC_SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_NONE: list[str] = []  # the default of the list fields (only read)


def item_row(record: dict[str, Any], rows: RowBuilder) -> Row | None:
    """`rows.item(Item.model_validate(record))` for a record in the plain shape; None for any other record.

    The record's text fields must be known to hold no NUL character (the caller checks its source). This
    runs for every record of a bulk ingest, hence a flat function with few calls."""
    if not record.keys() <= _ITEM_FIELDS:
        return None
    get = record.get
    platform, item_id, author_id, created = get("platform"), get("id"), get("author_id"), get("created_at")
    if not (type(platform) is str and type(item_id) is str and type(author_id) is str and type(created) is str):
        return None
    if not (0 < len(platform) <= 64 and 0 < len(item_id) <= 256 and 0 < len(author_id) <= 256):
        return None
    if not _utc_second(created):
        return None
    text, language, raw = get("text", ""), get("language"), get("raw")
    if type(text) is not str or get("deleted_at") is not None or not (raw is None or type(raw) is str):
        return None
    if not (language is None or type(language) is str):
        return None
    references = get("reply_to"), get("repost_of"), get("quote_of")
    for reference in references:
        if reference is not None and not (type(reference) is str and 0 < len(reference) <= 256):
            return None
    urls, mentions = get("urls", _NONE), get("mentions", _NONE)
    hashtags, countries = get("hashtags", _NONE), get("country_hints", _NONE)
    if not _lists_of_strings(urls, mentions, hashtags, countries):
        return None
    media = get("media", _NONE)
    media_json = _media_json(media) if media else "[]"
    if media_json is None or type(media) is not list:
        return None
    try:
        fields = {
            "platform": platform,
            "id": item_id,
            "author_id": author_id,
            "text": text,
            "language": language_code(language),
            "urls": urls,
            "mentions": mentions,
            "hashtags": hashtags_without_hash(hashtags) if hashtags else hashtags,
            "reply_to": references[0],
            "repost_of": references[1],
            "quote_of": references[2],
            "country_hints": country_codes(countries) if countries else countries,
            "deleted_at": None,
            "raw": raw,
        }
    except ValueError:
        return None
    return rows.item_row(fields, created[:19] + "+00:00", media_json)


def _utc_second(value: str) -> bool:
    """Whether VALUE is a real moment written `YYYY-MM-DDTHH:MM:SSZ` (no 30 February, no hour 24)."""
    if _UTC_SECOND.fullmatch(value) is None:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _lists_of_strings(*lists: object) -> bool:
    for values in lists:
        if type(values) is not list:
            return False
        for value in values:
            if type(value) is not str:
                return False
    return True


def _media_json(media: object) -> str | None:
    """The media as `Media.model_dump(exclude_none=True, mode="json")` gives them, as JSON."""
    if type(media) is not list:
        return None
    if not media:
        return "[]"
    dumped = []
    for attachment in media:
        if type(attachment) is not dict or not attachment.keys() <= _MEDIA_FIELDS:
            return None
        kind = attachment.get("kind", MediaKind.OTHER.value)
        url, sha256, pdq = attachment.get("url"), attachment.get("sha256"), attachment.get("pdq")
        quality = attachment.get("pdq_quality")
        if type(kind) is not str or kind not in _MEDIA_KINDS or not (url is None or type(url) is str):
            return None
        if not (_digest_or_none(sha256) and _digest_or_none(pdq)):
            return None
        if not (quality is None or (type(quality) is int and 0 <= quality <= 100)):
            return None
        values = {"kind": kind, "url": url, "sha256": sha256, "pdq": pdq, "pdq_quality": quality}
        dumped.append({name: value for name, value in values.items() if value is not None})
    return dumps_text(dumped)


def _digest_or_none(value: object) -> bool:
    return value is None or (type(value) is str and _HEX_DIGEST.fullmatch(value) is not None)
