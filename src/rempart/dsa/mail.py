"""E-mail through the outbox (topic `email`), delivered by SMTP with the settings' server."""

from __future__ import annotations

import smtplib
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy.orm import Session

from rempart.cases.models import CaseMessage
from rempart.core.ids import new_id
from rempart.core.settings import Settings
from rempart.store.outbox import OutboxMessage, enqueue
from rempart.store.relay import DeliveryFailed

EMAIL_TOPIC = "email"


def send_email(
    session: Session, *, case_id: str | None, to: str, subject: str, body: str, key: str, now: datetime
) -> None:
    """Queue one e-mail (idempotent by `key`) and keep a copy on the case."""
    enqueue(
        session,
        topic=EMAIL_TOPIC,
        dedupe_key=f"email:{key}",
        payload={"to": to, "subject": subject, "body": body},
        now=now,
    )
    if case_id is not None:
        session.add(
            CaseMessage(
                id=new_id("msg"),
                case_id=case_id,
                channel="email",
                recipient=to,
                subject=subject,
                body=body,
                created_at=now,
            )
        )


class SmtpSender:
    """Delivers `email` messages; the outbox key goes in the Message-ID so duplicates can be recognised."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, message: OutboxMessage) -> None:
        settings = self.settings
        mail = EmailMessage()
        mail["From"] = settings.smtp_sender
        mail["To"] = message.payload["to"]
        mail["Subject"] = message.payload["subject"]
        mail["Message-ID"] = f"<{message.dedupe_key.replace(':', '.')}@rempart>"
        mail.set_content(message.payload["body"])
        try:
            with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
                if settings.smtp_username:
                    smtp.starttls()
                    smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed(f"SMTP: {type(error).__name__}: {error}") from error
