"""Campaign detection over the posts in the store: the period is exported to a scratch directory and the
detection engine reads it there (what `rempart campaigns detect` does without `--input`, and what
`rempart demo load` does once the posts are in)."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from rempart.campaigns.config import DetectionConfig
from rempart.campaigns.detect import detect
from rempart.campaigns.engines import make_engine
from rempart.campaigns.schemas import Campaign, DetectionSummary
from rempart.campaigns.service import export_store


def detect_in_store(
    store: Engine,
    *,
    since: datetime,
    until: datetime,
    engine_name: str = "duckdb",
    config: DetectionConfig | None = None,
) -> tuple[list[Campaign], DetectionSummary]:
    """The coordinated groups among the stored items posted in [since, until)."""
    with tempfile.TemporaryDirectory(prefix="rempart-campaigns-") as scratch:
        items, accounts = export_store(store, since, until, Path(scratch))
        runner = make_engine(engine_name)
        try:
            return detect(runner, items=[items], accounts=[accounts], since=since, until=until, config=config)
        finally:
            runner.close()
