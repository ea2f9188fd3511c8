"""Orders of Member State authorities (Art. 9 and 10), recorded for the transparency report."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy.orm import Session

from rempart.cases import audit
from rempart.core.clock import as_utc
from rempart.core.ids import new_id
from rempart.dsa import enums
from rempart.dsa.models import MemberStateOrder


class OrderInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_state: str
    authority: Annotated[str, Field(min_length=2, max_length=300)]
    order_type: Literal["act", "provide_information"]
    category: str
    items: list[str] = []
    received_at: datetime
    acknowledged_at: datetime | None = None
    effected_at: datetime | None = None

    @field_validator("member_state")
    @classmethod
    def _member_state(cls, value: str) -> str:
        code = value.upper()
        if code == "EL":
            raise ValueError("Greece is GR (ISO 3166-1), not EL")
        if code not in enums.COUNTRIES:
            msg = f"{value!r} is not an EU/EEA member state code"
            raise ValueError(msg)
        return code

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        if value not in enums.CATEGORIES:
            msg = f"{value!r} is not a Transparency Database category"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _order_of_events(self) -> OrderInput:
        for name in ("acknowledged_at", "effected_at"):
            moment = getattr(self, name)
            if moment is not None and as_utc(moment) < as_utc(self.received_at):
                msg = f"{name}: is before received_at"
                raise ValueError(msg)
        return self


def record_order(session: Session, order: OrderInput, *, actor: str, now: datetime) -> MemberStateOrder:
    row = MemberStateOrder(
        id=new_id("ord"),
        member_state=order.member_state,
        authority=order.authority,
        order_type=order.order_type,
        category=order.category,
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
