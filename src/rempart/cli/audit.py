"""`rempart audit verify`: check the hash chain of the audit log."""

from __future__ import annotations

import typer

from rempart.cases.audit import verify as verify_chain
from rempart.cli.common import console, context, print_json
from rempart.store.db import unit_of_work

app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)


@app.command()
def verify(json_output: bool = typer.Option(False, "--json", help="Print the result as JSON.")) -> None:
    """Report every entry that was changed or removed; exit 1 if there is any."""
    ctx = context()
    with unit_of_work(ctx.sessions) as session:
        result = verify_chain(session)
    ctx.close()
    if json_output:
        print_json(result.as_dict())
    elif result.ok:
        console.print(f"audit log intact: {result.entries} entries, head {result.head}")
    else:
        for problem in result.problems:
            console.print(f"[red]{problem}[/red]")
    if not result.ok:
        raise typer.Exit(1)
