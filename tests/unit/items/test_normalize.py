from __future__ import annotations

import random
import re
import unicodedata

import pytest

from rempart.items.normalize import fold, fold_text, skeleton, skeleton_pattern, skeleton_text


@pytest.mark.parametrize(
    "text",
    [
        "Sieg Heil",
        "SIEG HEIL",
        "S1eg H€il",
        "Si\u200beg He\u200dil",  # zero-width space and joiner inside words
        "Sie\u00adg Hei\ufeffl",  # soft hyphen, byte-order mark
        "Ѕіеg Неіl",  # Cyrillic look-alikes
        "Σieg Ηeil".replace("Σ", "S"),  # Greek capital eta
        "ＳＩＥＧ ＨＥＩＬ",  # fullwidth
        "𝐒𝐢𝐞𝐠 𝐇𝐞𝐢𝐥",  # mathematical bold
        "Siiieeeg Heeeiiil",
        "Sieg-Heil",
        "Sîèg Hëíl",
    ],
)
def test_adversarial_spellings_share_one_skeleton(text: str) -> None:
    assert skeleton_text(text) == skeleton_text("sieg heil") == "sieg hei"


def test_fold_keeps_digits_and_double_letters_but_cuts_long_runs() -> None:
    assert fold_text("Ça a été COOOOL en 2024") == "ca a ete cool en 2024"
    assert fold_text("haaaate") == "haate"


def test_skeleton_undoes_leetspeak_and_collapses_repeats() -> None:
    assert skeleton_text("h4te 5tup1d @ss $cum 7r0ll") == "hate stupid as scum troi"
    assert skeleton_text("haaaate") == skeleton_text("hate") == "hate"
    assert skeleton_text("cool") == skeleton_text("cooool") == "coi"  # l reads as i, runs cut to one


def test_offsets_point_at_the_original_text() -> None:
    original = "oh H\u200baaaaTE them!"
    normalized = skeleton(original)
    start = normalized.text.index("hate")
    span = normalized.original_span(start, start + 4)
    assert original[span[0] : span[1]] == "H\u200baaaaTE"


def test_offsets_across_characters_that_expand() -> None:
    original = "ﬁne Straße ok"
    normalized = fold(original)
    assert normalized.text == "fine strasse ok"
    start = normalized.text.index("strasse")
    span = normalized.original_span(start, start + len("strasse"))
    assert original[span[0] : span[1]] == "Straße"


def test_skeleton_pattern_folds_letters_but_not_escapes() -> None:
    assert skeleton_pattern(r"\bSieg\s+Heil\b") == r"\bsieg\s+hei\b"
    assert skeleton_pattern(r"\W\D\S") == r"\W\D\S"
    assert skeleton_pattern("Straße") == "strase"


def test_skeleton_piece_by_piece_is_the_whole_texts() -> None:
    def whole_text(text: str) -> str:
        return re.sub(r"(.)\1+", r"\1", "".join(skeleton_text(char) for char in text), flags=re.DOTALL)

    samples = ["Ça\u200bVa  l'été!!  h4te,  ,  l00l", "a\xa0b\x1cc\t\td   e", "  x  ", ""]
    rng = random.Random(8)
    pool = [chr(c) for c in range(0x20, 0x2FFFF) if unicodedata.category(chr(c)) not in ("Cs", "Co", "Cn")]
    pool += list(" \t\n\xa0\x1c@#:/._-aaa!!!ll11$€") * 200 + ["   "] * 100
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 24))) for _ in range(10_000)]
    for repeat in range(2):  # pieces first computed, then memoised
        for text in samples:
            assert skeleton_text(text) == whole_text(text), (repeat, repr(text))
    normalized = skeleton("sieg,  heil !! h4te")
    assert normalized.text == "sieg hei hate"
    assert normalized.original[slice(*normalized.original_span(0, 8))] == "sieg,  heil"
