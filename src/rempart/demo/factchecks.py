"""The fact-checks of the scenario's false claims, as schema.org `ClaimReview` JSON-LD (one per line)."""

from __future__ import annotations

import random
from typing import Any

from rempart.demo.content.narratives import CLAIMS, FACT_CHECKERS, Claim, FactChecker


def claim_reviews(seed: int, appearances: dict[str, list[str]]) -> list[dict[str, Any]]:
    """One review in English and one in French per claim, citing posts that repeat it as appearances."""
    rng = random.Random(seed * 31 + 5)  # noqa: S311 -- synthetic data, not security
    reviews = []
    english = [checker for checker in FACT_CHECKERS if checker.language == "en"]
    french = [checker for checker in FACT_CHECKERS if checker.language == "fr"]
    for claim in CLAIMS:
        for checker in (rng.choice(english), rng.choice(french)):
            reviews.append(_review(rng, claim, checker, appearances.get(claim.id, [])))
    return reviews


def _review(rng: random.Random, claim: Claim, checker: FactChecker, appearances: list[str]) -> dict[str, Any]:
    french = checker.language == "fr"
    year, month, day = (int(part) for part in claim.first_seen.split("-"))
    published = f"{year:04d}-{month:02d}-{min(day + rng.randint(1, 4), 28):02d}"
    slug = claim.id.replace("_", "-")
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{checker.url}/{published[:7].replace('-', '/')}/{slug}",
        "claimReviewed": claim.text_fr if french else claim.text_en,
        "datePublished": published,
        "inLanguage": checker.language,
        "author": {"@type": "Organization", "name": checker.name, "url": checker.url},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": claim.rating_value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": claim.rating_fr if french else claim.rating_en,
        },
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": claim.first_seen,
            "author": {"@type": "Organization", "name": "X users"},
            "appearance": [{"@type": "CreativeWork", "url": url} for url in appearances],
        },
    }
