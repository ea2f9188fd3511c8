"""Coordinated campaigns and spam networks found by `rempart campaigns detect`: list and read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from rempart.api.deps import DbSession, require
from rempart.auth.schemas import Principal, Role
from rempart.campaigns.config import GroupKind
from rempart.campaigns.schemas import StoredCampaign, StoredCampaignPage
from rempart.campaigns.service import campaign_summary, get_campaign, list_campaigns, stored_campaign

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"])
READERS = (Role.REVIEWER, Role.MODERATOR, Role.AUDITOR)


@router.get("", response_model=StoredCampaignPage)
def get_campaigns(
    session: DbSession,
    _: Annotated[Principal, Depends(require(*READERS))],
    kind: GroupKind | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> StoredCampaignPage:
    """Recorded groups (campaigns, spam networks, or both), most recently detected first."""
    rows, total = list_campaigns(session, kind=kind, limit=limit, offset=offset)
    return StoredCampaignPage(items=[campaign_summary(r) for r in rows], total=total, limit=limit, offset=offset)


@router.get("/{campaign_id}", response_model=StoredCampaign)
def get_one_campaign(
    campaign_id: str, session: DbSession, _: Annotated[Principal, Depends(require(*READERS))]
) -> StoredCampaign:
    """One group: its accounts, posts, case and evidence."""
    return stored_campaign(get_campaign(session, campaign_id))
