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


class StoreWriter:
    """Buffers parsed records and writes them in batches; one transaction per batch.

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
        self._now = self._timestamp(now)
        self._items: dict[tuple[str, str], Sequence[Any]] = {}
        self._tombstones: dict[tuple[str, str], Sequence[Any]] = {}
        self._account_records: dict[tuple[str, str], Sequence[Any]] = {}
        self._embedded_accounts: dict[tuple[str, str], Sequence[Any]] = {}
        self.summary = IngestSummary()

    def _timestamp(self, moment: datetime | None) -> Any:
        if moment is None or not self._sqlite:
            return moment
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")

    def _json(self, value: Any) -> str:
        return orjson.dumps(value).decode()

    def item_row(self, item: Item) -> Sequence[Any]:
        media = [m.model_dump(exclude_none=True, mode="json") for m in item.media]
        content = (
            item.platform,
            item.id,
            item.author_id,
            item.created_at.isoformat(),
            item.text,
            item.language,
            item.urls,
            item.mentions,
            item.hashtags,
            media,
            item.reply_to,
            item.repost_of,
            item.quote_of,
            item.country_hints,
        )
        return (
            item.platform,
            item.id,
            item.author_id,
            self._timestamp(item.created_at),
            item.text,
            item.language,
            self._json(item.urls),
            self._json(item.mentions),
            self._json(item.hashtags),
            self._json(media),
            item.reply_to,
            item.repost_of,
            item.quote_of,
            self._json(item.country_hints),
            self._timestamp(item.deleted_at),
            item.raw,
            digest(content),
            self._now,
        )

    def account_row(self, account: Account) -> Sequence[Any]:
        created = account.created_at.isoformat() if account.created_at else None
        content = (
            account.platform,
            account.id,
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
            self._timestamp(account.created_at),
            account.followers_count,
            account.following_count,
            account.verified,
            account.verified_type,
            account.raw,
            digest(content),
            self._now,
        )

    def _outbox_rows(self, topic: str) -> list[Sequence[Any]]:
        rows: list[Sequence[Any]] = []
        for (platform, item_id), row in self._items.items():
            payload = self._json({"platform": platform, "id": item_id})
            dedupe_key = f"{topic}:{platform}:{item_id}:{row[16]}"[:256]
            rows.append((new_id("obx"), topic, dedupe_key, payload, "pending", 0, self._now, self._now))
        return rows

    def add(self, record: Parsed | Rejected) -> None:
        self.summary.read += 1
        if isinstance(record, Rejected):
            self.summary.rejected += 1
            return
        if record.item is None:
            for account in record.accounts:
                key = (account.platform, account.id)
                if key in self._account_records:
                    self.flush()
                self._account_records[key] = self.account_row(account)
        else:
            key = (record.item.platform, record.item.id)
            if key in self._items or key in self._tombstones:
                self.flush()
            target = self._tombstones if record.operation is Operation.DELETE else self._items
            target[key] = self.item_row(record.item)
            for account in record.accounts:
                self._embedded_accounts[(account.platform, account.id)] = self.account_row(account)
        if len(self._items) + len(self._tombstones) + len(self._account_records) >= self._batch_size:
            self.flush()

    def _execute(self, cursor: Any, sql: str, rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> int:
        batch = list(rows)
        if not batch:
            return 0
        if self._sqlite:
            cursor.executemany(sql, batch)
        else:
            cursor.executemany(sql, [dict(zip(columns, row, strict=True)) for row in batch])
        return int(cursor.rowcount)

    def flush(self) -> None:
        counted = len(self._items) + len(self._tombstones) + len(self._account_records)
        if counted == 0 and not self._embedded_accounts:
            return
        raw = self._engine.raw_connection()
        try:
            cursor = raw.cursor()
            written = 0
            # Accounts carried by items never count as records, only records of their own do.
            embedded = {k: v for k, v in self._embedded_accounts.items() if k not in self._account_records}
            self._execute(cursor, self._account_sql, embedded.values(), ACCOUNT_COLUMNS)
            written += self._execute(cursor, self._account_sql, self._account_records.values(), ACCOUNT_COLUMNS)
            written += self._execute(cursor, self._item_sql, self._items.values(), ITEM_COLUMNS)
            written += self._execute(cursor, self._tombstone_sql, self._tombstones.values(), ITEM_COLUMNS)
            if self._outbox_topic is not None:
                self._execute(cursor, self._outbox_sql, self._outbox_rows(self._outbox_topic), OUTBOX_COLUMNS)
            cursor.close()
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        finally:
            raw.close()
        self.summary.stored += written
        self.summary.duplicate += counted - written
        self._items.clear()
        self._tombstones.clear()
        self._account_records.clear()
        self._embedded_accounts.clear()


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
