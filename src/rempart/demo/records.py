"""One generated post, and how it is written: a canonical JSON Lines item and an X API v2 Tweet object.

X API v2 shapes follow the public data dictionary: Tweet `id`, `text`, `author_id`, `created_at`
(`2024-08-12T20:14:05.000Z`), `lang`, `conversation_id`, `edit_history_tweet_ids`, `public_metrics`,
`entities` (`urls` with `start`/`end`/`url`/`expanded_url`/`display_url`, `mentions` with `username`/`id`,
`hashtags` with `tag`; indices count Unicode code points, end exclusive), `attachments.media_keys`,
`referenced_tweets` (`retweeted`/`replied_to`/`quoted`), `in_reply_to_user_id`, `geo.place_id`; the response
carries `includes.users`, `includes.media` and `includes.places` for those references.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from rempart.demo.accounts import Account
from rempart.demo.timeline import TimeFormatter

PLACES = {
    code: {"id": f"{0xC0DE0000 + i:016x}", "full_name": name, "name": name, "country": name,
           "country_code": code, "place_type": "country"}
    for i, (code, name) in enumerate(
        (("FR", "France"), ("BE", "Belgium"), ("LU", "Luxembourg"), ("IE", "Ireland"), ("US", "United States"),
         ("NL", "Netherlands"), ("SE", "Sweden"), ("DE", "Germany"), ("AT", "Austria"))
    )
}  # fmt: skip


@dataclass(slots=True)
class Post:
    """Everything both output formats need about one post."""

    id: str
    author: Account
    seconds: int
    text: str
    lang: str
    hashtags: list[str]
    links: list[tuple[str, str]]  # (t.co url, expanded url)
    mentions: list[tuple[str, str]]  # (username, user id)
    media: list[tuple[str, str, str | None]]  # (media key, url, pdq hex or None)
    ref_type: str  # retweeted | replied_to | quoted | ""
    ref_id: str
    ref_author: str
    country: str
    metrics: int  # random bits for public_metrics
    stem: str  # created_at without its suffix (see TimeFormatter.stem)


_REF_FIELD = {"retweeted": "repost_of", "replied_to": "reply_to", "quoted": "quote_of"}


def canonical_line(post: Post) -> bytes:
    """The post as one line of Rempart's canonical JSON Lines (fields of `rempart.items.schemas.Item`)."""
    record: dict[str, Any] = {
        "platform": "x",
        "id": post.id,
        "author_id": post.author.id,
        "created_at": post.stem + "Z",
        "text": post.text,
        "language": post.lang,
        "urls": [expanded for _, expanded in post.links] if post.links else [],
        "mentions": [username for username, _ in post.mentions] if post.mentions else [],
        "hashtags": post.hashtags,
    }
    if post.media:
        record["media"] = [
            {"kind": "image", "url": url, "pdq": pdq} if pdq else {"kind": "image", "url": url}
            for _, url, pdq in post.media
        ]
    if post.ref_type:
        record[_REF_FIELD[post.ref_type]] = post.ref_id
    if post.country:
        record["country_hints"] = [post.country]
    return orjson.dumps(record) + b"\n"


def tweet(post: Post) -> dict[str, Any]:
    """The post as an X API v2 Tweet object."""
    text = post.text
    metrics = post.metrics
    record: dict[str, Any] = {
        "id": post.id,
        "text": text,
        "author_id": post.author.id,
        "created_at": post.stem + ".000Z",
        "lang": post.lang,
        "conversation_id": post.ref_id if post.ref_type == "replied_to" else post.id,
        "edit_history_tweet_ids": [post.id],
        "public_metrics": {
            "retweet_count": metrics & 31,
            "reply_count": (metrics >> 5) & 7,
            "like_count": (metrics >> 8) & 127,
            "quote_count": (metrics >> 15) & 3,
        },
        "possibly_sensitive": False,
    }
    entities = _entities(post)
    if entities:
        record["entities"] = entities
    if post.media:
        record["attachments"] = {"media_keys": [key for key, _, _ in post.media]}
    if post.ref_type:
        record["referenced_tweets"] = [{"type": post.ref_type, "id": post.ref_id}]
        if post.ref_type == "replied_to":
            record["in_reply_to_user_id"] = post.ref_author
    if post.country:
        record["geo"] = {"place_id": PLACES[post.country]["id"]}
    return record


def _entities(post: Post) -> dict[str, list[dict[str, Any]]]:
    """`entities.urls`, `mentions` and `hashtags`, located in the text (code points, end exclusive)."""
    text = post.text
    entities: dict[str, list[dict[str, Any]]] = {}
    if post.links:
        found = []
        for short, expanded in post.links:
            start = text.find(short)
            if start >= 0:
                found.append({"start": start, "end": start + len(short), "url": short, "expanded_url": expanded,
                              "display_url": _display(expanded)})  # fmt: skip
        entities["urls"] = found
    if post.mentions:
        found = []
        for username, user_id in post.mentions:
            start = text.find("@" + username)
            if start >= 0:
                found.append({"start": start, "end": start + 1 + len(username), "username": username, "id": user_id})
        entities["mentions"] = found
    if post.hashtags:
        found = []
        position = 0
        for tag in post.hashtags:
            start = text.find("#" + tag, position)
            if start >= 0:
                position = start + 1 + len(tag)
                found.append({"start": start, "end": position, "tag": tag})
        entities["hashtags"] = found
    return entities


def _display(url: str) -> str:
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= 26 else bare[:25] + "…"


def x_user(account: Account, times: TimeFormatter) -> dict[str, Any]:
    """An account as an X API v2 User object."""
    return {
        "id": account.id,
        "name": account.name,
        "username": account.handle,
        "created_at": times.x_v2(account.created_at),
        "verified": account.verified,
        "verified_type": "blue" if account.verified else "none",
        "protected": False,
        "public_metrics": {
            "followers_count": account.followers,
            "following_count": account.following,
            "tweet_count": account.tweets,
            "listed_count": account.followers // 50,
        },
    }


def account_line(account: Account, times: TimeFormatter) -> bytes:
    """An account as a line of `accounts.jsonl` (canonical JSON Lines, `kind: account`)."""
    return (
        orjson.dumps(
            {
                "kind": "account",
                "platform": "x",
                "id": account.id,
                "handle": account.handle,
                "display_name": account.name,
                "created_at": times.iso(account.created_at),
                "followers_count": account.followers,
                "following_count": account.following,
                "verified": account.verified,
            }
        )
        + b"\n"
    )


class XV2Pages:
    """Groups Tweets into X API v2 responses of up to 100, each with the includes its Tweets reference."""

    PAGE_SIZE = 100

    def __init__(self, times: TimeFormatter, user_objects: dict[int, dict[str, Any]]) -> None:
        self.times = times
        self.pages: list[bytes] = []
        self._tweets: list[dict[str, Any]] = []
        self._users: dict[str, dict[str, Any]] = {}
        self._media: list[dict[str, Any]] = []
        self._places: dict[str, dict[str, Any]] = {}
        self._user_objects = user_objects

    def add(self, post: Post) -> None:
        self._tweets.append(tweet(post))
        author = post.author
        if author.id not in self._users:
            user = self._user_objects.get(author.number)
            if user is None:
                user = x_user(author, self.times)
                self._user_objects[author.number] = user
            self._users[author.id] = user
        for key, url, _ in post.media:
            self._media.append({"media_key": key, "type": "photo", "url": url, "width": 1200, "height": 675})
        if post.country:
            self._places[post.country] = PLACES[post.country]
        if len(self._tweets) >= self.PAGE_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self._tweets:
            return
        includes: dict[str, Any] = {"users": list(self._users.values())}
        if self._media:
            includes["media"] = self._media
        if self._places:
            includes["places"] = list(self._places.values())
        response = {
            "data": self._tweets,
            "includes": includes,
            "meta": {
                "result_count": len(self._tweets),
                "newest_id": self._tweets[-1]["id"],
                "oldest_id": self._tweets[0]["id"],
            },
        }
        self.pages.append(orjson.dumps(response) + b"\n")
        self._tweets = []
        self._users = {}
        self._media = []
        self._places = {}
