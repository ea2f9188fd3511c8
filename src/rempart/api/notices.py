"""Notices: `POST /v1/notices` (anyone, or a trusted flagger's key) and the public form."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ValidationError

from rempart.api.deps import Context, DbSession, require
from rempart.api.public import field_errors, page, rate_limit, validate_or_raise
from rempart.auth.schemas import Principal, Role
from rempart.auth.service import authenticate_api_key
from rempart.core.errors import Forbidden, NotFound, Unauthenticated
from rempart.dsa import enums
from rempart.dsa.models import Notice, TrustedFlagger
from rempart.dsa.notices import flagger_for, submit_notice
from rempart.dsa.schemas import NoticeInput
from rempart.store.db import unit_of_work

router = APIRouter(tags=["notices"])


class NoticeReceipt(BaseModel):
    id: str
    case_id: str | None
    source_type: str
    received_at: datetime
    items: list[str]
    unresolved_urls: list[str]
    acknowledged: bool


def _receipt(notice: Notice) -> NoticeReceipt:
    return NoticeReceipt(
        id=notice.id,
        case_id=notice.case_id,
        source_type=notice.source_type,
        received_at=notice.received_at,
        items=notice.items,
        unresolved_urls=notice.unresolved_urls,
        acknowledged=notice.acknowledged_at is not None,
    )


def _flagger(request: Request, context: Context) -> TrustedFlagger | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    with unit_of_work(context.sessions) as session:
        principal = authenticate_api_key(session, token.strip()) if scheme.lower() == "bearer" else None
        if principal is None:
            raise Unauthenticated("the credential is not valid")
        flagger = flagger_for(session, principal.subject) if principal.role == Role.TRUSTED_FLAGGER else None
    if flagger is None:
        raise Forbidden("notices with a credential must come from an active trusted flagger's key")
    return flagger


@router.post("/v1/notices", response_model=NoticeReceipt, status_code=201)
def post_notice(request: Request, context: Context, body: Annotated[dict[str, Any], Body()]) -> NoticeReceipt:
    """An Art. 16 notice. Without a credential it is public and rate-limited per client; with a trusted
    flagger's key it is tagged SOURCE_TRUSTED_FLAGGER and reviewed first. Committed before the 201."""
    flagger = _flagger(request, context)
    if flagger is None:
        rate_limit(context, request, "notices")
    notice_input = validate_or_raise(NoticeInput, body)
    with unit_of_work(context.sessions) as session:
        notice = submit_notice(
            session, notice_input, now=context.clock.now(), settings=context.settings, flagger=flagger
        )
        return _receipt(notice)


@router.get("/v1/notices/{notice_id}", response_model=NoticeReceipt)
def get_notice(
    notice_id: str,
    session: DbSession,
    _: Annotated[Principal, Depends(require(Role.MODERATOR, Role.REVIEWER, Role.AUDITOR))],
) -> NoticeReceipt:
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise NotFound(f"no notice {notice_id}")
    return _receipt(notice)


def _form_page(request: Request, values: dict[str, Any], errors: dict[str, str], status_code: int = 200) -> Any:
    categories = sorted(enums.labels("STATEMENT_CATEGORIES").items(), key=lambda kv: kv[1])
    keywords = sorted(enums.labels("KEYWORDS").items(), key=lambda kv: kv[1])
    return page(
        request,
        "notice_form.html",
        status_code,
        title="Report illegal content",
        values=values,
        errors=errors,
        categories=categories,
        keywords=keywords,
    )


class NoticeForm(BaseModel):
    """The form's fields as posted (all text; checked by `NoticeInput`)."""

    urls: str = ""
    explanation: str = ""
    category: str = ""
    category_specification: str = ""
    name: str = ""
    email: str = ""
    bona_fide: str = ""


@router.get("/notices/new", response_class=HTMLResponse, include_in_schema=False)
def notice_form(request: Request) -> Any:
    return _form_page(request, {}, {})


@router.post("/notices", response_class=HTMLResponse, include_in_schema=False)
def notice_form_submit(request: Request, context: Context, form: Annotated[NoticeForm, Form()]) -> Any:
    """The public form: errors re-render it with the user's input; success is committed before the page."""
    rate_limit(context, request, "notices")
    values = form.model_dump()
    raw = {
        "urls": form.urls.splitlines(),
        "explanation": form.explanation,
        "category": form.category,
        "category_specification": [form.category_specification] if form.category_specification else [],
        "name": form.name or None,
        "email": form.email or None,
        "bona_fide": form.bona_fide == "yes",
    }
    try:
        notice_input = NoticeInput.model_validate(raw)
    except ValidationError as error:
        return _form_page(request, values, field_errors(error), status_code=422)
    with unit_of_work(context.sessions) as session:
        notice = submit_notice(session, notice_input, now=context.clock.now(), settings=context.settings)
        session.flush()
    return page(request, "notice_done.html", 201, title="Notice received", notice=notice)
