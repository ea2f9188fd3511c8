"""Enforcement on the platform: actions in force, and the signed webhook that tells the platform.

Every event goes through the outbox (topic `webhook.platform`) in the transaction that caused it. The
body is JSON; the header `X-Rempart-Signature: sha256=<hex>` is the HMAC-SHA256 of the exact body bytes
with `REMPART_WEBHOOK_SECRET`, and `Idempotency-Key` is the outbox message's key, the same on every retry,
so the platform applies each event once however often it arrives.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.cases.models import Action, Decision
from rempart.core.ids import new_id
from rempart.core.jsonio import dumps_bytes
from rempart.store.outbox import OutboxMessage, enqueue
from rempart.store.relay import DeliveryFailed

WEBHOOK_TOPIC = "webhook.platform"
SIGNATURE_HEADER = "X-Rempart-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"

RESTRICTION_FIELDS = (
    "decision_visibility",
    "decision_visibility_other",
    "decision_monetary",
    "decision_monetary_other",
    "decision_provision",
    "decision_account",
)


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def notify_platform(session: Session, *, event: str, key: str, data: dict[str, Any], now: datetime) -> None:
    """Queue one event for the platform; `key` makes it idempotent."""
    payload = {"event": event, "id": key, "at": now.isoformat(), **data}
    enqueue(session, topic=WEBHOOK_TOPIC, dedupe_key=key, payload=payload, now=now)


def _target(action: Action) -> dict[str, Any]:
    return {
        "action_id": action.id,
        "case_id": action.case_id,
        "decision_id": action.decision_id,
        "platform": action.platform,
        "item_id": action.item_id,
        "account_id": action.account_id,
    }


def apply_action(session: Session, decision: Decision, *, actor: str, now: datetime) -> Action:
    """Put a restrictive decision in force and tell the platform (scope: member states; end date)."""
    restriction = {f: getattr(decision, f) for f in RESTRICTION_FIELDS if getattr(decision, f)}
    action = Action(
        id=new_id("act"),
        decision_id=decision.id,
        case_id=decision.case_id,
        platform=decision.platform,
        item_id=decision.item_id,
        account_id=decision.account_id,
        restriction=restriction,
        territorial_scope=sorted(decision.territorial_scope),
        starts_at=now,
        ends_at=decision.ends_at,
        status="active",
        ended_at=None,
        end_reason=None,
    )
    session.add(action)
    session.flush()
    notify_platform(
        session,
        event="action.applied",
        key=f"action.applied:{action.id}",
        data={
            **_target(action),
            "restriction": restriction,
            "territorial_scope": action.territorial_scope,
            "ends_at": action.ends_at.isoformat() if action.ends_at else None,
        },
        now=now,
    )
    audit.record(
        session,
        actor=actor,
        action="action.applied",
        now=now,
        case_id=action.case_id,
        data={"action_id": action.id, "restriction": restriction, "scope": action.territorial_scope},
    )
    return action


def end_action(session: Session, action: Action, *, status: str, reason: str, actor: str, now: datetime) -> None:
    """Lift (`lifted`) or expire (`expired`) an action and tell the platform."""
    action.status = status
    action.ended_at = now
    action.end_reason = reason[:500]
    notify_platform(
        session,
        event=f"action.{status}",
        key=f"action.{status}:{action.id}",
        data={**_target(action), "reason": reason},
        now=now,
    )
    audit.record(
        session,
        actor=actor,
        action=f"action.{status}",
        now=now,
        case_id=action.case_id,
        data={"action_id": action.id, "reason": reason},
    )


def active_actions(session: Session, decision_id: str) -> list[Action]:
    return list(session.scalars(select(Action).where(Action.decision_id == decision_id, Action.status == "active")))


def expire_actions(session: Session, now: datetime) -> int:
    """End every action whose end date has passed; returns how many."""
    due = list(
        session.scalars(
            select(Action).where(Action.status == "active", Action.ends_at.is_not(None), Action.ends_at <= now)
        )
    )
    for action in due:
        end_action(
            session, action, status="expired", reason="the restriction reached its end date", actor="system", now=now
        )
    return len(due)


class WebhookSender:
    """Delivers `webhook.platform` messages: POST, signed, with the idempotency key; 2xx means done."""

    def __init__(self, url: str, secret: str, client: httpx.Client) -> None:
        self.url, self.secret, self.client = url, secret, client

    def __call__(self, message: OutboxMessage) -> None:
        body = dumps_bytes(message.payload)
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(body, self.secret),
            IDEMPOTENCY_HEADER: message.dedupe_key,
        }
        try:
            response = self.client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise DeliveryFailed(f"webhook unreachable: {type(error).__name__}: {error}") from error
        if response.status_code == 429:
            retry = response.headers.get("retry-after", "")
            raise DeliveryFailed("webhook rate-limited", timedelta(seconds=float(retry)) if retry.isdigit() else None)
        if not 200 <= response.status_code < 300:
            raise DeliveryFailed(f"webhook answered {response.status_code}: {response.text[:300]}")
