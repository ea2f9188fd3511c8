"""Hash-bank normalisation through a per-character table gives what normalising the whole text gives."""

from __future__ import annotations

import random
import sys
import unicodedata

from rempart.detect.banks.normalize import REORDERABLE_KEPT, normalize_for_hash

DROPPED = frozenset({"Cf", "Mn", "Me"})


def whole_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if unicodedata.category(c) not in DROPPED).casefold().split())


def test_the_reorderable_characters_are_every_kept_one_with_a_combining_class() -> None:
    kept = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.combining(chr(code)) and unicodedata.category(chr(code)) not in DROPPED
    }
    assert kept == set(REORDERABLE_KEPT)


def test_same_result_as_whole_text_normalisation() -> None:
    samples = [
        "MEINE EHRE HEISST TREUE",
        "Méine  Ehre\u200b heißt Treue!",
        "ﬁnance Ｆｕｌｌｗｉｄｔｈ ΣΊΣΥΦΟΣ ς İstanbul",
        "e\u0301\u0327 o\u0308\u0323 \u1100\u1161\u11a8 한국어",
        "\U0001d165\U0001d16d\u0301\U0001d165 musical stems",
        "\u1b44\u1b34 \ua953 viramas",
    ]
    rng = random.Random(5)
    pool = [chr(c) for c in range(0x20, 0x2FFFF) if unicodedata.category(chr(c)) not in ("Cs", "Co", "Cn")]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 16))) for _ in range(20_000)]
    for text in samples:
        assert normalize_for_hash(text) == whole_text(text), repr(text)
