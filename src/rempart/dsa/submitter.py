"""Delivering statements of reasons to the EU Transparency Database (Art. 24(5)).

Statements wait on the outbox topic `tdb.statement`. A drain claims up to 100 under a lease (committed),
sends them in one `POST /api/v1/statements` and settles the answer:

- 201: all stored; each statement is marked delivered with the database's uuid.
- 422 naming statements (`statement_N`): those are rejected (status `rejected`, the server's errors kept,
  the message dead); the others are put back at once and go in the next batch.
- 422 on PUIDs (`existing_puids`): each named PUID is looked up with `GET /api/v1/statement/existing-puid/`
  (302: it is there, delivered; 404: sent again); the others are put back at once. This is how a 201 whose
  answer was lost is recognised.
- 429: all back off (Retry-After when given); 401: the drain stops and says so; anything else, including a
  dropped connection or a timeout, is retried with backoff.

A crash at any point loses nothing (the lease runs out and the messages are claimed again) and duplicates
nothing (a PUID is stored at most once by the database, and a resent stored PUID is settled as above).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rempart.app import AppContext
from rempart.dsa.models import Statement
from rempart.dsa.statements import TDB_TOPIC
from rempart.store.db import unit_of_work
from rempart.store.outbox import OutboxMessage, OutboxStatus, backoff, claim, mark_delivered

NOW_AGAIN = timedelta(0)
MAX_ATTEMPTS = 50


@dataclass
class SubmitSummary:
    calls: int = 0
    delivered: int = 0
    rejected: int = 0
    settled_existing: int = 0
    retried: int = 0
    stopped: str | None = None
    errors: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "delivered": self.delivered,
            "rejected": self.rejected,
            "settled_existing": self.settled_existing,
            "retried": self.retried,
            "stopped": self.stopped,
            "rejections": self.errors,
        }


class Unauthorized(Exception):
    """The database refused the token: nothing more can be sent until it is replaced."""


class TdbClient:
    """The two calls the submitter needs, with the required headers."""

    def __init__(self, base_url: str, token: str, client: httpx.Client) -> None:
        self.base = base_url.rstrip("/")
        self.headers = {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        self.client = client

    def submit(self, statements: list[dict[str, Any]]) -> httpx.Response:
        return self.client.post(f"{self.base}/api/v1/statements", json={"statements": statements}, headers=self.headers)

    def exists(self, puid: str) -> bool | None:
        """True (302), False (404), or None when the answer says neither."""
        response = self.client.get(f"{self.base}/api/v1/statement/existing-puid/{puid}", headers=self.headers)
        if response.status_code == 401:
            raise Unauthorized("the Transparency Database refused the token (401)")
        return {302: True, 404: False}.get(response.status_code)


@dataclass
class _Batch:
    messages: list[OutboxMessage]
    statements: dict[str, Statement]  # by outbox message id

    def puid_of(self, message: OutboxMessage) -> str:
        return self.statements[message.id].puid


class Submitter:
    def __init__(self, context: AppContext, tdb: TdbClient) -> None:
        self.context, self.tdb = context, tdb
        self.settings = context.settings
        self.summary = SubmitSummary()

    def now(self) -> datetime:
        return self.context.clock.now()

    def _claim(self) -> _Batch | None:
        lease = timedelta(seconds=self.settings.outbox_lease_seconds)
        with unit_of_work(self.context.sessions) as session:
            messages = claim(session, topic=TDB_TOPIC, now=self.now(), limit=self.settings.tdb_batch_size, lease=lease)
            if not messages:
                return None
            ids = [m.payload["statement_id"] for m in messages]
            rows = {s.id: s for s in session.scalars(select(Statement).where(Statement.id.in_(ids)))}
            settled = [
                m.id
                for m in messages
                if rows.get(m.payload["statement_id"]) is None or rows[m.payload["statement_id"]].status != "pending"
            ]
            mark_delivered(session, settled, self.now())
        live = [m for m in messages if m.id not in settled]
        return _Batch(live, {m.id: rows[m.payload["statement_id"]] for m in live})

    def _retry(self, session: Session, messages: list[OutboxMessage], error: str, delay: timedelta | None) -> None:
        """Put messages back (one UPDATE for all); past the attempt limit a message is declared dead."""
        if not messages:
            return
        now = self.now()
        rows = []
        for message in messages:
            wait = delay if delay is not None else backoff(message.attempts, self.settings.outbox_backoff_seconds)
            dead = message.attempts >= MAX_ATTEMPTS
            rows.append(
                {
                    "id": message.id,
                    "last_error": error[:2000],
                    "locked_until": None,
                    "available_at": now + wait,
                    "status": OutboxStatus.DEAD.value if dead else OutboxStatus.PENDING.value,
                }
            )
        session.execute(update(OutboxMessage), rows)
        self.summary.retried += len(messages)

    def _delivered(self, session: Session, batch: _Batch, messages: list[OutboxMessage], uuids: dict[str, str]) -> None:
        if not messages:
            return
        now = self.now()
        mark_delivered(session, [m.id for m in messages], now)
        rows = []
        for message in messages:
            statement = batch.statements[message.id]
            rows.append(
                {
                    "id": statement.id,
                    "status": "delivered",
                    "delivered_at": now,
                    "tdb_uuid": uuids.get(statement.puid, statement.tdb_uuid),
                }
            )
        session.execute(update(Statement), rows)
        self.summary.delivered += len(messages)

    def _rejected(self, session: Session, batch: _Batch, errors: dict[str, Any]) -> list[OutboxMessage]:
        """Mark the statements the server named; return the others."""
        others = []
        for index, message in enumerate(batch.messages):
            problems = errors.get(f"statement_{index}")
            if problems is None:
                others.append(message)
                continue
            statement = session.get(Statement, batch.statements[message.id].id)
            assert statement is not None
            statement.status, statement.tdb_errors = "rejected", problems
            row = session.get(OutboxMessage, message.id)
            assert row is not None
            row.status, row.locked_until, row.last_error = OutboxStatus.DEAD.value, None, str(problems)[:2000]
            self.summary.rejected += 1
            self.summary.errors[statement.puid] = problems
        return others

    def _settle_duplicates(self, session: Session, batch: _Batch, existing: list[str]) -> None:
        named = set(existing) or {batch.puid_of(m) for m in batch.messages}
        found, resend = [], []
        for message in batch.messages:
            puid = batch.puid_of(message)
            if puid in named and self.tdb.exists(puid) is True:
                found.append(message)
            else:
                resend.append(message)
        self._delivered(session, batch, found, {})
        self.summary.settled_existing += len(found)
        self._retry(session, resend, "resent after a duplicate-PUID answer", NOW_AGAIN)

    def _settle(self, batch: _Batch, response: httpx.Response) -> None:
        status = response.status_code
        with unit_of_work(self.context.sessions) as session:
            if status == 201:
                answer = response.json().get("statements", [])
                self._delivered(session, batch, batch.messages, {s.get("puid"): s.get("uuid") for s in answer})
            elif status == 401:
                self._retry(session, batch.messages, "401 from the Transparency Database", None)
                raise Unauthorized("the Transparency Database refused the token (401): set REMPART_TDB_TOKEN")
            elif status == 429:
                retry_after = response.headers.get("retry-after", "")
                delay = timedelta(seconds=float(retry_after)) if retry_after.isdigit() else None
                self._retry(session, batch.messages, "429 rate limited", delay)
            elif status == 422:
                errors = _json(response).get("errors", {})
                if "existing_puids" in errors or "puid" in errors:
                    self._settle_duplicates(session, batch, list(errors.get("existing_puids") or []))
                elif any(key.startswith("statement_") for key in errors):
                    self._retry(
                        session, self._rejected(session, batch, errors), "resent after others were rejected", NOW_AGAIN
                    )
                else:
                    self._retry(session, batch.messages, f"422: {response.text[:500]}", None)
            else:
                self._retry(session, batch.messages, f"{status}: {response.text[:500]}", None)

    def drain(self) -> SubmitSummary:
        """Send every due statement once; return what happened."""
        while (batch := self._claim()) is not None:
            if not batch.messages:
                continue
            self.summary.calls += 1
            try:
                response = self.tdb.submit([batch.statements[m.id].tdb or {} for m in batch.messages])
            except httpx.HTTPError as error:
                with unit_of_work(self.context.sessions) as session:
                    self._retry(session, batch.messages, f"{type(error).__name__}: {error}", None)
                continue
            try:
                self._settle(batch, response)
            except Unauthorized as error:
                self.summary.stopped = str(error)
                break
            except httpx.HTTPError as error:
                with unit_of_work(self.context.sessions) as session:
                    self._retry(session, batch.messages, f"settling: {type(error).__name__}: {error}", None)
        return self.summary


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def drain_statements(context: AppContext, *, client: httpx.Client | None = None) -> SubmitSummary:
    """Send every due statement to the Transparency Database once (`rempart sor submit`, the worker)."""
    settings = context.settings
    own = client is None
    http = client or httpx.Client(timeout=settings.tdb_timeout_seconds)
    try:
        tdb = TdbClient(settings.tdb_url, settings.tdb_token.get_secret_value(), http)
        return Submitter(context, tdb).drain()
    finally:
        if own:
            http.close()
