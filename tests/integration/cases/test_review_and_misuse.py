"""Review order and locks, notices joining cases, rate limits, expiry, and Art. 23 misuse measures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from tests.support.factories import add_item, case_for, restrict_spec

from rempart.app import AppContext
from rempart.cases import review
from rempart.cases.models import Action, Case, Decision
from rempart.core.errors import Conflict, Forbidden
from rempart.dsa.decisions import decide_case
from rempart.dsa.misuse import note_unfounded_notice
from rempart.dsa.models import MisuseMeasure, Notice
from rempart.dsa.notices import register_flagger, submit_notice
from rempart.dsa.ratelimit import take_token
from rempart.dsa.schemas import NoticeInput, Restriction
from rempart.dsa.worker import expire
from rempart.store.db import unit_of_work


def notice(url: str, email: str = "n@example.org", category: str = "STATEMENT_CATEGORY_SCAMS_AND_FRAUD") -> NoticeInput:
    return NoticeInput(
        explanation="This is a scam, look at it.",
        urls=[url],
        name="N. Otifier",
        email=email,
        category=category,
        bona_fide=True,
    )


def test_trusted_flaggers_go_first_and_notices_on_one_item_join_one_case(context: AppContext) -> None:
    now, settings = context.clock.now(), context.settings
    with unit_of_work(context.sessions) as session:
        add_item(session, "1")
        add_item(session, "2")
        first = submit_notice(session, notice("https://x.com/hmueller/status/1"), now=now, settings=settings)
        again = submit_notice(session, notice("https://x.com/hmueller/status/1"), now=now, settings=settings)
        flagger = register_flagger(session, name="Hate Aid", areas=[], now=now)
        flagged = submit_notice(
            session,
            notice("https://x.com/hmueller/status/2"),
            now=now + timedelta(minutes=1),
            settings=settings,
            flagger=flagger,
        )
        assert first.case_id == again.case_id
        assert flagged.source_type == "SOURCE_TRUSTED_FLAGGER"
        queue = review.queue(session, now=now + timedelta(minutes=2))
        assert [c.id for c in queue] == [flagged.case_id, first.case_id]


def test_a_claim_locks_a_case_until_it_expires(context: AppContext) -> None:
    now = context.clock.now()
    with unit_of_work(context.sessions) as session:
        case = case_for(session, add_item(session), now)
        review.claim(session, case.id, reviewer="ann", now=now, minutes=30)
        with pytest.raises(Conflict):
            review.claim(session, case.id, reviewer="bob", now=now + timedelta(minutes=10))
        assert review.queue(session, now=now, reviewer="bob") == []
        review.claim(session, case.id, reviewer="bob", now=now + timedelta(minutes=31))
        with pytest.raises(Conflict):
            review.require_claim(session, case.id, reviewer="ann", now=now + timedelta(minutes=32))
        review.escalate(session, case.id, reviewer="bob", reason="needs legal advice", now=now + timedelta(minutes=33))
        assert session.get(Case, case.id).status == "escalated"  # type: ignore[union-attr]


def test_the_token_bucket_refuses_a_burst_and_refills(context: AppContext) -> None:
    now = context.clock.now()
    with unit_of_work(context.sessions) as session:
        taken = [take_token(session, "ip:1", now=now, per_minute=6, burst=3) for _ in range(4)]
        assert taken == [True, True, True, False]
        assert take_token(session, "ip:2", now=now, per_minute=6, burst=3)
        assert take_token(session, "ip:1", now=now + timedelta(seconds=10), per_minute=6, burst=3)


def test_an_action_ends_on_its_date_and_the_platform_is_told(context: AppContext) -> None:
    now = context.clock.now()
    with unit_of_work(context.sessions) as session:
        case = case_for(session, add_item(session), now)
        restriction = Restriction(
            decision_visibility=["DECISION_VISIBILITY_CONTENT_DEMOTED"], ends_on=(now + timedelta(days=7)).date()
        )
        decide_case(
            session,
            case,
            [restrict_spec(restriction=restriction)],
            decided_by="ann",
            now=now,
            settings=context.settings,
        )
    assert expire(context) == 0
    context.clock.set(now + timedelta(days=8))  # type: ignore[attr-defined]
    assert expire(context) == 1
    with unit_of_work(context.sessions) as session:
        assert session.scalars(select(Action.status)).one() == "expired"


def test_unfounded_notices_lead_to_a_warning_then_a_suspension_with_a_statement(context: AppContext) -> None:
    settings = context.settings.model_copy(update={"misuse_unfounded_threshold": 2})
    now = context.clock.now()
    with unit_of_work(context.sessions) as session:
        add_item(session, "1")
        for minutes in range(3):
            at = now + timedelta(minutes=minutes)
            row = submit_notice(
                session, notice("https://x.com/hmueller/status/1", "spam@example.org"), now=at, settings=settings
            )
            row.manifestly_unfounded = True
            note_unfounded_notice(session, row, settings=settings, now=at)
        measures = list(session.scalars(select(MisuseMeasure.measure).order_by(MisuseMeasure.at)))
        assert measures == ["warning", "suspension"]
        suspension = session.scalars(select(Decision).where(Decision.decision_provision.is_not(None))).one()
        assert suspension.decision_provision == "DECISION_PROVISION_PARTIAL_SUSPENSION"
        with pytest.raises(Forbidden):
            submit_notice(
                session,
                notice("https://x.com/hmueller/status/1", "spam@example.org"),
                now=now + timedelta(hours=1),
                settings=settings,
            )
        assert session.scalar(select(func.count()).select_from(Notice)) == 3
