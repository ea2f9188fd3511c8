"""Bank operations: create, add entries (with retroaction), remove, list, export. Services never commit."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rempart.core.errors import Conflict, FieldProblem, InvalidInput, NotFound
from rempart.core.ids import new_id
from rempart.detect.banks.hma_csv import BadRow, PdqCsvReader, write_pdq_csv
from rempart.detect.banks.models import Bank, BankEntry
from rempart.detect.banks.normalize import exact_key, hash_tokens
from rempart.detect.banks.pdq import ImageError, is_pdq_hex, pdq_from_bytes
from rempart.detect.banks.retroaction import rematch_past_items
from rempart.detect.banks.schemas import (
    DEFAULT_JACCARD_THRESHOLD,
    DEFAULT_PDQ_DISTANCE,
    AddSummary,
    BankCreate,
    BankKind,
    BankView,
    EntryInput,
    EntryView,
    Problem,
)

MAX_TEXT_CHARS = 100_000
_INSERT_BATCH = 1000


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry read from some input, before it is checked for duplicates: its line (or index) and value."""

    line: int
    value: str
    details: dict[str, Any] = field(default_factory=dict)


def create_bank(session: Session, request: BankCreate, *, by: str, now: datetime) -> Bank:
    if session.scalar(select(Bank.id).where(Bank.name == request.name)) is not None:
        raise Conflict(f"a bank named {request.name} exists", [FieldProblem("name", "already taken")])
    jaccard: float | None = None
    distance: int | None = None
    if request.kind is BankKind.TEXT:
        jaccard = DEFAULT_JACCARD_THRESHOLD if request.threshold is None else request.threshold
        if not 0 < jaccard <= 1:
            raise InvalidInput("invalid threshold", [FieldProblem("threshold", "a Jaccard similarity in (0, 1]")])
    else:
        threshold = DEFAULT_PDQ_DISTANCE if request.threshold is None else request.threshold
        if threshold != int(threshold) or not 0 <= threshold <= 63:
            raise InvalidInput("invalid threshold", [FieldProblem("threshold", "a Hamming distance from 0 to 63")])
        distance = int(threshold)
    bank = Bank(
        id=new_id("bank"),
        name=request.name,
        kind=request.kind.value,
        description=request.description,
        jaccard_threshold=jaccard,
        pdq_distance=distance,
        version=1,
        created_at=now,
        created_by=by,
        updated_at=now,
    )
    session.add(bank)
    session.flush()
    return bank


def get_bank(session: Session, name: str) -> Bank:
    bank = session.scalar(select(Bank).where(Bank.name == name))
    if bank is None:
        raise NotFound(f"no bank named {name}")
    return bank


def bank_view(session: Session, bank: Bank) -> BankView:
    count = session.scalar(
        select(func.count()).select_from(BankEntry).where(BankEntry.bank_id == bank.id, BankEntry.removed_at.is_(None))
    )
    return _view(bank, count or 0)


def _view(bank: Bank, active: int) -> BankView:
    return BankView(
        id=bank.id,
        name=bank.name,
        kind=BankKind(bank.kind),
        description=bank.description,
        jaccard_threshold=bank.jaccard_threshold,
        pdq_distance=bank.pdq_distance,
        version=bank.version,
        active_entries=active,
        created_at=bank.created_at,
        created_by=bank.created_by,
    )


def list_banks(session: Session) -> list[BankView]:
    counts: dict[str, int] = dict(
        session.execute(
            select(BankEntry.bank_id, func.count()).where(BankEntry.removed_at.is_(None)).group_by(BankEntry.bank_id)
        ).all()
    )
    return [_view(bank, counts.get(bank.id, 0)) for bank in session.scalars(select(Bank).order_by(Bank.name))]


def read_entry_lines(kind: BankKind, lines: Iterable[tuple[int, bytes]]) -> Iterator[NewEntry | Problem]:
    """Entries from numbered lines: one text per line, or one PDQ hash per line in HMA's CSV shape."""
    reader = PdqCsvReader()
    for number, raw in lines:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Problem(line=number, reason="invalid UTF-8")
            continue
        if kind is BankKind.TEXT:
            yield check_text(number, text)
            continue
        row = reader.read_line(number, text)
        if isinstance(row, BadRow):
            yield Problem(line=row.line, reason=row.reason)
        elif row is not None:
            yield NewEntry(row.line, row.hash, row.metadata())


def check_text(line: int, text: str, details: dict[str, Any] | None = None) -> NewEntry | Problem:
    text = text.strip()
    if len(text) > MAX_TEXT_CHARS:
        return Problem(line=line, reason=f"text: longer than {MAX_TEXT_CHARS} characters")
    if not hash_tokens(text):
        return Problem(line=line, reason="text: no words left to match after normalisation")
    return NewEntry(line, text, details or {})


def entry_from_input(kind: BankKind, index: int, entry: EntryInput) -> NewEntry | Problem:
    """An API entry: a text, a PDQ hash, or an image whose PDQ hash is computed here."""
    if (entry.value is None) == (entry.image_base64 is None):
        return Problem(line=index, reason="give exactly one of value and image_base64")
    if kind is BankKind.TEXT:
        if entry.value is None:
            return Problem(line=index, reason="image_base64: a text bank takes texts")
        return check_text(index, entry.value, entry.details)
    if entry.value is not None:
        value = entry.value.strip().lower()
        if not is_pdq_hex(value):
            return Problem(line=index, reason="value: not a PDQ hash (64 hexadecimal digits)")
        return NewEntry(index, value, entry.details)
    try:
        data = base64.b64decode(entry.image_base64 or "", validate=True)
        pdq_hash, quality = pdq_from_bytes(data)
    except (binascii.Error, ImageError) as error:
        return Problem(line=index, reason=f"image_base64: {error}")
    return NewEntry(index, pdq_hash, {**entry.details, "pdq_quality": quality})


def match_key(kind: BankKind, value: str) -> str:
    return exact_key(value) if kind is BankKind.TEXT else value


def add_entries(
    session: Session,
    bank: Bank,
    entries: Iterable[NewEntry | Problem],
    *,
    by: str,
    now: datetime,
    retroact: bool = True,
) -> AddSummary:
    """Add the new entries (duplicates of active ones are counted, not added), then re-match past items."""
    kind = BankKind(bank.kind)
    summary = AddSummary()
    seen = set(
        session.scalars(select(BankEntry.match_key).where(BankEntry.bank_id == bank.id, BankEntry.removed_at.is_(None)))
    )
    added: list[tuple[str, str]] = []
    pending: list[dict[str, Any]] = []
    for entry in entries:
        summary.read += 1
        if isinstance(entry, Problem):
            summary.rejected += 1
            summary.problems.append(entry)
            continue
        key = match_key(kind, entry.value)
        if key in seen:
            summary.duplicate += 1
            continue
        seen.add(key)
        entry_id = new_id("entry")
        pending.append(
            {
                "id": entry_id,
                "bank_id": bank.id,
                "value": entry.value,
                "match_key": key,
                "details": entry.details,
                "added_at": now,
                "added_by": by,
                "removed_at": None,
                "removed_by": None,
            }
        )
        added.append((entry_id, entry.value))
        if len(pending) >= _INSERT_BATCH:
            session.execute(insert(BankEntry), pending)
            pending = []
    if pending:
        session.execute(insert(BankEntry), pending)
    summary.added = len(added)
    if added:
        bank.version += 1
        bank.updated_at = now
        session.flush()
        if retroact:
            matches, opened = rematch_past_items(session, bank, added, now=now)
            summary.retro_matches, summary.cases_opened = matches, opened
    return summary


def remove_entry(session: Session, bank: Bank, entry_id: str, *, by: str, now: datetime) -> BankEntry:
    entry = session.get(BankEntry, entry_id)
    if entry is None or entry.bank_id != bank.id:
        raise NotFound(f"no entry {entry_id} in bank {bank.name}")
    if entry.removed_at is not None:
        raise Conflict(f"entry {entry_id} was removed already")
    entry.removed_at = now
    entry.removed_by = by
    bank.version += 1
    bank.updated_at = now
    session.flush()
    return entry


def entry_view(bank: Bank, entry: BankEntry) -> EntryView:
    return EntryView(
        id=entry.id,
        bank=bank.name,
        value=entry.value,
        details=entry.details,
        added_at=entry.added_at,
        added_by=entry.added_by,
        removed_at=entry.removed_at,
        removed_by=entry.removed_by,
    )


def active_entries(session: Session, bank_id: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(id, value, details) of a bank's active entries, oldest first, streamed."""
    rows = session.execute(
        select(BankEntry.id, BankEntry.value, BankEntry.details)
        .where(BankEntry.bank_id == bank_id, BankEntry.removed_at.is_(None))
        .order_by(BankEntry.added_at, BankEntry.id)
        .execution_options(yield_per=2000)
    )
    yield from rows


def export_lines(session: Session, bank: Bank) -> Iterator[str]:
    """What `add` reads back: one text per line (line breaks become spaces), or HMA's PDQ CSV."""
    if bank.kind == BankKind.TEXT:
        for _, value, _ in active_entries(session, bank.id):
            yield " ".join(value.split()) + "\n"
        return
    yield from write_pdq_csv((value, details) for _, value, details in active_entries(session, bank.id))
