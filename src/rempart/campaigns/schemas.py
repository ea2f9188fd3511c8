"""What detection finds: campaigns with their evidence (Pydantic only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rempart.campaigns.config import GroupKind
from rempart.items.schemas import ItemKey


class AccountRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    platform: str
    id: str


class SharedObject(BaseModel):
    trace: str
    object: str
    accounts: int
    posts: int
    first_seen: datetime
    last_seen: datetime
    sample_text: str | None = None


class CreationBurst(BaseModel):
    """The most accounts of the campaign created within `window_hours` of one another."""

    accounts: int
    share: float
    window_hours: int
    first_created: datetime | None = None
    last_created: datetime | None = None


class CampaignEdge(BaseModel):
    x: AccountRef
    y: AccountRef
    episodes: int
    expected: float
    weight: float


class CoActivity(BaseModel):
    """The distinct pairs of posts two members made together, by what the two posts had in common."""

    pairs: int
    amplified: int = Field(description="the same link, hashtag sequence or reposted post")
    copied_only: int = Field(description="only the same or nearly the same text or image")

    @property
    def copy_share(self) -> float:
        """Of the pairs that pushed an object or copied content, the share that only copied."""
        return self.copied_only / max(self.amplified + self.copied_only, 1)


class Evidence(BaseModel):
    first_seen: datetime
    last_seen: datetime
    posts: int
    languages: dict[str, int]
    traces: dict[str, int] = Field(description="distinct post pairs members made together, per trace")
    co_activity: CoActivity
    shared_objects: list[SharedObject]
    timeline: list[tuple[datetime, int]] = Field(description="posts per hour")
    creation_burst: CreationBurst
    density: float
    edges: list[CampaignEdge]


class Campaign(BaseModel):
    id: str
    kind: GroupKind = GroupKind.CAMPAIGN
    score: float
    accounts: list[AccountRef]
    items: list[ItemKey] = Field(description="the campaign's posts")
    evidence: Evidence


class DetectionSummary(BaseModel):
    engine: str
    posts: int
    accounts: int
    rejected: int
    windows: dict[str, float]
    pairs_tested: int
    edges: int
    seconds: float


class Period(BaseModel):
    since: datetime
    until: datetime


class StoredCampaignSummary(BaseModel):
    """A recorded group, in a list."""

    id: str
    kind: GroupKind
    score: float
    case_id: str | None
    accounts: int
    posts: int
    first_seen: datetime | None
    last_seen: datetime | None
    engine: str
    first_detected_at: datetime
    last_detected_at: datetime


class StoredCampaign(BaseModel):
    """A recorded group with its accounts, posts (from every detection) and the latest evidence."""

    id: str
    kind: GroupKind
    score: float
    case_id: str | None
    accounts: list[AccountRef]
    items: list[ItemKey]
    evidence: dict[str, Any]
    period: Period
    engine: str
    first_detected_at: datetime
    last_detected_at: datetime


class StoredCampaignPage(BaseModel):
    items: list[StoredCampaignSummary]
    total: int
    limit: int
    offset: int
