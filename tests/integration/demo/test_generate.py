"""`rempart demo generate` end to end: files parse and validate, labels match their design, the X API v2
file mirrors the canonical one, output is deterministic, and `rempart ingest` stores every item."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from rempart.cli.main import app
from rempart.demo.content.harmful import SLOGANS_86A
from rempart.demo.service import generate
from rempart.items.adapters.base import Parsed
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.schemas import Account, Item

POSTS = 6000
TDB = json.loads((Path(__file__).parent / "tdb_values.json").read_text())


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scenario")
    summary = generate(out, POSTS, seed=7, workers=1)
    assert summary["posts"] == POSTS
    return out


@pytest.fixture(scope="module")
def items(scenario: Path) -> dict[str, Item]:
    parsed = {}
    with (scenario / "items.jsonl").open("rb") as stream:
        for record in CanonicalJsonlAdapter().read(stream):
            assert isinstance(record, Parsed), record
            assert record.item is not None
            parsed[record.item.id] = record.item
    return parsed


@pytest.fixture(scope="module")
def accounts(scenario: Path) -> dict[str, Account]:
    parsed = {}
    with (scenario / "accounts.jsonl").open("rb") as stream:
        for record in CanonicalJsonlAdapter().read(stream):
            assert isinstance(record, Parsed), record
            parsed[record.accounts[0].id] = record.accounts[0]
    return parsed


@pytest.fixture(scope="module")
def truth(scenario: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((scenario / "truth.json").read_text())
    return loaded


def test_items_and_accounts_validate(items: dict[str, Item], accounts: dict[str, Account]) -> None:
    assert len(items) == POSTS
    assert all(item.author_id in accounts for item in items.values())
    assert len({account.handle for account in accounts.values()}) == len(accounts)
    times = [item.created_at for item in items.values()]
    assert times == sorted(times)
    assert min(times).year == 2024
    assert min(times).month >= 8
    with_pdq = [media.pdq for item in items.values() for media in item.media if media.pdq]
    assert len(with_pdq) > 50
    assert {item.language for item in items.values()} == {"en", "fr", "de"}
    for item in items.values():
        if item.repost_of:
            assert item.repost_of in items
            assert items[item.repost_of].created_at <= item.created_at


def test_labelled_proportions_are_as_designed(truth: dict[str, Any], items: dict[str, Item]) -> None:
    counts = truth["counts"]["labels"]
    assert 0.8 < counts["ordinary"] / POSTS < 0.95
    assert 0.02 < counts["campaign"] / POSTS < 0.08
    assert 0.01 < counts["false_claim"] / POSTS < 0.06
    assert 0.005 < counts["copypasta"] / POSTS < 0.03
    assert 0.003 < counts["hate"] / POSTS < 0.015
    assert 0.0005 < counts["illegal_de"] / POSTS < 0.006
    listed = {item_id for ids in truth["items"]["ordinary"].values() for item_id in ids}
    assert len(listed) == counts["ordinary"]
    flagged = {
        i for label, keyed in truth["items"].items() if label != "ordinary" for ids in keyed.values() for i in ids
    }
    assert not listed & flagged
    assert len(listed | flagged) == len(items)


def test_campaign_accounts_are_created_in_a_burst_and_post_the_same_links_within_minutes(
    truth: dict[str, Any], items: dict[str, Item], accounts: dict[str, Account]
) -> None:
    for campaign in truth["campaigns"]:
        members = campaign["accounts"]
        assert 20 <= len(members) <= 80
        created = sorted(accounts[member].created_at for member in members if accounts[member].created_at)
        assert created[-1] - created[0] <= timedelta(hours=6, minutes=5)
        assert all((accounts[m].followers_count or 0) < 50 for m in members)
        posts = [items[i] for i in truth["items"]["campaign"][campaign["id"]]]
        assert all(post.author_id in members for post in posts)
        wave = campaign["waves"][0]
        start = _when(wave["start"])
        shared = [p for p in posts if wave["link"] in p.urls and start <= p.created_at <= start + timedelta(minutes=20)]
        assert len({post.author_id for post in shared}) >= 10
        assert max(p.created_at for p in shared) - min(p.created_at for p in shared) <= timedelta(minutes=20)
        assert all(campaign["hashtags"][:2] == post.hashtags[:2] for post in shared)
        assert any(post.repost_of in {p.id for p in posts} for post in posts)


def test_viral_moments_involve_many_distinct_old_accounts(
    truth: dict[str, Any], items: dict[str, Item], accounts: dict[str, Account]
) -> None:
    assert truth["viral_moments"]
    campaign_accounts = {member for c in truth["campaigns"] for member in c["accounts"]}
    for moment in truth["viral_moments"]:
        shares = [items[i] for i in moment["items"]]
        authors = {share.author_id for share in shares}
        assert len(authors) >= 18
        assert not authors & campaign_accounts
        assert all(moment["link"] in share.urls for share in shares)
        assert all(accounts[a].created_at.year < 2024 for a in authors)  # type: ignore[union-attr]
        assert max(s.created_at for s in shares) - min(s.created_at for s in shares) <= timedelta(minutes=50)


def test_hateful_and_86a_posts_are_in_the_languages_claimed(truth: dict[str, Any], items: dict[str, Item]) -> None:
    assert set(truth["items"]["hate"]) == {"en", "fr"}
    for language, ids in truth["items"]["hate"].items():
        assert all(items[i].language == language for i in ids)
    for language, ids in truth["items"]["illegal_de"].items():
        for item_id in ids:
            assert items[item_id].language == language
            assert any(slogan in items[item_id].text for slogan in SLOGANS_86A)
    ordinary = [items[i] for ids in truth["items"]["ordinary"].values() for i in ids]
    assert not any(slogan in item.text for item in ordinary for slogan in SLOGANS_86A)


def test_x_v2_mirrors_the_canonical_items(scenario: Path, items: dict[str, Item]) -> None:
    tweets = []
    for response in _jsonl(scenario / "x-v2.jsonl"):
        assert 1 <= len(response["data"]) <= 100
        users = {user["id"] for user in response["includes"]["users"]}
        media = {m["media_key"] for m in response["includes"].get("media", [])}
        for tweet in response["data"]:
            assert tweet["author_id"] in users
            assert set(tweet.get("attachments", {}).get("media_keys", [])) <= media
            assert tweet["created_at"].endswith(".000Z")
            for kind, key in (("urls", "url"), ("hashtags", "tag"), ("mentions", "username")):
                for entity in tweet.get("entities", {}).get(kind, []):
                    found = tweet["text"][entity["start"] : entity["end"]]
                    assert found == {"urls": "", "hashtags": "#", "mentions": "@"}[kind] + entity[key]
            tweets.append(tweet)
    assert [t["id"] for t in tweets] == list(items)
    for tweet in tweets:
        item = items[tweet["id"]]
        assert (tweet["text"], tweet["author_id"], tweet["lang"]) == (item.text, item.author_id, item.language)
        expanded = [u["expanded_url"] for u in tweet.get("entities", {}).get("urls", [])]
        assert expanded == item.urls
        references = {r["type"]: r["id"] for r in tweet.get("referenced_tweets", [])}
        assert references.get("retweeted") == item.repost_of
        assert references.get("replied_to") == item.reply_to
        assert _when(tweet["created_at"]) == item.created_at


def test_claim_reviews_are_json_ld_citing_generated_posts(scenario: Path, items: dict[str, Item]) -> None:
    reviews = _jsonl(scenario / "claimreviews.jsonl")
    assert {review["inLanguage"] for review in reviews} == {"en", "fr"}
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert review["reviewRating"]["alternateName"] in {"False", "Faux", "Misleading", "Trompeur"}
        assert review["author"]["@type"] == "Organization"
        for appearance in review["itemReviewed"]["appearance"]:
            assert appearance["url"].rsplit("/", 1)[-1] in items


def test_dsa_files_are_valid_and_point_at_generated_items(
    scenario: Path, items: dict[str, Item], accounts: dict[str, Account]
) -> None:
    handles = {account.id: account.handle for account in accounts.values()}

    def resolves(url: str) -> bool:
        _, _, _, handle, _, item_id = url.split("/")
        return item_id in items and handles[items[item_id].author_id] == handle

    notices = _jsonl(scenario / "notices.jsonl")
    assert len(notices) >= 20
    kinds = Counter(notice["notifier"]["kind"] for notice in notices)
    assert kinds["trusted_flagger"]
    assert kinds["individual"]
    assert any(not notice["founded"] for notice in notices)
    assert any(len(notice["urls"]) > 1 for notice in notices)
    per_item = Counter(url for notice in notices for url in notice["urls"])
    assert per_item.most_common(1)[0][1] >= 2
    flagger_ids = {f["trusted_flagger_id"] for f in json.loads((scenario / "trusted_flaggers.json").read_text())}
    for notice in notices:
        assert notice["category"] in TDB["STATEMENT_CATEGORIES"]
        assert set(notice["category_specification"]) <= set(TDB["KEYWORDS"])
        assert all(resolves(url) for url in notice["urls"])
        if notice["notifier"]["kind"] == "trusted_flagger":
            assert notice["notifier"]["trusted_flagger_id"] in flagger_ids
    assert any(n["category"] == "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE" for n in notices)
    reviews = _jsonl(scenario / "reviews.jsonl")
    noticed = {item_id for notice in notices for item_id in notice["item_ids"]}
    assert noticed <= {review["item_id"] for review in reviews}
    for review in reviews:
        assert resolves(review["item_url"])
        assert set(review["decision_visibility"]) <= set(TDB["DECISION_VISIBILITIES"])
        assert review["decision_ground"] in (None, *TDB["DECISION_GROUNDS"])
        assert (review["decision"] == "restrict") == bool(review["decision_visibility"])
    review_ids = {review["review_id"] for review in reviews}
    appeals = _jsonl(scenario / "appeals.jsonl")
    assert appeals
    assert all(a["review_id"] in review_ids and a["outcome"] in {"upheld", "partially_reversed", "reversed"}
               for a in appeals)  # fmt: skip
    appeal_ids = {appeal["appeal_id"] for appeal in appeals}
    assert all(dispute["appeal_id"] in appeal_ids for dispute in _jsonl(scenario / "ods.jsonl"))
    for order in _jsonl(scenario / "orders.jsonl"):
        assert order["article"] in {"9", "10"}
        assert order["category"] in TDB["STATEMENT_CATEGORIES"]
        assert all(resolves(url) for url in order["urls"])
    recipients = json.loads((scenario / "recipients.json").read_text())
    assert len(recipients["average_monthly_active_recipients"]) == 27


def test_same_seed_same_bytes_for_any_number_of_workers(tmp_path: Path) -> None:
    generate(tmp_path / "one", 20_000, seed=3, workers=1)
    generate(tmp_path / "two", 20_000, seed=3, workers=2)
    generate(tmp_path / "other", 20_000, seed=4, workers=2)
    for one in sorted((tmp_path / "one").iterdir()):
        assert one.read_bytes() == (tmp_path / "two" / one.name).read_bytes(), one.name
    assert (tmp_path / "one" / "items.jsonl").read_bytes() != (tmp_path / "other" / "items.jsonl").read_bytes()
    assert (tmp_path / "one" / "truth.json").read_bytes() != (tmp_path / "other" / "truth.json").read_bytes()


def test_cli_generates_and_ingest_stores_every_item(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REMPART_DATABASE_URL", database_url)
    runner = CliRunner()
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "generate", "--posts", "1500", "--seed", "9", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["posts"] == 1500
    by_label: defaultdict[str, int] = defaultdict(int, summary["labels"])
    assert by_label["campaign"] > 0
    assert by_label["hate"] + by_label["illegal_de"] > 0
    ingested = runner.invoke(app, ["ingest", "--format", "jsonl", str(out / "items.jsonl"), "--json"])
    assert ingested.exit_code == 0, ingested.output
    assert json.loads(ingested.stdout) == {"read": 1500, "stored": 1500, "duplicate": 0, "rejected": 0}
    accounts = runner.invoke(app, ["ingest", "--format", "jsonl", str(out / "accounts.jsonl"), "--json"])
    assert accounts.exit_code == 0, accounts.output
    assert json.loads(accounts.stdout)["rejected"] == 0
