"""The `rempart` command."""

from __future__ import annotations

import typer

from rempart.cli import audit, banks, campaigns, cases, claims, db, demo, keys, policy, report, sor
from rempart.cli.consume import consume
from rempart.cli.ingest import ingest
from rempart.cli.scan import scan
from rempart.cli.serve import serve
from rempart.cli.train import train
from rempart.cli.worker import worker

app = typer.Typer(
    name="rempart", help="Rempart: trust & safety engine.", no_args_is_help=True, pretty_exceptions_enable=False
)
app.add_typer(audit.app, name="audit")
app.add_typer(banks.app, name="banks")
app.add_typer(campaigns.app, name="campaigns")
app.add_typer(cases.app, name="cases")
app.add_typer(cases.flaggers, name="flaggers")
app.add_typer(claims.app, name="claims")
app.add_typer(db.app, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(keys.app, name="keys")
app.add_typer(policy.app, name="policy")
app.add_typer(report.app, name="report")
app.add_typer(sor.app, name="sor")
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
