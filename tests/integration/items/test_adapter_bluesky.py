"""Bluesky Jetstream events: post commits mapped field by field, deletes, non-post events rejected."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import orjson
from sqlalchemy import select

from conftest import RunIngest, fixture_bytes
from rempart.app import AppContext
from rempart.items.adapters.base import Operation, Parsed, Rejected
from rempart.items.adapters.bluesky_jetstream import BlueskyJetstreamAdapter
from rempart.items.models import ItemRow
from rempart.items.schemas import Media, MediaKind

ALICE = "did:plc:eygmaihciaxprqvxpfvl6flk"
BOB = "did:plc:wa7b35aakoll7hugkrjtf3xf"
FIRST = f"at://{ALICE}/app.bsky.feed.post/3l3qo2vuowo2b"


def _records(data: bytes) -> list[Parsed | Rejected]:
    return list(BlueskyJetstreamAdapter().read(io.BytesIO(data)))


def test_documented_events_map_every_field() -> None:
    records = _records(fixture_bytes("bluesky_jetstream.jsonl"))
    parsed = [r for r in records if isinstance(r, Parsed) and r.item is not None]
    created, updated, quote, external, deleted = (r.item for r in parsed if r.item is not None)
    assert created.id == FIRST
    assert created.platform == "bluesky"
    assert created.author_id == ALICE
    assert created.created_at == datetime(2024, 9, 9, 19, 46, 2, 102000, tzinfo=UTC)
    assert created.text == "Bonjour @alice.bsky.social ! Lisez https://example.org/a #DSA"
    assert (created.language, created.urls, created.mentions, created.hashtags) == (
        "fr",
        ["https://example.org/a"],
        [BOB],
        ["DSA"],
    )
    assert created.reply_to == f"at://{BOB}/app.bsky.feed.post/3l3pte3p2e325"
    cid = "bafkreibjfgx2gprinfvicegelk5kosd6y2frmqpqzwqkg7usac74l3t2v4"
    assert created.media == [
        Media(kind=MediaKind.IMAGE, url=f"https://cdn.bsky.app/img/feed_fullsize/plain/{ALICE}/{cid}@jpeg")
    ]
    assert orjson.loads(created.raw or "")["commit"]["cid"].startswith("bafyrei")
    assert (updated.id, updated.text, updated.language) == (FIRST, "Bonjour (edited)", "fr")
    assert quote.quote_of == FIRST
    assert quote.media == [
        Media(kind=MediaKind.VIDEO, url=f"https://video.bsky.app/watch/{BOB}/bafkreivideocid/playlist.m3u8")
    ]
    assert (external.urls, external.language) == (["https://news.example/story"], None)
    assert parsed[4].operation is Operation.DELETE
    assert deleted.id == FIRST
    assert deleted.deleted_at == datetime(2024, 9, 9, 19, 51, 40, tzinfo=UTC)
    rejected = [(r.line, r.reason) for r in records if isinstance(r, Rejected)]
    assert rejected == [
        (6, "not a post: commit app.bsky.feed.like"),
        (7, "not a post: commit app.bsky.graph.follow"),
        (8, "not a post: identity event"),
        (9, "not a post: account event"),
    ]


def test_events_are_stored_and_deletes_tombstone(context: AppContext, run_ingest: RunIngest) -> None:
    data = fixture_bytes("bluesky_jetstream.jsonl")
    summary, _ = run_ingest(BlueskyJetstreamAdapter(), data)
    assert summary == {"read": 9, "stored": 5, "duplicate": 0, "rejected": 4}
    with context.sessions() as session:
        first = session.get(ItemRow, ("bluesky", FIRST))
        assert first is not None
        assert first.text == "Bonjour (edited)"
        assert first.deleted_at == datetime(2024, 9, 9, 19, 51, 40, tzinfo=UTC)
        assert len(session.scalars(select(ItemRow.id)).all()) == 3
    again, _ = run_ingest(BlueskyJetstreamAdapter(), data)
    # replaying a stream replays its edits: the create writes the first text back, the update the edited one;
    # the other posts and the tombstone are duplicates
    assert again == {"read": 9, "stored": 2, "duplicate": 3, "rejected": 4}


def _post(rkey: str, **record: object) -> bytes:
    body = {"$type": "app.bsky.feed.post", "text": "hi", "createdAt": "2024-09-09T19:46:02.102Z", **record}
    event = {
        "did": ALICE,
        "time_us": 1725911162329308,
        "kind": "commit",
        "commit": {"rev": "r", "operation": "create", "collection": "app.bsky.feed.post", "rkey": rkey, "record": body},
    }
    return orjson.dumps(event) + b"\n"


def test_broken_events_are_rejected_alone(context: AppContext, run_ingest: RunIngest) -> None:
    data = (
        _post("a")
        + b'{"did": "x", "kind": "comm\n'
        + b"\xff\n"
        + _post("b", createdAt=None)
        + _post("c", langs=[3])
        + _post("d", facets=[{"features": [{"$type": "app.bsky.richtext.facet#link"}]}])
        + _post("e", embed={"$type": "app.bsky.embed.record", "record": {"cid": "x"}})
        + b'{"kind": "commit", "did": "x", "time_us": "soon",'
        + b' "commit": {"collection": "app.bsky.feed.post", "rkey": "f"}}\n'
        + b'{"kind": "commit", "time_us": 1, "commit": {"collection": "app.bsky.feed.post", "operation": "create"}}\n'
        + b'{"kind": "heartbeat", "payload": ""}\n'
        + b"42\n"
        + _post("g", langs=["english"])
        + _post("h")
    )
    summary, rejected = run_ingest(BlueskyJetstreamAdapter(), data)
    assert [(r.line, r.reason) for r in rejected[2:]] == [
        (4, "commit.record.createdAt: missing"),
        (5, "commit.record.langs[0]: expected a string, got integer"),
        (6, "commit.record.facets[0].features[0].uri: missing"),
        (7, "commit.record.embed.record.uri: missing"),
        (8, "time_us: expected an integer of microseconds, got string"),
        (9, "did: missing"),
        (10, "not a post: heartbeat event"),
        (11, "expected an object, got integer"),
        (12, "commit.record.langs[0]: Value error, not an ISO 639 language code: 'english'"),
    ]
    assert rejected[0].line == 2
    assert rejected[0].reason.startswith("invalid JSON")
    assert (rejected[1].line, rejected[1].reason) == (3, "invalid UTF-8")
    assert summary == {"read": 13, "stored": 2, "duplicate": 0, "rejected": 11}
    with context.sessions() as session:
        ids = sorted(session.scalars(select(ItemRow.id)).all())
    assert ids == [f"at://{ALICE}/app.bsky.feed.post/a", f"at://{ALICE}/app.bsky.feed.post/h"]
