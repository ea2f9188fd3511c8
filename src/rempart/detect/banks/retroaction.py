"""Retroaction: when entries are added to a bank, past items are matched against the new entries only.

The `items` table is streamed in key order, a batch at a time (constant memory, whatever its size). Each
item that matches goes to a case: the open case that already holds it gets the match as new evidence;
otherwise a `bank_match` case is opened for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from rempart.cases.schemas import CaseSource
from rempart.cases.service import open_case, open_case_for_item
from rempart.detect.banks.models import Bank
from rempart.detect.banks.snapshot import LoadedBank, build_loaded_bank
from rempart.detect.banks.text_index import IndexMatch
from rempart.items.models import ItemRow
from rempart.items.schemas import ItemKey

BATCH_SIZE = 1000


def _past_items(session: Session, batch_size: int) -> Iterator[list[tuple[str, str, str, Any]]]:
    after: tuple[str, str] | None = None
    while True:
        query = (
            select(ItemRow.platform, ItemRow.id, ItemRow.text, ItemRow.media)
            .where(ItemRow.deleted_at.is_(None))
            .order_by(ItemRow.platform, ItemRow.id)
            .limit(batch_size)
        )
        if after is not None:
            query = query.where(tuple_(ItemRow.platform, ItemRow.id) > tuple_(*after))
        rows = [(row[0], row[1], row[2], row[3]) for row in session.execute(query)]
        if not rows:
            return
        yield rows
        after = (rows[-1][0], rows[-1][1])


def match_evidence(bank: LoadedBank, matches: list[IndexMatch], media_index: int | None = None) -> dict[str, Any]:
    evidence: dict[str, Any] = {
        "bank": bank.name,
        "bank_id": bank.id,
        "label": bank.label,
        "matches": [
            {"entry_id": m.entry_id, "match": m.kind.value, "similarity": m.similarity, "distance": m.distance}
            for m in matches
        ],
    }
    if media_index is not None:
        evidence["media_index"] = media_index
    return evidence


def _match_item(bank: LoadedBank, text: str, media: list[dict[str, Any]]) -> dict[str, Any] | None:
    if bank.text is not None:
        matches = bank.match_text(text)
        return match_evidence(bank, matches) if matches else None
    for position, attachment in enumerate(media or []):
        pdq_hash = attachment.get("pdq") if isinstance(attachment, dict) else None
        if isinstance(pdq_hash, str):
            matches = bank.match_pdq(pdq_hash)
            if matches:
                return match_evidence(bank, matches, position)
    return None


def rematch_past_items(
    session: Session,
    bank: Bank,
    new_entries: list[tuple[str, str]],
    *,
    now: datetime,
    batch_size: int = BATCH_SIZE,
) -> tuple[int, int]:
    """Match stored items against `new_entries` of `bank`; returns (items matched, cases opened)."""
    loaded = build_loaded_bank(bank, new_entries)
    matched = opened = 0
    for rows in _past_items(session, batch_size):
        for platform, item_id, text, media in rows:
            evidence = _match_item(loaded, text, media)
            if evidence is None:
                continue
            matched += 1
            key = ItemKey(platform=platform, id=item_id)
            case = open_case_for_item(session, key)
            if case is not None:
                case.evidence = {**case.evidence, "bank_matches": [*case.evidence.get("bank_matches", []), evidence]}
                continue
            open_case(
                session,
                source=CaseSource.BANK_MATCH,
                title=f"Known content from bank {bank.name}",
                now=now,
                items=[key],
                priority=50,
                evidence={"bank_matches": [evidence]},
            )
            opened += 1
    return matched, opened
