"""`rempart campaigns …`: detect coordinated campaigns and report on them."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import typer

from rempart.campaigns.config import CategoryMapping, DetectionConfig, GroupKind
from rempart.campaigns.detect import detect as detect_campaigns
from rempart.campaigns.engines import make_engine
from rempart.campaigns.from_store import detect_in_store
from rempart.campaigns.report import write_report
from rempart.campaigns.schemas import Campaign
from rempart.campaigns.service import get_campaign, record_campaigns, stored_campaign
from rempart.cli.common import console, context, print_json
from rempart.core.errors import NotFound
from rempart.store import migrate
from rempart.store.db import unit_of_work

app = typer.Typer(help="Coordinated campaigns: networks of accounts acting together.", no_args_is_help=True)


class EngineName(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


def _moment(value: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise typer.BadParameter(f"not an ISO 8601 date or time: {value!r}", param_hint=name) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _input_files(path: Path) -> tuple[list[Path], list[Path]]:
    """A file holds items (and maybe `"kind": "account"` lines); in a directory, items*.jsonl/parquet hold the
    items and accounts*.jsonl/parquet the accounts, as `rempart demo generate` writes them (its other files —
    notices, appeals, the raw X export — are not items)."""
    if not path.exists():
        raise typer.BadParameter(f"{path}: no such file or directory", param_hint="--input")
    if path.is_file():
        return [path], ([path] if path.suffix == ".jsonl" else [])
    files = sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".parquet"))
    accounts = [p for p in files if p.name.startswith("accounts")]
    items = [p for p in files if p.name.startswith("items")]
    if not items:
        raise typer.BadParameter(f"{path}: no items*.jsonl or items*.parquet in this directory", param_hint="--input")
    return items, accounts


@app.command()
def detect(
    since: str = typer.Option(..., help="Start of the period (ISO 8601, UTC unless it says otherwise)."),
    until: str = typer.Option(..., help="End of the period, exclusive."),
    engine: EngineName = typer.Option(EngineName.DUCKDB, help="duckdb (embedded) or spark (pyspark)."),
    input_path: Path | None = typer.Option(
        None, "--input", help="Canonical JSON Lines or Parquet export (file or directory) instead of the store."
    ),
    config_path: Path | None = typer.Option(None, "--config", help="Detection settings (JSON)."),
    open_cases: bool = typer.Option(True, "--cases/--no-cases", help="Record campaigns and open their cases."),
    json_output: bool = typer.Option(False, "--json", help="Print the campaigns as JSON."),
) -> None:
    """Find coordinated campaigns (and spam networks, reported apart) among the posts of [SINCE, UNTIL); each
    becomes a case."""
    start, end = _moment(since, "--since"), _moment(until, "--until")
    if end <= start:
        raise typer.BadParameter("must be after --since", param_hint="--until")
    config = DetectionConfig.model_validate_json(config_path.read_bytes()) if config_path else DetectionConfig()
    ctx = context()
    if input_path is None:
        migrate.upgrade(ctx.settings.database_url)
        campaigns, summary = detect_in_store(
            ctx.engine, since=start, until=end, engine_name=engine.value, config=config
        )
    else:
        item_files, account_files = _input_files(input_path)
        runner = make_engine(engine.value)
        try:
            campaigns, summary = detect_campaigns(
                runner, items=item_files, accounts=account_files, since=start, until=end, config=config
            )
        finally:
            runner.close()
    cases: dict[str, str] = {}
    if open_cases:
        migrate.upgrade(ctx.settings.database_url)
        with unit_of_work(ctx.sessions) as session:
            recorded = record_campaigns(
                session, campaigns, since=start, until=end, engine_name=engine.value, now=ctx.clock.now(),
                mapping=CategoryMapping(),
            )  # fmt: skip
        campaigns = [r.campaign for r in recorded]
        cases = {r.campaign.id: r.case_id for r in recorded}
    ctx.close()
    if json_output:
        print_json(
            {
                "campaigns": [_entry(c, cases) for c in campaigns if c.kind is GroupKind.CAMPAIGN],
                "spam_networks": [_entry(c, cases) for c in campaigns if c.kind is GroupKind.SPAM_NETWORK],
                "summary": summary.model_dump(),
            }
        )
        return
    console.print(
        f"{len(campaigns)} groups among {summary.posts} posts by {summary.accounts} accounts "
        f"({summary.rejected} records rejected) in {summary.seconds:.1f}s with {summary.engine}"
    )
    for c in campaigns:
        console.print(
            f"  {c.id}  {c.kind.value}  score {c.score:.3f}  {len(c.accounts)} accounts  case {cases.get(c.id, '-')}"
        )


def _entry(campaign: Campaign, cases: dict[str, str]) -> dict[str, object]:
    evidence = campaign.evidence
    return {
        "id": campaign.id,
        "kind": campaign.kind.value,
        "score": campaign.score,
        "accounts": [a.model_dump() for a in campaign.accounts],
        "case_id": cases.get(campaign.id),
        "posts": evidence.posts,
        "first_seen": evidence.first_seen.isoformat(),
        "last_seen": evidence.last_seen.isoformat(),
        "traces": evidence.traces,
        "co_activity": evidence.co_activity.model_dump(),
    }


@app.command()
def report(
    campaign_id: str = typer.Argument(..., help="A campaign id, as `campaigns detect` printed it."),
    out: Path = typer.Option(Path(), "--out", help="Directory for CAMPAIGN_ID.html and CAMPAIGN_ID.json."),
    json_output: bool = typer.Option(False, "--json", help="Print the paths written as JSON."),
) -> None:
    """Write the campaign's report: HTML (network picture, timeline, shared objects) and JSON."""
    ctx = context()
    with unit_of_work(ctx.sessions) as session:
        try:
            row = get_campaign(session, campaign_id)
        except NotFound as error:
            raise typer.BadParameter(error.message, param_hint="CAMPAIGN_ID") from error
        stored = stored_campaign(row).model_dump(mode="json")
    ctx.close()
    html_path, json_path = write_report(stored, out)
    if json_output:
        print_json({"html": str(html_path), "json": str(json_path)})
    else:
        console.print(f"wrote {html_path} and {json_path}")
