"""Campaigns and the store: export the items to detect over, record campaigns, open one case per campaign.

Re-running detection over the same period finds the same accounts again: a campaign whose accounts overlap
a recorded one by at least `MATCH_OVERLAP` (of the smaller set) is that campaign — its row and its case are
updated, and no second case is opened. Services never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, Text, cast, func, select, tuple_
from sqlalchemy.orm import Session

from rempart.campaigns.config import CategoryMapping, GroupKind
from rempart.campaigns.models import CampaignRow
from rempart.campaigns.schemas import AccountRef, Campaign, Period, StoredCampaign, StoredCampaignSummary
from rempart.cases.models import Case, CaseAccount
from rempart.cases.schemas import CaseSource
from rempart.cases.service import add_items, open_case
from rempart.core.errors import NotFound
from rempart.items.models import AccountRow, ItemRow
from rempart.items.schemas import ItemKey

MATCH_OVERLAP = 0.5
EXPORT_BATCH = 5000
TOP_OBJECTS_IN_CASE = 10


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def export_store(engine: Engine, since: datetime, until: datetime, directory: Path) -> tuple[Path, Path]:
    """Stream the items posted in [since, until) and their authors' accounts to canonical JSON Lines. The
    JSON columns are read as their stored text and written as they are (no decoding and encoding again)."""
    items_path, accounts_path = directory / "items.jsonl", directory / "accounts.jsonl"
    names = ("platform", "id", "author_id", "created_at", "text", "language", "urls", "hashtags", "media",
             "repost_of", "quote_of")  # fmt: skip
    query = select(
        ItemRow.platform, ItemRow.id, ItemRow.author_id, ItemRow.created_at, ItemRow.text, ItemRow.language,
        cast(ItemRow.urls, Text), cast(ItemRow.hashtags, Text), cast(ItemRow.media, Text), ItemRow.repost_of,
        ItemRow.quote_of,
    ).where(ItemRow.created_at >= since, ItemRow.created_at < until, ItemRow.deleted_at.is_(None))  # fmt: skip
    authors = select(ItemRow.platform, ItemRow.author_id).where(ItemRow.created_at >= since, ItemRow.created_at < until)
    accounts = select(AccountRow.platform, AccountRow.id, AccountRow.created_at).where(
        tuple_(AccountRow.platform, AccountRow.id).in_(authors)
    )
    with engine.connect() as connection, items_path.open("wb") as out:
        result = connection.execution_options(stream_results=True, yield_per=EXPORT_BATCH).execute(query)
        for row in result:
            record = dict(zip(names, row, strict=True))
            for key in ("urls", "hashtags", "media"):
                if record[key] is not None:
                    record[key] = orjson.Fragment(record[key])
            out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    with engine.connect() as connection, accounts_path.open("wb") as out:
        result = connection.execution_options(stream_results=True, yield_per=EXPORT_BATCH).execute(accounts)
        for account in result:
            record = {"kind": "account", "platform": account[0], "id": account[1], "created_at": account[2]}
            out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    return items_path, accounts_path


@dataclass(frozen=True)
class Recorded:
    campaign: Campaign
    case_id: str
    new: bool


def _overlap(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> float:
    return len(a & b) / max(min(len(a), len(b)), 1)


def case_evidence(campaign: Campaign) -> dict[str, Any]:
    evidence = campaign.evidence
    return {
        "campaign_id": campaign.id,
        "kind": campaign.kind.value,
        "score": campaign.score,
        "accounts": len(campaign.accounts),
        "posts": evidence.posts,
        "first_seen": _iso(evidence.first_seen),
        "last_seen": _iso(evidence.last_seen),
        "traces": evidence.traces,
        "co_activity": evidence.co_activity.model_dump(mode="json"),
        "languages": evidence.languages,
        "creation_burst": evidence.creation_burst.model_dump(mode="json"),
        "shared_objects": [o.model_dump(mode="json") for o in evidence.shared_objects[:TOP_OBJECTS_IN_CASE]],
    }


def record_campaigns(
    session: Session,
    campaigns: Iterable[Campaign],
    *,
    since: datetime,
    until: datetime,
    engine_name: str,
    now: datetime,
    mapping: CategoryMapping | None = None,
) -> list[Recorded]:
    """Store each campaign and open its case, or update the recorded campaign it overlaps and its case."""
    mapping = mapping or CategoryMapping()
    known = {row.id: row for row in session.scalars(select(CampaignRow))}
    known_accounts = {cid: {(a["platform"], a["id"]) for a in row.accounts} for cid, row in known.items()}
    recorded = []
    for campaign in campaigns:
        accounts = {(a.platform, a.id) for a in campaign.accounts}
        match = max(known_accounts, key=lambda cid: _overlap(accounts, known_accounts[cid]), default=None)
        if match is not None and _overlap(accounts, known_accounts[match]) >= MATCH_OVERLAP:
            row = known[match]
            same = campaign.model_copy(update={"id": row.id})
            case = session.get(Case, row.case_id) if row.case_id else None
            if case is None:
                case = _open(session, same, mapping, now)
            else:
                _extend(session, case, same, now)
            _fill(row, same, since=since, until=until, engine=engine_name, now=now, case_id=case.id)
            recorded.append(Recorded(same, case.id, new=False))
        else:
            case = _open(session, campaign, mapping, now)
            row = CampaignRow(id=campaign.id, first_detected_at=now)
            _fill(row, campaign, since=since, until=until, engine=engine_name, now=now, case_id=case.id)
            session.add(row)
            known[row.id], known_accounts[row.id] = row, accounts
            recorded.append(Recorded(campaign, case.id, new=True))
    session.flush()
    return recorded


def _open(session: Session, campaign: Campaign, mapping: CategoryMapping, now: datetime) -> Case:
    rule = mapping.category_for(campaign.kind, campaign.evidence.traces)
    evidence = campaign.evidence
    return open_case(
        session,
        source=CaseSource.CAMPAIGN,
        title=(
            f"{campaign.kind.heading}: {len(campaign.accounts)} accounts, {evidence.posts} posts, "
            f"{evidence.first_seen:%Y-%m-%d %H:%M} to {evidence.last_seen:%Y-%m-%d %H:%M} UTC"
        ),
        now=now,
        items=campaign.items,
        accounts=[(a.platform, a.id) for a in campaign.accounts],
        category=rule.category,
        category_specification=rule.category_specification,
        priority=max(1, int(100 - 60 * campaign.score)),
        evidence=case_evidence(campaign),
    )


def _extend(session: Session, case: Case, campaign: Campaign, now: datetime) -> None:
    add_items(session, case, campaign.items, now)
    present = {
        (platform, account_id)
        for platform, account_id in session.execute(
            select(CaseAccount.platform, CaseAccount.account_id).where(CaseAccount.case_id == case.id)
        )
    }
    for account in campaign.accounts:
        if (account.platform, account.id) not in present:
            session.add(CaseAccount(case_id=case.id, platform=account.platform, account_id=account.id, added_at=now))
    case.evidence = case_evidence(campaign)


def _fill(
    row: CampaignRow, campaign: Campaign, *, since: datetime, until: datetime, engine: str, now: datetime, case_id: str
) -> None:
    previous = {(i["platform"], i["id"]) for i in (row.items or [])}
    row.case_id = case_id
    row.kind = campaign.kind.value
    row.score = campaign.score
    row.accounts = [a.model_dump() for a in campaign.accounts]
    row.items = [{"platform": p, "id": i} for p, i in sorted(previous | {(k.platform, k.id) for k in campaign.items})]
    row.evidence = campaign.evidence.model_dump(mode="json")
    row.period_since = since
    row.period_until = until
    row.engine = engine
    row.last_detected_at = now


def get_campaign(session: Session, campaign_id: str) -> CampaignRow:
    row = session.get(CampaignRow, campaign_id)
    if row is None:
        raise NotFound(f"no campaign {campaign_id!r}")
    return row


def list_campaigns(
    session: Session, *, kind: GroupKind | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[CampaignRow], int]:
    """A page of recorded groups, most recently detected first (then highest score), and how many in all."""
    query = select(CampaignRow)
    count = select(func.count()).select_from(CampaignRow)
    if kind is not None:
        query = query.where(CampaignRow.kind == kind.value)
        count = count.where(CampaignRow.kind == kind.value)
    order = (CampaignRow.last_detected_at.desc(), CampaignRow.score.desc(), CampaignRow.id)
    rows = session.scalars(query.order_by(*order).limit(limit).offset(offset))
    return list(rows), int(session.scalar(count) or 0)


def _evidence_moment(row: CampaignRow, key: str) -> datetime | None:
    value = (row.evidence or {}).get(key)
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def campaign_summary(row: CampaignRow) -> StoredCampaignSummary:
    return StoredCampaignSummary(
        id=row.id,
        kind=GroupKind(row.kind),
        score=row.score,
        case_id=row.case_id,
        accounts=len(row.accounts),
        posts=len(row.items),
        first_seen=_evidence_moment(row, "first_seen"),
        last_seen=_evidence_moment(row, "last_seen"),
        engine=row.engine,
        first_detected_at=row.first_detected_at,
        last_detected_at=row.last_detected_at,
    )


def stored_campaign(row: CampaignRow) -> StoredCampaign:
    return StoredCampaign(
        id=row.id,
        kind=GroupKind(row.kind),
        score=row.score,
        case_id=row.case_id,
        accounts=[AccountRef.model_validate(a) for a in row.accounts],
        items=[ItemKey.model_validate(i) for i in row.items],
        evidence=row.evidence,
        period=Period(since=row.period_since, until=row.period_until),
        engine=row.engine,
        first_detected_at=row.first_detected_at,
        last_detected_at=row.last_detected_at,
    )
