"""Importing fact-checks into the store (SQLite and PostgreSQL): counts, idempotence, updates, vectors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from tests.support.claims import claim_review, data_feed

from rempart.app import AppContext
from rempart.detect.claims.detector import ClaimsDetector
from rempart.detect.claims.embedders import load_embedder, model_id
from rempart.detect.claims.jsonld import Review, read_reviews
from rempart.detect.claims.models import ClaimReviewRow
from rempart.detect.claims.schemas import ClaimsConfig
from rempart.detect.claims.service import ImportSummary, import_reviews, list_claims
from rempart.items.adapters.base import Rejected
from rempart.store.db import unit_of_work


def _import(context: AppContext, data: bytes, model: Path) -> tuple[dict[str, int], list[Rejected]]:
    records = list(read_reviews(data))
    reviews = [r for r in records if isinstance(r, Review)]
    rejected = [r for r in records if isinstance(r, Rejected)]
    with unit_of_work(context.sessions) as session:
        counts = import_reviews(session, reviews, load_embedder(str(model)), now=context.clock.now())
    summary = ImportSummary(counts.read + len(rejected), counts.imported, counts.duplicate, len(rejected))
    return summary.as_dict(), rejected


def _feed() -> bytes:
    documents = [
        claim_review("https://fc.example/vaccine", "Le vaccin modifie l'ADN", "Faux", language="fr"),
        data_feed(
            claim_review("https://fc.example/cars", "Democrats ban gasoline cars", "Mostly false"),
            claim_review("https://fc.example/cars", "Democrats ban gasoline cars", "Mostly false"),
        ),
        {
            "@context": "https://schema.org",
            "@graph": [
                claim_review("https://fc.example/wrapup", "First claim of the wrap-up", "False"),
                claim_review("https://fc.example/wrapup", "Second claim of the wrap-up", "Misleading"),
            ],
        },
        {"@type": "Article", "url": "https://news.example/1"},
    ]
    return b"".join(json.dumps(d).encode() + b"\n" for d in documents) + b"{oops\n"


def test_import_counts_stores_and_is_idempotent(context: AppContext, tiny_model: Path) -> None:
    summary, rejected = _import(context, _feed(), tiny_model)
    assert summary == {"read": 7, "imported": 4, "duplicate": 1, "rejected": 2}
    assert [r.line for r in rejected] == [4, 5]
    assert rejected[0].reason == "no ClaimReview node in this document (found Article)"
    assert rejected[1].reason.startswith("invalid JSON")
    again, _ = _import(context, _feed(), tiny_model)
    assert again == {"read": 7, "imported": 0, "duplicate": 5, "rejected": 2}
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ClaimReviewRow)) == 4
        row = session.scalars(
            select(ClaimReviewRow).where(ClaimReviewRow.review_url == "https://fc.example/vaccine")
        ).one()
        assert (row.rating, row.rating_text, row.language) == ("false", "Faux", "fr")
        assert row.appearances == ["https://x.com/example/status/0", "https://x.com/example/status/1"]
        assert row.date_published is not None
        assert row.date_published.tzinfo is not None
        embedder = load_embedder(str(tiny_model))
        assert row.embedding_model == model_id(embedder)
        vector = np.frombuffer(row.embedding or b"", dtype=np.float32)
        assert np.allclose(vector, embedder.embed(["Le vaccin modifie l'ADN"])[0])
        rows, total = list_claims(session, limit=2)
        assert (len(rows), total) == (2, 4)


def test_an_updated_review_at_the_same_url_updates_the_stored_one(context: AppContext, tiny_model: Path) -> None:
    first = json.dumps(claim_review("https://fc.example/a", "The vaccine changes DNA", "Misleading")).encode()
    assert _import(context, first, tiny_model)[0]["imported"] == 1
    with context.sessions() as session:
        before = session.scalars(select(ClaimReviewRow)).one()
    updated = json.dumps(claim_review("https://fc.example/a", "The vaccine changes DNA", "False")).encode()
    assert _import(context, updated, tiny_model)[0] == {"read": 1, "imported": 1, "duplicate": 0, "rejected": 0}
    with context.sessions() as session:
        after = session.scalars(select(ClaimReviewRow)).one()
    assert (after.id, after.imported_at) == (before.id, before.imported_at)
    assert (after.rating, after.rating_text) == ("false", "False")
    assert after.embedding == before.embedding


def test_the_detector_loads_stored_vectors_without_recomputing(context: AppContext, tiny_model: Path) -> None:
    _import(context, _feed(), tiny_model)
    config = ClaimsConfig(model=str(tiny_model), min_shared_cues=2)
    detector = ClaimsDetector.from_sessions(context.sessions, config)
    assert len(detector.index) == 4
    assert detector.index.recomputed == 0
    more = json.dumps(claim_review("https://fc.example/new", "Gasoline cars ban", "False")).encode()
    _import(context, more, tiny_model)
    detector.refresh(context.sessions)
    assert len(detector.index) == 5
    assert detector.index.recomputed == 0
