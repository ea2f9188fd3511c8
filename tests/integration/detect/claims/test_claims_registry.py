"""Built from a policy through the registry, the claims detector loads the stored fact-checks."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.claims import claim_review

from rempart.app import AppContext
from rempart.detect.claims.detector import ClaimsDetector
from rempart.detect.claims.embedders import load_embedder
from rempart.detect.claims.jsonld import Review, read_reviews
from rempart.detect.claims.schemas import ClaimsConfig
from rempart.detect.claims.service import import_reviews
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.store.db import unit_of_work


def test_the_registry_builds_it_with_the_stored_claims(context: AppContext, tiny_model: Path) -> None:
    document = claim_review("https://fc.example/cars", "Democrats ban gasoline cars", "False")
    reviews = [r for r in read_reviews(json.dumps(document).encode()) if isinstance(r, Review)]
    with unit_of_work(context.sessions) as session:
        import_reviews(session, reviews, load_embedder(str(tiny_model)), now=context.clock.now())
    registry, config = DetectorRegistry.discover(), ClaimsConfig(model=str(tiny_model))
    stored = registry.build("claims", config, DetectorContext(sessions=context.sessions))
    without_database = registry.build("claims", config, DetectorContext())
    assert isinstance(stored, ClaimsDetector)
    assert isinstance(without_database, ClaimsDetector)
    assert (len(stored.index), len(without_database.index)) == (1, 0)
