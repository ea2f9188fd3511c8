"""What the public pages and endpoints share: templates, field-by-field errors, the client's rate limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError

from rempart.app import AppContext
from rempart.core.errors import FieldProblem, InvalidInput, RateLimited
from rempart.dsa.ratelimit import take_token
from rempart.store.db import unit_of_work

M = TypeVar("M", bound=BaseModel)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def field_errors(error: ValidationError) -> dict[str, str]:
    """Field → first problem; model-level messages written `field: problem` are given to that field."""
    errors: dict[str, str] = {}
    for problem in error.errors():
        location = [str(p) for p in problem["loc"]]
        message = str(problem["msg"]).removeprefix("Value error, ")
        field = location[0] if location else "form"
        if not location and ":" in message:
            field, message = (part.strip() for part in message.split(":", 1))
        errors.setdefault(field, message)
    return errors


def validate_or_raise(model: type[M], raw: dict[str, Any]) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems = [FieldProblem(f, p) for f, p in field_errors(error).items()]
        raise InvalidInput("the submission is not valid", problems) from error


def client_key(request: Request, scope: str) -> str:
    host = request.client.host if request.client else "unknown"
    return f"{scope}:{host}"


def rate_limit(context: AppContext, request: Request, scope: str) -> None:
    """Spend one token of this client's bucket, or answer 429."""
    settings = context.settings
    with unit_of_work(context.sessions) as session:
        allowed = take_token(
            session,
            client_key(request, scope),
            now=context.clock.now(),
            per_minute=settings.notice_rate_per_minute,
            burst=settings.notice_rate_burst,
        )
    if not allowed:
        raise RateLimited(f"too many submissions from your address; try again in a minute ({scope})")


def page(request: Request, template: str, status_code: int = 200, **values: Any) -> Any:
    service = request.app.state.context.settings.service_name
    return templates.TemplateResponse(request, template, {"service": service, **values}, status_code=status_code)
