"""What a detector is: a small plug-in that looks at one item and returns signals.

Detectors are discovered through the `rempart.detectors` entry-point group; the policy file says which
ones run and with what settings. Matching indexes (hash banks, claim vectors) live apart from the
detector so that the algorithm and the index can change independently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from pydantic import BaseModel

from rempart.items.schemas import Account, Item


@dataclass(frozen=True, slots=True)
class Signal:
    """One finding: which detector, what label, how sure (0..1), and the evidence behind it."""

    detector: str
    label: str
    score: float
    detector_version: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DetectorExample:
    """An item the detector must flag with `label` (or must not, when `label` is None)."""

    text: str
    label: str | None
    language: str | None = None


@runtime_checkable
class Detector(Protocol):
    """The contract every detector keeps. `check` is on the hot path: keep it in microseconds."""

    name: ClassVar[str]
    version: ClassVar[str]
    config_model: ClassVar[type[BaseModel]]

    def check(self, item: Item, account: Account | None = None) -> list[Signal]: ...

    @classmethod
    def examples(cls) -> list[DetectorExample]: ...


@runtime_checkable
class BatchDetector(Detector, Protocol):
    """A detector that can also check many items in one call (`rempart scan` checks a chunk at a time).

    `check_many(items, accounts)[k]` must equal `check(items[k], accounts[k])` with the items checked in
    order: the batch only shares the per-call work (vectorised features, one matrix product)."""

    def check_many(self, items: Sequence[Item], accounts: Sequence[Account | None]) -> list[list[Signal]]: ...
