"""`rempart demo load DIR`: the whole scenario through the real pipeline, in simulated time.

In order: the accounts are ingested, the fact-checks imported, the trusted flaggers registered (each with
its key), and simulated reviewers and a legal team given keys. Then the posts and the DSA events are
merged in time order: each chunk of posts is checked in worker processes (detectors and the default
policy, each post at its own time), stored, its proposals recorded (queue cases opened) and the `enforce`
ones decided automatically seconds after the post; between them, at their own moments, the notices, the
reviewers' decisions, the complaints and their outcomes, the out-of-court outcomes and the member-state
orders go through the HTTP API (`replay.py`). Last, a labelled sample is evaluated (`rempart policy
evaluate`, for the accuracy sheet), campaign detection runs over the stored posts (each group found opens
a case, as `rempart campaigns detect` does), one worker round delivers what is due, the simulated people's keys are
revoked and the load is recorded in the audit log, so loading the same scenario again is refused at once.
Every step also skips what is already stored, so an interrupted load can be run again.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key, revoke_api_key
from rempart.campaigns.config import GroupKind
from rempart.campaigns.from_store import detect_in_store
from rempart.campaigns.service import record_campaigns
from rempart.cases import audit
from rempart.cases.models import AuditEntry, ProposalRow
from rempart.core.clock import FixedClock
from rempart.core.errors import RempartError
from rempart.demo.checking import CheckedChunk, CheckJob, CheckPool, Flagged
from rempart.demo.labelled import labelled_sample
from rempart.demo.replay import Credentials, Tally
from rempart.demo.replay_appeals import ScenarioPlayer
from rempart.demo.scenario_files import Event, Scenario, read_scenario, timeline
from rempart.demo.timeline import SCENARIO_END, SCENARIO_START
from rempart.detect.claims.embedders import load_embedder
from rempart.detect.claims.jsonld import Review, read_reviews
from rempart.detect.claims.service import import_reviews
from rempart.dsa.automation import decide_automatically, enforce_pending
from rempart.dsa.models import TrustedFlagger
from rempart.dsa.notices import register_flagger
from rempart.dsa.worker import run_once
from rempart.items.adapters.base import Parsed, Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.service import IngestSummary, ingest
from rempart.pipeline.evaluation import store_evaluation
from rempart.pipeline.models import PolicyEvaluation
from rempart.pipeline.record import record_many
from rempart.store.db import unit_of_work

LOADED = "demo.loaded"
# An automated decision follows its post by this much (the worker's round trip).
AUTOMATION_DELAY = timedelta(seconds=5)
SAMPLE_PER_LANGUAGE = 250
Progress = Callable[[str, int, int], None]


def loaded_before(context: AppContext, fingerprint: str) -> str | None:
    """When (wall-clock time) this scenario, known by the digest of its truth.json, was loaded into this
    database, if it was."""
    with context.sessions() as session:
        entries = session.scalars(select(AuditEntry.data).where(AuditEntry.action == LOADED))
        return next((str(data["loaded_at"]) for data in entries if data.get("fingerprint") == fingerprint), None)


def _ingest_accounts(context: AppContext, scenario: Scenario) -> IngestSummary:
    with scenario.accounts_path.open("rb") as stream:
        return ingest(CanonicalJsonlAdapter().read(stream), context.engine, now=scenario.start)


def _import_claims(context: AppContext, scenario: Scenario) -> dict[str, int]:
    path = scenario.directory / "claimreviews.jsonl"
    if not path.exists():
        return {"read": 0, "imported": 0, "duplicate": 0, "rejected": 0}
    records = list(read_reviews(path.read_bytes()))
    reviews = [record for record in records if isinstance(record, Review)]
    with unit_of_work(context.sessions) as session:
        summary = import_reviews(session, reviews, load_embedder(context.settings.claims_model), now=scenario.start)
    summary.rejected = len(records) - len(reviews)
    return summary.as_dict()


def _credentials(context: AppContext, scenario: Scenario) -> Credentials:
    """Register the trusted flaggers (once) and give every simulated person a key for this load."""
    now = scenario.start
    reviewers = sorted({review.reviewer for review in scenario.reviews} | {"reviewer-01"})
    key_ids: list[str] = []
    with unit_of_work(context.sessions) as session:

        def key(name: str, role: Role, subject: str | None = None) -> str:
            row, token = create_api_key(session, name=name, role=role, now=now, subject=subject)
            key_ids.append(row.id)
            return token

        flaggers = {}
        for flagger in scenario.flaggers:
            stored = session.scalar(select(TrustedFlagger).where(TrustedFlagger.name == flagger.name))
            if stored is None:
                stored = register_flagger(session, name=flagger.name, areas=flagger.categories, now=now)
            flaggers[flagger.trusted_flagger_id] = key(flagger.name, Role.TRUSTED_FLAGGER, stored.id)
        people = {name: key(name, Role.REVIEWER) for name in reviewers}
        moderator = key("legal-team", Role.MODERATOR)
    return Credentials(reviewers=people, moderator=moderator, flaggers=flaggers, key_ids=key_ids)


class Loader:
    """One load: the posts and the DSA events merged in time order."""

    def __init__(self, context: AppContext, scenario: Scenario, tally: Tally, progress: Progress) -> None:
        self.context = context
        self.scenario = scenario
        self.tally = tally
        self.progress = progress
        self.items = IngestSummary()
        self.events: list[Event] = []
        self.played = 0

    def rejected(self, record: Rejected) -> None:
        self.scenario.rejected.append({"file": "items.jsonl", "line": record.line, "reason": record.reason})

    def play_until(self, moment: datetime) -> None:
        while self.played < len(self.events) and self.events[self.played].at <= moment:
            self.events[self.played].play()
            self.played += 1
            self.progress("events", self.played, len(self.events))

    def record(self, flagged: list[Flagged]) -> None:
        """Record each flagged post's proposals at its time, and decide its `enforce` ones just after."""
        for entry in flagged:
            with unit_of_work(self.context.sessions) as session:
                rows = record_many(session, [(entry.key, entry.proposals)], entry.created_at)
                enforce = [row.id for row in rows if row.mode == "enforce"]
            for mode in (row.mode for row in rows):
                self.tally.add(f"proposals.{mode}")
            for proposal_id in enforce:
                self._decide(proposal_id, entry.created_at + AUTOMATION_DELAY)

    def _decide(self, proposal_id: str, moment: datetime) -> None:
        try:
            with unit_of_work(self.context.sessions) as session:
                proposal = session.get(ProposalRow, proposal_id)
                assert proposal is not None
                decide_automatically(session, proposal, moment, self.context.settings)
            self.tally.add("automated_decisions.decided")
        except RempartError as error:
            self.tally.error("automated_decisions.refused", f"proposal {proposal_id}: {error}")

    def posts(self, chunks: Iterator[CheckedChunk], total_lines: int) -> None:
        done = 0
        for chunk in chunks:
            times = [r.item.created_at for r in chunk.records if isinstance(r, Parsed) and r.item is not None]
            if times:
                self.play_until(min(times))
            summary = ingest(
                chunk.records,
                self.context.engine,
                now=min(times) if times else self.scenario.start,
                on_reject=self.rejected,
            )
            for name in ("read", "stored", "duplicate", "rejected"):
                setattr(self.items, name, getattr(self.items, name) + getattr(summary, name))
            batch: list[Flagged] = []
            for entry in chunk.flagged:
                if self.played < len(self.events) and self.events[self.played].at <= entry.created_at:
                    self.record(batch)
                    batch = []
                    self.play_until(entry.created_at)
                batch.append(entry)
            self.record(batch)
            done += len(chunk.records)
            self.progress("posts", done, total_lines)


def _line_count(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for _ in stream)


def _evaluation(context: AppContext, dataset: str, future: Any, now: datetime) -> dict[str, Any]:
    with context.sessions() as session:
        run = session.scalar(select(PolicyEvaluation.run_id).where(PolicyEvaluation.dataset == dataset).limit(1))
    if run is not None:
        future.cancel()
        return {"run_id": run, "already": True}
    evaluation = future.result()
    with unit_of_work(context.sessions) as session:
        run_id = store_evaluation(session, evaluation, now)
    overall = evaluation.as_dict()["overall"].get("all", {})
    return {"run_id": run_id, "items": evaluation.items, "accuracy": overall.get("accuracy"), "already": False}


def _nested(counts: dict[str, int]) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = {}
    for key, count in sorted(counts.items()):
        step, _, outcome = key.partition(".")
        nested.setdefault(step, {})[outcome] = count
    return nested


def load_scenario(
    context: AppContext, directory: Path, *, workers: int = 2, progress: Progress | None = None
) -> dict[str, Any]:
    """Play the scenario in `directory` into the context's database; a summary of what was done."""
    started = time.perf_counter()
    report = progress or (lambda _step, _done, _total: None)
    scenario = read_scenario(directory)
    summary: dict[str, Any] = {"directory": str(directory), "fingerprint": scenario.fingerprint}
    before = loaded_before(context, scenario.fingerprint)
    if before is not None:
        return {**summary, "already_loaded": True, "loaded_at": before}
    clock = FixedClock(scenario.start)
    settings = context.settings.model_copy(update={"notice_rate_per_minute": 1e9, "notice_rate_burst": 10**9})
    replay_context = AppContext(settings=settings, engine=context.engine, sessions=context.sessions, clock=clock)
    tally = Tally()
    summary["accounts"] = _ingest_accounts(context, scenario).as_dict()
    summary["claims"] = _import_claims(context, scenario)
    credentials = _credentials(context, scenario)
    pool = CheckPool(CheckJob(context.settings.database_url, _policy(context), scenario.start), workers)
    dataset = f"demo scenario {scenario.fingerprint[:16]} (labelled sample)"
    loader = Loader(replay_context, scenario, tally, report)
    try:
        with TestClient(create_app(replay_context)) as client:
            player = ScenarioPlayer(replay_context, client, clock, credentials, tally)
            player.notices = {n.notice_id: n for n in scenario.notices}
            player.reviews = {r.review_id: r for r in scenario.reviews}
            player.appeals = {a.appeal_id: a for a in scenario.appeals}
            loader.events = timeline(scenario, player)
            loader.posts(pool.checked(scenario.items_path), _line_count(scenario.items_path))
            # The workers are free now: they evaluate while the last events are played.
            sample = labelled_sample(scenario.items_path, scenario.truth, SAMPLE_PER_LANGUAGE)
            evaluated = pool.evaluate(sample, dataset, scenario.start)
            loader.play_until(datetime.max.replace(tzinfo=scenario.start.tzinfo))
        end = max([scenario.start, *(event.at for event in loader.events)])
        with unit_of_work(context.sessions) as session:
            tally.add("automated_decisions.caught_up", enforce_pending(session, end, settings))
        summary["evaluation"] = _evaluation(context, dataset, evaluated, end)
        summary["campaigns"] = _campaigns(context, end, report)
    finally:
        pool.close()
        with unit_of_work(context.sessions) as session:
            for key_id in credentials.key_ids:
                revoke_api_key(session, key_id, clock.now())
    clock.set(end)
    summary["deliveries"] = run_once(replay_context)
    with unit_of_work(context.sessions) as session:
        loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
        data = {"fingerprint": scenario.fingerprint, "directory": str(directory), "loaded_at": loaded_at}
        audit.record(session, actor="demo", action=LOADED, now=end, data=data)
    items = loader.items.as_dict()
    summary |= {"already_loaded": False, "items": items, "flaggers": len(credentials.flaggers)}
    summary |= _nested(dict(tally.counts))
    summary |= {"rejected": scenario.rejected, "errors": tally.errors}
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def _campaigns(context: AppContext, now: datetime, report: Progress) -> dict[str, int]:
    """Campaign detection over the scenario's period, as `rempart campaigns detect` runs it: each group found
    is recorded and opens a case (or joins the one it overlaps, on a second load)."""
    report("campaigns", 0, 1)
    since, until = datetime.fromtimestamp(SCENARIO_START, UTC), datetime.fromtimestamp(SCENARIO_END, UTC)
    campaigns, _ = detect_in_store(context.engine, since=since, until=until)
    with unit_of_work(context.sessions) as session:
        recorded = record_campaigns(session, campaigns, since=since, until=until, engine_name="duckdb", now=now)
    kinds = Counter(entry.campaign.kind for entry in recorded)
    report("campaigns", 1, 1)
    return {
        "campaigns": kinds[GroupKind.CAMPAIGN],
        "spam_networks": kinds[GroupKind.SPAM_NETWORK],
        "cases_opened": sum(entry.new for entry in recorded),
    }


def _policy(context: AppContext) -> str | None:
    path = context.settings.policy_path
    return None if path is None else str(path)
