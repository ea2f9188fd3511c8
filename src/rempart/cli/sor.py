"""`rempart sor …`: statements of reasons and the Transparency Database."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import typer

from rempart.cli.common import console, context, print_json
from rempart.dsa.export import export as export_statements
from rempart.dsa.submitter import drain_statements
from rempart.dsa.worker import run_once
from rempart.store import migrate
from rempart.store.db import unit_of_work

app = typer.Typer(help="Statements of reasons and the EU Transparency Database.", no_args_is_help=True)


@app.command()
def submit(json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON.")) -> None:
    """Send every due statement to the Transparency Database once."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    summary = drain_statements(ctx)
    ctx.close()
    if json_output:
        print_json(summary.as_dict())
    else:
        console.print(
            f"calls {summary.calls}, delivered {summary.delivered}, rejected {summary.rejected}, "
            f"settled by PUID {summary.settled_existing}, put back {summary.retried}"
        )
    if summary.stopped:
        console.print(f"[red]stopped:[/red] {summary.stopped}")
        raise typer.Exit(2)


@app.command()
def worker(
    interval: float = typer.Option(2.0, min=0.05, help="Seconds between rounds."),
    rounds: int = typer.Option(0, min=0, help="Stop after this many rounds (0: run until interrupted)."),
    json_output: bool = typer.Option(False, "--json", help="Print each round's summary as JSON."),
) -> None:
    """Deliver statements, webhooks and e-mails and expire actions, continuously."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    done = 0
    try:
        while rounds == 0 or done < rounds:
            summary = run_once(ctx)
            done += 1
            if json_output:
                print_json(summary)
            time.sleep(interval)
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        ctx.close()


def _day(value: str, name: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from error


@app.command()
def export(
    start: str = typer.Option(..., "--from", help="First day (YYYY-MM-DD), included."),
    end: str = typer.Option(..., "--to", help="Last day (YYYY-MM-DD), excluded."),
    out: Path = typer.Option(Path(), "--out", help="Directory for statements.jsonl and statements.csv."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Write the statements issued in [--from, --to) as TDB JSON Lines and CSV."""
    ctx = context()
    with unit_of_work(ctx.sessions) as session:
        summary = export_statements(session, _day(start, "--from"), _day(end, "--to"), out)
    ctx.close()
    if json_output:
        print_json(summary)
    else:
        console.print(f"{summary['statements']} statements: {summary['jsonl']}, {summary['csv']}")
