"""The `rempart` command."""

from __future__ import annotations

import typer

from rempart.cli import audit, cases, db, keys, sor
from rempart.cli.ingest import ingest
from rempart.cli.serve import serve

app = typer.Typer(
    name="rempart", help="Rempart: trust & safety engine.", no_args_is_help=True, pretty_exceptions_enable=False
)
app.add_typer(db.app, name="db")
app.add_typer(keys.app, name="keys")
app.add_typer(sor.app, name="sor")
app.add_typer(audit.app, name="audit")
app.add_typer(cases.app, name="cases")
app.add_typer(cases.flaggers, name="flaggers")
app.command()(ingest)
app.command()(serve)


def main() -> None:
    app()
