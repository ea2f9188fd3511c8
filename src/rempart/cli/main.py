"""The `rempart` command."""

from __future__ import annotations

import typer

from rempart.cli import banks, claims, db, demo, keys, policy
from rempart.cli.consume import consume
from rempart.cli.ingest import ingest
from rempart.cli.scan import scan
from rempart.cli.serve import serve
from rempart.cli.train import train
from rempart.cli.worker import worker

app = typer.Typer(
    name="rempart", help="Rempart: trust & safety engine.", no_args_is_help=True, pretty_exceptions_enable=False
)
app.add_typer(banks.app, name="banks")
app.add_typer(db.app, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(keys.app, name="keys")
app.add_typer(policy.app, name="policy")
app.add_typer(claims.app, name="claims")
app.command()(consume)
app.command()(ingest)
app.command()(scan)
app.command()(serve)
app.command()(train)
app.command()(worker)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
