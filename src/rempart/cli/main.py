"""The `rempart` command."""

from __future__ import annotations

import typer

from rempart.cli import campaigns, db, demo, keys
from rempart.cli.ingest import ingest
from rempart.cli.serve import serve

app = typer.Typer(
    name="rempart", help="Rempart: trust & safety engine.", no_args_is_help=True, pretty_exceptions_enable=False
)
app.add_typer(db.app, name="db")
app.add_typer(keys.app, name="keys")
app.add_typer(campaigns.app, name="campaigns")
app.add_typer(demo.app, name="demo")
app.command()(ingest)
app.command()(serve)


def main() -> None:
    app()
