"""`POST /v1/check`: one item through the detectors and the policy, answered at once."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from rempart.api.deps import Context, DbSession, require
from rempart.app import AppContext
from rempart.auth.schemas import Principal, Role
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.adapters.base import Parsed
from rempart.items.schemas import Account, Item, ItemKey
from rempart.items.service import ingest
from rempart.pipeline.record import record_proposals
from rempart.pipeline.runner import Pipeline, build_pipeline

router = APIRouter(prefix="/v1/check", tags=["detection"])
_building = threading.Lock()


class CheckRequest(BaseModel):
    item: Item
    account: Account | None = None
    store: bool = Field(False, description="Also store the item and record the proposals (with their provenance).")


class SignalOut(BaseModel):
    detector: str
    label: str
    score: float
    detector_version: str
    evidence: dict[str, Any]


class ProposalOut(BaseModel):
    policy: str
    policy_version: str
    category: str
    category_specification: list[str]
    mode: str
    decision_visibility: list[str]
    territorial_scope: list[str]
    decision_ground: str
    action: dict[str, Any]
    priority: int
    signals: list[dict[str, Any]]
    detector_versions: dict[str, str]


class CheckResponse(BaseModel):
    item: ItemKey
    language: str | None
    signals: list[SignalOut]
    proposals: list[ProposalOut]
    stored: bool


def pipeline_for(request: Request, context: AppContext) -> Pipeline:
    """The app's pipeline, built on first use from the configured policy and the installed detectors."""
    pipeline: Pipeline | None = getattr(request.app.state, "pipeline", None)
    if pipeline is not None:
        return pipeline
    with _building:
        pipeline = getattr(request.app.state, "pipeline", None)
        if pipeline is None:
            detector_context = DetectorContext(sessions=context.sessions, clock=context.clock)
            pipeline = build_pipeline(context.settings.policy_path, DetectorRegistry.discover(), detector_context)
            request.app.state.pipeline = pipeline
    return pipeline


@router.post("", response_model=CheckResponse)
def check_item(
    body: CheckRequest,
    request: Request,
    context: Context,
    session: DbSession,
    _: Annotated[Principal, Depends(require(Role.PLATFORM, Role.MODERATOR))],
) -> CheckResponse:
    """Run the enabled detectors and the policy on one item and return its language, signals and the proposed
    actions. Nothing is stored unless `store` is true."""
    now = context.clock.now()
    result = pipeline_for(request, context).check(body.item, body.account, now=now)
    if body.store:
        ingest([Parsed(0, body.item, [body.account] if body.account else [])], context.engine, now=now)
        record_proposals(session, result.item, result.proposals, now)
    details = result.details()
    return CheckResponse.model_validate({**details, "stored": body.store})
