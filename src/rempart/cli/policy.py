"""`rempart policy …`: validate a policy file, and measure it against labelled items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from rempart.cli.common import console, context, open_input, print_json
from rempart.cli.scan import policy_path_option
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.adapters.base import numbered_lines
from rempart.pipeline.evaluation import evaluate_labelled, store_evaluation
from rempart.pipeline.runner import build_pipeline
from rempart.policy.loader import PolicyInvalid, default_policy_path, load_policy
from rempart.store import migrate
from rempart.store.db import unit_of_work

app = typer.Typer(help="The policy file: validation and evaluation.", no_args_is_help=True)


def _fail(error: PolicyInvalid) -> None:
    console.print(f"[red]{error.message}[/red]")
    for detail in error.details:
        console.print(f"  {detail.field}: {detail.problem}")
    raise typer.Exit(code=2)


@app.command()
def check(
    policy: Path | None = typer.Argument(None, help="Policy file (default: the shipped default)."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Validate a policy file against the installed detectors; errors name the file and the line."""
    path = policy or default_policy_path()
    try:
        loaded = load_policy(path, DetectorRegistry.discover().classes())
    except PolicyInvalid as error:
        if json_output:
            print_json({"valid": False, "errors": [{"where": d.field, "problem": d.problem} for d in error.details]})
            raise typer.Exit(code=2) from None
        _fail(error)
        return
    summary = {
        "valid": True,
        "version": loaded.version,
        "rules": len(loaded.rules),
        "detectors": list(loaded.detector_configs),
    }
    if json_output:
        print_json(summary)
    else:
        console.print(f"{path}: valid (version {loaded.version}, {len(loaded.rules)} rules)")


def _cell(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(title: str, rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title=title)
    for column in ("key", "support", "precision", "recall", "accuracy", "tp", "fp", "fn", "tn"):
        table.add_column(column, justify="left" if column == "key" else "right")
    for key, figures in rows.items():
        table.add_row(
            key,
            str(figures["support"]),
            _cell(figures["precision"]),
            _cell(figures["recall"]),
            _cell(figures["accuracy"]),
            str(figures["true_positives"]),
            str(figures["false_positives"]),
            str(figures["false_negatives"]),
            str(figures["true_negatives"]),
        )
    return table


@app.command()
def evaluate(
    labelled: str = typer.Argument(..., help="Labelled items (JSON Lines with `labels`), or - for standard input."),
    policy: Path | None = typer.Option(
        None, "--policy", help="Policy file (default: REMPART_POLICY_PATH, else the shipped default)."
    ),
    threshold: float = typer.Option(
        0.5, min=0.0, max=1.0, help="Score from which a detector's signal counts as positive."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Precision, recall and accuracy per rule, per detector label and per language; the run is stored."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    try:
        pipeline = build_pipeline(
            policy_path_option(policy, ctx.settings.policy_path),
            DetectorRegistry.discover(),
            DetectorContext(sessions=ctx.sessions, clock=ctx.clock),
        )
    except PolicyInvalid as error:
        _fail(error)
        return
    now = ctx.clock.now()
    with open_input(labelled, "evaluate") as stream:
        evaluation = evaluate_labelled(numbered_lines(stream), pipeline, now=now, dataset=labelled)
    with unit_of_work(ctx.sessions) as session:
        run_id = store_evaluation(session, evaluation, now)
    ctx.close()
    report = {"run_id": run_id, **evaluation.as_dict()}
    if json_output:
        print_json(report)
        return
    for scope in ("rules", "detectors", "languages", "overall"):
        console.print(_table(f"{scope} (policy {evaluation.policy_version})", report[scope]))
    for rejected in evaluation.rejected:
        console.print(f"line {rejected.line}: {rejected.reason}")
    console.print(f"{evaluation.items} items evaluated, {len(evaluation.rejected)} rejected; run {run_id}")
