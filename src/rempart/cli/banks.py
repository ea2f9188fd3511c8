"""`rempart banks …`: hash banks of known content (texts and PDQ image hashes)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import typer

from rempart.cli.common import console, context, open_input, print_json
from rempart.core.errors import RempartError
from rempart.core.jsonio import dumps
from rempart.detect.banks import service
from rempart.detect.banks.hma_csv import write_pdq_csv
from rempart.detect.banks.pdq import ImageError, pdq_from_bytes
from rempart.detect.banks.schemas import BankCreate, BankKind
from rempart.items.adapters.base import numbered_lines
from rempart.store import migrate
from rempart.store.db import unit_of_work

app = typer.Typer(help="Hash banks of known content: texts and PDQ image hashes.", no_args_is_help=True)

JSON_OPTION = typer.Option(False, "--json", help="Print the result as JSON.")
BY_OPTION = typer.Option(None, "--by", help="Who makes the change (default: cli:<user>).")


def _who(by: str | None) -> str:
    return by or f"cli:{getpass.getuser()}"


def _fail(error: RempartError) -> typer.Exit:
    console.print(f"[red]{error}[/red]")
    return typer.Exit(code=1)


@app.command()
def create(
    name: str = typer.Argument(..., help="The bank's name (lower-case); its label is bank.NAME."),
    *,
    kind: BankKind = typer.Option(..., "--kind", help="text or pdq."),
    threshold: float | None = typer.Option(
        None, help="text: Jaccard similarity for near-duplicates (default 0.35); pdq: Hamming distance (default 31)."
    ),
    description: str = typer.Option("", help="What the bank holds and where it comes from."),
    by: str | None = BY_OPTION,
    json_output: bool = JSON_OPTION,
) -> None:
    """Create an empty bank."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    try:
        request = BankCreate(name=name, kind=kind, threshold=threshold, description=description)
        with unit_of_work(ctx.sessions) as session:
            view = service.bank_view(session, service.create_bank(session, request, by=_who(by), now=ctx.clock.now()))
    except RempartError as error:
        raise _fail(error) from error
    except ValueError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    finally:
        ctx.close()
    if json_output:
        print_json(view.model_dump(mode="json"))
    else:
        typer.echo(f"created {view.kind.value} bank {view.name} ({view.id})")


@app.command()
def add(
    name: str = typer.Argument(..., help="The bank."),
    path: str = typer.Argument(..., help="One entry per line (a text, or a PDQ hash in HMA's CSV shape); - for stdin."),
    by: str | None = BY_OPTION,
    json_output: bool = JSON_OPTION,
) -> None:
    """Add entries; bad lines are reported with their line number, the rest added; past items are re-matched."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    try:
        with unit_of_work(ctx.sessions) as session, open_input(path, f"banks add {name}") as stream:
            bank = service.get_bank(session, name)
            entries = service.read_entry_lines(BankKind(bank.kind), numbered_lines(stream))
            summary = service.add_entries(session, bank, entries, by=_who(by), now=ctx.clock.now())
    except RempartError as error:
        raise _fail(error) from error
    finally:
        ctx.close()
    for problem in summary.problems:
        console.print(f"line {problem.line}: {problem.reason}")
    if json_output:
        print_json(summary.counts())
    else:
        console.print(
            f"read {summary.read}, added {summary.added}, duplicate {summary.duplicate}, rejected {summary.rejected}; "
            f"past items matched {summary.retro_matches}, cases opened {summary.cases_opened}"
        )


@app.command()
def remove(
    name: str = typer.Argument(..., help="The bank."),
    entry_id: str = typer.Argument(..., help="The entry's id."),
    by: str | None = BY_OPTION,
    json_output: bool = JSON_OPTION,
) -> None:
    """Remove an entry (kept in the history, no longer matched)."""
    ctx = context()
    try:
        with unit_of_work(ctx.sessions) as session:
            bank = service.get_bank(session, name)
            entry = service.remove_entry(session, bank, entry_id, by=_who(by), now=ctx.clock.now())
            view = service.entry_view(bank, entry)
    except RempartError as error:
        raise _fail(error) from error
    finally:
        ctx.close()
    if json_output:
        print_json(view.model_dump(mode="json"))
    else:
        typer.echo(f"removed {entry_id} from {name}")


@app.command("list")
def list_banks(json_output: bool = JSON_OPTION) -> None:
    """List the banks with their settings and active entry counts."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    try:
        with unit_of_work(ctx.sessions) as session:
            views = service.list_banks(session)
    finally:
        ctx.close()
    if json_output:
        print_json([v.model_dump(mode="json") for v in views])
        return
    for view in views:
        setting = (
            f"jaccard ≥ {view.jaccard_threshold}" if view.kind is BankKind.TEXT else f"distance ≤ {view.pdq_distance}"
        )
        typer.echo(f"{view.name}\t{view.kind.value}\t{view.active_entries} entries\t{setting}\tv{view.version}")


@app.command()
def export(
    name: str = typer.Argument(..., help="The bank."),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of standard output."),
    json_output: bool = JSON_OPTION,
) -> None:
    """Write the active entries in the shape `add` reads: texts one per line, PDQ hashes as HMA's CSV."""
    ctx = context()
    written = 0
    try:
        with unit_of_work(ctx.sessions) as session:
            bank = service.get_bank(session, name)
            target = out.open("w", encoding="utf-8") if out is not None else sys.stdout
            try:
                for line in service.export_lines(session, bank):
                    target.write(line)
                    written += 1
            finally:
                if out is not None:
                    target.close()
    except RempartError as error:
        raise _fail(error) from error
    finally:
        ctx.close()
    summary = {"bank": name, "exported": written, "out": str(out) if out is not None else "-"}
    if json_output and out is not None:
        print_json(summary)
    elif json_output:
        sys.stderr.write(dumps(summary) + "\n")
    elif out is not None:
        console.print(f"exported {written} entries to {out}")


@app.command("hash")
def hash_images(
    paths: list[Path] = typer.Argument(..., help="Image files."),
    json_output: bool = JSON_OPTION,
) -> None:
    """Print the PDQ hash of each image as HMA's CSV (hash,filename,,): pipe it into `banks add NAME -`."""
    results: list[tuple[Path, str, int]] = []
    failed = 0
    for path in paths:
        try:
            pdq_hash, quality = pdq_from_bytes(path.read_bytes())
        except (OSError, ImageError) as error:
            failed += 1
            console.print(f"{path}: {error}")
            continue
        results.append((path, pdq_hash, quality))
    if json_output:
        hashes = [{"path": str(p), "pdq": h, "quality": q} for p, h, q in results]
        print_json({"hashed": len(results), "failed": failed, "hashes": hashes})
    else:
        for line in write_pdq_csv((h, {"source_id": p.name}) for p, h, _ in results):
            sys.stdout.write(line)
    if failed:
        raise typer.Exit(code=1)
