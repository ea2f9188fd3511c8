"""Bulk ingest: adapters' records into the store, in batches, idempotently.

Each batch is one transaction of dialect-native upserts run with `executemany`; the driver's row count
says how many rows were written, so `stored` and `duplicate` come from the database itself and the
summary always keeps `read = stored + duplicate + rejected`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import partial
from typing import Any

import orjson
from sqlalchemy import Engine

from rempart.core.ids import new_id
from rempart.items.adapters.base import Parsed, Rejected
from rempart.items.rows import (
    ACCOUNT_COLUMNS,
    ITEM_COLUMNS,
    SQLITE_EMPTY_IS_NULL,
    Prepared,
    Row,
    RowBuilder,
    RowGroup,
    RowGroups,
)

OUTBOX_COLUMNS = ("id", "topic", "dedupe_key", "payload", "status", "attempts", "available_at", "created_at")
SQLITE_CACHE_KIB = 256 * 1024
SQLITE_CHECKPOINT_PAGES = 5_000
# From this many rows, a PostgreSQL upsert goes through COPY and a scratch table rather than `executemany`.
COPY_FROM_ROWS = 500
_ITEM_UPDATE = [c for c in ITEM_COLUMNS if c not in ("platform", "id", "deleted_at", "ingested_at")]
_ACCOUNT_UPDATE = [c for c in ACCOUNT_COLUMNS if c not in ("platform", "id")]
_CONTENT_HASH = ITEM_COLUMNS.index("content_hash")


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicate: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _values(columns: Sequence[str], placeholder: str, empty_is_null: Collection[str] = ()) -> str:
    return ", ".join(f"NULLIF({placeholder}, '')" if c in empty_is_null else placeholder for c in columns)


def _upsert_sql(table: str, columns: Sequence[str], updates: Sequence[str], source: str) -> str:
    """Insert from SOURCE (`VALUES (…)` or a `SELECT`); a row already stored is updated only if it changed."""
    names = ", ".join(columns)
    assignments = ", ".join(f"{c} = excluded.{c}" for c in updates)
    return (
        f"INSERT INTO {table} ({names}) {source} "
        f"ON CONFLICT (platform, id) DO UPDATE SET {assignments} "
        f"WHERE {table}.content_hash <> excluded.content_hash"
    )


def _tombstone_sql(columns: Sequence[str], source: str) -> str:
    names = ", ".join(columns)
    return (
        f"INSERT INTO items ({names}) {source} "
        "ON CONFLICT (platform, id) DO UPDATE SET deleted_at = excluded.deleted_at "
        "WHERE items.deleted_at IS NULL"
    )


@dataclass(frozen=True, slots=True)
class _Copy:
    """An upsert's PostgreSQL bulk form: the rows are COPYed into a scratch table (temporary, emptied after
    each use), then the same upsert reads them from there in one statement."""

    create_sql: str
    copy_sql: str
    upsert_sql: str
    empty_sql: str


@dataclass(frozen=True, slots=True)
class _Upsert:
    """One upsert: its statement for `executemany` and, on PostgreSQL, its bulk form."""

    sql: str
    copy: _Copy | None = None

    @classmethod
    def of(
        cls, table: str, columns: Sequence[str], statement: Callable[[str], str], values: str, *, copy: bool
    ) -> _Upsert:
        """STATEMENT inserts from the source it is given: `VALUES (VALUES)`, or the scratch table."""
        sql = statement(f"VALUES ({values})")
        if not copy:
            return cls(sql)
        names = ", ".join(columns)
        scratch = f"scratch_{table}"
        bulk = _Copy(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {scratch} (LIKE {table})",
            f"COPY {scratch} ({names}) FROM STDIN",
            statement(f"SELECT {names} FROM {scratch}"),  # noqa: S608 - fixed column names, no input
            f"TRUNCATE {scratch}",
        )
        return cls(sql, bulk)


def _outbox_sql(placeholder: str) -> str:
    names = ", ".join(OUTBOX_COLUMNS)
    values = _values(OUTBOX_COLUMNS, placeholder)
    return f"INSERT INTO outbox ({names}) VALUES ({values}) ON CONFLICT (dedupe_key) DO NOTHING"  # noqa: S608


class StoreWriter:
    """Gathers records into row groups and writes them in batches; one transaction per batch.

    Records come either one by one (`add`, `add_prepared`) or already grouped by a parsing process
    (`add_groups`). With `outbox_topic`, each upserted item is also enqueued on that outbox topic in the
    same transaction (deduplicated by item and content, so an unchanged item is not enqueued twice).
    """

    def __init__(
        self, engine: Engine, *, now: datetime, batch_size: int = 2000, outbox_topic: str | None = None
    ) -> None:
        self._engine = engine
        self._outbox_topic = outbox_topic
        self._batch_size = batch_size
        self._sqlite = engine.dialect.name == "sqlite"
        placeholder = "?" if self._sqlite else "%s"
        item_values = _values(ITEM_COLUMNS, placeholder, SQLITE_EMPTY_IS_NULL if self._sqlite else ())
        account_values = _values(ACCOUNT_COLUMNS, placeholder)
        copy = not self._sqlite  # on PostgreSQL, batches of `COPY_FROM_ROWS` or more go through COPY
        upsert_items = partial(_upsert_sql, "items", ITEM_COLUMNS, _ITEM_UPDATE)
        upsert_accounts = partial(_upsert_sql, "accounts", ACCOUNT_COLUMNS, _ACCOUNT_UPDATE)
        tombstones = partial(_tombstone_sql, ITEM_COLUMNS)
        self._items = _Upsert.of("items", ITEM_COLUMNS, upsert_items, item_values, copy=copy)
        self._tombstones = _Upsert.of("items", ITEM_COLUMNS, tombstones, item_values, copy=copy)
        self._accounts = _Upsert.of("accounts", ACCOUNT_COLUMNS, upsert_accounts, account_values, copy=copy)
        self._outbox = _Upsert(_outbox_sql(placeholder))
        self.rows = RowBuilder(sqlite=self._sqlite, now=now)
        self._enqueued_at = self.rows.timestamp(now)
        self._grouping = RowGroups()
        self._grouped: list[RowGroup] = []  # groups handed in by `add_groups`, not yet written
        self._grouped_records = 0
        self.summary = IngestSummary()

    def add(self, record: Parsed | Rejected) -> None:
        if isinstance(record, Rejected):
            self.add_rejected()
            return
        self.add_prepared(self.rows.prepare(record))

    def add_rejected(self) -> None:
        self.summary.read += 1
        self.summary.rejected += 1

    def add_prepared(self, prepared: Prepared) -> None:
        self.summary.read += 1
        self._grouping.add(prepared)
        if self._grouping.records + self._grouped_records >= self._batch_size:
            self.flush()

    def add_groups(self, groups: list[RowGroup], records: int) -> None:
        """Groups that a `RowGroups` made elsewhere (in a parsing process), holding `records` records."""
        self.summary.read += records
        self._grouped.extend(groups)
        self._grouped_records += records
        if self._grouping.records + self._grouped_records >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        groups, records = self._grouping.take()
        if self._grouped:
            groups = [*self._grouped, *groups]
            records += self._grouped_records
            self._grouped, self._grouped_records = [], 0
        if not groups:
            return
        written = self._write(groups)
        # The database's row count says how many records changed something; the rest were already there.
        self.summary.stored += written
        self.summary.duplicate += records - written

    def _write(self, groups: list[RowGroup]) -> int:
        """Write the groups in order in one transaction; returns how many records changed a row."""
        raw = self._engine.raw_connection()
        try:
            cursor = raw.cursor()
            if self._sqlite:
                # A bulk load touches index pages all over: keep them in memory (a bound, not an allocation),
                # and copy the write-ahead log back less often (fewer copies of the same hot pages).
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
                cursor.execute("PRAGMA temp_store = MEMORY")
                cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_CHECKPOINT_PAGES}")
            written = 0
            for group in groups:
                # Accounts carried by items never count as records; account records do.
                self._execute(cursor, self._accounts, group.embedded_accounts)
                written += self._execute(cursor, self._accounts, group.accounts)
                written += self._execute(cursor, self._items, group.items)
                written += self._execute(cursor, self._tombstones, group.tombstones)
                if self._outbox_topic is not None and group.items:
                    self._execute(cursor, self._outbox, self._outbox_rows(self._outbox_topic, group.items))
            cursor.close()
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        finally:
            raw.close()
        return written

    @staticmethod
    def _execute(cursor: Any, upsert: _Upsert, rows: list[Row]) -> int:
        if not rows:
            return 0
        bulk = upsert.copy
        if bulk is None or len(rows) < COPY_FROM_ROWS:
            cursor.executemany(upsert.sql, rows)
            return int(cursor.rowcount)
        cursor.execute(bulk.create_sql)
        with cursor.copy(bulk.copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(bulk.upsert_sql)
        written = int(cursor.rowcount)
        cursor.execute(bulk.empty_sql)
        return written

    def _outbox_rows(self, topic: str, items: Iterable[Row]) -> list[Row]:
        now = self._enqueued_at
        rows: list[Row] = []
        for row in items:
            platform, item_id = row[0], row[1]
            payload = orjson.dumps({"platform": platform, "id": item_id}).decode()
            dedupe_key = f"{topic}:{platform}:{item_id}:{row[_CONTENT_HASH]}"[:256]
            rows.append((new_id("obx"), topic, dedupe_key, payload, "pending", 0, now, now))
        return rows


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
