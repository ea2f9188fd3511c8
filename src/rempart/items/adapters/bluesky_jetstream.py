"""Bluesky Jetstream events, one JSON event per line (as Jetstream sends them over its websocket).

Post commits (`kind: "commit"`, collection `app.bsky.feed.post`) are items: `create` and `update` upsert,
`delete` tombstones the post at the event's time. An item's id is the post's AT-URI and its author the
repository's DID. Every other event (identity, account, likes, follows…) is rejected with a one-line
reason, so `read = stored + duplicate + rejected` counts the whole stream and nothing vanishes unseen.
Images and videos point at Bluesky's CDN by the author's DID and the blob's CID.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from rempart.items.adapters.base import Operation, Parsed, Rejected, numbered_lines, one_line, preview, read_json_line
from rempart.items.adapters.fields import (
    JsonObject,
    RecordError,
    array,
    expect_object,
    from_microseconds,
    join,
    make_item,
    objects,
    optional_object,
    optional_str,
    required_str,
    type_name,
)
from rempart.items.schemas import Media, MediaKind

POST = "app.bsky.feed.post"
IMAGE_URL = "https://cdn.bsky.app/img/feed_fullsize/plain/{did}/{cid}@jpeg"
VIDEO_URL = "https://video.bsky.app/watch/{did}/{cid}/playlist.m3u8"
ITEM_SOURCES = {
    "id": "commit.rkey",
    "author_id": "did",
    "created_at": "commit.record.createdAt",
    "text": "commit.record.text",
    "language": "commit.record.langs[0]",
    "urls": "commit.record.facets",
    "mentions": "commit.record.facets",
    "hashtags": "commit.record.facets",
    "media": "commit.record.embed",
    "reply_to": "commit.record.reply.parent.uri",
    "quote_of": "commit.record.embed",
    "deleted_at": "time_us",
}


@dataclass(slots=True)
class _Links:
    """What a post's facets and embed point to."""

    urls: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    quote_of: str | None = None


def _blob_cid(blob: Any, path: str) -> str:
    """The CID of a blob: `{"ref": {"$link": cid}}`, or the legacy `{"cid": cid}`."""
    blob = expect_object(blob, path)
    ref = optional_object(blob, "ref", path)
    if ref is not None:
        return required_str(ref, "$link", join(path, "ref"))
    return required_str(blob, "cid", path)


def _strong_ref_uri(container: JsonObject, path: str) -> str:
    ref = optional_object(container, "record", path)
    if ref is None:
        raise RecordError(join(path, "record"), "missing")
    return required_str(ref, "uri", join(path, "record"))


def _read_embed(embed: JsonObject, path: str, did: str, links: _Links) -> None:
    embed_type = optional_str(embed, "$type", path)
    if embed_type == "app.bsky.embed.images":
        for image_path, image in objects(embed, "images", path):
            cid = _blob_cid(image.get("image"), join(image_path, "image"))
            links.media.append(Media(kind=MediaKind.IMAGE, url=IMAGE_URL.format(did=did, cid=cid)))
    elif embed_type == "app.bsky.embed.video":
        cid = _blob_cid(embed.get("video"), join(path, "video"))
        links.media.append(Media(kind=MediaKind.VIDEO, url=VIDEO_URL.format(did=did, cid=cid)))
    elif embed_type == "app.bsky.embed.external":
        external = optional_object(embed, "external", path)
        uri = optional_str(external, "uri", join(path, "external")) if external else None
        if uri:
            links.urls.append(uri)
    elif embed_type == "app.bsky.embed.record":
        links.quote_of = _strong_ref_uri(embed, path)
    elif embed_type == "app.bsky.embed.recordWithMedia":
        for part in ("record", "media"):
            inner = optional_object(embed, part, path)
            if inner is not None:
                _read_embed(inner, join(path, part), did, links)


def _read_facets(record: JsonObject, path: str, links: _Links) -> None:
    for facet_path, facet in objects(record, "facets", path):
        for feature_path, feature in objects(facet, "features", facet_path):
            feature_type = optional_str(feature, "$type", feature_path)
            if feature_type == "app.bsky.richtext.facet#link":
                links.urls.append(required_str(feature, "uri", feature_path))
            elif feature_type == "app.bsky.richtext.facet#mention":
                links.mentions.append(required_str(feature, "did", feature_path))
            elif feature_type == "app.bsky.richtext.facet#tag":
                links.hashtags.append(required_str(feature, "tag", feature_path))


class BlueskyJetstreamAdapter:
    format_name = "bluesky-jetstream"

    def __init__(self, platform: str = "bluesky") -> None:
        self.platform = platform

    def read(self, stream: BinaryIO) -> Iterator[Parsed | Rejected]:
        for number, line in numbered_lines(stream):
            yield self.parse_line(number, line)

    def parse_line(self, number: int, line: bytes) -> Parsed | Rejected:
        read = read_json_line(number, line)
        if isinstance(read, Rejected):
            return read
        text, event = read
        try:
            return self._event(number, expect_object(event, ""), text)
        except RecordError as error:
            return Rejected(number, one_line(str(error)), preview(line))

    def _event(self, number: int, event: JsonObject, text: str) -> Parsed:
        kind = required_str(event, "kind", "")
        if kind != "commit":
            raise RecordError("", f"not a post: {kind} event")
        commit = optional_object(event, "commit", "")
        if commit is None:
            raise RecordError("commit", "missing")
        collection = required_str(commit, "collection", "commit")
        if collection != POST:
            raise RecordError("", f"not a post: commit {collection}")
        did = required_str(event, "did", "")
        uri = f"at://{did}/{POST}/{required_str(commit, 'rkey', 'commit')}"
        if event.get("time_us") is None:
            raise RecordError("time_us", "missing")
        event_time = from_microseconds(event["time_us"], "time_us")
        operation = required_str(commit, "operation", "commit")
        if operation == "delete":
            tombstone = make_item(
                "",
                ITEM_SOURCES,
                platform=self.platform,
                id=uri,
                author_id=did,
                created_at=event_time,
                deleted_at=event_time,
                raw=text,
            )
            return Parsed(number, tombstone, [], Operation.DELETE)
        if operation not in ("create", "update"):
            raise RecordError("commit.operation", f"expected create, update or delete, got {operation!r}")
        record = optional_object(commit, "record", "commit")
        if record is None:
            raise RecordError("commit.record", "missing")
        path = "commit.record"
        links = _Links()
        _read_facets(record, path, links)
        embed = optional_object(record, "embed", path)
        if embed is not None:
            _read_embed(embed, join(path, "embed"), did, links)
        for index, tag in enumerate(array(record, "tags", path)):
            if not isinstance(tag, str):
                raise RecordError(join(join(path, "tags"), index), f"expected a string, got {type_name(tag)}")
            links.hashtags.append(tag)
        langs = array(record, "langs", path)
        if langs and not isinstance(langs[0], str):
            raise RecordError(join(path, "langs[0]"), f"expected a string, got {type_name(langs[0])}")
        reply = optional_object(record, "reply", path)
        parent = optional_object(reply, "parent", join(path, "reply")) if reply else None
        item = make_item(
            "",
            ITEM_SOURCES,
            platform=self.platform,
            id=uri,
            author_id=did,
            created_at=required_str(record, "createdAt", path),
            text=optional_str(record, "text", path) or "",
            language=langs[0] if langs else None,
            urls=list(dict.fromkeys(links.urls)),
            mentions=list(dict.fromkeys(links.mentions)),
            hashtags=list(dict.fromkeys(links.hashtags)),
            media=links.media,
            reply_to=required_str(parent, "uri", join(path, "reply.parent")) if parent else None,
            quote_of=links.quote_of,
            raw=text,
        )
        return Parsed(number, item, [])
