"""Test data: items, accounts, cases and decision specs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from rempart.cases.models import Case
from rempart.cases.schemas import CaseSource
from rempart.cases.service import open_case
from rempart.dsa.schemas import DecisionSpec, Restriction
from rempart.items.models import AccountRow, ItemRow
from rempart.items.schemas import ItemKey

POSTED = datetime(2024, 8, 30, 9, 0, tzinfo=UTC)


def add_item(
    session: Session,
    item_id: str = "1001",
    *,
    handle: str = "hmueller",
    author_id: str = "u1",
    text: str = "Sieg Heil, Kameraden",
    platform: str = "x",
    display_name: str = "Hans Müller",
    created_at: datetime = POSTED,
) -> ItemRow:
    if session.get(AccountRow, (platform, author_id)) is None:
        session.add(
            AccountRow(platform=platform, id=author_id, handle=handle, display_name=display_name, verified=False,
                       content_hash="0" * 32, updated_at=POSTED)
        )  # fmt: skip
    item = ItemRow(
        platform=platform, id=item_id, author_id=author_id, created_at=created_at, text=text, language="de", urls=[],
        mentions=[], hashtags=[], media=[], country_hints=["DE"], content_hash="0" * 32, ingested_at=POSTED,
    )  # fmt: skip
    session.add(item)
    session.flush()
    return item


def case_for(session: Session, item: ItemRow, now: datetime) -> Case:
    return open_case(
        session, source=CaseSource.DETECTION, title="test", now=now, items=[ItemKey(platform=item.platform, id=item.id)]
    )


def restrict_spec(item_id: str = "1001", scope: tuple[str, ...] = ("DE", "AT"), **changes: Any) -> DecisionSpec:
    values: dict[str, Any] = {
        "platform": "x",
        "item_id": item_id,
        "restriction": Restriction(decision_visibility=["DECISION_VISIBILITY_CONTENT_DISABLED"]),
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "ground_reference": "§ 86a StGB (Germany), § 3 Verbotsgesetz (Austria)",
        "ground_explanation": "The post uses a slogan of a banned organisation; Hans Müller posted it.",
        "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "category_specification": ["KEYWORD_HATE_SPEECH"],
        "territorial_scope": list(scope),
        "facts": "A post by @hmueller (hans@example.org) repeats a Nazi slogan.",
        "source_type": "SOURCE_ARTICLE_16",
    }
    values.update(changes)
    return DecisionSpec.model_validate(values)
