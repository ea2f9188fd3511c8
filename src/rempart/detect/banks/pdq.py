"""PDQ image hashes: computing them from image bytes, and an index that finds hashes within a Hamming distance.

Hashes are 64 hex characters, bit 0 of the hash vector first, as python-threatexchange and HMA write them.

The index is multi-index hashing (Norouzi et al.): the 256 bits are cut into 16 chunks of 16 bits, and two
hashes within distance `d` agree within `d // 16` bits on at least one chunk (pigeonhole). A query probes,
for every chunk, each value within that radius (17 probes per chunk for d ≤ 31) in one sorted array with
two vectorised binary searches, then checks the candidates' full distance with a popcount.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from rempart.detect.banks.text_index import IndexMatch, MatchKind

PDQ_HEX = re.compile(r"^[0-9a-f]{64}$")
DEFAULT_MAX_DISTANCE = 31
_CHUNKS = 16
_CHUNK_BITS = 16


class ImageError(ValueError):
    """The bytes are not an image that can be decoded."""


def is_pdq_hex(value: str) -> bool:
    return PDQ_HEX.match(value) is not None


def pdq_from_bytes(data: bytes) -> tuple[str, int]:
    """The PDQ hash (hex) and quality (0-100) of an image given as file bytes (any format Pillow reads)."""
    import pdqhash
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            pixels = np.asarray(image.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ImageError(f"not a readable image: {error}") from error
    vector, quality = pdqhash.compute(pixels)
    bits = np.packbits(np.asarray(vector, dtype=np.uint8))
    return bits.tobytes().hex(), int(quality)


def hex_to_words(hashes: Iterable[str]) -> NDArray[np.uint64]:
    """Hex hashes as an (n, 4) array of big-endian 64-bit words."""
    raw = bytes.fromhex("".join(hashes))
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, 4)


def _chunk_values(words: NDArray[np.uint64]) -> NDArray[np.int64]:
    """The sixteen 16-bit chunks of each hash, as an (n, 16) array."""
    shifts = np.array([48, 32, 16, 0], dtype=np.uint64)
    chunks = (words[:, :, None] >> shifts) & np.uint64(0xFFFF)
    return chunks.reshape(-1, _CHUNKS).astype(np.int64)


def _probe_masks(radius: int) -> NDArray[np.int64]:
    masks = [0]
    for flipped in range(1, radius + 1):
        for bits in combinations(range(_CHUNK_BITS), flipped):
            masks.append(sum(1 << b for b in bits))
    return np.array(masks, dtype=np.int64)


class PdqIndex:
    """Hashes within `max_distance` (Hamming) of a query, for a few hundred thousand hashes in microseconds."""

    def __init__(self, max_distance: int, entry_ids: list[str], words: NDArray[np.uint64]) -> None:
        if not 0 <= max_distance < 64:
            msg = "max_distance must be between 0 and 63"
            raise ValueError(msg)
        self.max_distance = max_distance
        self._entry_ids = entry_ids
        self._words = words
        chunks = _chunk_values(words)
        keys = (chunks + (np.arange(_CHUNKS, dtype=np.int64) << _CHUNK_BITS)).ravel()
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._positions = (order // _CHUNKS).astype(np.int64)
        self._masks = _probe_masks(max_distance // _CHUNKS)
        self._chunk_offsets = (np.arange(_CHUNKS, dtype=np.int64) << _CHUNK_BITS)[:, None]

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]], max_distance: int = DEFAULT_MAX_DISTANCE) -> PdqIndex:
        pairs = list(entries)
        return cls(max_distance, [e for e, _ in pairs], hex_to_words(h for _, h in pairs))

    def __len__(self) -> int:
        return len(self._entry_ids)

    def query(self, pdq_hex: str) -> list[IndexMatch]:
        if not self._entry_ids:
            return []
        query = hex_to_words([pdq_hex])
        probes = (self._chunk_offsets + (_chunk_values(query).reshape(_CHUNKS, 1) ^ self._masks)).ravel()
        low = np.searchsorted(self._keys, probes, side="left")
        high = np.searchsorted(self._keys, probes, side="right")
        counts = high - low
        total = int(counts.sum())
        if total == 0:
            return []
        starts = np.repeat(low - (np.cumsum(counts) - counts), counts)
        candidates = np.unique(self._positions[starts + np.arange(total)])
        distances = np.bitwise_count(self._words[candidates] ^ query).sum(axis=1)
        close = distances <= self.max_distance
        found = sorted(zip(distances[close].tolist(), candidates[close].tolist(), strict=True))
        return [IndexMatch(self._entry_ids[p], MatchKind.PDQ, round(1 - d / 256, 4), int(d)) for d, p in found]

    def serialize(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(
            buffer,
            max_distance=np.array([self.max_distance]),
            entry_ids=np.array(self._entry_ids, dtype=np.str_),
            words=self._words,
        )
        return buffer.getvalue()

    @classmethod
    def deserialize(cls, data: bytes) -> PdqIndex:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            return cls(int(arrays["max_distance"][0]), [str(e) for e in arrays["entry_ids"]], arrays["words"])
