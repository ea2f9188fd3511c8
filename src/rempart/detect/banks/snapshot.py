"""Banks loaded into memory: each bank's index, built from its active entries, and the version it reflects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from rempart.detect.banks.models import Bank, BankEntry
from rempart.detect.banks.pdq import DEFAULT_MAX_DISTANCE, PdqIndex
from rempart.detect.banks.schemas import DEFAULT_JACCARD_THRESHOLD, BankKind
from rempart.detect.banks.text_index import IndexMatch, TextBankIndex


@dataclass(frozen=True, slots=True)
class LoadedBank:
    """One bank ready to match: a text index or a PDQ index."""

    id: str
    name: str
    kind: BankKind
    version: int
    text: TextBankIndex | None = None
    pdq: PdqIndex | None = None

    @property
    def label(self) -> str:
        return f"bank.{self.name}"

    def match_text(self, text: str) -> list[IndexMatch]:
        return self.text.query(text) if self.text is not None else []

    def match_tokens(self, tokens: list[str]) -> list[IndexMatch]:
        return self.text.query_tokens(tokens) if self.text is not None else []

    def match_pdq(self, pdq_hex: str) -> list[IndexMatch]:
        return self.pdq.query(pdq_hex) if self.pdq is not None else []


class BankSettings(Protocol):
    """What building a bank's index needs to know of it (the ORM `Bank` has it all)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def jaccard_threshold(self) -> float | None: ...
    @property
    def pdq_distance(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class BankSpec:
    """Bank settings without a database, for snapshots built in code (examples, tests, benchmarks)."""

    id: str
    name: str
    kind: str
    version: int = 1
    jaccard_threshold: float | None = None
    pdq_distance: int | None = None


def build_loaded_bank(bank: BankSettings, entries: Iterable[tuple[str, str]]) -> LoadedBank:
    """An in-memory bank over `entries` ((entry id, value) pairs): all of them, or only new ones."""
    kind = BankKind(bank.kind)
    if kind is BankKind.TEXT:
        threshold = bank.jaccard_threshold if bank.jaccard_threshold is not None else DEFAULT_JACCARD_THRESHOLD
        return LoadedBank(bank.id, bank.name, kind, bank.version, text=TextBankIndex.build(entries, threshold))
    distance = bank.pdq_distance if bank.pdq_distance is not None else DEFAULT_MAX_DISTANCE
    return LoadedBank(bank.id, bank.name, kind, bank.version, pdq=PdqIndex.build(entries, distance))


def load_bank(session: Session, bank: Bank) -> LoadedBank:
    entries = session.execute(
        select(BankEntry.id, BankEntry.value)
        .where(BankEntry.bank_id == bank.id, BankEntry.removed_at.is_(None))
        .order_by(BankEntry.id)
        .execution_options(yield_per=5000)
    )
    return build_loaded_bank(bank, entries)


def bank_versions(session: Session) -> dict[str, int]:
    """Every bank's id and version: one small query, the cheap check that tells what to reload."""
    return {row.id: row.version for row in session.execute(select(Bank.id, Bank.version))}


@dataclass(slots=True)
class BankSnapshot:
    """All banks in memory, by id. `refresh` reloads only the banks whose version changed."""

    banks: dict[str, LoadedBank] = field(default_factory=dict)

    @classmethod
    def from_database(cls, session: Session) -> BankSnapshot:
        snapshot = cls()
        snapshot.refresh(session)
        return snapshot

    def refresh(self, session: Session) -> bool:
        """Bring the snapshot up to date; True when anything changed.

        The new set of banks is built aside and swapped in at once, so that checks running meanwhile in
        other threads see either the old banks or the new ones.
        """
        versions = bank_versions(session)
        stale = [bank_id for bank_id, version in versions.items() if self._version(bank_id) != version]
        gone = [bank_id for bank_id in self.banks if bank_id not in versions]
        if not stale and not gone:
            return False
        banks = {bank_id: loaded for bank_id, loaded in self.banks.items() if bank_id in versions}
        for bank in session.scalars(select(Bank).where(Bank.id.in_(stale))):
            banks[bank.id] = load_bank(session, bank)
        self.banks = banks
        return True

    def _version(self, bank_id: str) -> int | None:
        loaded = self.banks.get(bank_id)
        return loaded.version if loaded is not None else None
