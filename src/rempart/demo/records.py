"""One generated post, and how it is written: a canonical JSON Lines item and an X API v2 Tweet object.

X API v2 shapes follow the public data dictionary: Tweet `id`, `text`, `author_id`, `created_at`
(`2024-08-12T20:14:05.000Z`), `lang`, `conversation_id`, `edit_history_tweet_ids`, `public_metrics`,
`entities` (`urls` with `start`/`end`/`url`/`expanded_url`/`display_url`, `mentions` with `username`/`id`,
`hashtags` with `tag`; indices count Unicode code points, end exclusive), `attachments.media_keys`,
`referenced_tweets` (`retweeted`/`replied_to`/`quoted`), `in_reply_to_user_id`, `geo.place_id`; the response
carries `includes.users`, `includes.media` and `includes.places` for those references.

Both lines are on the hot path (two per post), so they are joined from bytes pieces: the text is
JSON-encoded once (by orjson) for both, the fixed keys are written once, the public metrics come from
tables, each account's X API v2 User object is serialised once per process, and a response is the join of
its Tweets. The result is byte for byte what `orjson.dumps` gives for the equivalent dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

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


# The rarer parts of a post, passed to `PostWriter.write` only when a post has one of them (a plain tuple:
# this is built for half the posts): mentions as (username, user id), media as (media key, url, PDQ hex or
# None), the reference as (retweeted | replied_to | quoted, post id, author id) or ("", "", ""), and the
# country hint or "".
Extras = tuple[list[tuple[str, str]], list[tuple[str, str, str | None]], tuple[str, str, str], str]
_REF_FIELD = {"retweeted": b',"repost_of":"', "replied_to": b',"reply_to":"', "quoted": b',"quote_of":"'}
# The public metrics are 17 random bits: retweets (5), replies (3), likes (7), quotes (2). The low 8 bits
# and the high 9 bits each index a table of the Tweet's bytes from the end of `edit_history_tweet_ids` on.
_METRICS_LOW = tuple(
    b'"],"public_metrics":{"retweet_count":%d,"reply_count":%d' % (bits & 31, bits >> 5) for bits in range(256)
)
_METRICS_HIGH = tuple(
    b',"like_count":%d,"quote_count":%d},"possibly_sensitive":false' % (bits & 127, bits >> 7) for bits in range(512)
)
_PAGE_END = b'},"meta":{"result_count":%d,"newest_id":"%s","oldest_id":"%s"}}\n'
# After `2024-08-12T20:14:`, the seconds and what follows them up to the text (canonical line) or the
# language (Tweet).
_LINE_SECONDS = tuple(b'%02dZ","text":' % second for second in range(60))
_TWEET_SECONDS = tuple(b'%02d.000Z","lang":"' % second for second in range(60))
_NO_LISTS = b'[],"mentions":[],"hashtags":[]'
# A country hint's fields in the canonical line and in the Tweet.
_COUNTRY_HINTS = {code: b',"country_hints":["%s"]' % code.encode() for code in PLACES}
_GEO = {code: b',"geo":{"place_id":%s}' % orjson.dumps(place["id"]) for code, place in PLACES.items()}
# What precedes the referenced post's id in the Tweet.
_REFERENCED = {kind: b',"referenced_tweets":[{"type":"%s","id":"' % kind.encode() for kind in _REF_FIELD}


# Offsets as decimal digits, each made once: joining them is cheaper than `%d` formatting. Grown as needed.
_DECIMALS = [b"%d" % number for number in range(1024)]


class _EntityTails:
    """What follows the offsets of an entity, by expanded URL, mentioned username and `#tag`: all recur."""

    __slots__ = ("mentions", "tags", "urls")

    def __init__(self) -> None:
        self.urls: dict[str, bytes] = {}
        self.mentions: dict[str, bytes] = {}
        self.tags: dict[str, bytes] = {}


def _entities(text: str, post: Post, mentions: list[tuple[str, str]], tails: _EntityTails) -> bytes:
    """`,"entities":{...}`: `urls`, `mentions` and `hashtags`, located in the text (code points, end exclusive).

    Built as one list of pieces joined once: a post has one or two entities, so joins per entity would cost
    more than the entities' bytes."""
    if len(text) >= len(_DECIMALS):  # no offset goes past the end of the text
        _DECIMALS.extend(b"%d" % number for number in range(len(_DECIMALS), 2 * len(text)))
    pieces = [b',"entities":{']
    if post.links:
        _add_urls(pieces, text, post.links, tails.urls)
    if mentions:
        _add_mentions(pieces, text, mentions, tails.mentions)
    if post.hashtags:
        _add_hashtags(pieces, text, post.hashtags, tails.tags)
    pieces.append(b"}")
    return b"".join(pieces)


# Each adds its kind of entities to PIECES (after a comma unless it comes first), ending each entity with its
# cached tail.


def _add_urls(pieces: list[bytes], text: str, links: list[tuple[str, str]], tails: dict[str, bytes]) -> None:
    dumps = orjson.dumps
    decimal = _DECIMALS
    pieces.append(b'"urls":[' if len(pieces) == 1 else b',"urls":[')
    opening = b'{"start":'
    for short, expanded in links:
        start = text.find(short)
        if start >= 0:
            tail = tails.get(expanded)
            if tail is None:
                display = dumps(_display(expanded))
                tail = tails[expanded] = b',"expanded_url":%s,"display_url":%s}' % (dumps(expanded), display)
            end = start + len(short)
            pieces += (opening, decimal[start], b',"end":', decimal[end], b',"url":', dumps(short), tail)
            opening = b',{"start":'
    pieces.append(b"]")


def _add_mentions(pieces: list[bytes], text: str, mentions: list[tuple[str, str]], tails: dict[str, bytes]) -> None:
    decimal = _DECIMALS
    pieces.append(b'"mentions":[' if len(pieces) == 1 else b',"mentions":[')
    opening = b'{"start":'
    for username, user_id in mentions:
        start = text.find("@" + username)
        if start >= 0:
            tail = tails.get(username)
            if tail is None:
                tail = tails[username] = b',"username":%s,"id":%s}' % (orjson.dumps(username), orjson.dumps(user_id))
            pieces += (opening, decimal[start], b',"end":', decimal[start + 1 + len(username)], tail)
            opening = b',{"start":'
    pieces.append(b"]")


def _add_hashtags(pieces: list[bytes], text: str, hashtags: list[str], tails: dict[str, bytes]) -> None:
    decimal = _DECIMALS
    pieces.append(b'"hashtags":[' if len(pieces) == 1 else b',"hashtags":[')
    opening = b'{"start":'
    end = 0
    for tag in hashtags:
        hashtag = "#" + tag
        start = text.find(hashtag, end)
        if start >= 0:
            end = start + len(hashtag)
            tail = tails.get(hashtag)
            if tail is None:
                tail = tails[hashtag] = b',"tag":%s}' % orjson.dumps(tag)
            pieces += (opening, decimal[start], b',"end":', decimal[end], tail)
            opening = b',{"start":'
    pieces.append(b"]")


def _display(url: str) -> str:
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= 26 else bare[:25] + "…"


_VERIFIED = b'","verified":true,"verified_type":"blue"'
_NOT_VERIFIED = b'","verified":false,"verified_type":"none"'


def x_user(account: Account, times: TimeFormatter) -> bytes:
    """An account as an X API v2 User object (JSON)."""
    dumps = orjson.dumps
    return b"".join((
        b'{"id":"', account.id.encode(), b'","name":', dumps(account.name), b',"username":', dumps(account.handle),
        b',"created_at":"', times.x_v2(account.created_at).encode(),
        _VERIFIED if account.verified else _NOT_VERIFIED,
        b',"protected":false,"public_metrics":{"followers_count":%d,"following_count":%d,"tweet_count":%d,'
        b'"listed_count":%d}}' % (account.followers, account.following, account.tweets, account.followers // 50),
    ))  # fmt: skip


class UserParts(NamedTuple):
    """An account's parts of the lines, made once per process: what follows the post id in a canonical
    line and the text in a Tweet, up to `created_at`'s value, and its X API v2 User object."""

    line_author: bytes
    tweet_author: bytes
    user: bytes


def account_line(account: Account, times: TimeFormatter) -> bytes:
    """An account as a line of `accounts.jsonl` (canonical JSON Lines, `kind: account`): what `orjson.dumps`
    gives for the dict of these fields, joined from pieces (the parent writes 100,000 of them per million
    posts while the workers make chunks)."""
    dumps = orjson.dumps
    return b"".join((
        b'{"kind":"account","platform":"x","id":', dumps(account.id), b',"handle":', dumps(account.handle),
        b',"display_name":', dumps(account.name), b',"created_at":"', times.iso(account.created_at).encode(),
        b'","followers_count":%d,"following_count":%d,"verified":%s}\n'
        % (account.followers, account.following, b"true" if account.verified else b"false"),
    ))  # fmt: skip


class PostWriter:
    """Writes each post as a canonical line and as a Tweet, grouped into X API v2 responses of up to 100
    with the includes their Tweets reference."""

    PAGE_SIZE = 100

    def __init__(self, times: TimeFormatter, user_objects: dict[int, UserParts]) -> None:
        """`user_objects` caches, per account number, the `UserParts` of the account."""
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
        # By language: what follows the text in a canonical line, and the seconds in a Tweet.
        self._languages: dict[str, tuple[bytes, bytes]] = {}
        self._entity_tails = _EntityTails()

    def write(self, post: Post, metrics: int, extras: Extras | None = None) -> None:
        dumps = orjson.dumps
        author = post.author
        post_id = post.id.encode()
        number = author.number
        user = self._user_objects.get(number)
        if user is None:
            user = self._user_objects[number] = UserParts(
                b'","author_id":"%s","created_at":"' % author.id.encode(),
                b',"author_id":"%s","created_at":"' % author.id.encode(),
                x_user(author, self.times),
            )
        line_author, tweet_author, user_object = user
        minute, second = divmod(post.seconds, 60)
        stem = self._minutes.get(minute)
        if stem is None:
            stem = self._minutes[minute] = self.times.stem(minute * 60)[:-2].encode()
        language = self._languages.get(post.lang)
        if language is None:
            code = post.lang.encode()
            language = self._languages[post.lang] = (
                b',"language":"%s","urls":' % code,
                b'%s","conversation_id":"' % code,
            )
        text = dumps(post.text)
        links, hashtags = post.links, post.hashtags
        if extras is None:
            mentions: list[tuple[str, str]] = []
            line_tail = tweet_tail = b""
            conversation = post_id
        else:
            mentions = extras[0]
            line_tail, tweet_tail, conversation = self._extras(post_id, extras)
        if links or mentions or hashtags:
            lists = b"".join((
                dumps([expanded for _, expanded in links]) if links else b"[]", b',"mentions":',
                dumps([username for username, _ in mentions]) if mentions else b"[]", b',"hashtags":',
                dumps(hashtags) if hashtags else b"[]",
            ))  # fmt: skip
            tweet_tail = _entities(post.text, post, mentions, self._entity_tails) + tweet_tail
        else:
            lists = _NO_LISTS
        self.lines.append(
            b"".join((
                b'{"platform":"x","id":"', post_id, line_author, stem, _LINE_SECONDS[second], text,
                language[0], lists, line_tail, b"}\n",
            ))
        )  # fmt: skip
        self._tweets.append(
            b"".join((
                b'{"id":"', post_id, b'","text":', text, tweet_author, stem, _TWEET_SECONDS[second],
                language[1], conversation, b'","edit_history_tweet_ids":["', post_id, _METRICS_LOW[metrics & 255],
                _METRICS_HIGH[metrics >> 8], tweet_tail, b"}",
            ))
        )  # fmt: skip
        self._ids.append(post_id)
        self._users[number] = user_object
        if len(self._tweets) >= self.PAGE_SIZE:
            self.flush()

    def _extras(self, post_id: bytes, extras: Extras) -> tuple[bytes, bytes, bytes]:
        """The canonical line's fields after `hashtags`, the Tweet's fields after `entities`, and its
        conversation id."""
        _, media, (ref_type, ref_id, ref_author), country = extras
        line_tail = tweet_tail = b""
        if media:
            line_tail = b',"media":' + orjson.dumps(
                [{"kind": "image", "url": url, "pdq": pdq} if pdq else {"kind": "image", "url": url}
                 for _, url, pdq in media]
            )  # fmt: skip
            tweet_tail = b',"attachments":' + orjson.dumps({"media_keys": [key for key, _, _ in media]})
            for key, url, _ in media:
                self._media.append({"media_key": key, "type": "photo", "url": url, "width": 1200, "height": 675})
        conversation = post_id
        if ref_type:
            ref = ref_id.encode()
            line_tail = b"".join((line_tail, _REF_FIELD[ref_type], ref, b'"'))
            tweet_tail = b"".join((tweet_tail, _REFERENCED[ref_type], ref, b'"}]'))
            if ref_type == "replied_to":
                conversation = ref
                tweet_tail += b',"in_reply_to_user_id":"' + ref_author.encode() + b'"'
        if country:
            line_tail += _COUNTRY_HINTS[country]
            tweet_tail += _GEO[country]
            self._places[country] = PLACES[country]
        return line_tail, tweet_tail, conversation

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
