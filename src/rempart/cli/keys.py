"""`rempart keys …`: API credentials."""

from __future__ import annotations

import typer

from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key, revoke_api_key
from rempart.cli.common import context, print_json
from rempart.store import migrate
from rempart.store.db import unit_of_work

app = typer.Typer(help="API keys, each with a role.", no_args_is_help=True)


@app.command()
def create(
    name: str = typer.Option(..., help="Who or what the key is for."),
    role: Role = typer.Option(..., help="What the key may do."),
    subject: str | None = typer.Option(None, help="Whom the key acts for (e.g. a trusted flagger id)."),
    json_output: bool = typer.Option(False, "--json", help="Print the key as JSON."),
) -> None:
    """Create a key and print it once; only its digest is stored."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    with unit_of_work(ctx.sessions) as session:
        key, token = create_api_key(session, name=name, role=role, subject=subject, now=ctx.clock.now())
        key_id = key.id
    ctx.close()
    if json_output:
        print_json({"id": key_id, "name": name, "role": role.value, "key": token})
    else:
        typer.echo(token)


@app.command()
def revoke(key_id: str = typer.Argument(..., help="The key's id.")) -> None:
    """Revoke a key at once."""
    ctx = context()
    with unit_of_work(ctx.sessions) as session:
        done = revoke_api_key(session, key_id, ctx.clock.now())
    ctx.close()
    if not done:
        raise typer.BadParameter(f"no active key {key_id}")
    typer.echo(f"revoked {key_id}")
