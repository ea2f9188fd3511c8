"""Member State orders (Art. 9: act against illegal content; Art. 10: provide information), recorded so that
the transparency report's orders sheet comes from them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from rempart.api.deps import Context, DbSession, require
from rempart.auth.schemas import Principal, Role
from rempart.dsa.orders import OrderInput, list_orders, record_order

router = APIRouter(prefix="/v1/orders", tags=["orders"])

Writer = Annotated[Principal, Depends(require(Role.MODERATOR))]
Reader = Annotated[Principal, Depends(require(Role.MODERATOR, Role.AUDITOR))]


class OrderView(BaseModel):
    id: str
    member_state: str
    authority: str
    order_type: str
    category: str
    category_specification: list[str]
    category_specification_other: str | None
    items: list[str]
    received_at: datetime
    acknowledged_at: datetime | None
    effected_at: datetime | None


class OrderList(BaseModel):
    orders: list[OrderView]
    total: int
    limit: int
    offset: int


@router.post("", response_model=OrderView, status_code=201)
def post_order(order: OrderInput, session: DbSession, context: Context, principal: Writer) -> OrderView:
    """Record an order: issuing member state (GR, not EL), authority, type (`act` or `provide_information`),
    category and keywords (TDB codes, or `STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER`), the items it names, when
    it was received, when the authority was told of its receipt and when it was given effect."""
    row = record_order(session, order, actor=principal.name, now=context.clock.now())
    session.flush()
    return OrderView.model_validate(row, from_attributes=True)


@router.get("", response_model=OrderList)
def get_orders(
    session: DbSession,
    _: Reader,
    received_from: datetime | None = None,
    received_before: datetime | None = None,
    member_state: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> OrderList:
    """Orders received in [received_from, received_before), oldest first."""
    rows, total = list_orders(
        session,
        received_from=received_from,
        received_before=received_before,
        member_state=member_state,
        limit=limit,
        offset=offset,
    )
    views = [OrderView.model_validate(row, from_attributes=True) for row in rows]
    return OrderList(orders=views, total=total, limit=limit, offset=offset)
