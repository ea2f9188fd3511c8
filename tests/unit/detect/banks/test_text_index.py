"""Text bank indexes: round trips, the 20 % edit property, unrelated same-topic posts, adversarial spellings."""

from __future__ import annotations

import random

import pytest

from rempart.detect.banks.normalize import exact_key, normalize_for_hash
from rempart.detect.banks.schemas import DEFAULT_JACCARD_THRESHOLD
from rempart.detect.banks.text_index import (
    ExactTextIndex,
    MatchKind,
    NearDuplicateTextIndex,
    TextBankIndex,
)
from tests.unit.detect.banks.textgen import edited_copy, same_topic_post

ENTRIES = [
    ("e1", "Meine Ehre heißt Treue"),
    ("e2", "Vote tomorrow by text message, just send your name and address to 5555 and your ballot is counted"),
    ("e3", "Les bureaux de vote ferment à midi dimanche, inutile de vous déplacer après cette heure"),
]


def test_exact_index_round_trip() -> None:
    index = ExactTextIndex.build(ENTRIES)
    again = ExactTextIndex.deserialize(index.serialize())
    assert len(again) == 3
    assert [m.entry_id for m in again.query("meine ehre heisst treue")] == ["e1"]
    assert again.query("meine ehre") == []


@pytest.mark.parametrize(
    "spelling",
    [
        "MEINE EHRE HEISST TREUE",
        "Meine Ehre heisst Treue!!!",
        "Méîne Ehrè heißt Trëue",
        "Meine\u200b Ehre\u200d heißt\ufeff Treue",
        "  Meine\n\tEhre   heißt Treue  ",
        "\uff2d\uff45\uff49\uff4e\uff45 \uff25\uff48\uff52\uff45 heißt Treue",  # full-width letters
        "Meine Ehre heißt Treue https://t.co/abc @someone",
    ],
)
def test_exact_match_survives_adversarial_spellings(spelling: str) -> None:
    index = TextBankIndex.build(ENTRIES, DEFAULT_JACCARD_THRESHOLD)
    matches = index.query(spelling)
    assert [(m.entry_id, m.kind, m.similarity) for m in matches] == [("e1", MatchKind.EXACT, 1.0)]


def test_normalisation_folds_case_accents_and_invisible_characters() -> None:
    assert normalize_for_hash("  Ça\u200bVa  ÉTÉ ") == "cava ete"
    assert exact_key("Sieg  HEIL") == exact_key("sieg heil")
    assert exact_key("sieg heil") != exact_key("sieg heil hitler")


def test_near_duplicate_index_round_trip() -> None:
    index = NearDuplicateTextIndex.build(ENTRIES, 0.35)
    assert len(index) == 2  # the four-word slogan is matched exactly only
    again = NearDuplicateTextIndex.deserialize(index.serialize())
    assert again.threshold == 0.35
    query = "Vote tomorrow by SMS: just send your name and address to 5555 and your ballot is counted"
    assert [m.entry_id for m in again.query(query)] == [m.entry_id for m in index.query(query)] == ["e2"]
    match = again.query(query)[0]
    assert match.kind is MatchKind.NEAR
    assert 0.35 <= match.similarity < 1


def test_empty_near_duplicate_index_round_trip() -> None:
    index = NearDuplicateTextIndex.deserialize(NearDuplicateTextIndex.build([], 0.5).serialize())
    assert len(index) == 0
    assert index.query("any text that is long enough to be checked") == []


def test_text_bank_index_round_trip_prefers_exact() -> None:
    index = TextBankIndex.deserialize(TextBankIndex.build(ENTRIES, 0.35).serialize())
    assert index.query(ENTRIES[1][1])[0].kind is MatchKind.EXACT
    edited = "Les bureaux de vote ferment à midi ce dimanche, inutile de vous déplacer après"
    assert [(m.entry_id, m.kind) for m in index.query(edited)] == [("e3", MatchKind.NEAR)]
    assert index.query("!!!") == []


def test_copies_with_a_fifth_of_the_words_edited_match() -> None:
    rng = random.Random(11)
    originals = [same_topic_post(rng, rng.choice((5, 6, 8, 12, 20, 35, 60))) for _ in range(400)]
    index = NearDuplicateTextIndex.build([(str(i), t) for i, t in enumerate(originals)], DEFAULT_JACCARD_THRESHOLD)
    missed = []
    for number, original in enumerate(originals):
        for _ in range(3):
            copy = edited_copy(rng, original, 0.2)
            if str(number) not in {m.entry_id for m in index.query(copy)}:
                missed.append((original, copy))
    assert missed == []


def test_unrelated_posts_on_the_same_topic_do_not_match() -> None:
    rng = random.Random(12)
    bank = [same_topic_post(rng) for _ in range(1000)]
    index = TextBankIndex.build([(str(i), t) for i, t in enumerate(bank)], DEFAULT_JACCARD_THRESHOLD)
    false_matches = [post for post in (same_topic_post(rng) for _ in range(1000)) if index.query(post)]
    assert false_matches == []


def test_handwritten_posts_on_the_same_topic_do_not_match() -> None:
    posts = [
        "Polls close at eight tonight, make sure you vote before then and bring your ID",
        "Turnout in the capital is higher than in the last election according to the observers",
        "The candidate promised lower taxes for families during the debate last night",
        "Counting has started in the north and the first results are expected after midnight",
        "Voters queued for hours at the polling station near the market this morning",
        "The debate last night was about taxes, schools and the budget for families",
        "Observers say the election was calm and turnout was high in most of the country",
    ]
    index = TextBankIndex.build([(str(i), t) for i, t in enumerate(posts)], DEFAULT_JACCARD_THRESHOLD)
    for number, post in enumerate(posts):
        assert [m.entry_id for m in index.query(post)] == [str(number)]
