"""The `rempart` command.

Each subcommand's module is imported only when that subcommand runs (or when help lists them all): the
modules behind `serve`, `demo`, `audit` or `campaigns` take seconds to import, which a batch command such
as `rempart ingest` would otherwise pay on every run.
"""

from __future__ import annotations

from importlib import import_module

import typer
from typer import _click as click  # the Click that this Typer is built on (it ships its own copy)
from typer.core import TyperGroup

# name -> "module:attribute" of a command function, then of a Typer app (a group of subcommands); help lists
# them in this order
COMMANDS = {
    "consume": "rempart.cli.consume:consume",
    "ingest": "rempart.cli.ingest:ingest",
    "scan": "rempart.cli.scan:scan",
    "serve": "rempart.cli.serve:serve",
    "train": "rempart.cli.train:train",
    "worker": "rempart.cli.worker:worker",
}
GROUPS = {
    "audit": "rempart.cli.audit:app",
    "banks": "rempart.cli.banks:app",
    "campaigns": "rempart.cli.campaigns:app",
    "cases": "rempart.cli.cases:app",
    "flaggers": "rempart.cli.cases:flaggers",
    "claims": "rempart.cli.claims:app",
    "db": "rempart.cli.db:app",
    "demo": "rempart.cli.demo:app",
    "keys": "rempart.cli.keys:app",
    "policy": "rempart.cli.policy:app",
    "report": "rempart.cli.report:app",
    "sor": "rempart.cli.sor:app",
}


def _load(target: str) -> object:
    module, attribute = target.split(":")
    return getattr(import_module(module), attribute)


class _LazyGroup(TyperGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS, *GROUPS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in GROUPS:
            sub_app = _load(GROUPS[cmd_name])
            assert isinstance(sub_app, typer.Typer)
            command: click.Command = typer.main.get_group(sub_app)
        elif cmd_name in COMMANDS:
            function = _load(COMMANDS[cmd_name])
            assert callable(function)
            single = typer.Typer(add_completion=False)
            single.command(name=cmd_name)(function)
            command = typer.main.get_command(single)
        else:
            return super().get_command(ctx, cmd_name)
        command.name = cmd_name
        return command


app = typer.Typer(
    name="rempart",
    help="Rempart: trust & safety engine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=_LazyGroup,
)


@app.callback()
def _root() -> None:
    """Rempart: trust & safety engine."""


def main() -> None:
    app()


if __name__ == "__main__":
    main()
