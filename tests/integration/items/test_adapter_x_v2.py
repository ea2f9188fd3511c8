"""X API v2 responses: documented shapes mapped field by field, stored, and broken ones rejected alone."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import orjson
import pytest
from sqlalchemy import func, select

from conftest import RunIngest, fixture_bytes
from rempart.app import AppContext
from rempart.items.adapters.base import Parsed, Rejected
from rempart.items.adapters.x_v2 import XV2Adapter
from rempart.items.models import AccountRow, ItemRow
from rempart.items.schemas import Media, MediaKind


def _records(data: bytes, platform: str = "x") -> list[Parsed | Rejected]:
    return list(XV2Adapter(platform).read(io.BytesIO(data)))


def _parsed(records: list[Parsed | Rejected]) -> dict[str, Parsed]:
    return {r.item.id: r for r in records if isinstance(r, Parsed) and r.item is not None}


def test_pretty_printed_lookup_response_maps_every_field() -> None:
    records = _records(fixture_bytes("x_v2_tweets_lookup.json"))
    assert [type(r) for r in records] == [Parsed, Parsed, Parsed]
    by_id = _parsed(records)
    launch = by_id["1293593516040269825"]
    assert launch.line == 3  # the line where the tweet's object starts in the document
    item = launch.item
    assert item is not None
    assert item.platform == "x"
    assert item.author_id == "2244994945"
    assert item.created_at == datetime(2020, 8, 12, 17, 1, 42, tzinfo=UTC)
    assert item.text.startswith("It’s finally here! 🥁 Say hello to the new #TwitterAPI.\n\n")  # noqa: RUF001 - the documented text
    assert item.language == "en"
    # unwound_url wins over expanded_url; expanded_url is used when there is no unwound_url
    assert item.urls == [
        "https://blog.twitter.com/developer/en_us/topics/tools/2020/introducing_new_twitter_api",
        "https://twitter.com/TwitterDev/status/1293593516040269825/video/1",
    ]
    assert item.hashtags == ["TwitterAPI"]
    assert item.mentions == []
    assert item.media == [
        Media(
            kind=MediaKind.VIDEO,
            url="https://pbs.twimg.com/ext_tw_video_thumb/1293565706408038401/pu/img/66P2dvbU4a02jYbV.jpg",
        )
    ]
    assert orjson.loads(item.raw or "")["public_metrics"]["quote_count"] == 333
    [author] = launch.accounts
    assert (author.id, author.handle, author.display_name) == ("2244994945", "TwitterDev", "Twitter Dev")
    assert author.created_at == datetime(2013, 12, 14, 4, 35, 55, tzinfo=UTC)
    assert (author.followers_count, author.following_count) == (527203, 2040)
    assert (author.verified, author.verified_type) == (True, "business")

    quote = by_id["1460323737035677698"]
    assert quote.line == 39
    assert quote.item is not None
    assert quote.item.quote_of == "1460322577853759491"
    assert quote.item.country_hints == ["US"]
    assert quote.item.mentions == ["suhemparack"]
    assert quote.item.media == [Media(kind=MediaKind.IMAGE, url="https://pbs.twimg.com/media/FEOtyTwVgAI7cY1.jpg")]
    assert [a.handle for a in quote.accounts] == ["TwitterDev", "suhemparack"]

    # the referenced tweet from includes.tweets is an item too, with its own author
    included = by_id["1460322577853759491"]
    assert included.item is not None
    assert included.item.author_id == "857699969263964161"
    assert included.item.urls == ["https://developer.twitter.com/en/docs/twitter-api"]
    assert [a.handle for a in included.accounts] == ["suhemparack"]


def test_one_response_per_line() -> None:
    records = _records(fixture_bytes("x_v2_responses.jsonl"), platform="x-archive")
    by_id = _parsed(records)
    assert {r.line for r in by_id.values()} == {1, 2, 3}
    assert all(r.item is not None and r.item.platform == "x-archive" for r in by_id.values())
    long_post = by_id["1445880548472328192"].item
    assert long_post is not None
    assert long_post.text.endswith("with its own entities.")  # note_tweet.text, not the cut `text`
    assert long_post.language is None  # `und`
    assert long_post.reply_to == "1460323737035677698"
    assert long_post.media == [
        Media(kind=MediaKind.GIF, url="https://pbs.twimg.com/tweet_video_thumb/EKzSF1qUUAAyUPm.jpg")
    ]
    retweet = by_id["1460400000000000000"].item
    assert retweet is not None
    assert retweet.repost_of == "1460323737035677698"
    assert retweet.mentions == ["TwitterDev"]
    [error] = [r for r in records if isinstance(r, Rejected)]
    assert (error.line, error.reason) == (4, "API error: Could not find tweet with ids: [1].")


def test_documented_responses_are_stored(context: AppContext, run_ingest: RunIngest) -> None:
    data = fixture_bytes("x_v2_responses.jsonl")
    summary, rejected = run_ingest(XV2Adapter(), data)
    # 2 tweets + 1 included tweet on line 1, 1 on line 2, 1 on line 3, 1 error response
    assert summary == {"read": 6, "stored": 5, "duplicate": 0, "rejected": 1}
    assert [r.line for r in rejected] == [4]
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == 5
        row = session.get(ItemRow, ("x", "1460323737035677698"))
        assert row is not None
        assert (row.quote_of, row.country_hints, row.language) == ("1460322577853759491", ["US"], "en")
        assert row.media == [{"kind": "image", "url": "https://pbs.twimg.com/media/FEOtyTwVgAI7cY1.jpg"}]
        account = session.get(AccountRow, ("x", "2244994945"))
        assert account is not None
        assert (account.handle, account.followers_count, account.verified_type) == ("TwitterDev", 527203, "business")
    again, _ = run_ingest(XV2Adapter(), data)
    assert again == {"read": 6, "stored": 0, "duplicate": 5, "rejected": 1}


def _response(*tweets: object, **extra: object) -> bytes:
    return orjson.dumps({"data": list(tweets), **extra}) + b"\n"


def _tweet(tweet_id: str, **fields: object) -> dict[str, object]:
    return {"id": tweet_id, "text": "hi", "author_id": "7", "created_at": "2024-08-12T20:00:00.000Z", **fields}


def test_broken_records_are_rejected_with_line_and_field(context: AppContext, run_ingest: RunIngest) -> None:
    data = (
        _response(_tweet("1"))
        + b'{"data": [{"id": "2", "text": "cut'  # truncated
        + b"\n"
        + b'{"data": [{"id": "3", "text": "\xff\xfe"}]}\n'
        + _response(_tweet("4"), {"id": "5", "text": "no author"}, _tweet("6", lang=7), _tweet("7"))
        + _response(_tweet("8", author_id=9))
        + _response(_tweet("9", entities={"urls": "x"}))
        + _response(_tweet("10", created_at="yesterday"))
        + b"[1, 2]\n"
        + orjson.dumps({"errors": [{"message": "Rate limit exceeded"}], "title": "Too Many Requests"})
        + b"\n"
        + _response(_tweet("11", text="a\u0000b"))
        + _response(_tweet("12", attachments={"media_keys": [3]}))
        + _response(_tweet("13"))
    )
    summary, rejected = run_ingest(XV2Adapter(), data)
    reasons = [(r.line, r.reason) for r in rejected]
    assert reasons[0][0] == 2
    assert reasons[0][1].startswith("invalid JSON")
    assert reasons[1:] == [
        (3, "invalid UTF-8"),
        (4, "data[1].author_id: missing"),
        (4, "data[2].lang: expected a string, got integer"),
        (5, "data[0].author_id: expected a string, got integer"),
        (6, "data[0].entities.urls: expected an array, got string"),
        (7, "data[0].created_at: Input should be a valid datetime or date, input is too short"),
        (8, "expected an X API v2 response object, got array"),
        (9, "API error: Rate limit exceeded"),
        (10, "data[0].text: Value error, contains a NUL character"),
        (11, "data[0].attachments.media_keys[0]: expected a string, got integer"),
    ]
    assert summary == {"read": 15, "stored": 4, "duplicate": 0, "rejected": 11}
    with context.sessions() as session:
        stored = session.scalars(select(ItemRow.id).order_by(ItemRow.id)).all()
    assert sorted(stored) == ["1", "13", "4", "7"]


def test_a_missing_created_at_comes_from_the_snowflake_id() -> None:
    tweet = {"id": "1460323737035677698", "text": "x", "author_id": "1"}
    [record] = _records(_response(tweet))
    assert isinstance(record, Parsed)
    assert record.item is not None
    assert record.item.created_at == datetime(2021, 11, 15, 19, 8, 5, 69000, tzinfo=UTC)
    [bad] = _records(_response({"id": "abc", "text": "x", "author_id": "1"}))
    assert isinstance(bad, Rejected)
    assert bad.reason == "data[0].created_at: missing"


@pytest.mark.parametrize(
    ("document", "reasons"),
    [
        (
            b'{\n "data": [\n  {"id": "1", "author_id": "2", "created_at": "2024-01-01T00:00:00Z"},\n  {"id": "2",\n',
            None,
        ),
        (b'{\n "errors": [\n  {"detail": "Not Found"}\n ]\n}\n', [(1, "API error: Not Found")]),
        (
            b'[\n {\n  "data": []\n }\n]\n',
            # responses are objects: an array document is read line by line, every line rejected
            [(n, "invalid JSON: unexpected end of data: line 1 column 2 (char 1)") for n in (1, 2)]
            + [(3, "invalid JSON: unexpected content after document: line 1 column 7 (char 6)")]
            + [
                (n, "invalid JSON: unexpected character, expected a JSON value: line 1 column 1 (char 0)")
                for n in (4, 5)
            ],
        ),
        (b'{\n "meta": {"result_count": 0}\n}\n', []),
    ],
)
def test_broken_documents(document: bytes, reasons: list[tuple[int, str]] | None) -> None:
    records = _records(document)
    rejected = [(r.line, r.reason) for r in records if isinstance(r, Rejected)]
    if reasons is None:  # truncated: the tweet before the cut is kept, the cut is reported where it is
        assert [r.item.id for r in records if isinstance(r, Parsed) and r.item] == ["1"]
        assert rejected[0][0] == 5
        assert rejected[0][1].startswith("invalid JSON")
    else:
        assert rejected == reasons


def test_a_document_from_a_pipe_is_spooled_not_held() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    stream = io.BufferedReader(Pipe(fixture_bytes("x_v2_tweets_lookup.json")))
    assert not stream.seekable()
    records = list(XV2Adapter().read(stream))  # type: ignore[arg-type]
    assert [r.line for r in records] == [3, 39, 116]
