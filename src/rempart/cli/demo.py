"""`rempart demo …`: the demo scenario: `generate` writes it, `load` plays it, `run` does both and serves."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from rempart.cli.common import console, context, print_json, show_progress
from rempart.core.errors import InvalidInput
from rempart.demo.plan import MAX_POSTS, MIN_POSTS
from rempart.demo.service import generate as generate_scenario

# `load` and `run` import the pipeline, the store and the server when they run, so that `generate` (timed
# in posts per second, start included) does not spend most of a second importing what it never uses.

# `make demo`'s size: the whole chain in a couple of minutes on a 2-core machine.
DEMO_POSTS = 20_000

app = typer.Typer(help="The demo scenario: a synthetic X stream around August-October 2024.", no_args_is_help=True)


@app.command()
def generate(
    posts: int = typer.Option(20_000, "--posts", min=MIN_POSTS, max=MAX_POSTS, help="Number of posts."),
    seed: int = typer.Option(2024, "--seed", help="Same seed, same files, byte for byte."),
    out: Path = typer.Option(Path("demo-data"), "--out", help="Directory to write the scenario to."),
    workers: int = typer.Option(
        min(2, os.cpu_count() or 1), "--workers", min=1, max=64, help="Processes generating chunks."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Write items.jsonl, x-v2.jsonl, accounts.jsonl, truth.json, claimreviews.jsonl and the DSA files."""
    if show_progress():
        progress = Progress(
            TextColumn("[bold]demo generate"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        with progress:
            task = progress.add_task("posts", total=posts)
            summary = generate_scenario(out, posts, seed, workers, lambda done: progress.advance(task, done))
    else:
        summary = generate_scenario(out, posts, seed, workers)
    if json_output:
        print_json(summary)
    else:
        labels = ", ".join(f"{label} {count}" for label, count in summary["labels"].items())
        console.print(
            f"wrote {summary['posts']} posts and {summary['accounts']} accounts to {out} "
            f"in {summary['seconds']} s ({summary['posts_per_second']} posts/s); {labels}; "
            f"{summary['notices']} notices, {summary['orders']} orders, {summary['appeals']} appeals"
        )


class _Bars:
    """Progress bars for `demo load`, one per step, on the standard error."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if step not in self.tasks:
            self.tasks[step] = self.progress.add_task(step, total=total)
        self.progress.update(self.tasks[step], completed=done, total=total)


def _load(directory: Path, workers: int) -> dict[str, Any]:
    from rempart.demo.load import load_scenario  # see the imports above
    from rempart.store import migrate

    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    try:
        if not show_progress():
            return load_scenario(ctx, directory, workers=workers)
        progress = Progress(
            TextColumn("[bold]demo load {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        with progress:
            return load_scenario(ctx, directory, workers=workers, progress=_Bars(progress))
    finally:
        ctx.close()


def _describe(summary: dict[str, Any]) -> str:
    if summary["already_loaded"]:
        return f"{summary['directory']} was loaded already on {summary['loaded_at']}: nothing added"
    steps = ("notices", "reviews", "automated_decisions", "appeals", "appeal_decisions", "disputes", "orders")
    parts = [f"{step} {summary.get(step, {})}" for step in steps]
    items = summary["items"]
    return (
        f"loaded {summary['directory']} in {summary['seconds']} s: posts stored {items['stored']} "
        f"(duplicate {items['duplicate']}, rejected {items['rejected']}), proposals {summary.get('proposals', {})}; "
        + "; ".join(parts)
        + f"; evaluation {summary['evaluation']['run_id']}; {len(summary['errors'])} errors"
    )


@app.command()
def load(
    directory: Path = typer.Argument(..., help="A directory written by `rempart demo generate`."),
    workers: int = typer.Option(
        min(2, os.cpu_count() or 1), "--workers", min=1, max=64, help="Processes checking the posts."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Play the whole scenario through the real pipeline (posts, notices, decisions, appeals, orders)."""
    try:
        summary = _load(directory, workers)
    except InvalidInput as error:
        console.print(f"[red]{error.message}[/red]")
        for problem in error.details:
            console.print(f"  {problem.field}: {problem.problem}")
        raise typer.Exit(code=2) from None
    if json_output:
        print_json(summary)
    else:
        console.print(_describe(summary))
        for rejected in summary.get("rejected", [])[:20]:
            console.print(f"  {rejected['file']} line {rejected['line']}: {rejected['reason']}")


def _has_scenario(directory: Path, posts: int, seed: int) -> bool:
    truth = directory / "truth.json"
    if not truth.is_file():
        return False
    try:
        data = orjson.loads(truth.read_bytes())
    except orjson.JSONDecodeError:
        return False
    return bool(data.get("seed") == seed and data.get("counts", {}).get("posts") == posts)


@app.command()
def run(
    posts: int = typer.Option(DEMO_POSTS, "--posts", min=MIN_POSTS, max=MAX_POSTS, help="Number of posts."),
    seed: int = typer.Option(2024, "--seed", help="The scenario's seed."),
    directory: Path = typer.Option(Path("demo-data"), "--dir", help="Where the scenario is (or is written)."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(min(4, os.cpu_count() or 1), help="API worker processes."),
) -> None:
    """Generate the scenario (unless DIR has it), load it, create demo credentials and serve the API."""
    from rempart.cli.serve import serve  # see the imports above
    from rempart.core.settings import Settings
    from rempart.demo.credentials import console_user, demo_keys
    from rempart.store.db import unit_of_work

    timings: dict[str, float] = {}
    started = time.perf_counter()
    if not _has_scenario(directory, posts, seed):
        generate_scenario(directory, posts, seed, min(2, os.cpu_count() or 1))
    timings["generate"] = time.perf_counter() - started
    summary = _load(directory, min(2, os.cpu_count() or 1))
    console.print(_describe(summary))
    timings["load"] = time.perf_counter() - started - timings["generate"]
    ctx = context()
    with unit_of_work(ctx.sessions) as session:
        keys = demo_keys(session, ctx.clock.now())
        user = console_user(session, ctx.clock.now())
    ctx.close()
    base = f"http://{host}:{port}"
    lines = [
        "",
        f"Rempart demo: {base}",
        f"  API documentation   {base}/docs   (OpenAPI: {base}/openapi.json)",
        f"  public notice form  {base}/notices/new",
        f"  database            {Settings().database_url}",
        "Demo API keys (shown once; send as `Authorization: Bearer KEY`):",
        *(f"  {role:<16} {token}" for role, token in keys.items()),
        f"Console user: {user['email']} "
        + (f"password {user['password']}" if user["password"] else "(password shown when it was created)"),
        f"Ready in {time.perf_counter() - started:.1f} s (generate {timings['generate']:.1f} s, "
        f"load {timings['load']:.1f} s). Stop with Ctrl+C.",
        "",
    ]
    typer.echo("\n".join(lines))
    sys.stdout.flush()
    serve(host=host, port=port, workers=workers)
