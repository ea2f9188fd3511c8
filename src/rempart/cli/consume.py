"""`rempart consume`: items from a NATS JetStream subject, acknowledged after they are committed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import typer

from rempart.cli.common import console, context, print_json
from rempart.cli.ingest import Format
from rempart.items.adapters.base import Rejected
from rempart.items.adapters.registry import adapter_for
from rempart.items.stream import StreamSource
from rempart.items.stream import consume as consume_stream
from rempart.store import migrate


def consume(
    subject: str = typer.Option("rempart.items", help="Subject the platform publishes items on."),
    nats_url: str = typer.Option("nats://127.0.0.1:4222", help="NATS server."),
    stream: str = typer.Option("REMPART_ITEMS", help="JetStream stream (created if missing)."),
    durable: str = typer.Option("rempart-ingest", help="Durable consumer name: restarts resume where it stopped."),
    format: Format = typer.Option(Format.JSONL, "--format", "-f", help="Format of the messages."),
    idle_exit: float | None = typer.Option(None, help="Stop after this many seconds without a message."),
    rejects: Path = typer.Option(Path("rejects.jsonl"), help="Where rejected records go (JSON Lines)."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON when stopping."),
) -> None:
    """Consume items continuously (or until idle), at least once and idempotently."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    with rejects.open("ab") as rejects_file:

        def on_reject(record: Rejected) -> None:
            line = {"line": record.line, "reason": record.reason, "record": record.record.decode(errors="replace")}
            rejects_file.write(orjson.dumps(line) + b"\n")
            rejects_file.flush()

        summary = asyncio.run(
            consume_stream(
                StreamSource(nats_url, stream, subject, durable),
                adapter_for(format.value),
                ctx.engine,
                ctx.clock,
                idle_seconds=idle_exit,
                on_reject=on_reject,
            )
        )
    ctx.close()
    if json_output:
        print_json(summary.as_dict())
    else:
        console.print(
            f"read {summary.read}, stored {summary.stored}, duplicate {summary.duplicate}, rejected {summary.rejected}"
        )
