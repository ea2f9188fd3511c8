"""Records made into the row tuples the bulk upserts take, and grouped so that each group is one round.

Everything here is pure (no database), so parsing processes can run it and hand the writer rows that only
need executing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

import orjson

from rempart.items.adapters.base import Operation, Parsed
from rempart.items.schemas import Account, Item

ITEM_COLUMNS = (
    "platform",
    "id",
    "author_id",
    "created_at",
    "text",
    "language",
    "urls",
    "mentions",
    "hashtags",
    "media",
    "reply_to",
    "repost_of",
    "quote_of",
    "country_hints",
    "deleted_at",
    "raw",
    "content_hash",
    "ingested_at",
)
ACCOUNT_COLUMNS = (
    "platform",
    "id",
    "handle",
    "display_name",
    "created_at",
    "followers_count",
    "following_count",
    "verified",
    "verified_type",
    "raw",
    "content_hash",
    "updated_at",
)
# On SQLite these nullable item columns travel as '' rather than None, and the statement turns '' back
# into NULL: the sqlite3 module binds a str directly but looks for an adapter for every None it binds,
# a measurable share of a bulk insert. Validation never leaves '' in any of them.
SQLITE_EMPTY_IS_NULL = ("language", "reply_to", "repost_of", "quote_of", "deleted_at")
Key = tuple[str, str]
Row = tuple[Any, ...]


def dumps_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def digest(values: Sequence[Any]) -> str:
    return hashlib.blake2b(orjson.dumps(values), digest_size=16).hexdigest()


def _sqlite_time(utc_iso: str) -> str:
    """`RowBuilder.timestamp`'s SQLite form, cut from the `isoformat()` of a UTC datetime (which is
    `2024-08-12T20:14:05+00:00`, or `2024-08-12T20:14:05.250000+00:00` with microseconds)."""
    if len(utc_iso) == 25:
        return utc_iso[:10] + " " + utc_iso[11:19] + ".000000"
    return utc_iso[:10] + " " + utc_iso[11:26]


class RowBuilder:
    """Turns canonical records into the row tuples the upserts take; pure, so workers can run it.

    Every value in a row is a str, an int, a bool or None (timestamps are bound as text, which both backends
    read into their timestamp columns), so rows cross between processes with `marshal`.
    """

    def __init__(self, *, sqlite: bool, now: datetime) -> None:
        self._sqlite = sqlite
        self._now = self.timestamp(now)
        self._absent = "" if sqlite else None  # see SQLITE_EMPTY_IS_NULL

    def timestamp(self, moment: datetime | None) -> str | None:
        """A UTC datetime as the text the backend stores: on SQLite, SQLAlchemy's DATETIME format
        (`2024-08-12 20:14:05.000000`, UTC) so that ORM reads and range queries agree; on PostgreSQL, ISO 8601
        with its offset."""
        if moment is None:
            return None
        return moment.replace(tzinfo=None).isoformat(" ", "microseconds") if self._sqlite else moment.isoformat()

    def item(self, item: Item) -> Row:
        media = item.media
        media_json = dumps_text([m.model_dump(exclude_none=True, mode="json") for m in media]) if media else "[]"
        created_iso = item.created_at.isoformat()
        # `__dict__` holds the validated values: one dict instead of an attribute lookup per field.
        return self.item_row(item.__dict__, created_iso, media_json)

    def item_row(self, fields: dict[str, Any], created_iso: str, media_json: str) -> Row:
        """The row of an item from its validated field values (`Item`'s), its `created_at` in ISO 8601 with
        offset and its media as JSON."""
        dumps = orjson.dumps
        urls, mentions, hashtags = fields["urls"], fields["mentions"], fields["hashtags"]
        urls_json = dumps(urls).decode() if urls else "[]"
        mentions_json = dumps(mentions).decode() if mentions else "[]"
        hashtags_json = dumps(hashtags).decode() if hashtags else "[]"
        countries = fields["country_hints"]
        countries_json = dumps(countries).decode() if countries else "[]"
        author_id, text, language = fields["author_id"], fields["text"], fields["language"]
        reply_to, repost_of, quote_of = fields["reply_to"], fields["repost_of"], fields["quote_of"]
        content = "\x1f".join(
            (
                author_id,
                created_iso,
                text,
                language or "",
                urls_json,
                mentions_json,
                hashtags_json,
                media_json,
                reply_to or "",
                repost_of or "",
                quote_of or "",
                countries_json,
            )
        )
        deleted_at = fields["deleted_at"]
        absent = self._absent
        return (
            fields["platform"],
            fields["id"],
            author_id,
            _sqlite_time(created_iso) if self._sqlite else created_iso,
            text,
            language or absent,
            urls_json,
            mentions_json,
            hashtags_json,
            media_json,
            reply_to or absent,
            repost_of or absent,
            quote_of or absent,
            countries_json,
            self.timestamp(deleted_at) if deleted_at is not None else absent,
            fields["raw"],
            hashlib.blake2b(content.encode(), digest_size=16).hexdigest(),
            self._now,
        )

    def account(self, account: Account) -> Row:
        created = account.created_at.isoformat() if account.created_at else None
        content = (
            account.handle,
            account.display_name,
            created,
            account.followers_count,
            account.following_count,
            account.verified,
            account.verified_type,
        )
        return (
            account.platform,
            account.id,
            account.handle,
            account.display_name,
            self.timestamp(account.created_at),
            account.followers_count,
            account.following_count,
            account.verified,
            account.verified_type,
            account.raw,
            digest(content),
            self._now,
        )

    def prepare(self, record: Parsed) -> Prepared:
        if record.item is None:
            (account,) = record.accounts  # an account record is exactly one account
            return (record.line, RowKind.ACCOUNT, (account.platform, account.id), self.account(account), ())
        item = record.item
        kind = RowKind.TOMBSTONE if record.operation is Operation.DELETE else RowKind.ITEM
        carried = tuple(((a.platform, a.id), self.account(a)) for a in record.accounts) if record.accounts else ()
        return (record.line, kind, (item.platform, item.id), self.item(item), carried)


class RowKind:
    """Which upsert a prepared row goes to."""

    ITEM = "item"
    TOMBSTONE = "tombstone"
    ACCOUNT = "account"
    ALL = (ITEM, TOMBSTONE, ACCOUNT)


# A parsed record turned into rows: (line, row kind, key, row, accounts it carried as (key, row) pairs).
Prepared = tuple[int, str, Key, Row, tuple[tuple[Key, Row], ...]]


class RowGroup(NamedTuple):
    """Rows written by one round of upserts, in this order; no key appears twice among them.

    `embedded_accounts` are the accounts that records carried along (never counted as records);
    the other three lists hold one row per record.
    """

    embedded_accounts: list[Row]
    accounts: list[Row]
    items: list[Row]
    tombstones: list[Row]


class RowGroups:
    """Prepared records gathered, in order, into `RowGroup`s.

    A record whose key is already in the open group closes it and opens the next one, so that writing the
    groups one after the other applies every record in its place, each counted by the database once.
    This is pure bookkeeping: parsing processes run it, and the writer only executes the groups.
    """

    def __init__(self) -> None:
        self.groups: list[RowGroup] = []
        self.records = 0
        self._open()

    def _open(self) -> None:
        self._record_keys: set[Key] = set()  # items and tombstones share their keys
        self._account_keys: set[Key] = set()
        self._rows: dict[str, list[Row]] = {kind: [] for kind in RowKind.ALL}
        self._embedded: dict[Key, Row] = {}

    def add(self, prepared: Prepared) -> None:
        _, kind, key, row, embedded = prepared
        keys = self._account_keys if kind == RowKind.ACCOUNT else self._record_keys
        if key in keys:
            self._close()
            keys = self._account_keys if kind == RowKind.ACCOUNT else self._record_keys
        keys.add(key)
        self._rows[kind].append(row)
        for account_key, account_row in embedded:
            self._embedded[account_key] = account_row
        self.records += 1

    def _close(self) -> None:
        rows = self._rows
        if not (self._record_keys or self._account_keys or self._embedded):
            return
        # An account that is a record of its own is written as that record, not as an embedded copy.
        embedded = [row for key, row in self._embedded.items() if key not in self._account_keys]
        self.groups.append(RowGroup(embedded, rows[RowKind.ACCOUNT], rows[RowKind.ITEM], rows[RowKind.TOMBSTONE]))
        self._open()

    def take(self) -> tuple[list[RowGroup], int]:
        """The groups so far and how many records they hold; starts afresh."""
        self._close()
        groups, records = self.groups, self.records
        self.groups, self.records = [], 0
        return groups, records
