"""Orders of Member State authorities (Art. 9 and 10), recorded for the transparency report."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.core.clock import as_utc
from rempart.core.ids import new_id
from rempart.dsa import enums
from rempart.dsa.models import MemberStateOrder

# The report template's category for orders that name no type of illegal content.
NOT_SPECIFIED_ORDER = "STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER"
# The demo files and some tools spell the order type out; stored as `act`.
ORDER_TYPE_ALIASES = {"act_against_illegal_content": "act", "provide_info": "provide_information"}


class OrderInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_state: str
    authority: Annotated[str, Field(min_length=2, max_length=300)]
    order_type: Literal["act", "provide_information"]
    category: str
    category_specification: list[str] = []
    category_specification_other: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    items: Annotated[list[Annotated[str, Field(min_length=1, max_length=2000)]], Field(max_length=10_000)] = []
    received_at: datetime
    acknowledged_at: datetime | None = None
    effected_at: datetime | None = None

    @field_validator("order_type", mode="before")
    @classmethod
    def _order_type(cls, value: Any) -> Any:
        return ORDER_TYPE_ALIASES.get(value, value) if isinstance(value, str) else value

    @field_validator("member_state")
    @classmethod
    def _member_state(cls, value: str) -> str:
        code = value.upper()
        if code == "EL":
            raise ValueError("Greece is GR (ISO 3166-1), not EL")
        if code not in enums.EU_COUNTRIES:
            msg = f"{value!r} is not the code of an EU member state"
            raise ValueError(msg)
        return code

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        if value not in enums.CATEGORIES and value != NOT_SPECIFIED_ORDER:
            msg = f"{value!r} is not a Transparency Database category nor {NOT_SPECIFIED_ORDER}"
            raise ValueError(msg)
        return value

    @field_validator("category_specification")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        wrong = [v for v in value if v not in enums.KEYWORDS]
        if wrong:
            msg = f"not Transparency Database keywords: {', '.join(wrong)}"
            raise ValueError(msg)
        return sorted(set(value))

    @field_validator("items")
    @classmethod
    def _items(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(v.strip() for v in value if v.strip()))

    @model_validator(mode="after")
    def _order_of_events(self) -> OrderInput:
        for name in ("acknowledged_at", "effected_at"):
            moment = getattr(self, name)
            if moment is not None and as_utc(moment) < as_utc(self.received_at):
                msg = f"{name}: is before received_at"
                raise ValueError(msg)
        if (enums.KEYWORD_OTHER in self.category_specification) != (self.category_specification_other is not None):
            raise ValueError("category_specification_other describes KEYWORD_OTHER: give both or neither")
        return self


def record_order(session: Session, order: OrderInput, *, actor: str, now: datetime) -> MemberStateOrder:
    row = MemberStateOrder(
        id=new_id("ord"),
        member_state=order.member_state,
        authority=order.authority,
        order_type=order.order_type,
        category=order.category,
        category_specification=order.category_specification,
        category_specification_other=order.category_specification_other,
        items=order.items,
        received_at=order.received_at,
        acknowledged_at=order.acknowledged_at,
        effected_at=order.effected_at,
    )
    session.add(row)
    audit.record(
        session,
        actor=actor,
        action="order.recorded",
        now=now,
        data={"order_id": row.id, "member_state": row.member_state, "type": row.order_type},
    )
    return row


def list_orders(
    session: Session,
    *,
    received_from: datetime | None = None,
    received_before: datetime | None = None,
    member_state: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[MemberStateOrder], int]:
    """Orders received in [received_from, received_before), oldest first, and how many match in all."""
    conditions = []
    if received_from is not None:
        conditions.append(MemberStateOrder.received_at >= as_utc(received_from))
    if received_before is not None:
        conditions.append(MemberStateOrder.received_at < as_utc(received_before))
    if member_state is not None:
        conditions.append(MemberStateOrder.member_state == member_state.upper())
    total = session.scalar(select(func.count()).select_from(MemberStateOrder).where(*conditions)) or 0
    rows = session.scalars(
        select(MemberStateOrder)
        .where(*conditions)
        .order_by(MemberStateOrder.received_at, MemberStateOrder.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows), total
