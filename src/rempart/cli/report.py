"""`rempart report …`: the transparency report (Art. 15 and 24 DSA) in the official template, for people too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn

from rempart.cli.common import console, context, print_json, show_progress
from rempart.core.errors import InvalidInput

app = typer.Typer(help="Transparency reports.", no_args_is_help=True)


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=option) from None


def _fail(error: InvalidInput) -> None:
    console.print(f"[red]{error.message}[/red]")
    for detail in error.details:
        console.print(f"  {detail.field}: {detail.problem}")
    raise typer.Exit(code=2)


@app.command()
def transparency(
    first: str = typer.Option(..., "--from", help="First day of the period (YYYY-MM-DD)."),
    last: str = typer.Option(..., "--to", help="Last day of the period, included (YYYY-MM-DD)."),
    service: str = typer.Option(..., "--service", help="The service the report is about, as written in it."),
    out: Path = typer.Option(..., "--out", help="Directory to write the report into (created if missing)."),
    recipients: Path | None = typer.Option(
        None, "--recipients", help="JSON of average monthly active recipients per member state (10_AMAR)."
    ),
    qualitative: Path | None = typer.Option(
        None, "--qualitative", help="YAML or Markdown texts keyed by indicator (default: the shipped texts)."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print a summary as JSON."),
) -> None:
    """Write the harmonised report of the period (Implementing Regulation 2024/2835): one CSV per sheet, the
    XLSX workbook, and an HTML report with charts. Every figure is counted from the stored events."""
    # Imported here so that other commands do not load the spreadsheet and template libraries.
    from rempart.dsa.report.html import write_html
    from rempart.dsa.report.inputs import default_texts_path, load_recipients, load_texts
    from rempart.dsa.report.period import Period
    from rempart.dsa.report.service import build_report, summary, write_tables
    from rempart.store import migrate
    from rempart.store.db import unit_of_work

    try:
        period = Period(_day(first, "--from"), _day(last, "--to"))
        texts = load_texts(qualitative or default_texts_path())
        counted = load_recipients(recipients) if recipients is not None else None
    except InvalidInput as error:
        _fail(error)
        return
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, disable=not show_progress()
    ) as bar:
        task = bar.add_task("counting the stored events", total=None)
        with unit_of_work(ctx.sessions) as session:
            report = build_report(
                session, period, service=service, published=ctx.clock.now().date(), texts=texts, recipients=counted
            )
        bar.update(task, description="writing the files")
        files = write_tables(report, out)
        files["html"] = str(write_html(report, out, files))
    ctx.close()
    figures = {**summary(report), "files": files}
    if json_output:
        print_json(figures)
        return
    notices = figures["notices"]
    console.print(
        f"{report.period.label}: {notices['Number of notices received']} notices, "
        f"{figures['complaints']['Total number']} complaints; report written to {out} "
        f"({len(files['csv'])} CSV files, {Path(files['xlsx']).name}, {Path(files['html']).name})"
    )
