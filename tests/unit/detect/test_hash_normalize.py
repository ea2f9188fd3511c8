"""Hash-bank normalisation through a per-character table gives what normalising the whole text gives."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

from rempart.detect.banks.normalize import REORDERABLE_KEPT, hash_tokens, normalize_for_hash

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


def whole_text_tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", re.sub(r"https?://\S+|www\.\S+|@\w+", " ", whole_text(text)))


def test_tokens_piece_by_piece_are_the_whole_texts() -> None:
    samples = [
        "Paris 2024 really delivered, goosebumps Can't make this up. #Paralympics #X",
        "Ça\u200bVa  l'été https://t.co/abc@x @someone www.example.org/a b_c",
        "a\xa0b\x1cc\u2028d\u3000e ¨ ﾞ \t\n tab",
        "",
        "   ",
    ]
    rng = random.Random(8)
    pool = [chr(c) for c in range(0x20, 0x2FFFF) if unicodedata.category(chr(c)) not in ("Cs", "Co", "Cn")]
    pool += list(" \t\n\xa0@#:/._-") * 200 + ["https://", "www.", "@"] * 100
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 24))) for _ in range(20_000)]
    for repeat in range(2):  # pieces first computed, then memoised
        for text in samples:
            assert hash_tokens(text) == whole_text_tokens(text), (repeat, repr(text))
