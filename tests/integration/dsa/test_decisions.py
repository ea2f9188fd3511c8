"""A restrictive decision yields an action, a statement of reasons and the queued deliveries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from tests.support.factories import add_item, case_for, restrict_spec

from rempart.app import AppContext
from rempart.cases import audit
from rempart.cases.models import Action
from rempart.core.errors import InvalidInput
from rempart.dsa.decisions import decide_case
from rempart.dsa.models import AppealRight, Statement
from rempart.dsa.validator import problems
from rempart.store.db import unit_of_work
from rempart.store.outbox import OutboxMessage


def test_restriction_in_two_member_states_yields_a_valid_scrubbed_statement(context: AppContext) -> None:
    now = context.clock.now()
    with unit_of_work(context.sessions) as session:
        item = add_item(session)
        case = case_for(session, item, now)
        [(_decision, statement)] = decide_case(
            session, case, [restrict_spec()], decided_by="rev1", now=now, settings=context.settings
        )
        assert statement is not None
        case_id, puid = case.id, statement.puid
    with unit_of_work(context.sessions) as session:
        stored = session.scalars(select(Statement).where(Statement.case_id == case_id)).one()
        assert stored.puid == puid
        assert stored.tdb is not None
        assert problems(stored.tdb) == []
        assert stored.tdb["territorial_scope"] == ["AT", "DE"]
        assert stored.tdb["content_language"] == "DE"
        assert stored.tdb["content_date"] == "2024-08-30"
        assert stored.tdb["application_date"] == "2024-09-01"
        for leaked in ("Müller", "hmueller", "hans@example.org"):
            assert leaked not in stored.tdb["decision_facts"] + stored.tdb["illegal_content_explanation"]
        assert "AT, DE" in stored.text_en
        assert "six mois" in stored.text_fr
        assert "/appeals/new?token=apl_" in stored.text_en
        topics = dict(session.execute(select(OutboxMessage.topic, func.count()).group_by(OutboxMessage.topic)).all())
        assert topics == {"tdb.statement": 1, "webhook.platform": 2}
        action = session.scalars(select(Action)).one()
        assert action.territorial_scope == ["AT", "DE"]
        assert session.scalar(select(func.count()).select_from(AppealRight)) == 1
        assert audit.verify(session).ok


def test_a_statement_the_database_would_refuse_is_never_queued(context: AppContext) -> None:
    now = context.clock.now()
    with unit_of_work(context.sessions) as session:
        item = add_item(session, created_at=datetime(1999, 6, 1, tzinfo=UTC))
        case = case_for(session, item, now)
        with pytest.raises(InvalidInput) as raised:
            decide_case(session, case, [restrict_spec()], decided_by="rev1", now=now, settings=context.settings)
        session.rollback()
    assert [p.field for p in raised.value.details] == ["content_date"]
    with unit_of_work(context.sessions) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
