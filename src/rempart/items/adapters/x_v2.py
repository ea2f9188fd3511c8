"""X API v2 responses (tweet lookup, search, timelines) with their `includes` expansions.

A file holds one response per line, or one response as a JSON document (pretty-printed or not). A document
is read twice, streamed both times: first for the `includes` (users, media, places) that tweets point to,
then for the tweets in `data` and `includes.tweets`, so memory holds the lookup tables, never the tweets.
Every tweet is an item; a bad tweet is rejected alone, with the line of the response (or, in a document,
the line where the tweet starts) and the path of the wrong field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

import orjson

from rempart.items.adapters.base import Parsed, Rejected, numbered_lines, one_line, preview, read_json_line
from rempart.items.adapters.fields import (
    JsonObject,
    RecordError,
    array,
    expect_object,
    join,
    make_account,
    make_item,
    objects,
    optional_bool,
    optional_int,
    optional_object,
    optional_str,
    required_str,
    strings_at,
    type_name,
)
from rempart.items.adapters.streaming import Broken, Layout, document_objects, rewindable, sniff
from rempart.items.schemas import Account, Media, MediaKind

MEDIA_KINDS = {"photo": MediaKind.IMAGE, "video": MediaKind.VIDEO, "animated_gif": MediaKind.GIF}
# A media key starts with the media's type: 3_ photo, 7_ video, 13_ amplify video, 16_ animated GIF.
MEDIA_KEY_KINDS = {"3": MediaKind.IMAGE, "7": MediaKind.VIDEO, "13": MediaKind.VIDEO, "16": MediaKind.GIF}
REFERENCE_FIELDS = {"replied_to": "reply_to", "retweeted": "repost_of", "quoted": "quote_of"}
TWITTER_EPOCH_MS = 1288834974657
ITEM_SOURCES = {
    "id": "id",
    "author_id": "author_id",
    "created_at": "created_at",
    "text": "text",
    "language": "lang",
    "urls": "entities.urls",
    "mentions": "entities.mentions",
    "hashtags": "entities.hashtags",
    "media": "attachments.media_keys",
    "reply_to": "referenced_tweets",
    "repost_of": "referenced_tweets",
    "quote_of": "referenced_tweets",
    "country_hints": "geo.place_id",
}
USER_SOURCES = {
    "handle": "username",
    "display_name": "name",
    "followers_count": "public_metrics.followers_count",
    "following_count": "public_metrics.following_count",
}
PASS_ONE = frozenset({"includes.users.item", "includes.media.item", "includes.places.item", "errors.item", "meta"})
PASS_TWO = frozenset({"data", "data.item", "includes.tweets.item"})


def snowflake_time(tweet_id: str, path: str) -> datetime:
    """When a tweet was posted, from its id (ids since 2010 carry their millisecond timestamp)."""
    if not tweet_id.isdigit() or int(tweet_id) < 1 << 22:
        raise RecordError(join(path, "created_at"), "missing")
    return datetime.fromtimestamp(((int(tweet_id) >> 22) + TWITTER_EPOCH_MS) / 1000, tz=UTC)


def errors_reason(errors: list[Any]) -> str:
    """The API's own words for why a response has no data."""
    texts = []
    for error in errors:
        if isinstance(error, dict):
            text = error.get("detail") or error.get("message") or error.get("title")
            texts.append(str(text) if text else orjson.dumps(error).decode())
        else:
            texts.append(str(error))
    return one_line("API error: " + "; ".join(texts) if texts else "API error")


@dataclass(slots=True)
class Includes:
    """The expansions of one response: users by id, media by key, country codes by place id.

    A user that cannot be read keeps its reason, so the tweets it wrote are rejected with it.
    """

    platform: str
    users: dict[str, Account | str] = field(default_factory=dict)
    media: dict[str, Media] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)

    def add(self, prefix: str, index: int, value: Any) -> None:
        kind = prefix.split(".")[1]
        path = f"includes.{kind}[{index}]"
        try:
            entry = expect_object(value, path)
            if kind == "users":
                user_id = required_str(entry, "id", path)
                try:
                    self.users[user_id] = self._account(entry, path)
                except RecordError as error:
                    self.users[user_id] = str(error)
            elif kind == "media":
                self.media[required_str(entry, "media_key", path)] = self._media(entry, path)
            else:
                code = optional_str(entry, "country_code", path)
                if code:
                    self.countries[required_str(entry, "id", path)] = code
        except RecordError:
            return  # an expansion nobody can point to (no id) changes no tweet

    def add_all(self, includes: JsonObject) -> None:
        for kind in ("users", "media", "places"):
            for index, value in enumerate(array(includes, kind, "includes")):
                self.add(f"includes.{kind}.item", index, value)

    def _account(self, user: JsonObject, path: str) -> Account:
        metrics = optional_object(user, "public_metrics", path) or {}
        metrics_path = join(path, "public_metrics")
        return make_account(
            path,
            USER_SOURCES,
            platform=self.platform,
            id=required_str(user, "id", path),
            handle=optional_str(user, "username", path),
            display_name=optional_str(user, "name", path),
            created_at=optional_str(user, "created_at", path),
            followers_count=optional_int(metrics, "followers_count", metrics_path),
            following_count=optional_int(metrics, "following_count", metrics_path),
            verified=bool(optional_bool(user, "verified", path)),
            verified_type=optional_str(user, "verified_type", path),
            raw=orjson.dumps(user).decode(),
        )

    @staticmethod
    def _media(entry: JsonObject, path: str) -> Media:
        media_type = optional_str(entry, "type", path)
        url = optional_str(entry, "url", path) or optional_str(entry, "preview_image_url", path)
        return Media(kind=MEDIA_KINDS.get(media_type or "", MediaKind.OTHER), url=url)

    def media_for(self, key: str) -> Media:
        known = self.media.get(key)
        if known is not None:
            return known
        return Media(kind=MEDIA_KEY_KINDS.get(key.split("_", maxsplit=1)[0], MediaKind.OTHER))

    def accounts_for(self, user_ids: list[str]) -> list[Account]:
        accounts = []
        for user_id in dict.fromkeys(user_ids):
            user = self.users.get(user_id)
            if isinstance(user, Account):
                accounts.append(user)
        return accounts


class XV2Adapter:
    format_name = "x-v2"

    def __init__(self, platform: str = "x") -> None:
        self.platform = platform

    def read(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]:
        layout, stream = sniff(stream)
        if layout is Layout.DOCUMENT:
            yield from self._document(rewindable(stream))
            return
        yield from self._lines(stream)

    def _lines(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]:
        for number, line in numbered_lines(stream):
            yield from self._response_line(number, line)

    def _response_line(self, number: int, line: bytes) -> Iterator[Parsed | Rejected]:
        read = read_json_line(number, line)
        if isinstance(read, Rejected):
            yield read
            return
        _, response = read
        if not isinstance(response, dict):
            yield Rejected(number, f"expected an X API v2 response object, got {type_name(response)}", preview(line))
            return
        includes = Includes(self.platform)
        try:
            includes.add_all(optional_object(response, "includes", "") or {})
            included_tweets = array(optional_object(response, "includes", "") or {}, "tweets", "includes")
            errors = array(response, "errors", "")
        except RecordError as error:
            yield Rejected(number, str(error), preview(line))
            return
        data = response.get("data")
        if data is None:
            if errors or response.get("meta") is None:
                yield Rejected(number, errors_reason(errors) if errors else "data: missing", preview(line))
            return
        tweets = [(f"data[{i}]", t) for i, t in enumerate(data)] if isinstance(data, list) else [("data", data)]
        tweets += [(f"includes.tweets[{i}]", tweet) for i, tweet in enumerate(included_tweets)]
        for path, tweet in tweets:
            yield self._parse(number, path, tweet, includes)

    def _document(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]:
        start = stream.tell()
        if not stream.read(4096).lstrip().startswith(b"{"):
            # Responses are objects: an array document is read line by line, each line rejected on its own.
            stream.seek(start)
            yield from self._lines(stream)
            return
        stream.seek(start)
        includes = Includes(self.platform)
        errors: list[Any] = []
        has_meta = False
        for found in document_objects(stream, PASS_ONE):
            if isinstance(found, Broken):
                break  # the second pass meets the same break and reports it where it is
            if found.prefix == "errors.item":
                errors.append(found.value)
            elif found.prefix == "meta":
                has_meta = True
            else:
                includes.add(found.prefix, found.index, found.value)
        stream.seek(start)
        tweets = 0
        for found in document_objects(stream, PASS_TWO):
            if isinstance(found, Broken):
                if tweets == 0:
                    # Not a document after all (a line file whose first lines are broken): read it line by line.
                    stream.seek(start)
                    yield from self._lines(stream)
                else:
                    yield Rejected(found.line, found.reason)
                return
            tweets += 1
            path = {"data": "data", "data.item": f"data[{found.index}]"}.get(
                found.prefix, f"includes.tweets[{found.index}]"
            )
            yield self._parse(found.line, path, found.value, includes)
        if tweets == 0 and (errors or not has_meta):
            yield Rejected(1, errors_reason(errors) if errors else "data: missing")

    def _parse(self, line: int, path: str, tweet: Any, includes: Includes) -> Parsed | Rejected:
        try:
            return self._tweet(line, path, expect_object(tweet, path), includes)
        except RecordError as error:
            return Rejected(line, str(error), preview(orjson.dumps(tweet)))

    def _tweet(self, line: int, path: str, tweet: JsonObject, includes: Includes) -> Parsed:
        tweet_id = required_str(tweet, "id", path)
        author_id = required_str(tweet, "author_id", path)
        author = includes.users.get(author_id)
        if isinstance(author, str):
            raise RecordError("", f"{join(path, 'author_id')}: its user is unreadable: {author}")
        note = optional_object(tweet, "note_tweet", path)
        long_text = optional_str(note, "text", join(path, "note_tweet")) if note else None
        entities = optional_object(tweet, "entities", path) or {}
        entities_path = join(path, "entities")
        urls = []
        for url_path, url in objects(entities, "urls", entities_path):
            target = (
                optional_str(url, "unwound_url", url_path)
                or optional_str(url, "expanded_url", url_path)
                or optional_str(url, "url", url_path)
            )
            if target:
                urls.append(target)
        mention_ids = strings_at(entities, "mentions", "id", entities_path)
        attachments = optional_object(tweet, "attachments", path) or {}
        media = []
        for index, key in enumerate(array(attachments, "media_keys", join(path, "attachments"))):
            if not isinstance(key, str):
                where = join(join(path, "attachments.media_keys"), index)
                raise RecordError(where, f"expected a string, got {type_name(key)}")
            media.append(includes.media_for(key))
        geo = optional_object(tweet, "geo", path) or {}
        place_id = optional_str(geo, "place_id", join(path, "geo"))
        country = includes.countries.get(place_id) if place_id else None
        references: dict[str, str] = {}
        for ref_path, reference in objects(tweet, "referenced_tweets", path):
            field_name = REFERENCE_FIELDS.get(required_str(reference, "type", ref_path))
            if field_name:
                references[field_name] = required_str(reference, "id", ref_path)
        created_at = optional_str(tweet, "created_at", path) or snowflake_time(tweet_id, path)
        item = make_item(
            path,
            ITEM_SOURCES,
            platform=self.platform,
            id=tweet_id,
            author_id=author_id,
            created_at=created_at,
            text=long_text or optional_str(tweet, "text", path) or "",
            language=optional_str(tweet, "lang", path),
            urls=list(dict.fromkeys(urls)),
            mentions=strings_at(entities, "mentions", "username", entities_path),
            hashtags=strings_at(entities, "hashtags", "tag", entities_path),
            media=media,
            country_hints=[country] if country else [],
            raw=orjson.dumps(tweet).decode(),
            **references,
        )
        return Parsed(line, item, includes.accounts_for([author_id, *mention_ids]))
