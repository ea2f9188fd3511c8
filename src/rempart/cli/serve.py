"""`rempart serve`: the HTTP API (and console) in several worker processes."""

from __future__ import annotations

import os

import typer
import uvicorn

from rempart.core.settings import Settings
from rempart.store import migrate


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(min(4, os.cpu_count() or 1), help="Worker processes."),
) -> None:
    """Serve the API. The schema is upgraded first."""
    migrate.upgrade(Settings().database_url)
    uvicorn.run(
        "rempart.api.factory:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
        # A worker busy starting on a loaded machine is not dead: give it time before replacing it.
        timeout_worker_healthcheck=30,
    )
