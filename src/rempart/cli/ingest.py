"""`rempart ingest`: stream a file of any size into the store."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

import orjson
import typer

from rempart.cli.common import console, context, open_input, print_json
from rempart.items.adapters.base import Rejected
from rempart.items.adapters.registry import adapter_for
from rempart.items.parallel import ingest_stream
from rempart.store import migrate


class Format(StrEnum):
    JSONL = "jsonl"
    X_V2 = "x-v2"
    MASTODON = "mastodon"
    BLUESKY_JETSTREAM = "bluesky-jetstream"


def ingest(
    path: str = typer.Argument(..., help="File to read, or - for standard input."),
    format: Format = typer.Option(Format.JSONL, "--format", "-f", help="Input format."),
    rejects: Path | None = typer.Option(
        None, help="Where rejected records go (JSON Lines); default: PATH.rejects.jsonl or ./rejects.jsonl."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    batch_size: int = typer.Option(2000, min=1, max=100_000, help="Records per transaction."),
    workers: int = typer.Option(os.cpu_count() or 1, min=1, help="Parsing processes (1: parse in this one)."),
    platform: str | None = typer.Option(
        None,
        help="Platform name to store items under (e.g. a Mastodon instance); "
        "overrides the default of x-v2 (x), mastodon (mastodon) and bluesky-jetstream (bluesky).",
    ),
) -> None:
    """Read items in FORMAT; bad records go to the rejects file with their line and reason."""
    if platform is not None and not 1 <= len(platform.strip()) <= 64:
        raise typer.BadParameter("must be 1 to 64 characters", param_hint="--platform")
    try:
        adapter = adapter_for(format.value, platform=platform.strip() if platform else None)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--platform") from None
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    rejects_path = rejects or Path("rejects.jsonl" if path == "-" else f"{path}.rejects.jsonl")
    rejected_any = False
    with rejects_path.open("wb") as rejects_file:

        def on_reject(record: Rejected) -> None:
            nonlocal rejected_any
            rejected_any = True
            rejects_file.write(
                orjson.dumps(
                    {
                        "line": record.line,
                        "reason": record.reason,
                        "record": record.record.decode("utf-8", errors="replace"),
                    }
                )
                + b"\n"
            )

        with open_input(path, f"ingest {format.value}") as stream:
            summary = ingest_stream(
                adapter,
                stream,
                ctx.engine,
                now=ctx.clock.now(),
                workers=workers,
                on_reject=on_reject,
                batch_size=batch_size,
            )
    if not rejected_any:
        rejects_path.unlink(missing_ok=True)
    ctx.close()
    if json_output:
        print_json(summary.as_dict())
    else:
        console.print(
            f"read {summary.read}, stored {summary.stored}, duplicate {summary.duplicate}, "
            f"rejected {summary.rejected}" + (f" (see {rejects_path})" if rejected_any else "")
        )
