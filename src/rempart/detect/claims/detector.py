"""The `claims` detector: does this post make a claim that fact-checkers have reviewed?

Signals are labelled `claim.<rating>` (`claim.false`, `claim.misleading`…) and carry the reviewed claim,
the verdict (normalised and as written), the fact-check URL, the reviewer and the languages, so the
policy can label the post with context instead of removing it. Score: the cosine similarity mapped so
that the model's threshold is 0.5 and an identical text 1.0.

The index is loaded once (from the database through a session factory, or from a snapshot) and can be
refreshed after an import; a check reads it without locks (the refresh swaps it whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from typing import ClassVar

from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from rempart.detect.claims.cues import default_lexicon
from rempart.detect.claims.embedders import Embedder, load_embedder, model_id
from rempart.detect.claims.index import ClaimEntry, ClaimIndex, Match
from rempart.detect.claims.jsonld import Review, read_reviews
from rempart.detect.claims.schemas import DEFAULT_THRESHOLDS, ClaimsConfig
from rempart.detect.claims.service import entries_from_reviews, snapshot
from rempart.detect.interfaces import DetectorExample, Signal
from rempart.detect.registry import DetectorContext
from rempart.items.schemas import Account, Item


def example_reviews() -> list[Review]:
    """The fact-checks shipped with the package (English and French), used by `examples()` and the demo."""
    data = files("rempart.detect.claims").joinpath("data/examples.json").read_bytes()
    return [r for r in read_reviews(data) if isinstance(r, Review)]


class ClaimsDetector:
    name: ClassVar[str] = "claims"
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[BaseModel]] = ClaimsConfig

    def __init__(
        self,
        config: ClaimsConfig | None = None,
        *,
        entries: Sequence[ClaimEntry] = (),
        embedder: Embedder | None = None,
    ) -> None:
        self.config = config or ClaimsConfig()
        self.embedder = embedder or load_embedder(self.config.model)
        self.threshold = self.config.threshold or DEFAULT_THRESHOLDS.get(self.embedder.name, 0.8)
        self._model = model_id(self.embedder)
        self.index = self._build(entries)

    @classmethod
    def from_config(cls, config: ClaimsConfig, context: DetectorContext) -> ClaimsDetector:
        """How the registry builds it for a policy: with the stored claims when the context has a database."""
        if context.sessions is None:
            return cls(config)
        return cls.from_sessions(context.sessions, config)

    @classmethod
    def from_sessions(
        cls, sessions: sessionmaker[Session], config: ClaimsConfig | None = None, embedder: Embedder | None = None
    ) -> ClaimsDetector:
        """Load every stored claim once (vectors included: nothing is re-embedded when the model matches)."""
        with sessions() as session:
            entries = snapshot(session)
        return cls(config, entries=entries, embedder=embedder)

    def _build(self, entries: Sequence[ClaimEntry]) -> ClaimIndex:
        return ClaimIndex(
            entries,
            self.embedder,
            default_lexicon(),
            min_shared_cues=self.config.min_shared_cues,
            max_candidates=self.config.max_candidates,
        )

    def refresh(self, sessions: sessionmaker[Session]) -> None:
        """Reload the claims after an import; checks in flight finish on the old index."""
        with sessions() as session:
            entries = snapshot(session)
        self.index = self._build(entries)

    def score(self, similarity: float) -> float:
        mapped = 0.5 + 0.5 * (similarity - self.threshold) / (1.0 - self.threshold)
        return round(min(1.0, max(0.0, mapped)), 4)

    def _signal(self, match: Match, item: Item) -> Signal:
        entry = match.entry
        return Signal(
            detector=self.name,
            label=f"claim.{entry.rating.value}",
            score=self.score(match.similarity),
            detector_version=self.version,
            evidence={
                "claim_id": entry.id,
                "claim_reviewed": entry.claim,
                "rating": entry.rating.value,
                "rating_text": entry.rating_text,
                "review_url": entry.review_url,
                "reviewer": entry.reviewer,
                "claim_language": entry.language,
                "item_language": item.language,
                "similarity": round(match.similarity, 4),
                "model": self._model,
            },
        )

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        if not item.text.strip():
            return []
        matches = self.index.match(item.text, self.threshold, self.config.top_k)
        best: dict[str, Signal] = {}
        for match in matches:  # best first: keep the closest claim per label
            signal = self._signal(match, item)
            best.setdefault(signal.label, signal)
        return list(best.values())

    @classmethod
    def examples(cls) -> list[DetectorExample]:
        """Posts to check against `example_reviews()`: cross-language paraphrases match, same-topic posts
        that do not make the claim do not."""
        return [
            DetectorExample(
                "Les démocrates ont voté l'interdiction des voitures à essence dès 2030", "claim.false", "fr"
            ),
            DetectorExample(
                "The Covid-19 vaccine modifies human DNA, share before they delete this", "claim.false", "en"
            ),
            DetectorExample("Firefighters deliberately started the wildfires in Gironde", "claim.misleading", "en"),
            DetectorExample("Democrats held a town hall on electric car charging stations last night", None, "en"),
            DetectorExample("J'ai pris rendez-vous pour mon rappel de vaccin Covid à la pharmacie", None, "fr"),
            DetectorExample("Had a lovely lunch by the river with my grandparents today", None, "en"),
        ]


def example_detector(config: ClaimsConfig | None = None, embedder: Embedder | None = None) -> ClaimsDetector:
    """A detector over the shipped example fact-checks only."""
    return ClaimsDetector(config, entries=entries_from_reviews(example_reviews()), embedder=embedder)
