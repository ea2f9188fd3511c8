"""One generated post, and how it is written: a canonical JSON Lines item and an X API v2 Tweet object.

X API v2 shapes follow the public data dictionary: Tweet `id`, `text`, `author_id`, `created_at`
(`2024-08-12T20:14:05.000Z`), `lang`, `conversation_id`, `edit_history_tweet_ids`, `public_metrics`,
`entities` (`urls` with `start`/`end`/`url`/`expanded_url`/`display_url`, `mentions` with `username`/`id`,
`hashtags` with `tag`; indices count Unicode code points, end exclusive), `attachments.media_keys`,
`referenced_tweets` (`retweeted`/`replied_to`/`quoted`), `in_reply_to_user_id`, `geo.place_id`; the response
carries `includes.users`, `includes.media` and `includes.places` for those references.

Both lines are on the hot path (two per post), so they are assembled from bytes templates: the text is
JSON-encoded once (by orjson) for both, the fixed keys are written once, each account's X API v2 User
object is serialised once per process, and a response is the join of its Tweets. The result is byte for
byte what `orjson.dumps` gives for the equivalent dicts.
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
    """What later posts (reposts, candidates, labels, moments) need to know about one written post."""

    id: str
    author: Account
    seconds: int
    text: str
    lang: str
    hashtags: list[str]
    links: list[tuple[str, str]]  # (t.co url, expanded url)


class Extras:
    """The rarer parts of a post, passed to `PostWriter.write` only when a post has one of them."""

    __slots__ = ("country", "media", "mentions", "ref_author", "ref_id", "ref_type")

    def __init__(
        self,
        mentions: list[tuple[str, str]] | None = None,  # (username, user id)
        media: list[tuple[str, str, str | None]] | None = None,  # (media key, url, pdq hex or None)
        ref: tuple[str, str, str] = ("", "", ""),  # (retweeted | replied_to | quoted, post id, author id)
        country: str = "",
    ) -> None:
        self.mentions = mentions or []
        self.media = media or []
        self.ref_type, self.ref_id, self.ref_author = ref
        self.country = country


NO_EXTRAS = Extras()
_REF_FIELD = {"retweeted": b',"repost_of":"', "replied_to": b',"reply_to":"', "quoted": b',"quote_of":"'}
_CANONICAL = (
    b'{"platform":"x","id":"%s","author_id":"%s","created_at":"%sZ","text":%s,"language":"%s",'
    b'"urls":%s,"mentions":%s,"hashtags":%s%s}\n'
)
_TWEET = (
    b'{"id":"%s","text":%s,"author_id":"%s","created_at":"%s.000Z","lang":"%s","conversation_id":"%s",'
    b'"edit_history_tweet_ids":["%s"],"public_metrics":{"retweet_count":%d,"reply_count":%d,"like_count":%d,'
    b'"quote_count":%d},"possibly_sensitive":false%s}'
)
_PAGE_END = b'},"meta":{"result_count":%d,"newest_id":"%s","oldest_id":"%s"}}\n'
_SECONDS = tuple(b"%02d" % second for second in range(60))
_PLACE_IDS = {code: orjson.dumps(place["id"]) for code, place in PLACES.items()}


def _entities(text: str, post: Post, mentions: list[tuple[str, str]]) -> dict[str, list[dict[str, Any]]]:
    """`entities.urls`, `mentions` and `hashtags`, located in the text (code points, end exclusive)."""
    entities: dict[str, list[dict[str, Any]]] = {}
    if post.links:
        found = []
        for short, expanded in post.links:
            start = text.find(short)
            if start >= 0:
                found.append({"start": start, "end": start + len(short), "url": short, "expanded_url": expanded,
                              "display_url": _display(expanded)})  # fmt: skip
        entities["urls"] = found
    if mentions:
        found = []
        for username, user_id in mentions:
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


class PostWriter:
    """Writes each post as a canonical line and as a Tweet, grouped into X API v2 responses of up to 100
    with the includes their Tweets reference."""

    PAGE_SIZE = 100

    def __init__(self, times: TimeFormatter, user_objects: dict[int, tuple[bytes, bytes]]) -> None:
        """`user_objects` caches, per account number, the account id and its User object as JSON."""
        self.times = times
        self.lines: list[bytes] = []
        self.pages: list[bytes] = []
        self._tweets: list[bytes] = []
        self._ids: list[bytes] = []
        self._users: dict[int, bytes] = {}
        self._media: list[dict[str, Any]] = []
        self._places: dict[str, dict[str, Any]] = {}
        self._user_objects = user_objects
        self._minutes: dict[int, bytes] = {}  # `2024-08-12T20:14:` by minute

    def write(self, post: Post, metrics: int, extras: Extras = NO_EXTRAS) -> None:
        dumps = orjson.dumps
        author = post.author
        post_id = post.id.encode()
        number = author.number
        user = self._user_objects.get(number)
        if user is None:
            user = (author.id.encode(), dumps(x_user(author, self.times)))
            self._user_objects[number] = user
        author_id = user[0]
        minute, second = divmod(post.seconds, 60)
        stem = self._minutes.get(minute)
        if stem is None:
            stem = self._minutes[minute] = self.times.stem(minute * 60)[:-2].encode()
        stem += _SECONDS[second]
        text = dumps(post.text)
        lang = post.lang.encode()
        mentions = extras.mentions
        links = post.links
        tail = b""
        if extras.media:
            tail = b',"media":' + dumps(
                [{"kind": "image", "url": url, "pdq": pdq} if pdq else {"kind": "image", "url": url}
                 for _, url, pdq in extras.media]
            )  # fmt: skip
        ref_type = extras.ref_type
        if ref_type:
            tail += _REF_FIELD[ref_type] + extras.ref_id.encode() + b'"'
        if extras.country:
            tail += b',"country_hints":["' + extras.country.encode() + b'"]'
        self.lines.append(
            _CANONICAL % (
                post_id, author_id, stem, text, lang,
                dumps([expanded for _, expanded in links]) if links else b"[]",
                dumps([username for username, _ in mentions]) if mentions else b"[]",
                dumps(post.hashtags) if post.hashtags else b"[]",
                tail,
            )
        )  # fmt: skip
        tail = b""
        if links or mentions or post.hashtags:
            tail = b',"entities":' + dumps(_entities(post.text, post, mentions))
        if extras.media:
            tail += b',"attachments":' + dumps({"media_keys": [key for key, _, _ in extras.media]})
            for key, url, _ in extras.media:
                self._media.append({"media_key": key, "type": "photo", "url": url, "width": 1200, "height": 675})
        conversation = post_id
        if ref_type:
            ref_id = extras.ref_id.encode()
            tail += b',"referenced_tweets":[{"type":"' + ref_type.encode() + b'","id":"' + ref_id + b'"}]'
            if ref_type == "replied_to":
                conversation = ref_id
                tail += b',"in_reply_to_user_id":"' + extras.ref_author.encode() + b'"'
        if extras.country:
            tail += b',"geo":{"place_id":' + _PLACE_IDS[extras.country] + b"}"
            self._places[extras.country] = PLACES[extras.country]
        self._tweets.append(
            _TWEET % (
                post_id, text, author_id, stem, lang, conversation, post_id,
                metrics & 31, (metrics >> 5) & 7, (metrics >> 8) & 127, (metrics >> 15) & 3, tail,
            )
        )  # fmt: skip
        self._ids.append(post_id)
        self._users[number] = user[1]
        if len(self._tweets) >= self.PAGE_SIZE:
            self.flush()

    def flush(self) -> None:
        """Close the current response (`data`, `includes`, `meta`), if it holds any Tweet."""
        if not self._tweets:
            return
        parts = [b'{"data":[', b",".join(self._tweets), b'],"includes":{"users":[', b",".join(self._users.values())]
        parts.append(b"]")
        if self._media:
            parts.append(b',"media":' + orjson.dumps(self._media))
        if self._places:
            parts.append(b',"places":' + orjson.dumps(list(self._places.values())))
        parts.append(_PAGE_END % (len(self._tweets), self._ids[-1], self._ids[0]))
        self.pages.append(b"".join(parts))
        self._tweets = []
        self._ids = []
        self._users = {}
        self._media = []
        self._places = {}
