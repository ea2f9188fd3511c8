"""The claim index: an inverted index of cues (stage 1) over a matrix of claim embeddings (stage 2).

Built once from a snapshot of the stored claims; a check does a few dictionary look-ups, and only a post
that shares enough cues with some claim is embedded and compared with those candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rempart.detect.claims.cues import Lexicon, cues
from rempart.detect.claims.embedders import Embedder, Vectors, model_id
from rempart.detect.claims.ratings import Rating

# What a post wraps a claim in that says nothing about the claim: a repost prefix, links, mentions, hashtags.
_WRAPPING = re.compile(r"^RT @\w+:|https?://\S+|[@#]\w+")
_SPACES = re.compile(r"\s+")


def claim_text(text: str) -> str:
    """The text a post's embedding is taken of: without its wrapping (the whole text if nothing is left)."""
    return _SPACES.sub(" ", _WRAPPING.sub(" ", text)).strip() or text


@dataclass(frozen=True, slots=True)
class ClaimEntry:
    """What matching needs of one reviewed claim. `embedding` is None, or bytes from `embedding_model`."""

    id: str
    claim: str
    rating: Rating
    rating_text: str | None
    review_url: str
    reviewer: str | None
    language: str | None
    embedding: bytes | None = None
    embedding_model: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    entry: ClaimEntry
    similarity: float


class ClaimIndex:
    """Cue postings and claim vectors for a fixed set of claims."""

    def __init__(
        self,
        entries: Sequence[ClaimEntry],
        embedder: Embedder,
        lexicon: Lexicon,
        *,
        min_shared_cues: int = 2,
        max_candidates: int = 64,
        max_cue_share: float = 0.05,
    ) -> None:
        self.entries = list(entries)
        self.embedder = embedder
        self.lexicon = lexicon
        self.min_shared_cues = min_shared_cues
        self.max_candidates = max_candidates
        self.recomputed = 0
        self.vectors = self._vectors(embedder)
        postings: dict[str, list[int]] = {}
        for number, entry in enumerate(self.entries):
            for cue in cues(entry.claim, lexicon, names_only_capitalised=True):
                postings.setdefault(cue, []).append(number)
        # A cue shared by a large share of a big collection does not discriminate: leave it out.
        limit = max(50, int(max_cue_share * len(self.entries)))
        self.postings = {cue: np.array(ids, dtype=np.int32) for cue, ids in postings.items() if len(ids) <= limit}

    def _vectors(self, embedder: Embedder) -> Vectors:
        wanted = model_id(embedder)
        matrix = np.zeros((len(self.entries), embedder.dimension), dtype=np.float32)
        missing: list[int] = []
        for number, entry in enumerate(self.entries):
            if entry.embedding is not None and entry.embedding_model == wanted:
                matrix[number] = np.frombuffer(entry.embedding, dtype=np.float32)
            else:
                missing.append(number)
        if missing:
            # Stored under another model (or not at all): embed in memory so matching stays consistent.
            matrix[missing] = embedder.embed([self.entries[n].claim for n in missing])
        self.recomputed = len(missing)
        return matrix

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, text: str) -> Sequence[int]:
        """Stage 1: claims sharing at least `min_shared_cues` cues with the text, most shared first."""
        lists = [self.postings[c] for c in cues(text, self.lexicon, names_only_capitalised=False) if c in self.postings]
        if len(lists) < self.min_shared_cues:
            return []
        ids, counts = np.unique(np.concatenate(lists), return_counts=True)
        keep = counts >= self.min_shared_cues
        ids, counts = ids[keep], counts[keep]
        if len(ids) > self.max_candidates:
            order = np.argsort(-counts, kind="stable")[: self.max_candidates]
            ids = ids[order]
        return [int(i) for i in ids]

    def match(self, text: str, threshold: float, top_k: int = 3) -> list[Match]:
        """Stage 2 on the candidates: claims whose cosine similarity with the text reaches `threshold`."""
        candidates = self.candidates(text)
        if not candidates:
            return []
        return self.rank(self.embedder.embed([claim_text(text)])[0], candidates, threshold, top_k)

    def rank(self, vector: Vectors, candidates: Sequence[int], threshold: float, top_k: int) -> list[Match]:
        similarities = self.vectors[list(candidates)] @ vector
        order = np.argsort(-similarities)[:top_k]
        return [
            Match(self.entries[candidates[i]], float(similarities[i])) for i in order if similarities[i] >= threshold
        ]
