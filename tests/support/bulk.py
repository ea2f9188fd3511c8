"""Many decisions with their statements queued, inserted in bulk (for the submitter at scale)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rempart.cases.models import Case, Decision
from rempart.dsa.models import Statement
from rempart.dsa.statements import TDB_TOPIC, new_puid
from rempart.store.outbox import OutboxMessage
from tests.support.statements import valid_statement


def queue_automated_statements(session: Session, count: int, now: datetime, *, case_id: str = "case_bulk") -> list[str]:
    """`count` fully automated decisions on one case, each with a pending statement on the outbox; their PUIDs."""
    session.execute(
        insert(Case),
        [
            {
                "id": case_id,
                "source": "detection",
                "status": "decided",
                "title": "bulk",
                "category": None,
                "category_specification": [],
                "priority": 100,
                "evidence": {},
                "opened_at": now,
                "closed_at": now,
            }
        ],
    )
    decisions, statements, messages, puids = [], [], [], []
    for n in range(count):
        puid = new_puid()
        puids.append(puid)
        decisions.append(
            {
                "id": f"dec_{n}",
                "case_id": case_id,
                "platform": "x",
                "item_id": str(n),
                "account_id": "u1",
                "outcome": "restrict",
                "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
                "category_addition": [],
                "category_specification": [],
                "content_type": ["CONTENT_TYPE_TEXT"],
                "territorial_scope": ["DE"],
                "facts": "automated",
                "source_type": "SOURCE_VOLUNTARY",
                "automated_detection": True,
                "automated_decision": "AUTOMATED_DECISION_FULLY",
                "manifestly_illegal": False,
                "decided_by": "policy",
                "decided_at": now,
            }
        )
        tdb = valid_statement(
            puid,
            source_type="SOURCE_VOLUNTARY",
            automated_detection="Yes",
            automated_decision="AUTOMATED_DECISION_FULLY",
        )
        statements.append(
            {
                "id": f"stm_{n}",
                "puid": puid,
                "case_id": case_id,
                "decision_id": f"dec_{n}",
                "tdb": tdb,
                "text_en": "",
                "text_fr": "",
                "status": "pending",
                "created_at": now,
            }
        )
        messages.append(
            {
                "id": f"obx_{n:06d}",
                "topic": TDB_TOPIC,
                "dedupe_key": f"tdb:{puid}",
                "payload": {"statement_id": f"stm_{n}"},
                "status": "pending",
                "attempts": 0,
                "available_at": now,
                "created_at": now,
            }
        )
    for table, rows in ((Decision, decisions), (Statement, statements), (OutboxMessage, messages)):
        for start in range(0, len(rows), 2000):
            session.execute(insert(table), rows[start : start + 2000])
    return puids
