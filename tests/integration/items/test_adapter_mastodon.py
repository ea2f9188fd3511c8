"""Mastodon Status entities: the documented example mapped field by field, reblogs, broken statuses."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import orjson
from sqlalchemy import select

from conftest import RunIngest, fixture_bytes
from rempart.app import AppContext
from rempart.items.adapters.base import Parsed, Rejected
from rempart.items.adapters.html_text import html_to_text
from rempart.items.adapters.mastodon import MastodonAdapter
from rempart.items.models import AccountRow, ItemRow
from rempart.items.schemas import Media, MediaKind

GUARDIAN = (
    "https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code"
)


def _records(data: bytes, platform: str = "mastodon") -> list[Parsed | Rejected]:
    return list(MastodonAdapter(platform).read(io.BytesIO(data)))


def _check_documented_statuses(records: list[Parsed | Rejected]) -> None:
    assert all(isinstance(r, Parsed) and r.item is not None for r in records)
    items = [r.item for r in records if isinstance(r, Parsed) and r.item is not None]
    assert [i.id for i in items] == [
        "103270115826048975",
        "113057000000000001",
        "103270115826048975",
        "113057000000000002",
    ]
    documented, reply, original, boost = items
    assert documented.platform == "mastodon.social"
    assert documented.author_id == "1"
    assert documented.created_at == datetime(2019, 12, 8, 3, 48, 33, 901000, tzinfo=UTC)
    assert documented.text == f'"I lost my inheritance with one wrong digit on my sort code"\n\n{GUARDIAN}'
    assert documented.language == "en"
    assert documented.urls == [GUARDIAN]  # the content's link and card.url, once
    assert documented.reply_to is None
    assert documented.repost_of is None
    account = records[0].accounts[0]  # type: ignore[union-attr]
    assert (account.id, account.handle, account.display_name) == ("1", "Gargron", "Eugen")
    assert (account.followers_count, account.following_count) == (322930, 459)
    assert account.created_at == datetime(2016, 3, 16, 14, 34, 26, 392000, tzinfo=UTC)
    assert orjson.loads(account.raw or "")["bot"] is False

    assert (
        reply.text
        == "banking, money loss\n\n@Gargron C'est terrible & injuste.\nLisez https://example.org/article?id=1&lang=fr\n\n#banques"
    )
    assert reply.urls == ["https://example.org/article?id=1&lang=fr"]  # not the mention nor the hashtag link
    assert reply.mentions == ["Gargron@mastodon.social"]
    assert reply.hashtags == ["banques"]
    assert reply.language == "fr"
    assert reply.reply_to == "103270115826048975"
    assert reply.media == [
        Media(kind=MediaKind.IMAGE, url="https://files.example.social/media_attachments/files/1/original/a.jpg"),
        Media(kind=MediaKind.GIF, url="https://files.example.social/media_attachments/files/2/original/b.mp4"),
        Media(kind=MediaKind.VIDEO, url="https://other.example/v.mp4"),
        Media(kind=MediaKind.AUDIO, url="https://files.example.social/media_attachments/files/4/original/d.mp3"),
    ]
    assert orjson.loads(records[1].accounts[0].raw or "")["bot"] is True  # type: ignore[union-attr]

    assert original == documented
    assert (boost.author_id, boost.repost_of, boost.text) == ("109302", "103270115826048975", "")


def test_status_per_line_maps_every_field() -> None:
    records = _records(fixture_bytes("mastodon_statuses.jsonl"), platform="mastodon.social")
    assert [r.line for r in records] == [1, 2, 3, 3]
    _check_documented_statuses(records)


def test_timeline_array_document_streams_with_lines() -> None:
    records = _records(fixture_bytes("mastodon_timeline.json"), platform="mastodon.social")
    assert [r.line for r in records] == [2, 70, 167, 167]
    _check_documented_statuses(records)


def test_statuses_are_stored_idempotently(context: AppContext, run_ingest: RunIngest) -> None:
    data = fixture_bytes("mastodon_statuses.jsonl")
    summary, _ = run_ingest(MastodonAdapter(), data)
    assert summary == {"read": 4, "stored": 3, "duplicate": 1, "rejected": 0}  # the reblogged original twice
    assert run_ingest(MastodonAdapter(), data)[0] == {"read": 4, "stored": 0, "duplicate": 4, "rejected": 0}
    with context.sessions() as session:
        boost = session.get(ItemRow, ("mastodon", "113057000000000002"))
        assert boost is not None
        assert boost.repost_of == "103270115826048975"
        alice = session.get(AccountRow, ("mastodon", "109302"))
        assert alice is not None
        assert (alice.handle, alice.display_name) == ("alice@example.social", "Alice 🌻")


def test_broken_statuses_are_rejected_alone(context: AppContext, run_ingest: RunIngest) -> None:
    good = orjson.loads(fixture_bytes("mastodon_statuses.jsonl").splitlines()[0])

    def status(**changes: object) -> bytes:
        return orjson.dumps({**good, **changes}) + b"\n"

    data = (
        status(id="1")
        + b'{"id": "2", "content": "<p>cut\n'
        + b'{"id": "3", "content": "\xc3\x28"}\n'
        + status(id=None)
        + status(id="5", account={**good["account"], "followers_count": "many"})
        + status(id="6", account=None)
        + status(id="7", reblog={**good, "id": 8})
        + b'[{"id": 9}, '
        + status(id="10").rstrip()
        + b"]\n"
        + status(id="11", media_attachments=[{"type": "image", "url": 5}])
        + status(id="12")
    )
    summary, rejected = run_ingest(MastodonAdapter(), data)
    assert [(r.line, r.reason) for r in rejected[2:]] == [
        (4, "id: missing"),
        (5, "account.followers_count: expected an integer, got string"),
        (6, "account: missing"),
        (7, "reblog.id: expected a string, got integer"),
        (7, "reblog.id: expected a string, got integer"),
        (8, "[0].account: missing"),
        (9, "media_attachments[0].url: expected a string, got integer"),
    ]
    assert rejected[0].line == 2
    assert rejected[0].reason.startswith("invalid JSON")
    assert (rejected[1].line, rejected[1].reason) == (3, "invalid UTF-8")
    assert summary == {"read": 12, "stored": 3, "duplicate": 0, "rejected": 9}
    with context.sessions() as session:
        assert sorted(session.scalars(select(ItemRow.id)).all()) == ["1", "10", "12"]


def test_html_to_text() -> None:
    text, links = html_to_text("<p>a&lt;b<br>c</p><p><a href='https://e.x/' rel='nofollow'>e.x</a></p><p></p>")
    assert (text, links) == ("a<b\nc\n\ne.x", ["https://e.x/"])
