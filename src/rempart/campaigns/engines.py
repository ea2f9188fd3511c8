"""The two engines that run the same SQL: DuckDB (embedded, default) and Apache Spark (local or cluster).

Each engine loads the canonical items and accounts (JSON Lines or Parquet) into the views `src_items`
and `src_accounts`, and provides the few functions whose spelling differs between the two dialects.
`hash64` is the same function on both engines (a text's hash is its identity); `key64` and `hash60` are
each engine's fast native hash, for keys that never leave one run (accounts, posts, objects) and for
MinHash's shingles.
Everything else — the traces, the windows, the pairs — is one SQL text (`rempart.campaigns.sql`).
"""

# ruff: noqa: S608 - the SQL is built from the detection's own fragments and numbers, never from input

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

ITEM_COLUMNS: dict[str, str] = {
    "kind": "VARCHAR",
    "platform": "VARCHAR",
    "id": "VARCHAR",
    "author_id": "VARCHAR",
    "created_at": "VARCHAR",
    "text": "VARCHAR",
    "language": "VARCHAR",
    "urls": "VARCHAR[]",
    "hashtags": "VARCHAR[]",
    "media": "STRUCT(pdq VARCHAR)[]",
    "repost_of": "VARCHAR",
    "quote_of": "VARCHAR",
    "deleted_at": "VARCHAR",
}
SPARK_SCHEMA = (
    "kind STRING, platform STRING, id STRING, author_id STRING, created_at STRING, text STRING, "
    "language STRING, urls ARRAY<STRING>, hashtags ARRAY<STRING>, media ARRAY<STRUCT<pdq: STRING>>, "
    "repost_of STRING, quote_of STRING, deleted_at STRING"
)


class Engine(Protocol):
    """What the detection steps need from an engine."""

    name: str

    def load(self, items: Sequence[Path], accounts: Sequence[Path]) -> None: ...

    def materialise(self, name: str, query: str) -> None: ...

    def fetch(self, query: str) -> list[tuple[Any, ...]]: ...

    def put(self, name: str, columns: Sequence[str], rows: Sequence[tuple[str, ...]]) -> None: ...

    def close(self) -> None: ...

    # Dialect: SQL fragments.
    def epoch(self, expr: str) -> str: ...

    def explode(self, expr: str) -> str: ...

    def series(self, start: str, stop: str) -> str: ...

    def replace_all(self, expr: str, pattern: str, replacement: str) -> str: ...

    def hash64(self, expr: str) -> str: ...

    def key64(self, *exprs: str) -> str: ...

    def hash60(self, expr: str) -> str: ...

    def array(self, items: Sequence[str]) -> str: ...

    def join_list(self, expr: str, separator: str) -> str: ...

    def xor(self, left: str, right: str) -> str: ...

    def quantile(self, expr: str, q: float) -> str: ...


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


class DuckDBEngine:
    """DuckDB in this process, spilling to a temporary directory when memory runs short."""

    name = "duckdb"

    def __init__(self, memory_limit: str = "8GB", threads: int | None = None) -> None:
        import duckdb

        self._spill = tempfile.TemporaryDirectory(prefix="rempart-duckdb-")
        self.connection = duckdb.connect()
        self.connection.execute(f"SET memory_limit = '{memory_limit}'")
        self.connection.execute(f"SET temp_directory = '{self._spill.name}'")
        self.connection.execute("SET preserve_insertion_order = false")
        if threads:
            self.connection.execute(f"SET threads = {int(threads)}")

    def _reader(self, paths: Sequence[Path]) -> str:
        names = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"
        if paths and all(_is_parquet(p) for p in paths):
            return f"read_parquet({names}, union_by_name = true)"
        columns = "{" + ", ".join(f"{k}: '{v}'" for k, v in ITEM_COLUMNS.items()) + "}"
        return f"read_json({names}, format = 'newline_delimited', columns = {columns}, ignore_errors = true)"

    def load(self, items: Sequence[Path], accounts: Sequence[Path]) -> None:
        self.connection.execute(f"CREATE OR REPLACE TEMP VIEW src_items AS SELECT * FROM {self._reader(items)}")
        if accounts:
            query = f"SELECT platform, id, created_at FROM {self._reader(accounts)}"
        else:
            query = "SELECT platform, id, created_at FROM src_items WHERE false"
        self.connection.execute(f"CREATE OR REPLACE TEMP VIEW src_accounts AS {query}")

    def materialise(self, name: str, query: str) -> None:
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {query}")

    def fetch(self, query: str) -> list[tuple[Any, ...]]:
        return self.connection.execute(query).fetchall()

    def put(self, name: str, columns: Sequence[str], rows: Sequence[tuple[str, ...]]) -> None:
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(c + ' VARCHAR' for c in columns)})")
        if rows:
            marks = ", ".join("?" for _ in columns)
            self.connection.executemany(f"INSERT INTO {name} VALUES ({marks})", [list(r) for r in rows])

    def close(self) -> None:
        self.connection.close()
        self._spill.cleanup()

    def epoch(self, expr: str) -> str:
        return f"epoch(TRY_CAST({expr} AS TIMESTAMPTZ))"

    def explode(self, expr: str) -> str:
        return f"unnest({expr})"

    def series(self, start: str, stop: str) -> str:
        return f"generate_series({start}, {stop})"

    def replace_all(self, expr: str, pattern: str, replacement: str) -> str:
        return f"regexp_replace({expr}, '{pattern}', '{replacement}', 'g')"

    def array(self, items: Sequence[str]) -> str:
        return f"list_value({', '.join(items)})"

    def hash64(self, expr: str) -> str:
        return f"CAST(('0x' || substring(md5({expr}), 1, 15)) AS BIGINT)"

    def key64(self, *exprs: str) -> str:
        return f"hash({', '.join(exprs)})"

    def hash60(self, expr: str) -> str:
        return f"CAST(hash({expr}) >> 4 AS BIGINT)"

    def join_list(self, expr: str, separator: str) -> str:
        return f"array_to_string({expr}, '{separator}')"

    def xor(self, left: str, right: str) -> str:
        return f"xor({left}, CAST({right} AS BIGINT))"

    def quantile(self, expr: str, q: float) -> str:
        return f"quantile_cont({expr}, {q})"


class SparkEngine:
    """Apache Spark through pyspark; `master` is `local[*]` on one machine, or a cluster's URL."""

    name = "spark"

    def __init__(self, master: str = "local[2]", driver_memory: str = "4g", shuffle_partitions: int = 4) -> None:
        from pyspark.sql import SparkSession

        self._scratch = tempfile.TemporaryDirectory(prefix="rempart-spark-")
        self.session = (
            SparkSession.builder.master(master)
            .appName("rempart-campaigns")
            .config("spark.driver.memory", driver_memory)
            .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.parser.escapedStringLiterals", "true")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.local.dir", self._scratch.name)
            .config("spark.sql.ansi.enabled", "false")
            .getOrCreate()
        )
        self.session.sparkContext.setLogLevel("ERROR")
        self._cached: list[str] = []

    def _read(self, paths: Sequence[Path]) -> Any:
        names = [str(p) for p in paths]
        if names and all(_is_parquet(p) for p in paths):
            return self.session.read.option("mergeSchema", "true").parquet(*names)
        return self.session.read.schema(SPARK_SCHEMA).option("mode", "PERMISSIVE").json(names)

    def load(self, items: Sequence[Path], accounts: Sequence[Path]) -> None:
        self._read(items).createOrReplaceTempView("src_items")
        if accounts:
            self._read(accounts).select("platform", "id", "created_at").createOrReplaceTempView("src_accounts")
        else:
            self.session.sql("SELECT platform, id, created_at FROM src_items WHERE false").createOrReplaceTempView(
                "src_accounts"
            )

    def materialise(self, name: str, query: str) -> None:
        if name in self._cached:
            self.session.sql(f"UNCACHE TABLE IF EXISTS {name}")
        self.session.sql(f"CACHE TABLE {name} AS {query}")
        self._cached.append(name)

    def fetch(self, query: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.session.sql(query).collect()]

    def put(self, name: str, columns: Sequence[str], rows: Sequence[tuple[str, ...]]) -> None:
        schema = ", ".join(f"{c} STRING" for c in columns)
        self.session.createDataFrame(list(rows), schema=schema).createOrReplaceTempView(name)

    def close(self) -> None:
        for name in self._cached:
            self.session.sql(f"UNCACHE TABLE IF EXISTS {name}")
        self.session.catalog.clearCache()
        self._scratch.cleanup()

    def epoch(self, expr: str) -> str:
        return f"CAST(CAST({expr} AS TIMESTAMP) AS DOUBLE)"

    def explode(self, expr: str) -> str:
        return f"explode({expr})"

    def series(self, start: str, stop: str) -> str:
        return f"sequence({start}, {stop})"

    def replace_all(self, expr: str, pattern: str, replacement: str) -> str:
        return f"regexp_replace({expr}, '{pattern}', '{replacement}')"

    def array(self, items: Sequence[str]) -> str:
        return f"array({', '.join(items)})"

    def hash64(self, expr: str) -> str:
        return f"CAST(conv(substring(md5({expr}), 1, 15), 16, 10) AS BIGINT)"

    def key64(self, *exprs: str) -> str:
        return f"xxhash64({', '.join(exprs)})"

    def hash60(self, expr: str) -> str:
        return f"shiftrightunsigned(xxhash64({expr}), 4)"

    def join_list(self, expr: str, separator: str) -> str:
        return f"concat_ws('{separator}', {expr})"

    def xor(self, left: str, right: str) -> str:
        return f"({left} ^ CAST({right} AS BIGINT))"

    def quantile(self, expr: str, q: float) -> str:
        return f"percentile({expr}, {q})"


def make_engine(name: str) -> Engine:
    if name == "spark":
        return SparkEngine()
    if name == "duckdb":
        return DuckDBEngine()
    msg = f"unknown engine {name!r}: expected duckdb or spark"
    raise ValueError(msg)
