"""The `bank` detector over an in-memory snapshot: examples, media hashes, image bytes."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime

from PIL import Image, ImageDraw

from rempart.detect.bank import BankDetector
from rempart.detect.banks.pdq import pdq_from_bytes
from rempart.detect.banks.schemas import BankKind
from rempart.detect.banks.snapshot import BankSnapshot, BankSpec, build_loaded_bank
from rempart.detect.interfaces import Detector
from rempart.items.schemas import Item, Media, MediaKind


def item(text: str = "", media: list[Media] | None = None) -> Item:
    return Item(
        platform="x", id="1", author_id="a", created_at=datetime(2024, 9, 1, tzinfo=UTC), text=text, media=media or []
    )


def image_bytes(seed: int) -> bytes:
    generator = random.Random(seed)
    image = Image.new("RGB", (128, 128), (200, 30, 30))
    draw = ImageDraw.Draw(image)
    for _ in range(8):
        x, y, r = generator.randrange(128), generator.randrange(128), generator.randrange(8, 60)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(generator.randrange(256), generator.randrange(256), 90))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_it_keeps_the_detector_protocol() -> None:
    assert isinstance(BankDetector(), Detector)
    assert BankDetector().check(item("anything at all")) == []


def test_examples() -> None:
    detector = BankDetector(snapshot=BankDetector.example_snapshot())
    for example in BankDetector.examples():
        signals = detector.check(item(example.text))
        assert [s.label for s in signals] == ([example.label] if example.label else []), example.text
        for signal in signals:
            assert signal.detector == "bank"
            assert signal.evidence["entry_id"].startswith("entry_demo_")
            assert signal.evidence["match"] in {"exact", "near"}
            assert 0 < signal.score <= 1


def test_media_hashes_and_image_bytes_match_a_pdq_bank() -> None:
    known, _ = pdq_from_bytes(image_bytes(1))
    other, _ = pdq_from_bytes(image_bytes(2))
    bank = build_loaded_bank(BankSpec("bank_img", "images", BankKind.PDQ.value), [("entry_1", known)])
    detector = BankDetector(snapshot=BankSnapshot({bank.id: bank}))
    hit = detector.check(item(media=[Media(kind=MediaKind.IMAGE, pdq=other), Media(kind=MediaKind.IMAGE, pdq=known)]))
    assert [(s.label, s.score) for s in hit] == [("bank.images", 1.0)]
    assert hit[0].evidence == {
        "bank": "images",
        "entry_id": "entry_1",
        "match": "pdq",
        "similarity": 1.0,
        "distance": 0,
        "media_index": 1,
    }
    assert detector.check(item(media=[Media(kind=MediaKind.IMAGE, pdq=other)])) == []
    assert detector.check(item(media=[Media(kind=MediaKind.IMAGE, pdq=known, pdq_quality=10)])) == []
    assert [s.label for s in detector.check_image(image_bytes(1))] == ["bank.images"]
    assert detector.check_image(image_bytes(2)) == []
