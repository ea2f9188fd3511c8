"""Playing the scenario's DSA events through the HTTP API, each at its own simulated time.

Every event goes through the route a person or system would use: the public `POST /v1/notices` (a trusted
flagger's key for theirs), a reviewer's claim and decision on the case, `POST /v1/appeals` with the token
the decision gave (read back from the statement of reasons or the notifier's e-mail, where it was
issued), a reviewer's decision on the appeal, `POST /v1/ods` and `POST /v1/orders`. Before each event the
replay looks for its trace in the database (same notifier and time, same decision time, ...) and skips it
if found, so playing the same scenario twice adds nothing.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from rempart.app import AppContext
from rempart.cases.models import CaseMessage, Decision
from rempart.cases.schemas import CaseSource
from rempart.cases.service import open_case, open_case_for_item
from rempart.core.clock import FixedClock
from rempart.demo.schemas import ScenarioAppeal, ScenarioNotice, ScenarioOrder, ScenarioReview
from rempart.demo.specs import review_body
from rempart.dsa.enums import AutomatedDecision, SourceType
from rempart.dsa.models import MemberStateOrder, Notice, Statement
from rempart.items.schemas import ItemKey
from rempart.store.db import unit_of_work

TOKEN = re.compile(r"token=(apl_[A-Za-z0-9_\-]+)")
PLATFORM = "x"
HUMAN = AutomatedDecision.NOT_AUTOMATED.value
MAX_ERRORS = 50


@dataclass
class Credentials:
    """Bearer tokens of the simulated people; revoked when the load ends."""

    reviewers: dict[str, str]
    moderator: str
    flaggers: dict[str, str]
    key_ids: list[str] = field(default_factory=list)


@dataclass
class Tally:
    """Counts per step and outcome, and the first errors met."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, key: str, count: int = 1) -> None:
        self.counts[key] += count

    def error(self, key: str, message: str) -> None:
        self.counts[key] += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def order_times(order: ScenarioOrder) -> tuple[datetime, datetime]:
    """When an order was acknowledged and given effect: the scenario gives the receipt only, so both
    follow it within hours, spread by the order's id (the same every time)."""
    spread = zlib.crc32(order.order_id.encode())
    acknowledged = order.received_at + timedelta(minutes=15 + spread % 60)
    return acknowledged, acknowledged + timedelta(hours=2 + spread % 46)


class ApiPlayer:
    """The shared part: the in-process client, the moving clock, look-ups of what was already played."""

    def __init__(
        self, context: AppContext, client: TestClient, clock: FixedClock, credentials: Credentials, tally: Tally
    ) -> None:
        self.context = context
        self.client = client
        self.clock = clock
        self.credentials = credentials
        self.tally = tally
        self.notices: dict[str, ScenarioNotice] = {}
        self.reviews: dict[str, ScenarioReview] = {}
        self.appeals: dict[str, ScenarioAppeal] = {}

    def post(self, path: str, body: dict[str, Any], token: str | None, at: datetime, step: str) -> Any:
        """POST at simulated time `at`; the JSON answer, or None (counted as an error) when refused."""
        self.clock.set(at)
        response = self.client.post(path, json=body, headers=bearer(token) if token else {})
        if response.status_code >= 300:
            self.tally.error(f"{step}.refused", f"{step} at {at.isoformat()}: {response.status_code} {response.text}")
            return None
        return response.json()

    def reviewer(self, name: str) -> str:
        return self.credentials.reviewers[name]

    def other_reviewer(self, name: str) -> str:
        """A colleague of `name` (complaints are reviewed by someone else)."""
        names = sorted(self.credentials.reviewers)
        return names[(names.index(name) + 1) % len(names)] if name in names else names[0]

    # -- look-ups --------------------------------------------------------------------------------------

    def stored_notice(self, notice_id: str) -> Notice | None:
        notice = self.notices.get(notice_id)
        if notice is None or notice.notifier.email is None:
            return None
        with self.context.sessions() as session:
            return session.scalar(
                select(Notice).where(
                    Notice.notifier_email == notice.notifier.email.lower(),
                    Notice.received_at == notice.received_at,
                )
            )

    def human_decision(self, item_id: str, at: datetime) -> Decision | None:
        with self.context.sessions() as session:
            return session.scalar(
                select(Decision).where(
                    Decision.platform == PLATFORM,
                    Decision.item_id == item_id,
                    Decision.decided_at == at,
                    Decision.automated_decision == HUMAN,
                )
            )

    def decision_before(self, item_id: str, moment: datetime, case_id: str | None = None) -> Decision | None:
        """The latest decision on the item taken before `moment` (in `case_id`, if given)."""
        query = select(Decision).where(
            Decision.platform == PLATFORM, Decision.item_id == item_id, Decision.decided_at <= moment
        )
        if case_id is not None:
            query = query.where(Decision.case_id == case_id)
        with self.context.sessions() as session:
            return session.scalar(query.order_by(Decision.decided_at.desc(), Decision.id.desc()).limit(1))

    def affected_token(self, decision_id: str) -> str | None:
        """The affected user's appeal token, from the statement of reasons that told them."""
        with self.context.sessions() as session:
            texts = session.scalars(select(Statement.text_en).where(Statement.decision_id == decision_id))
            return next((m.group(1) for text in texts if (m := TOKEN.search(text))), None)

    def notifier_token(self, notice: Notice) -> str | None:
        """The notifier's appeal token, from the e-mail that told them of the decision (Art. 16(5))."""
        with self.context.sessions() as session:
            bodies = session.scalars(
                select(CaseMessage.body).where(
                    CaseMessage.channel == "email", CaseMessage.subject == f"Decision on your notice {notice.id}"
                )
            )
            return next((m.group(1) for body in bodies if (m := TOKEN.search(body))), None)


class NoticePlayer(ApiPlayer):
    """Notices, the reviewers' decisions on them and on the queue, and member-state orders."""

    def notice(self, notice: ScenarioNotice) -> None:
        if self.stored_notice(notice.notice_id) is not None:
            self.tally.add("notices.already")
            return
        notifier = notice.notifier
        token = None
        if notifier.kind == "trusted_flagger":
            token = self.credentials.flaggers.get(notifier.trusted_flagger_id or "")
        body = {
            "explanation": notice.explanation,
            "urls": notice.urls,
            "name": notifier.name,
            "email": notifier.email,
            "category": notice.category,
            "category_specification": notice.category_specification,
            "bona_fide": notice.bona_fide,
        }
        receipt = self.post("/v1/notices", body, token, notice.received_at, "notices")
        if receipt is not None:
            self.tally.add("notices.trusted_flagger" if token else "notices.public")

    def sources(self, reviews: list[ScenarioReview]) -> dict[str, SourceType]:
        sources: dict[str, SourceType] = {}
        for review in reviews:
            kinds = {self.notices[n].notifier.kind for n in review.notice_ids if n in self.notices}
            sources[review.review_id] = (
                SourceType.TRUSTED_FLAGGER
                if "trusted_flagger" in kinds
                else (SourceType.ARTICLE_16 if kinds else SourceType.VOLUNTARY)
            )
        return sources

    def _case_for(self, reviews: list[ScenarioReview], opened_at: datetime) -> str | None:
        """The case the reviewers decide: the notices' case, the queue case holding the item, or (for a post
        the scenario's reviewers found that no detector queued) a case opened for it."""
        for review in reviews:
            for notice_id in review.notice_ids:
                stored = self.stored_notice(notice_id)
                if stored is not None and stored.case_id is not None:
                    return stored.case_id
        if any(review.notice_ids for review in reviews):
            return None
        review = reviews[0]
        key = ItemKey(platform=PLATFORM, id=review.item_id)
        with unit_of_work(self.context.sessions) as session:
            case = open_case_for_item(session, key)
            if case is not None:
                return case.id
            if self.decision_before(review.item_id, opened_at) is not None:
                self.tally.add("reviews.decided_automatically_already")
                return None
            self.tally.add("reviews.cases_opened")
            return open_case(
                session,
                source=CaseSource.DETECTION,
                title=f"Proactive review: {PLATFORM}/{review.item_id}",
                now=opened_at,
                items=[key],
                category=review.category,
                category_specification=review.category_specification,
                priority=1050,
            ).id

    def review_group(self, reviews: list[ScenarioReview]) -> None:
        """Reviews of the items of one case (linked by their notices), decided together at the latest time."""
        decided_at = max(review.decided_at for review in reviews)
        pending = [r for r in reviews if self.human_decision(r.item_id, decided_at) is None]
        self.tally.add("reviews.already", len(reviews) - len(pending))
        if not pending:
            return
        last = max(pending, key=lambda r: r.decided_at)
        work = timedelta(minutes=max(1, min(last.latency_minutes - 1, 10)))
        case_id = self._case_for(pending, decided_at - work)
        if case_id is None:
            if pending[0].notice_ids:
                self.tally.add("reviews.without_case", len(pending))
            return
        token = self.reviewer(last.reviewer)
        if self.post(f"/v1/cases/{case_id}/claim", {}, token, decided_at - work, "reviews.claim") is None:
            return
        sources = self.sources(pending)
        body = {"decisions": [review_body(review, sources[review.review_id]) for review in pending]}
        if self.post(f"/v1/cases/{case_id}/decisions", body, token, decided_at, "reviews") is not None:
            for review in pending:
                self.tally.add(f"reviews.{review.decision}")

    def order(self, order: ScenarioOrder) -> None:
        with self.context.sessions() as session:
            found = session.scalar(
                select(MemberStateOrder.id).where(
                    MemberStateOrder.member_state == order.issuing_member_state,
                    MemberStateOrder.authority == order.authority,
                    MemberStateOrder.received_at == order.received_at,
                )
            )
        if found is not None:
            self.tally.add("orders.already")
            return
        acknowledged, effected = order_times(order)
        body = {
            "member_state": order.issuing_member_state,
            "authority": order.authority,
            "order_type": "act" if order.article == "9" else "provide_information",
            "category": order.category,
            "items": [*order.urls, *(f"{PLATFORM}/{account}" for account in order.account_ids)],
            "received_at": order.received_at.isoformat(),
            "acknowledged_at": acknowledged.isoformat(),
            "effected_at": effected.isoformat(),
        }
        if self.post("/v1/orders", body, self.credentials.moderator, effected, "orders") is not None:
            self.tally.add(f"orders.article_{order.article}")
