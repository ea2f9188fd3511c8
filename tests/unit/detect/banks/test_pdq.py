"""PDQ: the distance boundary, hashes of real image bytes, and the index round trip."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw

from rempart.detect.banks.pdq import ImageError, PdqIndex, is_pdq_hex, pdq_from_bytes

rng = random.Random(5)


def random_hash(generator: random.Random) -> str:
    return generator.getrandbits(256).to_bytes(32, "big").hex()


def flip_bits(pdq_hex: str, count: int, generator: random.Random) -> str:
    value = int(pdq_hex, 16)
    for bit in generator.sample(range(256), count):
        value ^= 1 << bit
    return value.to_bytes(32, "big").hex()


def picture(seed: int, size: int = 256) -> Image.Image:
    generator = random.Random(seed)
    image = Image.new("RGB", (size, size), (generator.randrange(256), 128, 64))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = generator.randrange(size), generator.randrange(size)
        radius = generator.randrange(10, size // 2)
        colour = (generator.randrange(256), generator.randrange(256), generator.randrange(256))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return image


def encoded(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def test_distance_31_matches_and_32_does_not() -> None:
    hashes = [random_hash(rng) for _ in range(2000)]
    index = PdqIndex.build([(f"e{i}", h) for i, h in enumerate(hashes)])
    for number in range(200):
        near = flip_bits(hashes[number], 31, rng)
        far = flip_bits(hashes[number], 32, rng)
        found = {m.entry_id: m.distance for m in index.query(near)}
        assert found.get(f"e{number}") == 31
        assert f"e{number}" not in {m.entry_id for m in index.query(far)}


def test_a_bank_threshold_other_than_31() -> None:
    base = random_hash(rng)
    index = PdqIndex.build([("e", base)], max_distance=10)
    assert [m.distance for m in index.query(flip_bits(base, 10, rng))] == [10]
    assert index.query(flip_bits(base, 11, rng)) == []
    with pytest.raises(ValueError, match="max_distance"):
        PdqIndex.build([("e", base)], max_distance=64)


def test_index_round_trip_and_order_of_matches() -> None:
    base = random_hash(rng)
    entries = [("far", flip_bits(base, 20, rng)), ("same", base), ("near", flip_bits(base, 3, rng))]
    index = PdqIndex.deserialize(PdqIndex.build(entries).serialize())
    assert len(index) == 3
    assert [(m.entry_id, m.distance) for m in index.query(base)] == [("same", 0), ("near", 3), ("far", 20)]
    assert index.query(base)[0].similarity == 1.0
    assert PdqIndex.build([]).query(base) == []


def test_hashes_of_image_bytes_match_re_encoded_copies_only() -> None:
    original = picture(1)
    pdq_hash, quality = pdq_from_bytes(encoded(original, "PNG"))
    assert is_pdq_hex(pdq_hash)
    assert quality >= 50
    copy_hash, _ = pdq_from_bytes(encoded(original.resize((200, 200)), "JPEG", quality=70))
    gray_hash, _ = pdq_from_bytes(encoded(original.convert("L"), "PNG"))
    other_hash, _ = pdq_from_bytes(encoded(picture(2), "PNG"))
    index = PdqIndex.build([("original", pdq_hash)])
    assert [m.entry_id for m in index.query(copy_hash)] == ["original"]
    assert [m.entry_id for m in index.query(gray_hash)] == ["original"]
    assert index.query(other_hash) == []


def test_hash_bits_are_written_in_threatexchange_order() -> None:
    # A left-bright, right-dark image and its mirror differ in most bits; the hex is 64 lower-case digits.
    pixels = np.zeros((64, 64, 3), dtype=np.uint8)
    pixels[:, :32] = 255
    left, _ = pdq_from_bytes(encoded(Image.fromarray(pixels), "PNG"))
    right, _ = pdq_from_bytes(encoded(Image.fromarray(pixels[:, ::-1].copy()), "PNG"))
    assert left == left.lower()
    assert bin(int(left, 16) ^ int(right, 16)).count("1") > 64


def test_bytes_that_are_not_an_image_are_refused() -> None:
    with pytest.raises(ImageError, match="not a readable image"):
        pdq_from_bytes(b"GIF89a but not really")
