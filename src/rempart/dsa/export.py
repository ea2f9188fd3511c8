"""Statements as Transparency Database JSON Lines and CSV, for platforms that upload by hand."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.dsa.models import Statement
from rempart.dsa.validator import TDB_FIELDS

COLUMNS = TDB_FIELDS


def statements_between(session: Session, start: datetime, end: datetime) -> Iterator[dict[str, Any]]:
    """The TDB JSON of every statement issued in [start, end), oldest first."""
    query = (
        select(Statement.tdb)
        .where(Statement.created_at >= start, Statement.created_at < end, Statement.tdb.is_not(None))
        .order_by(Statement.created_at, Statement.id)
        .execution_options(yield_per=1000)
    )
    for tdb in session.scalars(query):
        if tdb is not None:
            yield tdb


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return str(value)


def export(session: Session, start: datetime, end: datetime, directory: Path) -> dict[str, Any]:
    """Write `statements.jsonl` and `statements.csv` in `directory`; arrays are JSON in CSV cells."""
    directory.mkdir(parents=True, exist_ok=True)
    jsonl_path, csv_path = directory / "statements.jsonl", directory / "statements.csv"
    count = 0
    with jsonl_path.open("wb") as jsonl, csv_path.open("w", newline="", encoding="utf-8") as table:
        writer = csv.writer(table)
        writer.writerow(COLUMNS)
        for tdb in statements_between(session, start, end):
            jsonl.write(orjson.dumps(tdb) + b"\n")
            writer.writerow([_cell(tdb.get(column)) for column in COLUMNS])
            count += 1
    return {"statements": count, "jsonl": str(jsonl_path), "csv": str(csv_path)}
