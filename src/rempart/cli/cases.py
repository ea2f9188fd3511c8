"""`rempart cases …` and `rempart flaggers …`."""

from __future__ import annotations

import typer

from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.cli.common import console, context, print_json
from rempart.dsa.notices import register_flagger
from rempart.dsa.worker import expire as expire_actions
from rempart.store import migrate
from rempart.store.db import unit_of_work

app = typer.Typer(help="Cases and the actions in force.", no_args_is_help=True)
flaggers = typer.Typer(help="Trusted flaggers (Art. 22 DSA).", no_args_is_help=True)


@app.command()
def expire(json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON.")) -> None:
    """Lift the actions whose end date has passed and tell the platform."""
    ctx = context()
    count = expire_actions(ctx)
    ctx.close()
    if json_output:
        print_json({"expired": count})
    else:
        console.print(f"expired {count} actions")


@flaggers.command("add")
def add_flagger(
    name: str = typer.Argument(..., help="The organisation's name."),
    area: list[str] = typer.Option([], "--area", help="A category of expertise (TDB value); repeatable."),
    json_output: bool = typer.Option(False, "--json", help="Print the flagger and key as JSON."),
) -> None:
    """Register a trusted flagger and create its API key (shown once)."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    now = ctx.clock.now()
    with unit_of_work(ctx.sessions) as session:
        flagger = register_flagger(session, name=name, areas=area, now=now)
        key, token = create_api_key(session, name=name, role=Role.TRUSTED_FLAGGER, subject=flagger.id, now=now)
        result = {"id": flagger.id, "name": name, "areas": flagger.areas, "key_id": key.id, "key": token}
    ctx.close()
    if json_output:
        print_json(result)
    else:
        typer.echo(token)
