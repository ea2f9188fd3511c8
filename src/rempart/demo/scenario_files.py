"""Reading a scenario directory for `rempart demo load`, and ordering its DSA events in time.

Every line is validated; a bad one is reported with its file, line and reason, and the rest is played.
`items.jsonl`, `accounts.jsonl` and `truth.json` are required; the DSA files may be absent (nothing to play).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from rempart.core.clock import as_utc
from rempart.core.errors import FieldProblem, InvalidInput
from rempart.demo.replay import order_times
from rempart.demo.replay_appeals import ScenarioPlayer
from rempart.demo.schemas import (
    ScenarioAppeal,
    ScenarioDispute,
    ScenarioFlagger,
    ScenarioNotice,
    ScenarioOrder,
    ScenarioReview,
)

M = TypeVar("M", bound=BaseModel)
REQUIRED = ("items.jsonl", "accounts.jsonl", "truth.json")


@dataclass
class Scenario:
    directory: Path
    truth: dict[str, Any]
    fingerprint: str
    start: datetime
    flaggers: list[ScenarioFlagger] = field(default_factory=list)
    notices: list[ScenarioNotice] = field(default_factory=list)
    reviews: list[ScenarioReview] = field(default_factory=list)
    appeals: list[ScenarioAppeal] = field(default_factory=list)
    disputes: list[ScenarioDispute] = field(default_factory=list)
    orders: list[ScenarioOrder] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    @property
    def items_path(self) -> Path:
        return self.directory / "items.jsonl"

    @property
    def accounts_path(self) -> Path:
        return self.directory / "accounts.jsonl"


def _problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    return f"{where}: {first['msg']}"


def _records(directory: Path, name: str, model: type[M], rejected: list[dict[str, Any]]) -> list[M]:
    path = directory / name
    if not path.exists():
        return []
    records = []
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                records.append(model.model_validate(orjson.loads(line)))
            except orjson.JSONDecodeError as error:
                rejected.append({"file": name, "line": number, "reason": f"invalid JSON: {error}"})
            except ValidationError as error:
                rejected.append({"file": name, "line": number, "reason": _problem(error)})
    return records


def _flaggers(directory: Path, rejected: list[dict[str, Any]]) -> list[ScenarioFlagger]:
    path = directory / "trusted_flaggers.json"
    if not path.exists():
        return []
    try:
        entries = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        rejected.append({"file": path.name, "line": 1, "reason": f"invalid JSON: {error}"})
        return []
    flaggers = []
    for position, entry in enumerate(entries if isinstance(entries, list) else [entries]):
        try:
            flaggers.append(ScenarioFlagger.model_validate(entry))
        except ValidationError as error:
            rejected.append({"file": path.name, "line": position + 1, "reason": f"entry {position}: {_problem(error)}"})
    return flaggers


def _first_post_time(items_path: Path) -> datetime:
    with items_path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            try:
                return as_utc(datetime.fromisoformat(orjson.loads(line)["created_at"]))
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                if number > 1000:
                    break
    raise InvalidInput("items.jsonl has no readable post", [FieldProblem("items.jsonl", "no created_at found")])


def read_scenario(directory: Path) -> Scenario:
    missing = [name for name in REQUIRED if not (directory / name).is_file()]
    if missing:
        problems = [FieldProblem(name, "missing") for name in missing]
        raise InvalidInput(f"{directory} is not a scenario directory (rempart demo generate writes one)", problems)
    truth_bytes = (directory / "truth.json").read_bytes()
    try:
        truth = orjson.loads(truth_bytes)
    except orjson.JSONDecodeError as error:
        raise InvalidInput("truth.json is not JSON", [FieldProblem("truth.json", str(error))]) from error
    rejected: list[dict[str, Any]] = []
    return Scenario(
        directory=directory,
        truth=truth,
        fingerprint=hashlib.sha256(truth_bytes).hexdigest(),
        start=_first_post_time(directory / "items.jsonl"),
        flaggers=_flaggers(directory, rejected),
        notices=_records(directory, "notices.jsonl", ScenarioNotice, rejected),
        reviews=_records(directory, "reviews.jsonl", ScenarioReview, rejected),
        appeals=_records(directory, "appeals.jsonl", ScenarioAppeal, rejected),
        disputes=_records(directory, "ods.jsonl", ScenarioDispute, rejected),
        orders=_records(directory, "orders.jsonl", ScenarioOrder, rejected),
        rejected=rejected,
    )


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    seq: int
    play: Callable[[], None]


def review_groups(reviews: list[ScenarioReview]) -> list[list[ScenarioReview]]:
    """Reviews linked by a notice (one notice naming several items, or several notices on one item) are
    decided together, on the one case their notices joined."""
    groups: list[list[ScenarioReview]] = []
    group_of_notice: dict[str, int] = {}
    for review in reviews:
        joined = {group_of_notice[n] for n in review.notice_ids if n in group_of_notice}
        if not joined:
            index = len(groups)
            groups.append([])
        else:
            index = min(joined)
            for other in sorted(joined - {index}, reverse=True):
                groups[index].extend(groups[other])
                groups[other] = []
                for notice_id, group in group_of_notice.items():
                    if group == other:
                        group_of_notice[notice_id] = index
        groups[index].append(review)
        for notice_id in review.notice_ids:
            group_of_notice[notice_id] = index
    return [group for group in groups if group]


def timeline(scenario: Scenario, player: ScenarioPlayer) -> list[Event]:
    """Every DSA event with the moment it happens, in time order (file order breaks ties)."""
    events: list[tuple[datetime, Callable[[], None]]] = []

    def bind(function: Callable[[Any], None], value: Any) -> Callable[[], None]:
        return lambda: function(value)

    for notice in scenario.notices:
        events.append((notice.received_at, bind(player.notice, notice)))
    for group in review_groups(scenario.reviews):
        events.append((max(r.decided_at for r in group), bind(player.review_group, group)))
    for appeal in scenario.appeals:
        events.append((appeal.submitted_at, bind(player.appeal, appeal)))
        decided = appeal.submitted_at + timedelta(minutes=appeal.latency_minutes)
        events.append((decided, bind(player.appeal_decision, appeal)))
    for dispute in scenario.disputes:
        events.append((dispute.submitted_at + timedelta(days=dispute.duration_days), bind(player.dispute, dispute)))
    for order in scenario.orders:
        events.append((order_times(order)[1], bind(player.order, order)))
    ordered = sorted(enumerate(events), key=lambda pair: (as_utc(pair[1][0]), pair[0]))
    return [Event(as_utc(at), seq, play) for seq, (at, play) in ordered]
