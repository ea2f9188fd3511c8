"""Issuing statements of reasons (Art. 17) and queueing them for the Transparency Database (Art. 24(5)).

A statement is issued in the decision's transaction: the user's texts (en, fr) go to the platform by the
signed webhook (the platform shows them to its user, who may have no e-mail address with us), and the TDB
JSON, checked by the validator, is queued on the outbox topic `tdb.statement`. Nothing invalid is queued:
an invalid statement raises `InvalidInput` and rolls the decision back with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.cases.enforcement import notify_platform
from rempart.cases.models import CaseMessage, Decision
from rempart.core.errors import InvalidInput
from rempart.core.ids import new_id
from rempart.core.settings import Settings
from rempart.dsa.models import Notice, Statement
from rempart.dsa.rights import grant_appeal_right
from rempart.dsa.schemas import Party
from rempart.dsa.scrubber import Scrubber
from rempart.dsa.tdb_payload import statement_json
from rempart.dsa.texts import statement_texts
from rempart.dsa.validator import problems
from rempart.items.models import AccountRow, ItemRow
from rempart.store.outbox import enqueue

TDB_TOPIC = "tdb.statement"


def new_puid() -> str:
    """A platform unique identifier: a ULID behind a prefix; the `statements.puid` unique key forbids reuse."""
    return new_id("sor")


def known_names(session: Session, decision: Decision) -> list[str]:
    """Handles and display names of the item's author and mentioned accounts, and the notifiers' names."""
    names: list[str] = []
    author_id = decision.account_id
    if decision.item_id is not None:
        item = session.get(ItemRow, (decision.platform, decision.item_id))
        if item is not None:
            author_id = item.author_id
            names += [m.lstrip("@") for m in item.mentions]
            mentioned = session.scalars(
                select(AccountRow).where(
                    AccountRow.platform == decision.platform,
                    AccountRow.handle.in_([m.lstrip("@") for m in item.mentions]),
                )
            )
            names += [n for a in mentioned for n in (a.handle, a.display_name) if n]
    if author_id is not None:
        author = session.get(AccountRow, (decision.platform, author_id))
        if author is not None:
            names += [n for n in (author.handle, author.display_name) if n]
    names += [n for n in session.scalars(select(Notice.notifier_name).where(Notice.case_id == decision.case_id)) if n]
    return names


def issue_statement(
    session: Session,
    decision: Decision,
    *,
    settings: Settings,
    now: datetime,
    previous: Decision | None = None,
    extra_names: Iterable[str] = (),
) -> Statement:
    """The statement of reasons for `decision`; a lifted restriction (outcome no_action) is told to the user
    but not sent to the TDB, which only takes restrictions."""
    token, until = grant_appeal_right(
        session, decision_id=decision.id, party=Party.AFFECTED, now=now, months=settings.appeal_window_months
    )
    appeal_url = f"{settings.public_url.rstrip('/')}/appeals/new?token={token}"
    text_en, text_fr = statement_texts(
        decision,
        service=settings.service_name,
        appeal_url=appeal_url,
        appeal_until=until,
        ods_bodies=settings.ods_bodies,
        terms_url=settings.terms_url,
        previous=previous,
    )
    puid = new_puid()
    tdb = None
    if decision.outcome == "restrict":
        tdb = statement_json(decision, puid=puid, scrub=Scrubber([*known_names(session, decision), *extra_names]))
        found = problems(tdb)
        if found:
            raise InvalidInput("the statement of reasons would be refused by the Transparency Database", found)
    statement = Statement(
        id=new_id("stm"),
        puid=puid,
        case_id=decision.case_id,
        decision_id=decision.id,
        tdb=tdb,
        text_en=text_en,
        text_fr=text_fr,
        status="pending" if tdb else "not_sent",
        tdb_errors=None,
        tdb_uuid=None,
        created_at=now,
        delivered_at=None,
    )
    session.add(statement)
    if tdb is not None:
        enqueue(session, topic=TDB_TOPIC, dedupe_key=f"tdb:{puid}", payload={"statement_id": statement.id}, now=now)
    notify_platform(
        session,
        event="statement.issued",
        key=f"statement.issued:{statement.id}",
        data={
            "case_id": decision.case_id,
            "decision_id": decision.id,
            "statement_id": statement.id,
            "platform": decision.platform,
            "item_id": decision.item_id,
            "account_id": decision.account_id,
            "text": {"en": text_en, "fr": text_fr},
            "appeal_url": appeal_url,
            "appeal_until": until.isoformat(),
        },
        now=now,
    )
    recipient = f"{decision.platform}/{decision.account_id or decision.item_id}"
    session.add(
        CaseMessage(
            id=new_id("msg"),
            case_id=decision.case_id,
            channel="platform",
            recipient=recipient,
            subject="statement of reasons",
            body=text_en,
            created_at=now,
        )
    )
    audit.record(
        session,
        actor="system",
        action="statement.issued",
        now=now,
        case_id=decision.case_id,
        data={"statement_id": statement.id, "puid": puid, "decision_id": decision.id},
    )
    return statement
