"""The HTTP API, built by a factory from one context."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel

from rempart.api import appeals, banks, campaigns, cases, check, claims, items, notices, orders, statements
from rempart.api.errors import ErrorEnvelope, install_error_handlers
from rempart.app import AppContext, build_context


class Health(BaseModel):
    status: str


def create_app(context: AppContext | None = None) -> FastAPI:
    context = context or build_context()
    app = FastAPI(
        title="Rempart",
        version="0.1.0",
        description="Trust & safety engine: detection, DSA notices, statements of reasons, appeals, reports.",
        responses={
            401: {"model": ErrorEnvelope, "description": "missing or invalid credential"},
            403: {"model": ErrorEnvelope, "description": "the credential's role may not do this"},
            422: {"model": ErrorEnvelope, "description": "invalid input, field by field"},
        },
    )
    app.state.context = context
    install_error_handlers(app)

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz() -> Health:
        return Health(status="ok")

    for router in (
        items.router,
        check.router,
        banks.router,
        claims.router,
        campaigns.router,
        cases.router,
        notices.router,
        statements.router,
        appeals.router,
        orders.router,
    ):
        app.include_router(router)
    return app


def app_from_environment() -> FastAPI:
    """Entry point for `uvicorn --factory`: each worker process builds its own context."""
    return create_app()
