"""The `bank` detector: matches items against every hash bank (known content, as in HMA).

Texts are matched exactly (normalised SHA-256) and approximately (MinHash + LSH, the bank's Jaccard
threshold); media with a PDQ hash (`Media.pdq`, or computed from image bytes by `check_image`) within the
bank's Hamming distance. One signal per matching bank, labelled `bank.<bank name>`.

The indexes come from the database (given a session factory) or from a ready `BankSnapshot`. With a session
factory the detector looks at the banks' versions at most every `refresh_seconds` (one small query) and
rebuilds only the banks that changed; a check otherwise costs one clock read on top of the matching.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session, sessionmaker

from rempart.detect.banks.normalize import hash_tokens
from rempart.detect.banks.pdq import is_pdq_hex, pdq_from_bytes
from rempart.detect.banks.schemas import BankKind
from rempart.detect.banks.snapshot import BankSnapshot, BankSpec, LoadedBank, build_loaded_bank
from rempart.detect.banks.text_index import IndexMatch
from rempart.detect.interfaces import DetectorExample, Signal
from rempart.detect.registry import DetectorContext
from rempart.items.schemas import Account, Item

_EXAMPLE_ENTRIES = (
    "Meine Ehre heißt Treue",
    "Congratulations you have been selected to receive a free phone, click the link below to claim "
    "your prize before midnight",
)


class BankDetectorConfig(BaseModel):
    refresh_seconds: float = Field(10.0, gt=0, description="how often, at most, to look for changed banks")
    min_pdq_quality: int = Field(50, ge=0, le=100, description="media whose known PDQ quality is lower are skipped")


class BankDetector:
    name: ClassVar[str] = "bank"
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[BaseModel]] = BankDetectorConfig

    def __init__(
        self,
        config: BankDetectorConfig | None = None,
        *,
        sessions: sessionmaker[Session] | None = None,
        snapshot: BankSnapshot | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or BankDetectorConfig()
        self._sessions = sessions
        self._monotonic = monotonic
        self._snapshot = snapshot or BankSnapshot()
        self._next_refresh = 0.0
        if sessions is not None and snapshot is None:
            self.refresh()

    def refresh(self) -> bool:
        """Reload the banks that changed in the database now; True when any did."""
        self._next_refresh = self._monotonic() + self.config.refresh_seconds
        if self._sessions is None:
            return False
        with self._sessions() as session:
            return self._snapshot.refresh(session)

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        if self._sessions is not None and self._monotonic() >= self._next_refresh:
            self.refresh()
        banks = list(self._snapshot.banks.values())
        signals: list[Signal] = []
        tokens: list[str] | None = None
        for bank in banks:
            if bank.kind is BankKind.TEXT:
                if tokens is None:
                    tokens = hash_tokens(item.text)
                matches = bank.match_tokens(tokens)
                if matches:
                    signals.append(self._signal(bank, matches))
                continue
            for position, media in enumerate(item.media):
                if media.pdq is None or (
                    media.pdq_quality is not None and media.pdq_quality < self.config.min_pdq_quality
                ):
                    continue
                matches = bank.match_pdq(media.pdq)
                if matches:
                    signals.append(self._signal(bank, matches, position))
                    break
        return signals

    def check_image(self, data: bytes) -> list[Signal]:
        """Match an image given as file bytes: its PDQ hash is computed, then looked up in the PDQ banks."""
        pdq_hash, quality = pdq_from_bytes(data)
        if quality < self.config.min_pdq_quality or not is_pdq_hex(pdq_hash):
            return []
        signals = []
        for bank in list(self._snapshot.banks.values()):
            matches = bank.match_pdq(pdq_hash)
            if matches:
                signals.append(self._signal(bank, matches))
        return signals

    def _signal(self, bank: LoadedBank, matches: list[IndexMatch], media_index: int | None = None) -> Signal:
        best = matches[0]
        evidence: dict[str, object] = {
            "bank": bank.name,
            "entry_id": best.entry_id,
            "match": best.kind.value,
            "similarity": best.similarity,
        }
        if best.distance is not None:
            evidence["distance"] = best.distance
        if media_index is not None:
            evidence["media_index"] = media_index
        if len(matches) > 1:
            evidence["other_entries"] = [m.entry_id for m in matches[1:6]]
        return Signal(self.name, bank.label, best.similarity, self.version, evidence)

    @classmethod
    def from_config(cls, config: BankDetectorConfig, context: DetectorContext) -> BankDetector:
        """How the registry builds it: banks are read from the store (and refreshed) when it has one."""
        return cls(config, sessions=context.sessions)

    @classmethod
    def example_snapshot(cls) -> BankSnapshot:
        """A text bank named `demo` holding the entries `examples()` is about."""
        bank = BankSpec(id="bank_demo", name="demo", kind=BankKind.TEXT.value)
        loaded = build_loaded_bank(bank, [(f"entry_demo_{i}", text) for i, text in enumerate(_EXAMPLE_ENTRIES)])
        return BankSnapshot({bank.id: loaded})

    @classmethod
    def examples(cls) -> list[DetectorExample]:
        """Items to check against `example_snapshot()`: respelled and edited copies match; others do not."""
        return [
            DetectorExample("MEINE EHRE HEISST TREUE", "bank.demo", "de"),
            DetectorExample("Méine  Ehre\u200b heißt Treue!", "bank.demo", "de"),
            DetectorExample(
                "Congratulations!! You have been selected to receive a FREE phone - click the link below "
                "to claim your gift before midnight",
                "bank.demo",
                "en",
            ),
            DetectorExample("Meine Ehre ist mir wichtig, sagt er", None, "de"),
            DetectorExample("I was selected for the team and we won a prize just before midnight", None, "en"),
        ]
