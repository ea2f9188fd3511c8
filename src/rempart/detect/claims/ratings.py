"""Fact-checkers' verdicts (`reviewRating.alternateName`, in English or French) onto a small enum.

Fact-checkers write their own scales ("Faux", "Pants on Fire", "Partiellement faux", "Manque de contexte"…);
the policy needs a handful of values. The original text is always kept next to the normalised one.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Rating(StrEnum):
    FALSE = "false"
    MISLEADING = "misleading"
    PARTLY_FALSE = "partly_false"
    MISSING_CONTEXT = "missing_context"
    TRUE = "true"
    OTHER = "other"


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation and runs of spaces collapsed to one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w%]+", " ", stripped).split())


# Checked in order: the more specific phrasings ("mostly false", "partly true") come before the bare words.
_RULES: tuple[tuple[Rating, re.Pattern[str]], ...] = tuple(
    (rating, re.compile(pattern))
    for rating, pattern in (
        (Rating.TRUE, r"^(mostly|largely) (true|correct|accurate)\b|^(plutot|globalement) (vrai|vraie|exact)\b"),
        (
            Rating.MISSING_CONTEXT,
            r"\b(missing context|lacks? context|needs? context|manque de contexte|sans contexte|"
            r"hors contexte|sorti de (son )?contexte|out of context|decontextualise|cherry pick)",
        ),
        (
            Rating.PARTLY_FALSE,
            r"\b(partly|partially|mostly|half|largely) (false|true|inaccurate|correct|wrong)|"
            r"\b(partiellement|en partie|plutot|a moitie|globalement) (faux|fausse|vrai|vraie|inexact)|"
            r"\b(mixture|mixed|a nuancer|imprecis|imprecise|exaggerated|exagere|exageree|half truth)\b",
        ),
        (
            Rating.MISLEADING,
            r"\b(misleading|trompeu(r|se)|deceptive|manipule|manipulee|altered|altere|alteree|"
            r"detourne|detournee|distort|misattributed|mal attribue|montage|doctored|spin)",
        ),
        (
            Rating.FALSE,
            r"\b(false|faux|fausse|fake|incorrect|inexact|inexacte|wrong|pants on fire|four pinocchios|"
            r"not true|pas vrai|infonde|infondee|baseless|hoax|canular|intox|debunked|scam|arnaque|"
            r"fabricated|invente|inventee|erron)",
        ),
        (Rating.TRUE, r"^(true|vrai|vraie|correct|accurate|exact|exacte|confirme|confirmee)\b"),
    )
)


def normalise_rating(alternate_name: str | None) -> Rating:
    """The enum value for a verdict text; `other` for scales we do not recognise (satire, unproven…)."""
    if not alternate_name:
        return Rating.OTHER
    folded = fold(alternate_name)
    for rating, pattern in _RULES:
        if pattern.search(folded):
            return rating
    return Rating.OTHER
