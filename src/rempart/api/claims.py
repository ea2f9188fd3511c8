"""Fact-checks: push ClaimReview JSON-LD documents, list what is stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from rempart.api.deps import Context, DbSession, require
from rempart.auth.schemas import Principal, Role
from rempart.detect.claims.embedders import load_embedder
from rempart.detect.claims.jsonld import Review, reviews_in_document
from rempart.detect.claims.ratings import Rating
from rempart.detect.claims.schemas import ClaimBatch, ClaimBatchError, ClaimImportSummary, ClaimOut, ClaimPage
from rempart.detect.claims.service import import_reviews, list_claims

router = APIRouter(prefix="/v1/claims", tags=["claims"])


def _error(index: int, reason: str) -> ClaimBatchError:
    """`dataFeedElement[0].item[0]: url: missing` → field `dataFeedElement[0].item[0].url`, problem `missing`."""
    parts = reason.split(": ")
    path: list[str] = []
    while len(parts) > 1 and " " not in parts[0]:
        path.append(parts.pop(0))
    return ClaimBatchError(index=index, field=".".join(path) or "document", problem=": ".join(parts))


@router.post("", response_model=ClaimImportSummary)
def push_claims(
    batch: ClaimBatch,
    session: DbSession,
    context: Context,
    _: Annotated[Principal, Depends(require(Role.MODERATOR))],
) -> ClaimImportSummary:
    """Import up to 500 ClaimReview documents (a ClaimReview, a list, an `@graph` or a `DataFeed` each).
    Bad documents or nodes are named by index and field and left out; the rest are committed."""
    reviews: list[Review] = []
    errors: list[ClaimBatchError] = []
    for index, document in enumerate(batch.documents):
        for record in reviews_in_document(document, index):
            if isinstance(record, Review):
                reviews.append(record)
            else:
                errors.append(_error(index, record.reason))
    counts = import_reviews(session, reviews, load_embedder(context.settings.claims_model), now=context.clock.now())
    return ClaimImportSummary(
        read=counts.read + len(errors),
        imported=counts.imported,
        duplicate=counts.duplicate,
        rejected=len(errors),
        errors=errors,
    )


@router.get("", response_model=ClaimPage)
def get_claims(
    session: DbSession,
    _: Annotated[Principal, Depends(require(Role.MODERATOR, Role.REVIEWER, Role.AUDITOR))],
    rating: Rating | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ClaimPage:
    """Stored fact-checks, most recently updated first."""
    rows, total = list_claims(session, limit=limit, offset=offset, rating=rating)
    items = [ClaimOut.model_validate(r) for r in rows]
    return ClaimPage(items=items, total=total, limit=limit, offset=offset)
