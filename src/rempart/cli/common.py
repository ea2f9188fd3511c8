"""What every command shares: the context, `--json` output, progress bars on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

if TYPE_CHECKING:
    from rempart.app import AppContext

console = Console(stderr=True)


def context() -> AppContext:
    # Imported here: the store and the settings are most of a command's start, and not every command needs them.
    from rempart.app import build_context

    return build_context()


def print_json(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value).decode() + "\n")
    sys.stdout.flush()


def show_progress() -> bool:
    return sys.stderr.isatty()


@contextmanager
def open_input(path: str, label: str) -> Iterator[BinaryIO]:
    """Open PATH (or `-` for standard input) for binary streaming, with a progress bar on a terminal."""
    if path == "-":
        yield sys.stdin.buffer
        return
    file_path = Path(path)
    if not file_path.exists():
        raise typer.BadParameter(f"{path}: no such file", param_hint="PATH")
    if not show_progress():
        with file_path.open("rb") as stream:
            yield stream
        return
    progress = Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    with progress, progress.open(file_path, "rb", description=label) as stream:
        yield stream
