"""Claims operations: import reviews (idempotently, embedding each claim once), list them, snapshot them.

A review is named by its URL and the claim it reviews: re-importing it unchanged is a duplicate; an
updated review (new rating, dates, appearances) at the same URL updates the stored one. Services never
commit: the command or the request does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import orjson
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from rempart.core.ids import new_id
from rempart.detect.claims.cues import fold
from rempart.detect.claims.embedders import Embedder, model_id
from rempart.detect.claims.index import ClaimEntry
from rempart.detect.claims.jsonld import Review
from rempart.detect.claims.models import ClaimReviewRow
from rempart.detect.claims.ratings import Rating

_LOOKUP_CHUNK = 200


@dataclass(slots=True)
class ImportSummary:
    read: int = 0
    imported: int = 0
    duplicate: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def claim_key(claim: str) -> str:
    return hashlib.blake2b(" ".join(fold(claim).split()).encode(), digest_size=16).hexdigest()


def content_hash(review: Review) -> str:
    fields = asdict(review)
    fields.pop("line")
    fields.pop("raw")
    return hashlib.blake2b(orjson.dumps(fields, default=str), digest_size=16).hexdigest()


def _apply(row: ClaimReviewRow, review: Review, digest: str, now: datetime) -> None:
    row.claim_reviewed = review.claim_reviewed
    row.rating = review.rating.value
    row.rating_text = review.rating_text[:500] if review.rating_text else None
    row.rating_value = review.rating_value
    row.best_rating = review.best_rating
    row.worst_rating = review.worst_rating
    row.reviewer_name = review.reviewer_name[:500] if review.reviewer_name else None
    row.reviewer_url = review.reviewer_url
    row.language = review.language
    row.date_published = review.date_published
    row.claim_author = review.claim_author[:500] if review.claim_author else None
    row.claim_date = review.claim_date
    row.appearances = review.appearances
    row.first_appearance = review.first_appearance
    row.raw = review.raw
    row.content_hash = digest
    row.updated_at = now


def _existing(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], ClaimReviewRow]:
    found: dict[tuple[str, str], ClaimReviewRow] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), _LOOKUP_CHUNK):
        chunk = ordered[start : start + _LOOKUP_CHUNK]
        rows = session.scalars(
            select(ClaimReviewRow).where(tuple_(ClaimReviewRow.review_url, ClaimReviewRow.claim_key).in_(chunk))
        )
        found.update({(row.review_url, row.claim_key): row for row in rows})
    return found


def import_reviews(session: Session, reviews: Sequence[Review], embedder: Embedder, *, now: datetime) -> ImportSummary:
    """Insert new reviews, update changed ones, count unchanged ones as duplicates; embed each new or
    reworded claim (one batch call). Returns counts for these reviews (`read` = len(reviews))."""
    summary = ImportSummary(read=len(reviews))
    keyed = [((review.url, claim_key(review.claim_reviewed)), review) for review in reviews]
    rows = _existing(session, {key for key, _ in keyed})
    wanted_model = model_id(embedder)
    to_embed: dict[int, ClaimReviewRow] = {}
    for key, review in keyed:
        digest = content_hash(review)
        row = rows.get(key)
        if row is not None and row.content_hash == digest:
            summary.duplicate += 1
            continue
        summary.imported += 1
        if row is None:
            row = ClaimReviewRow(id=new_id("clm"), review_url=key[0], claim_key=key[1], imported_at=now)
            session.add(row)
            rows[key] = row
        elif row.claim_reviewed != review.claim_reviewed:
            row.embedding = None
        _apply(row, review, digest, now)
        if row.embedding is None or row.embedding_model != wanted_model:
            to_embed[id(row)] = row
    if to_embed:
        pending = list(to_embed.values())
        vectors = embedder.embed([row.claim_reviewed for row in pending])
        for row, vector in zip(pending, vectors, strict=True):
            row.embedding = vector.astype("<f4").tobytes()
            row.embedding_model = wanted_model
    session.flush()
    return summary


def list_claims(
    session: Session, *, limit: int = 50, offset: int = 0, rating: Rating | None = None
) -> tuple[list[ClaimReviewRow], int]:
    """A page of stored reviews, newest first, and how many there are in all."""
    query = select(ClaimReviewRow)
    count = select(func.count()).select_from(ClaimReviewRow)
    if rating is not None:
        query = query.where(ClaimReviewRow.rating == rating.value)
        count = count.where(ClaimReviewRow.rating == rating.value)
    rows = session.scalars(
        query.order_by(ClaimReviewRow.updated_at.desc(), ClaimReviewRow.id).limit(limit).offset(offset)
    )
    return list(rows), int(session.scalar(count) or 0)


def snapshot(session: Session) -> list[ClaimEntry]:
    """Every stored claim, as the matcher needs it (columns only, no ORM objects kept)."""
    columns = (
        ClaimReviewRow.id,
        ClaimReviewRow.claim_reviewed,
        ClaimReviewRow.rating,
        ClaimReviewRow.rating_text,
        ClaimReviewRow.review_url,
        ClaimReviewRow.reviewer_name,
        ClaimReviewRow.language,
        ClaimReviewRow.embedding,
        ClaimReviewRow.embedding_model,
    )
    result = session.execute(select(*columns).order_by(ClaimReviewRow.id))
    return [
        ClaimEntry(
            id=r.id,
            claim=r.claim_reviewed,
            rating=Rating(r.rating),
            rating_text=r.rating_text,
            review_url=r.review_url,
            reviewer=r.reviewer_name,
            language=r.language,
            embedding=bytes(r.embedding) if r.embedding is not None else None,
            embedding_model=r.embedding_model,
        )
        for r in result
    ]


def entries_from_reviews(reviews: Sequence[Review]) -> list[ClaimEntry]:
    """Claims straight from parsed reviews (no database): for examples, tests and benchmarks."""
    return [
        ClaimEntry(
            id=f"review-{n}",
            claim=r.claim_reviewed,
            rating=r.rating,
            rating_text=r.rating_text,
            review_url=r.url,
            reviewer=r.reviewer_name,
            language=r.language,
        )
        for n, r in enumerate(reviews)
    ]
