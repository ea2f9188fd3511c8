"""A token bucket per client, kept in the database.

In the database rather than in the process because `rempart serve` runs several worker processes (and
may run on several machines): a bucket per process would multiply each client's allowance by their number.
The bucket is taken in its own short transaction, so a refused request still counts and a notice accepted
afterwards is committed independently.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from rempart.dsa.models import RateBucket


def take_token(session: Session, key: str, *, now: datetime, per_minute: float, burst: int) -> bool:
    """Spend one token of `key`'s bucket if it has one (refilled at `per_minute`, holding at most `burst`)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(RateBucket)
        .values(key=key, tokens=float(burst), updated_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    bucket = session.scalars(select(RateBucket).where(RateBucket.key == key).with_for_update()).one()
    elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
    tokens = min(float(burst), bucket.tokens + elapsed * per_minute / 60.0)
    bucket.updated_at = now
    if tokens < 1.0:
        bucket.tokens = tokens
        return False
    bucket.tokens = tokens - 1.0
    return True
