"""Bulk ingest: adapters' records into the store, in batches, idempotently.

Each batch is one transaction of dialect-native upserts run with `executemany`; the driver's row count
says how many rows were written, so `stored` and `duplicate` come from the database itself and the
summary always keeps `read = stored + duplicate + rejected`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Engine

from rempart.core.ids import new_id
from rempart.items.adapters.base import Operation, Parsed, Rejected
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
OUTBOX_COLUMNS = ("id", "topic", "dedupe_key", "payload", "status", "attempts", "available_at", "created_at")
Key = tuple[str, str]
SQLITE_CACHE_KIB = 256 * 1024
SQLITE_CHECKPOINT_PAGES = 20_000
Row = tuple[Any, ...]
_ITEM_UPDATE = [c for c in ITEM_COLUMNS if c not in ("platform", "id", "deleted_at", "ingested_at")]
_ACCOUNT_UPDATE = [c for c in ACCOUNT_COLUMNS if c not in ("platform", "id")]


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicate: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _upsert_sql(table: str, columns: Sequence[str], updates: Sequence[str], placeholder: str) -> str:
    names = ", ".join(columns)
    values = ", ".join(placeholder.format(name=c) for c in columns)
    assignments = ", ".join(f"{c} = excluded.{c}" for c in updates)
    return (
        f"INSERT INTO {table} ({names}) VALUES ({values}) "  # noqa: S608 - fixed column names, no input
        f"ON CONFLICT (platform, id) DO UPDATE SET {assignments} "
        f"WHERE {table}.content_hash <> excluded.content_hash"
    )


def _tombstone_sql(columns: Sequence[str], placeholder: str) -> str:
    names = ", ".join(columns)
    values = ", ".join(placeholder.format(name=c) for c in columns)
    return (
        f"INSERT INTO items ({names}) VALUES ({values}) "  # noqa: S608 - fixed column names, no input
        "ON CONFLICT (platform, id) DO UPDATE SET deleted_at = excluded.deleted_at "
        "WHERE items.deleted_at IS NULL"
    )


def _outbox_sql(placeholder: str) -> str:
    names = ", ".join(OUTBOX_COLUMNS)
    values = ", ".join(placeholder.format(name=c) for c in OUTBOX_COLUMNS)
    return f"INSERT INTO outbox ({names}) VALUES ({values}) ON CONFLICT (dedupe_key) DO NOTHING"  # noqa: S608


def digest(values: Sequence[Any]) -> str:
    return hashlib.blake2b(orjson.dumps(values), digest_size=16).hexdigest()


class RowBuilder:
    """Turns canonical records into the row tuples the upserts take; pure, so workers can run it."""

    def __init__(self, *, sqlite: bool, now: datetime) -> None:
        self._sqlite = sqlite
        self._now = self.timestamp(now)

    def timestamp(self, moment: datetime | None) -> Any:
        if moment is None or not self._sqlite:
            return moment
        # SQLAlchemy's SQLite DATETIME storage format (`2024-08-12 20:14:05.000000`, UTC), so that ORM reads
        # and range queries agree.
        return moment.replace(tzinfo=None).isoformat(" ", "microseconds")

    def item(self, item: Item) -> Row:
        dumps = orjson.dumps
        media = [m.model_dump(exclude_none=True, mode="json") for m in item.media] if item.media else []
        urls = dumps(item.urls).decode() if item.urls else "[]"
        mentions = dumps(item.mentions).decode() if item.mentions else "[]"
        hashtags = dumps(item.hashtags).decode() if item.hashtags else "[]"
        media_json = dumps(media).decode() if media else "[]"
        countries = dumps(item.country_hints).decode() if item.country_hints else "[]"
        content = "\x1f".join(
            (
                item.author_id,
                item.created_at.isoformat(),
                item.text,
                item.language or "",
                urls,
                mentions,
                hashtags,
                media_json,
                item.reply_to or "",
                item.repost_of or "",
                item.quote_of or "",
                countries,
            )
        )
        return (
            item.platform,
            item.id,
            item.author_id,
            self.timestamp(item.created_at),
            item.text,
            item.language,
            urls,
            mentions,
            hashtags,
            media_json,
            item.reply_to,
            item.repost_of,
            item.quote_of,
            countries,
            self.timestamp(item.deleted_at),
            item.raw,
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
        kind = RowKind.TOMBSTONE if record.operation is Operation.DELETE else RowKind.ITEM
        return (
            record.line,
            kind,
            (record.item.platform, record.item.id),
            self.item(record.item),
            tuple(((a.platform, a.id), self.account(a)) for a in record.accounts),
        )


class RowKind:
    """Which upsert a prepared row goes to (plain strings: prepared rows cross process boundaries)."""

    ITEM = "item"
    TOMBSTONE = "tombstone"
    ACCOUNT = "account"
    ALL = (ITEM, TOMBSTONE, ACCOUNT)


# A parsed record turned into rows, as a plain tuple so that it pickles cheaply between processes:
# (line, row kind, key, row, accounts the record carried along as (key, row) pairs).
Prepared = tuple[int, str, Key, Row, tuple[tuple[Key, Row], ...]]


class StoreWriter:
    """Buffers prepared records and writes them in batches; one transaction per batch.

    With `outbox_topic`, each upserted item is also enqueued on that outbox topic in the same transaction
    (deduplicated by item and content, so an unchanged item is not enqueued twice).
    """

    def __init__(
        self, engine: Engine, *, now: datetime, batch_size: int = 2000, outbox_topic: str | None = None
    ) -> None:
        self._engine = engine
        self._outbox_topic = outbox_topic
        self._batch_size = batch_size
        self._sqlite = engine.dialect.name == "sqlite"
        placeholder = "?" if self._sqlite else "%({name})s"
        self._item_sql = _upsert_sql("items", ITEM_COLUMNS, _ITEM_UPDATE, placeholder)
        self._tombstone_sql = _tombstone_sql(ITEM_COLUMNS, placeholder)
        self._account_sql = _upsert_sql("accounts", ACCOUNT_COLUMNS, _ACCOUNT_UPDATE, placeholder)
        self._outbox_sql = _outbox_sql(placeholder)
        self.rows = RowBuilder(sqlite=self._sqlite, now=now)
        self._enqueued_at = self.rows.timestamp(now)
        self._buffers: dict[str, dict[Key, Row]] = {kind: {} for kind in RowKind.ALL}
        self._embedded_accounts: dict[Key, Row] = {}
        self._pending = 0
        self._counted = 0
        self.summary = IngestSummary()

    def _outbox_rows(self, topic: str) -> list[Row]:
        now = self._enqueued_at
        rows: list[Row] = []
        for (platform, item_id), row in self._buffers[RowKind.ITEM].items():
            payload = orjson.dumps({"platform": platform, "id": item_id}).decode()
            dedupe_key = f"{topic}:{platform}:{item_id}:{row[16]}"[:256]
            rows.append((new_id("obx"), topic, dedupe_key, payload, "pending", 0, now, now))
        return rows

    def add(self, record: Parsed | Rejected) -> None:
        if isinstance(record, Rejected):
            self.summary.read += 1
            self.summary.rejected += 1
            return
        self.add_prepared(self.rows.prepare(record))

    def add_prepared(self, prepared: Prepared) -> None:
        self.summary.read += 1
        _, kind, key, row, embedded_accounts = prepared
        target = self._buffers[kind]
        repeated = (
            key in target
            if kind == RowKind.ACCOUNT
            else (key in self._buffers[RowKind.ITEM] or key in self._buffers[RowKind.TOMBSTONE])
        )
        if repeated:  # the same record twice in one batch: write the first before taking the second
            self.flush()
        target[key] = row
        for account_key, account_row in embedded_accounts:
            self._embedded_accounts[account_key] = account_row
        self._pending += 1
        if self._pending >= self._batch_size:
            self.flush()

    def _execute(self, cursor: Any, sql: str, rows: Iterable[Row], columns: Sequence[str]) -> int:
        batch = list(rows)
        if not batch:
            return 0
        if self._sqlite:
            cursor.executemany(sql, batch)
        else:
            cursor.executemany(sql, [dict(zip(columns, row, strict=True)) for row in batch])
        return int(cursor.rowcount)

    def flush(self) -> None:
        items, tombstones = self._buffers[RowKind.ITEM], self._buffers[RowKind.TOMBSTONE]
        accounts = self._buffers[RowKind.ACCOUNT]
        if not (items or tombstones or accounts or self._embedded_accounts):
            return
        raw = self._engine.raw_connection()
        try:
            cursor = raw.cursor()
            if self._sqlite:
                # A bulk load touches index pages all over: keep them in memory (a bound, not an allocation),
                # and copy the write-ahead log back less often (fewer copies of the same hot pages).
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
                cursor.execute("PRAGMA temp_store = MEMORY")
                cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_CHECKPOINT_PAGES}")
            # Accounts carried by items never count as records; account records do.
            embedded = [row for key, row in self._embedded_accounts.items() if key not in accounts]
            self._execute(cursor, self._account_sql, embedded, ACCOUNT_COLUMNS)
            written = self._execute(cursor, self._account_sql, accounts.values(), ACCOUNT_COLUMNS)
            written += self._execute(cursor, self._item_sql, items.values(), ITEM_COLUMNS)
            written += self._execute(cursor, self._tombstone_sql, tombstones.values(), ITEM_COLUMNS)
            if self._outbox_topic is not None:
                self._execute(cursor, self._outbox_sql, self._outbox_rows(self._outbox_topic), OUTBOX_COLUMNS)
            cursor.close()
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        finally:
            raw.close()
        # The database's row count says how many records changed something; the rest were already there.
        self.summary.stored += written
        self.summary.duplicate += len(items) + len(tombstones) + len(accounts) - written
        for buffer in self._buffers.values():
            buffer.clear()
        self._embedded_accounts.clear()
        self._pending = 0


def ingest(
    records: Iterable[Parsed | Rejected],
    engine: Engine,
    *,
    now: datetime,
    on_reject: Callable[[Rejected], None] | None = None,
    on_stored: Callable[[Sequence[Parsed]], None] | None = None,
    batch_size: int = 2000,
    outbox_topic: str | None = None,
) -> IngestSummary:
    """Write every parsed record; hand every rejected one to `on_reject`. Returns the summary.

    `outbox_topic` enqueues each stored item on that topic in the batch's own transaction."""
    writer = StoreWriter(engine, now=now, batch_size=batch_size, outbox_topic=outbox_topic)
    pending: list[Parsed] = []
    for record in records:
        if isinstance(record, Rejected) and on_reject is not None:
            on_reject(record)
        writer.add(record)
        if on_stored is not None and isinstance(record, Parsed):
            pending.append(record)
            if len(pending) >= batch_size:
                writer.flush()
                on_stored(pending)
                pending = []
    writer.flush()
    if on_stored is not None and pending:
        on_stored(pending)
    return writer.summary
