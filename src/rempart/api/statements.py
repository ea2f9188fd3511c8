"""Statements of reasons: read one, or those of a case."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import select

from rempart.api.deps import DbSession, require
from rempart.auth.schemas import Principal, Role
from rempart.core.errors import NotFound
from rempart.dsa.models import Statement

router = APIRouter(prefix="/v1/statements", tags=["statements"])
READERS = (Role.MODERATOR, Role.REVIEWER, Role.AUDITOR, Role.PLATFORM)


class StatementView(BaseModel):
    id: str
    puid: str
    case_id: str
    decision_id: str
    status: str
    tdb: dict[str, Any] | None
    tdb_errors: dict[str, Any] | None
    tdb_uuid: str | None
    text_en: str
    text_fr: str
    created_at: datetime
    delivered_at: datetime | None


@router.get("", response_model=list[StatementView])
def list_statements(
    case_id: str, session: DbSession, _: Annotated[Principal, Depends(require(*READERS))]
) -> list[StatementView]:
    rows = session.scalars(select(Statement).where(Statement.case_id == case_id).order_by(Statement.created_at))
    return [StatementView.model_validate(r, from_attributes=True) for r in rows]


@router.get("/{statement_id}", response_model=StatementView)
def get_statement(
    statement_id: str, session: DbSession, _: Annotated[Principal, Depends(require(*READERS))]
) -> StatementView:
    row = session.get(Statement, statement_id)
    if row is None:
        raise NotFound(f"no statement {statement_id}")
    return StatementView.model_validate(row, from_attributes=True)
