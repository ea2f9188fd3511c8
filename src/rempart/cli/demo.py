"""`rempart demo …`: the demo scenario (`generate` writes it; loading and running it come later)."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from rempart.cli.common import console, print_json, show_progress
from rempart.demo.plan import MAX_POSTS, MIN_POSTS
from rempart.demo.service import generate as generate_scenario

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
