"""Fact-checkers' verdicts in English and French onto the normalised enum."""

from __future__ import annotations

import pytest

from rempart.detect.claims.ratings import Rating, normalise_rating


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("False", Rating.FALSE),
        ("Faux", Rating.FALSE),
        ("Fausse", Rating.FALSE),
        ("FAUX !", Rating.FALSE),
        ("Pants on Fire!", Rating.FALSE),
        ("Incorrect", Rating.FALSE),
        ("Misleading", Rating.MISLEADING),
        ("Trompeur", Rating.MISLEADING),
        ("Trompeuse", Rating.MISLEADING),
        ("Mostly false", Rating.PARTLY_FALSE),
        ("Partly false", Rating.PARTLY_FALSE),
        ("Partiellement faux", Rating.PARTLY_FALSE),
        ("Plutôt faux", Rating.PARTLY_FALSE),
        ("Half True", Rating.PARTLY_FALSE),
        ("Missing context", Rating.MISSING_CONTEXT),
        ("Manque de contexte", Rating.MISSING_CONTEXT),
        ("Sorti de son contexte", Rating.MISSING_CONTEXT),
        ("True", Rating.TRUE),
        ("Vrai", Rating.TRUE),
        ("Mostly true", Rating.TRUE),
        ("Satire", Rating.OTHER),
        ("Fuzzy math", Rating.OTHER),
        ("", Rating.OTHER),
        (None, Rating.OTHER),
    ],
)
def test_rating_texts_map_onto_the_enum(text: str | None, expected: Rating) -> None:
    assert normalise_rating(text) is expected
