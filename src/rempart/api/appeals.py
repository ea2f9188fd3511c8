"""Appeals (Art. 20): the public way in (token), the reviewer's decision; out-of-court outcomes (Art. 21)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ValidationError

from rempart.api.deps import Context, DbSession, require
from rempart.api.public import field_errors, page, rate_limit, validate_or_raise
from rempart.auth.schemas import Principal, Role
from rempart.core.errors import NotFound
from rempart.dsa.appeals import decide_appeal, record_ods_outcome, submit_appeal
from rempart.dsa.models import Appeal
from rempart.dsa.schemas import AppealDecisionInput, AppealInput, OdsInput
from rempart.store.db import unit_of_work

router = APIRouter(tags=["appeals"])
PEOPLE = (Role.REVIEWER, Role.MODERATOR)


class AppealView(BaseModel):
    id: str
    case_id: str
    decision_id: str
    party: str
    status: str
    received_at: datetime
    outcome: str | None
    decided_at: datetime | None
    seconds_to_decide: int | None
    new_decision_id: str | None


def _view(appeal: Appeal) -> AppealView:
    return AppealView.model_validate(appeal, from_attributes=True)


@router.post("/v1/appeals", response_model=AppealView, status_code=201)
def post_appeal(request: Request, context: Context, body: Annotated[dict[str, Any], Body()]) -> AppealView:
    """Contest a decision with the appeal token from the statement or the decision e-mail (the token is the
    credential). Rate-limited per client; committed before the 201."""
    rate_limit(context, request, "appeals")
    appeal_input = validate_or_raise(AppealInput, body)
    with unit_of_work(context.sessions) as session:
        return _view(submit_appeal(session, appeal_input, now=context.clock.now(), settings=context.settings))


@router.get("/v1/appeals/{appeal_id}", response_model=AppealView)
def get_appeal(
    appeal_id: str, session: DbSession, _: Annotated[Principal, Depends(require(*PEOPLE, Role.AUDITOR))]
) -> AppealView:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound(f"no appeal {appeal_id}")
    return _view(appeal)


@router.post("/v1/appeals/{appeal_id}/decision", response_model=AppealView)
def post_appeal_decision(
    appeal_id: str,
    choice: AppealDecisionInput,
    session: DbSession,
    context: Context,
    principal: Annotated[Principal, Depends(require(*PEOPLE))],
) -> AppealView:
    """Decide an appeal. Only people (reviewer, moderator) may; the outcome is applied at once."""
    appeal = decide_appeal(
        session,
        appeal_id,
        choice,
        decided_by=f"{principal.role.value}:{principal.name}",
        now=context.clock.now(),
        settings=context.settings,
    )
    return _view(appeal)


class AppealForm(BaseModel):
    token: str = ""
    explanation: str = ""
    email: str = ""


@router.get("/appeals/new", response_class=HTMLResponse, include_in_schema=False)
def appeal_form(request: Request, token: str = "") -> Any:
    return page(request, "appeal_form.html", title="Contest a decision", values={"token": token}, errors={})


@router.post("/appeals", response_class=HTMLResponse, include_in_schema=False)
def appeal_form_submit(request: Request, context: Context, form: Annotated[AppealForm, Form()]) -> Any:
    rate_limit(context, request, "appeals")
    try:
        appeal_input = AppealInput.model_validate({**form.model_dump(), "email": form.email or None})
    except ValidationError as error:
        return page(
            request,
            "appeal_form.html",
            422,
            title="Contest a decision",
            values=form.model_dump(),
            errors=field_errors(error),
        )
    with unit_of_work(context.sessions) as session:
        appeal = submit_appeal(session, appeal_input, now=context.clock.now(), settings=context.settings)
        session.flush()
    return page(request, "appeal_done.html", 201, title="Complaint received", appeal=appeal)


class Recorded(BaseModel):
    id: str


@router.post("/v1/ods", response_model=Recorded, status_code=201)
def post_ods(
    ods: OdsInput, session: DbSession, context: Context, principal: Annotated[Principal, Depends(require(*PEOPLE))]
) -> Recorded:
    """Record the outcome of an out-of-court dispute settlement (Art. 21)."""
    return Recorded(id=record_ods_outcome(session, ods, actor=principal.name, now=context.clock.now()).id)
