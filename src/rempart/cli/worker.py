"""`rempart worker`: check the items pushed through `POST /v1/items` (the `scan` queue)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from rempart.cli.common import console, context, print_json
from rempart.cli.scan import policy_path_option
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.pipeline.queue import WorkSummary, process_scan_queue
from rempart.pipeline.runner import build_pipeline
from rempart.store import migrate


def worker(
    *,
    policy: Path | None = typer.Option(
        None, "--policy", help="Policy file (default: REMPART_POLICY_PATH, else the shipped default)."
    ),
    once: bool = typer.Option(False, "--once", help="Stop when the queue is empty instead of waiting for more."),
    batch: int = typer.Option(100, min=1, max=10_000, help="Messages claimed at a time."),
    lease_seconds: int = typer.Option(300, min=5, help="How long a claimed message stays ours before others retry it."),
    poll_seconds: float = typer.Option(1.0, min=0.05, help="Wait between polls when the queue is empty."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON when stopping."),
) -> None:
    """Claim `scan` messages, run detectors and policy on the stored items, record the proposals."""
    from datetime import timedelta

    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    detector_context = DetectorContext(sessions=ctx.sessions, clock=ctx.clock)
    pipeline = build_pipeline(
        policy_path_option(policy, ctx.settings.policy_path), DetectorRegistry.discover(), detector_context
    )
    total = WorkSummary()
    try:
        while True:
            done = process_scan_queue(
                ctx.sessions, pipeline, now=ctx.clock.now(), limit=batch, lease=timedelta(seconds=lease_seconds)
            )
            total.processed += done.processed
            total.failed += done.failed
            total.missing += done.missing
            for mode, count in done.proposals.items():
                total.proposals[mode] += count
            handled = done.processed + done.failed + done.missing
            if handled == 0:
                if once:
                    break
                time.sleep(poll_seconds)
    except KeyboardInterrupt:
        console.print("stopping")
    finally:
        ctx.close()
    if json_output:
        print_json(total.as_dict())
    else:
        console.print(
            f"processed {total.processed}, failed {total.failed}, missing {total.missing}, proposals {total.proposals}"
        )
