"""`rempart scan`: store, detect and decide on a stream of items, using every core."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import typer

from rempart.cli.common import console, context, open_input, print_json
from rempart.cli.ingest import Format
from rempart.detect.registry import DetectorRegistry
from rempart.items.adapters.base import Rejected
from rempart.pipeline.scan import ScanJob, default_rejects_path, scan_stream
from rempart.store import migrate


def policy_path_option(policy: Path | None, configured: Path | None) -> str | None:
    chosen = policy or configured
    return None if chosen is None else str(chosen)


def scan(
    path: str = typer.Argument(..., help="File to read, or - for standard input."),
    *,
    format: Format = typer.Option(Format.JSONL, "--format", "-f", help="Input format."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write one JSON line per checked item here."),
    policy: Path | None = typer.Option(
        None, "--policy", help="Policy file (default: REMPART_POLICY_PATH, else the shipped default)."
    ),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", min=1, help="Worker processes."),
    rejects: Path | None = typer.Option(None, help="Where rejected records go; default: PATH.rejects.jsonl."),
    chunk_lines: int = typer.Option(2000, min=1, max=100_000, help="Lines handed to a worker at a time."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Read items in FORMAT, store them, run the enabled detectors and the policy, record the proposals."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    job = ScanJob(
        database_url=ctx.settings.database_url,
        policy_path=policy_path_option(policy, ctx.settings.policy_path),
        format_name=format.value,
        now=ctx.clock.now(),
    )
    ctx.close()
    rejects_path = rejects or default_rejects_path(path)
    rejected_any = False
    with rejects_path.open("wb") as rejects_file:

        def on_reject(record: Rejected) -> None:
            nonlocal rejected_any
            rejected_any = True
            line = {"line": record.line, "reason": record.reason, "record": record.record.decode("utf-8", "replace")}
            rejects_file.write(orjson.dumps(line) + b"\n")

        with open_input(path, f"scan {format.value}") as stream:
            if out is None:
                summary = scan_stream(
                    stream,
                    job,
                    DetectorRegistry.discover(),
                    workers=workers,
                    on_reject=on_reject,
                    lines_per_chunk=chunk_lines,
                )
            else:
                with out.open("wb") as out_file:
                    summary = scan_stream(
                        stream,
                        job,
                        DetectorRegistry.discover(),
                        workers=workers,
                        out=out_file,
                        on_reject=on_reject,
                        lines_per_chunk=chunk_lines,
                    )
    if not rejected_any:
        rejects_path.unlink(missing_ok=True)
    if json_output:
        print_json(summary.as_dict())
        return
    modes = ", ".join(f"{mode} {count}" for mode, count in summary.proposals.items())
    console.print(
        f"read {summary.read}, stored {summary.stored}, duplicate {summary.duplicate}, rejected {summary.rejected}, "
        f"flagged {summary.flagged} (proposals: {modes})" + (f"; rejects in {rejects_path}" if rejected_any else "")
    )
