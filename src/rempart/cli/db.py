"""`rempart db …`: schema migrations."""

from __future__ import annotations

import typer

from rempart.core.settings import Settings
from rempart.store import migrate

app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("heads", help="Target revision.")) -> None:
    """Bring the database schema up to date."""
    migrate.upgrade(Settings().database_url, revision)
    typer.echo("database is at the latest schema")


@app.command()
def revision(message: str = typer.Option(..., "-m", "--message", help="What the migration changes.")) -> None:
    """Generate a migration from the difference between the ORM models and the database."""
    migrate.revision(Settings().database_url, message)
