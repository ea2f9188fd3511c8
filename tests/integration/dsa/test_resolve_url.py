"""A notice's URL finds its stored item on X, Mastodon and Bluesky, whatever platform name items are stored under."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from tests.support.factories import add_item

from rempart.app import AppContext
from rempart.dsa.notices import _PLATFORMS, resolve_url
from rempart.items.schemas import ItemKey
from rempart.store import migrate
from rempart.store.db import make_engine

BLUESKY_POST = "at://did:plc:abc123/app.bsky.feed.post/3kxyzpost"


@pytest.fixture
def stored(context: AppContext) -> AppContext:
    with context.sessions.begin() as session:
        add_item(session, "1001", handle="hmueller", author_id="u1")
        add_item(session, "2002", handle="archived", author_id="u2", platform="x-archive")
        add_item(session, "113000000000000001", handle="alice", author_id="m1", platform="mastodon.social")
        add_item(session, "113000000000000001", handle="bob", author_id="m2", platform="other.example")
        add_item(session, BLUESKY_POST, handle="carol.bsky.social", author_id="did:plc:abc123", platform="bluesky")
    return context


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.com/hmueller/status/1001", ItemKey(platform="x", id="1001")),
        ("https://twitter.com/archived/status/2002?s=20", ItemKey(platform="x-archive", id="2002")),
        (
            "https://mastodon.social/@alice/113000000000000001",
            ItemKey(platform="mastodon.social", id="113000000000000001"),
        ),
        ("https://other.example/@bob/113000000000000001", ItemKey(platform="other.example", id="113000000000000001")),
        ("https://bsky.app/profile/did:plc:abc123/post/3kxyzpost", ItemKey(platform="bluesky", id=BLUESKY_POST)),
        ("https://x.com/someone/status/424242", None),
        ("https://mastodon.social/@mallory/113000000000000001", None),
        ("https://example.org/not-a-post", None),
    ],
)
def test_urls_resolve_to_their_stored_item(stored: AppContext, url: str, expected: ItemKey | None) -> None:
    with stored.sessions() as session:
        assert resolve_url(session, url) == expected


def test_nothing_resolves_in_an_empty_store(context: AppContext) -> None:
    with context.sessions() as session:
        assert resolve_url(session, "https://mastodon.social/@alice/113000000000000001") is None


def test_platforms_are_found_by_seeks_of_the_primary_key_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        plan = [row[-1] for row in connection.execute(text("EXPLAIN QUERY PLAN " + str(_PLATFORMS)))]
    engine.dispose()
    reads_of_items = [step for step in plan if " items" in step]
    assert reads_of_items
    assert all(step.startswith("SEARCH items USING COVERING INDEX") for step in reads_of_items)
