"""Mastodon REST `Status` entities, as the statuses and timelines endpoints return them.

A file holds one Status per line (a line may also hold an array of them, one timeline page), or one JSON
document: an array of statuses (streamed item by item) or a single status. A reblog is two items: the
original status, and the reblog itself (its booster as author, `repost_of` the original).
`platform` defaults to `mastodon`; set it to the instance (e.g. `mastodon.social`) to keep instances apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from rempart.items.adapters.base import Parsed, Rejected, numbered_lines, preview, read_json_line
from rempart.items.adapters.fields import (
    JsonObject,
    RecordError,
    expect_object,
    join,
    make_account,
    make_item,
    objects,
    optional_int,
    optional_object,
    optional_str,
    required_str,
    strings_at,
)
from rempart.items.adapters.html_text import html_to_text
from rempart.items.adapters.streaming import Broken, Layout, document_objects, rewindable, sniff
from rempart.items.schemas import Account, Media, MediaKind

MEDIA_KINDS = {
    "image": MediaKind.IMAGE,
    "video": MediaKind.VIDEO,
    "gifv": MediaKind.GIF,
    "audio": MediaKind.AUDIO,
}
ITEM_SOURCES = {
    "id": "id",
    "author_id": "account.id",
    "created_at": "created_at",
    "text": "content",
    "language": "language",
    "urls": "content",
    "mentions": "mentions",
    "hashtags": "tags",
    "media": "media_attachments",
    "reply_to": "in_reply_to_id",
    "repost_of": "reblog.id",
}
ACCOUNT_SOURCES = {"handle": "acct"}
DOCUMENT_PREFIXES = frozenset({"", "item"})


class MastodonAdapter:
    format_name = "mastodon"

    def __init__(self, platform: str = "mastodon") -> None:
        self.platform = platform

    def read(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]:
        layout, stream = sniff(stream)
        if layout is Layout.LINES:
            yield from self._lines(stream)
            return
        stream = rewindable(stream)
        start = stream.tell()
        found_any = False
        for found in document_objects(stream, DOCUMENT_PREFIXES):
            if isinstance(found, Broken):
                if found_any:
                    yield Rejected(found.line, found.reason)
                else:
                    # Not a document after all (a line file whose first lines are broken): read it line by line.
                    stream.seek(start)
                    yield from self._lines(stream)
                return
            found_any = True
            path = f"[{found.index}]" if found.prefix == "item" else ""
            yield from self._with_reblog(found.line, path, found.value)

    def _lines(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]:
        for number, line in numbered_lines(stream):
            yield from self._line(number, line)

    def _line(self, number: int, line: bytes) -> Iterator[Parsed | Rejected]:
        read = read_json_line(number, line)
        if isinstance(read, Rejected):
            yield read
            return
        _, value = read
        if isinstance(value, list):
            for index, status in enumerate(value):
                yield from self._with_reblog(number, f"[{index}]", status)
        else:
            yield from self._with_reblog(number, "", value)

    def _with_reblog(self, line: int, path: str, value: Any) -> Iterator[Parsed | Rejected]:
        """The reblogged original first (when there is one), then the status itself."""
        if isinstance(value, dict) and isinstance(value.get("reblog"), dict):
            yield self._parse(line, join(path, "reblog"), value["reblog"])
        yield self._parse(line, path, value)

    def _parse(self, line: int, path: str, value: Any) -> Parsed | Rejected:
        try:
            status = expect_object(value, path)
            return self._status(line, path, status)
        except RecordError as error:
            return Rejected(line, str(error), preview(orjson.dumps(value)))

    def _status(self, line: int, path: str, status: JsonObject) -> Parsed:
        account_record = optional_object(status, "account", path)
        if account_record is None:
            raise RecordError(join(path, "account"), "missing")
        account = self._account(account_record, join(path, "account"))
        content = optional_str(status, "content", path)
        if content:
            body, links = html_to_text(content)
        else:
            body, links = optional_str(status, "text", path) or "", []
        spoiler = (optional_str(status, "spoiler_text", path) or "").strip()
        card = optional_object(status, "card", path)
        card_url = optional_str(card, "url", join(path, "card")) if card else None
        reblog = optional_object(status, "reblog", path)
        media = []
        for media_path, attachment in objects(status, "media_attachments", path):
            kind = MEDIA_KINDS.get(optional_str(attachment, "type", media_path) or "", MediaKind.OTHER)
            url = optional_str(attachment, "url", media_path) or optional_str(attachment, "remote_url", media_path)
            media.append(Media(kind=kind, url=url))
        item = make_item(
            path,
            ITEM_SOURCES,
            platform=self.platform,
            id=required_str(status, "id", path),
            author_id=account.id,
            created_at=required_str(status, "created_at", path),
            text=f"{spoiler}\n\n{body}".strip() if spoiler else body,
            language=optional_str(status, "language", path),
            urls=list(dict.fromkeys([*links, *([card_url] if card_url else [])])),
            mentions=strings_at(status, "mentions", "acct", path),
            hashtags=strings_at(status, "tags", "name", path),
            media=media,
            reply_to=optional_str(status, "in_reply_to_id", path),
            repost_of=required_str(reblog, "id", join(path, "reblog")) if reblog else None,
            raw=orjson.dumps(status).decode(),
        )
        return Parsed(line, item, [account])

    def _account(self, account: JsonObject, path: str) -> Account:
        return make_account(
            path,
            ACCOUNT_SOURCES,
            platform=self.platform,
            id=required_str(account, "id", path),
            handle=optional_str(account, "acct", path),
            display_name=optional_str(account, "display_name", path),
            created_at=optional_str(account, "created_at", path),
            followers_count=optional_int(account, "followers_count", path),
            following_count=optional_int(account, "following_count", path),
            raw=orjson.dumps(account).decode(),
        )
