"""Notices (Art. 16) and trusted flaggers (Art. 22).

A notice names one or more exact URLs; each is resolved to a stored item (X, Mastodon and Bluesky public
URL forms) and the items join the open case that already holds them, or a new one. URLs that match no
item are kept on the notice and reported back. Trusted flaggers' notices are tagged
`SOURCE_TRUSTED_FLAGGER` and sorted first in the review queue. The notifier, when they gave an address,
gets an acknowledgement of receipt (16(4)) through the outbox in the same transaction.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.cases.models import Case
from rempart.cases.review import queue_priority
from rempart.cases.schemas import CaseSource
from rempart.cases.service import add_items, open_case, open_case_for_item
from rempart.core.errors import Conflict
from rempart.core.ids import new_id
from rempart.core.settings import Settings
from rempart.dsa.enums import SourceType
from rempart.dsa.mail import send_email
from rempart.dsa.misuse import UNFOUNDED_NOTICES, refuse_if_suspended
from rempart.dsa.models import Notice, TrustedFlagger
from rempart.dsa.schemas import NoticeInput
from rempart.dsa.texts import render
from rempart.items.models import AccountRow, ItemRow
from rempart.items.schemas import ItemKey

X_URL = re.compile(r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/([^/?#]+)/status/(\d+)")
FEDIVERSE_STATUS_URL = re.compile(r"^https?://([^/?#]+)/@([^/?#]+)/(\w+)")
BLUESKY_URL = re.compile(r"^https?://bsky\.app/profile/([^/?#]+)/post/([^/?#]+)")
SEVERITY = {
    "STATEMENT_CATEGORY_PROTECTION_OF_MINORS": 95,
    "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY": 85,
    "STATEMENT_CATEGORY_VIOLENCE": 75,
    "STATEMENT_CATEGORY_SELF_HARM": 75,
    "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH": 65,
    "STATEMENT_CATEGORY_CYBER_VIOLENCE": 60,
    "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN": 60,
}


def register_flagger(session: Session, *, name: str, areas: list[str], now: datetime) -> TrustedFlagger:
    if session.scalar(select(TrustedFlagger).where(TrustedFlagger.name == name)) is not None:
        raise Conflict(f"a trusted flagger named {name!r} exists")
    flagger = TrustedFlagger(id=new_id("tf"), name=name, areas=areas, created_at=now, active=True)
    session.add(flagger)
    audit.record(session, actor="admin", action="flagger.registered", now=now, data={"flagger_id": flagger.id})
    return flagger


def _by_author(session: Session, candidates: list[ItemRow], handles: set[str]) -> ItemRow | None:
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    for item in candidates:
        author = session.get(AccountRow, (item.platform, item.author_id))
        if item.author_id in handles or (author is not None and (author.handle or "").lower() in handles):
            return item
    return None


# The platforms items are stored under, in a few seeks of the primary key (platform, id) rather than a scan
# of every item: each step asks for the first platform after the one before.
_PLATFORMS = text(
    "WITH RECURSIVE platforms(name) AS ("
    " SELECT min(platform) FROM items"
    " UNION ALL SELECT (SELECT min(platform) FROM items WHERE platform > name) FROM platforms WHERE name IS NOT NULL"
    ") SELECT name FROM platforms WHERE name IS NOT NULL"
)


def _items_with_ids(session: Session, ids: list[str]) -> list[ItemRow]:
    """The items with one of IDS on any platform (a platform's name is the operator's choice, e.g. an instance),
    each found by its primary key."""
    platforms = list(session.scalars(_PLATFORMS))
    found = (session.get(ItemRow, (platform, item_id)) for platform in platforms for item_id in ids)
    return [item for item in found if item is not None]


def resolve_url(session: Session, url: str) -> ItemKey | None:
    """The stored item an X, Mastodon or Bluesky public URL points at, if any."""
    if match := X_URL.match(url):
        item = session.get(ItemRow, ("x", match.group(2)))
        if item is None:
            item = _by_author(session, _items_with_ids(session, [match.group(2)]), {match.group(1).lower()})
    elif match := BLUESKY_URL.match(url):
        did, rkey = match.group(1), match.group(2)
        ids = [rkey, f"at://{did}/app.bsky.feed.post/{rkey}"]
        item = _by_author(session, _items_with_ids(session, ids), {did.lower()})
    elif match := FEDIVERSE_STATUS_URL.match(url):
        instance, acct, status_id = match.group(1), match.group(2).lower(), match.group(3)
        candidates = _items_with_ids(session, [status_id, url])
        item = _by_author(session, candidates, {acct, f"{acct}@{instance}".lower()})
    else:
        return None
    return ItemKey(platform=item.platform, id=item.id) if item is not None else None


def _case_for(session: Session, items: list[ItemKey], notice: NoticeInput, now: datetime, priority: int) -> Case:
    for key in items:
        case = open_case_for_item(session, key)
        if case is not None:
            add_items(session, case, items, now)
            case.priority = min(case.priority, priority)
            return case
    return open_case(
        session,
        source=CaseSource.NOTICE,
        title=f"Notice: {notice.explanation[:80]}",
        now=now,
        items=items,
        category=notice.category,
        category_specification=notice.category_specification,
        priority=priority,
    )


def submit_notice(
    session: Session,
    notice_input: NoticeInput,
    *,
    now: datetime,
    settings: Settings,
    flagger: TrustedFlagger | None = None,
) -> Notice:
    """Store a notice, join or open its case, queue the acknowledgement. Does not commit."""
    refuse_if_suspended(session, UNFOUNDED_NOTICES, notice_input.email, now)
    resolved: list[ItemKey] = []
    unresolved: list[str] = []
    for url in notice_input.urls:
        key = resolve_url(session, url)
        if key is None:
            unresolved.append(url)
        elif key not in resolved:
            resolved.append(key)
    trusted = flagger is not None
    priority = queue_priority(trusted_flagger=trusted, severity=SEVERITY.get(notice_input.category, 40))
    case = _case_for(session, resolved, notice_input, now, priority)
    notice = Notice(
        id=new_id("ntc"),
        case_id=case.id,
        source_type=(SourceType.TRUSTED_FLAGGER if trusted else SourceType.ARTICLE_16).value,
        flagger_id=flagger.id if flagger else None,
        notifier_name=notice_input.name,
        notifier_email=notice_input.email.lower() if notice_input.email else None,
        explanation=notice_input.explanation,
        category=notice_input.category,
        category_specification=notice_input.category_specification,
        bona_fide=notice_input.bona_fide,
        urls=notice_input.urls,
        items=[f"{k.platform}/{k.id}" for k in resolved],
        unresolved_urls=unresolved,
        received_at=now,
        acknowledged_at=None,
        decided_at=None,
        outcome=None,
        manifestly_unfounded=False,
    )
    session.add(notice)
    session.flush()
    audit.record(
        session,
        actor=f"notifier:{notice.id}",
        action="notice.received",
        now=now,
        case_id=case.id,
        data={
            "notice_id": notice.id,
            "source_type": notice.source_type,
            "items": notice.items,
            "unresolved": len(unresolved),
        },
    )
    if notice.notifier_email:
        body = render("notice_ack.txt.j2", service=settings.service_name, notice=notice)
        send_email(
            session,
            case_id=case.id,
            to=notice.notifier_email,
            key=f"notice.ack:{notice.id}",
            subject=f"We received your notice {notice.id}",
            body=body,
            now=now,
        )
        notice.acknowledged_at = now
    return notice


def flagger_for(session: Session, flagger_id: str | None) -> TrustedFlagger | None:
    if flagger_id is None:
        return None
    flagger = session.get(TrustedFlagger, flagger_id)
    return flagger if flagger is not None and flagger.active else None
