"""`rempart worker`: the background loop.

Each round checks the items pushed through `POST /v1/items` (the `scan` queue), decides the policy's
pending `enforce` proposals (fully automated decisions with their statements), then lifts expired
actions and delivers what is due from the outbox: statements to the Transparency Database, webhooks to
the platform, e-mails to notifiers.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import typer

from rempart.cli.common import console, context, print_json
from rempart.cli.scan import policy_path_option
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.dsa.automation import enforce_pending
from rempart.dsa.worker import run_once
from rempart.pipeline.queue import WorkSummary, process_scan_queue
from rempart.pipeline.runner import build_pipeline
from rempart.store import migrate
from rempart.store.db import unit_of_work


def _delivered_anything(summary: dict[str, Any]) -> bool:
    """Whether a delivery round moved anything (so the loop goes on without waiting)."""
    channels = [summary.get(name, {}) for name in ("statements", "webhooks", "emails")]
    return bool(summary.get("expired")) or any(channel.get("delivered") for channel in channels)


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
    """The background loop: scan queued items, enforce automated decisions, expire actions, deliver the outbox."""
    from datetime import timedelta

    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    detector_context = DetectorContext(sessions=ctx.sessions, clock=ctx.clock)
    pipeline = build_pipeline(
        policy_path_option(policy, ctx.settings.policy_path), DetectorRegistry.discover(), detector_context
    )
    total = WorkSummary()
    enforced_total = 0
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
            with unit_of_work(ctx.sessions) as session:
                enforced = enforce_pending(session, ctx.clock.now(), ctx.settings)
            enforced_total += enforced
            deliveries = run_once(ctx)
            handled = done.processed + done.failed + done.missing + enforced
            if handled == 0 and not _delivered_anything(deliveries):
                if once:
                    break
                time.sleep(poll_seconds)
    except KeyboardInterrupt:
        console.print("stopping")
    finally:
        ctx.close()
    if json_output:
        print_json({**total.as_dict(), "enforced": enforced_total})
    else:
        console.print(
            f"processed {total.processed}, failed {total.failed}, missing {total.missing}, "
            f"proposals {total.proposals}, enforced {enforced_total}"
        )
