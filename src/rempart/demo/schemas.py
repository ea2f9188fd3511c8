"""The scenario's DSA files as `rempart demo load` reads them (see FORMATS.md); Pydantic only.

Each model takes the fields the load plays and ignores the rest (ground-truth extras such as `label` or
`correct` are read where the replay needs them).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1)]


class ScenarioRecord(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Notifier(ScenarioRecord):
    kind: Literal["individual", "entity", "trusted_flagger"]
    name: str | None = None
    email: str | None = None
    trusted_flagger_id: str | None = None


class ScenarioNotice(ScenarioRecord):
    notice_id: Text
    received_at: AwareDatetime
    notifier: Notifier
    category: Text
    category_specification: list[str] = []
    explanation: Text
    urls: Annotated[list[str], Field(min_length=1)]
    item_ids: list[str] = []
    bona_fide: bool = True


class ScenarioReview(ScenarioRecord):
    review_id: Text
    source: Literal["notice", "queue"]
    notice_ids: list[str] = []
    item_id: Text
    decision: Literal["restrict", "no_action"]
    decision_visibility: list[str] = []
    decision_ground: str | None = None
    category: Text
    category_specification: list[str] = []
    territorial_scope: list[str] = []
    reviewer: Text
    decided_at: AwareDatetime
    latency_minutes: Annotated[int, Field(ge=0)]
    label: Text


class Appellant(ScenarioRecord):
    kind: Literal["affected_user", "notifier"]
    account_id: str | None = None
    notice_id: str | None = None


class ScenarioAppeal(ScenarioRecord):
    appeal_id: Text
    review_id: Text
    item_id: Text
    appellant: Appellant
    submitted_at: AwareDatetime
    text: Text
    outcome: Literal["upheld", "partially_reversed", "reversed"]
    latency_minutes: Annotated[int, Field(ge=1)]


class ScenarioDispute(ScenarioRecord):
    dispute_id: Text
    appeal_id: Text
    body: Text
    submitted_at: AwareDatetime
    outcome: Literal["upheld", "partially_reversed", "reversed"]
    duration_days: Annotated[int, Field(ge=0)]
    implemented: bool


class ScenarioOrder(ScenarioRecord):
    order_id: Text
    article: Literal["9", "10"]
    order_type: Literal["act_against_illegal_content", "provide_information"]
    issuing_member_state: Annotated[str, Field(min_length=2, max_length=2)]
    authority: Text
    received_at: AwareDatetime
    category: Text
    urls: list[str] = []
    account_ids: list[str] = []


class ScenarioFlagger(ScenarioRecord):
    trusted_flagger_id: Text
    name: Text
    email: Text
    categories: list[str] = []
