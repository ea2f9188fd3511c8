"""One round of the background work of the DSA chain: statements, webhooks, e-mails, expiries.

`rempart sor worker` loops over `run_once`; the product-wide `rempart worker` calls it too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from rempart.app import AppContext
from rempart.cases.enforcement import WEBHOOK_TOPIC, WebhookSender, expire_actions
from rempart.dsa.mail import EMAIL_TOPIC, SmtpSender
from rempart.dsa.submitter import drain_statements
from rempart.store.db import unit_of_work
from rempart.store.relay import relay


def expire(context: AppContext) -> int:
    """Lift every action past its end date and tell the platform (`rempart cases expire`)."""
    with unit_of_work(context.sessions) as session:
        return expire_actions(session, context.clock.now())


def deliver_webhooks(context: AppContext, client: httpx.Client) -> dict[str, int]:
    settings = context.settings
    if not settings.webhook_url:
        return {"delivered": 0, "failed": 0}
    sender = WebhookSender(settings.webhook_url, settings.webhook_secret.get_secret_value(), client)
    return relay(
        context.sessions,
        topic=WEBHOOK_TOPIC,
        now=context.clock.now,
        deliver=sender,
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        backoff_seconds=settings.outbox_backoff_seconds,
    ).as_dict()


def deliver_emails(context: AppContext) -> dict[str, int]:
    settings = context.settings
    return relay(
        context.sessions,
        topic=EMAIL_TOPIC,
        now=context.clock.now,
        deliver=SmtpSender(settings),
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        backoff_seconds=settings.outbox_backoff_seconds,
    ).as_dict()


def run_once(context: AppContext, client: httpx.Client | None = None) -> dict[str, Any]:
    """Expire, then deliver everything due; a summary per channel."""
    own = client is None
    http = client or httpx.Client(timeout=context.settings.tdb_timeout_seconds)
    try:
        return {
            "expired": expire(context),
            "statements": drain_statements(context, client=http).as_dict(),
            "webhooks": deliver_webhooks(context, http),
            "emails": deliver_emails(context),
        }
    finally:
        if own:
            http.close()
