"""The append-only, hash-chained audit log.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own content (time, actor,
action, case and data as canonical JSON), so changing or removing any entry breaks the chain from there
on. Entries are numbered without gaps; `verify` reports an edited entry, a removed one (a gap or a broken
link) and returns the head hash, which can be kept elsewhere to detect removal of the last entries.
Writers take a transaction-scoped lock on PostgreSQL (SQLite serialises writers itself) so two
transactions never chain onto the same predecessor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rempart.cases.models import AuditEntry
from rempart.core.clock import as_utc

GENESIS = "0" * 64
_LOCK_KEY = 72_617_001


def entry_hash(prev_hash: str, *, at: datetime, actor: str, action: str, case_id: str | None, data: Any) -> str:
    content = orjson.dumps(
        {"at": as_utc(at).isoformat(), "actor": actor, "action": action, "case_id": case_id, "data": data},
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(prev_hash.encode() + b"\n" + content).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    now: datetime,
    case_id: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry (in the caller's transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    session.flush()
    last = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    payload = orjson.loads(orjson.dumps(data or {}, option=orjson.OPT_SORT_KEYS))
    entry = AuditEntry(
        seq=seq,
        at=now,
        actor=actor,
        action=action,
        case_id=case_id,
        data=payload,
        prev_hash=prev,
        hash=entry_hash(prev, at=now, actor=actor, action=action, case_id=case_id, data=payload),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass
class Verification:
    entries: int = 0
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "head": self.head, "problems": self.problems}


def _entries(session: Session, page: int = 5000) -> Iterator[AuditEntry]:
    after = 0
    while True:
        rows = list(
            session.scalars(select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(page))
        )
        if not rows:
            return
        yield from rows
        after = rows[-1].seq
        session.expunge_all()


def verify(session: Session) -> Verification:
    """Walk the chain; every changed or removed entry is named in `problems`."""
    result = Verification()
    expected_seq, prev = 1, GENESIS
    for entry in _entries(session):
        result.entries += 1
        if entry.seq != expected_seq:
            result.problems.append(f"entries {expected_seq}..{entry.seq - 1} were removed")
        if entry.prev_hash != prev:
            result.problems.append(f"entry {entry.seq} does not follow the entry before it")
        actual = entry_hash(
            entry.prev_hash, at=entry.at, actor=entry.actor, action=entry.action, case_id=entry.case_id, data=entry.data
        )
        if actual != entry.hash:
            result.problems.append(f"entry {entry.seq} was changed after it was written")
        prev, expected_seq = entry.hash, entry.seq + 1
    result.head = prev
    return result
