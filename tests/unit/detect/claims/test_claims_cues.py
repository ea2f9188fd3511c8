"""The lexical first stage: cues shared across French and English, and the inverted index over claims."""

from __future__ import annotations

import numpy as np

from rempart.detect.claims.cues import cues, default_lexicon
from rempart.detect.claims.embedders import Vectors, normalised
from rempart.detect.claims.index import ClaimEntry, ClaimIndex
from rempart.detect.claims.ratings import Rating


class CountingEmbedder:
    """A stand-in model that counts the texts it is asked to embed (the point of stage 1)."""

    name = "counting"
    version = "1"
    dimension = 4

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> Vectors:
        self.texts.extend(texts)
        return normalised(np.ones((len(texts), self.dimension), dtype=np.float32))


def _entry(number: int, claim: str) -> ClaimEntry:
    return ClaimEntry(str(number), claim, Rating.FALSE, "False", f"https://fc.example/{number}", "FC", "en")


def test_french_and_english_share_lexicon_concepts_numbers_and_acronyms() -> None:
    lexicon = default_lexicon()
    english = cues("Democrats voted to ban gasoline cars by 2030", lexicon, names_only_capitalised=True)
    french = cues(
        "Les démocrates ont voté l'interdiction des voitures à essence dès 2030", lexicon, names_only_capitalised=False
    )
    assert {"c:democrat", "c:vote", "c:ban", "c:gasoline", "c:car", "n:2030"} <= english & french
    who = cues("The WHO says meat causes cancer", lexicon, names_only_capitalised=True)
    oms = cues("L'OMS dit que la viande donne le cancer", lexicon, names_only_capitalised=False)
    assert {"c:org_who", "c:meat", "c:cancer"} <= who & oms
    assert "n:500000" in cues("500 000 migrants", lexicon, names_only_capitalised=False)
    assert "n:500000" in cues("500,000 migrants", lexicon, names_only_capitalised=False)


def test_names_links_and_hashtags_are_cues() -> None:
    lexicon = default_lexicon()
    found = cues(
        "Melinda Gates bought farmland in Gironde https://www.example.com/x #Agriculture",
        lexicon,
        names_only_capitalised=True,
    )
    assert {"w:melinda", "c:gates", "w:gironde", "d:example.com", "c:farmer"} <= found
    assert "w:bought" not in found  # claims: only capitalised words are names
    assert "w:bought" in cues("melinda gates bought", lexicon, names_only_capitalised=False)


def test_short_stems_match_whole_words_only() -> None:
    lexicon = default_lexicon()
    assert lexicon.concept("cars") == "car"
    assert lexicon.concept("career") is None
    assert lexicon.concept("vaccination") == "vaccine"


def test_posts_without_enough_shared_cues_are_never_embedded() -> None:
    embedder = CountingEmbedder()
    index = ClaimIndex(
        [_entry(0, "Democrats voted to ban gasoline cars by 2030"), _entry(1, "5G towers spread the coronavirus")],
        embedder,
        default_lexicon(),
        min_shared_cues=2,
    )
    embedder.texts.clear()
    assert index.match("Lovely weather for a picnic in the park today", threshold=0.5) == []
    assert index.match("Democrats hosted a bake sale", threshold=0.5) == []  # one shared cue is not enough
    assert embedder.texts == []
    matches = index.match("Les démocrates veulent interdire les voitures à essence", threshold=0.5)
    assert embedder.texts == ["Les démocrates veulent interdire les voitures à essence"]
    assert [m.entry.id for m in matches] == ["0"]


def test_stored_vectors_of_the_same_model_are_not_recomputed() -> None:
    embedder = CountingEmbedder()
    stored = normalised(np.ones((1, 4), dtype=np.float32))[0].tobytes()
    fresh = ClaimEntry("0", "Claim", Rating.FALSE, None, "https://fc.example/0", None, None, stored, "counting@1")
    stale = ClaimEntry("1", "Other claim", Rating.TRUE, None, "https://fc.example/1", None, None, stored, "other@2")
    index = ClaimIndex([fresh, stale], embedder, default_lexicon())
    assert embedder.texts == ["Other claim"]
    assert index.recomputed == 1
    assert index.vectors.shape == (2, 4)
