"""What a chunk hands back to the writer, and the small encoders chunks use."""

from __future__ import annotations

import random
from typing import Any, NamedTuple

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B62_PAIRS = tuple(_B62[pair % 62] + _B62[pair // 62] for pair in range(62 * 62))  # two digits, low one first


class Candidate(NamedTuple):
    """An item the DSA scenario may act on: noticed by someone, or found in the review queue."""

    source: str  # notice | queue
    item_id: str
    handle: str
    author_id: str
    label: str
    key: str
    language: str
    seconds: int


class ChunkResult(NamedTuple):
    chunk: int
    posts: int
    items: bytes
    x_v2: bytes
    labels: list[tuple[str, str, str]]  # (label, key, item id)
    moments: list[dict[str, Any]]
    appearances: list[tuple[str, str, int, str]]  # (claim id, item url, seconds, language)
    candidates: list[Candidate]
    campaign_spans: dict[str, tuple[int, int]]


def base62(value: int, width: int) -> str:
    """The low `width` base-62 digits of `value`, least significant first."""
    digits = []
    for _ in range(width >> 1):
        value, pair = divmod(value, 3844)
        digits.append(_B62_PAIRS[pair])
    if width & 1:
        digits.append(_B62[value % 62])
    return "".join(digits)


def flip_bits(value: int, rng: random.Random, most: int) -> str:
    for _ in range(rng.randint(0, most)):
        value ^= 1 << rng.randrange(256)
    return f"{value:064x}"
