"""One item through every enabled detector and the policy: the in-process check.

Detectors run in the policy file's order. When the item declares no language, the first `lang.<code>`
signal (from the `language` detector, listed first) sets it, so that later detectors and the rules see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rempart.detect.interfaces import BatchDetector, Detector, Signal
from rempart.detect.registry import DetectorContext, DetectorRegistry
from rempart.items.schemas import Account, Item
from rempart.policy.engine import PolicyEngine, signal_record
from rempart.policy.loader import LoadedPolicy, default_policy_path, load_policy
from rempart.policy.schemas import Proposal

LANGUAGE_PREFIX = "lang."


@dataclass(frozen=True, slots=True)
class CheckResult:
    item: Item
    signals: list[Signal]
    proposals: list[Proposal]

    @property
    def language(self) -> str | None:
        return self.item.language

    def summary(self) -> dict[str, Any]:
        """The line `rempart scan --out` writes for this item."""
        return {
            "item": {"platform": self.item.platform, "id": self.item.id},
            "language": self.item.language,
            "signals": [{"detector": s.detector, "label": s.label, "score": s.score} for s in self.signals],
            "proposals": [p.summary() for p in self.proposals],
        }

    def details(self) -> dict[str, Any]:
        """Everything, with provenance: what `POST /v1/check` answers."""
        return {
            "item": {"platform": self.item.platform, "id": self.item.id},
            "language": self.item.language,
            "signals": [signal_record(s) for s in self.signals],
            "proposals": [p.as_dict() for p in self.proposals],
        }


def _detected_language(signals: Sequence[Signal]) -> str | None:
    best: Signal | None = None
    for signal in signals:
        if signal.label.startswith(LANGUAGE_PREFIX) and (best is None or signal.score > best.score):
            best = signal
    return None if best is None else best.label.removeprefix(LANGUAGE_PREFIX)


class Pipeline:
    """The enabled detectors, built once, and the policy engine."""

    def __init__(self, policy: LoadedPolicy, detectors: Sequence[Detector]) -> None:
        self.policy = policy
        self.engine = PolicyEngine(policy)
        self.detectors = tuple(detectors)
        self.detector_versions = {d.name: d.version for d in self.detectors}

    @property
    def version(self) -> str:
        return self.policy.version

    def check(self, item: Item, account: Account | None = None, *, now: datetime) -> CheckResult:
        signals: list[Signal] = []
        for detector in self.detectors:
            found = detector.check(item, account)
            if not found:
                continue
            signals.extend(found)
            if item.language is None:
                language = _detected_language(found)
                if language is not None:
                    item = item.model_copy(update={"language": language})
        proposals = self.engine.evaluate(item, account, signals, now=now, detector_versions=self.detector_versions)
        return CheckResult(item, signals, proposals)

    def check_many(
        self, items: Sequence[Item], accounts: Sequence[Account | None], *, now: datetime
    ) -> list[CheckResult]:
        """`check` for each item, in order, with one call per detector for the whole batch where the detector
        has `check_many` (the same results: each detector sees the items in the same order)."""
        checked = list(items)
        signals: list[list[Signal]] = [[] for _ in checked]
        for detector in self.detectors:
            if isinstance(detector, BatchDetector):
                found_all = detector.check_many(checked, accounts)
            else:
                found_all = [detector.check(item, account) for item, account in zip(checked, accounts, strict=True)]
            for index, found in enumerate(found_all):
                if not found:
                    continue
                signals[index].extend(found)
                if checked[index].language is None:
                    language = _detected_language(found)
                    if language is not None:
                        checked[index] = checked[index].model_copy(update={"language": language})
        evaluate, versions = self.engine.evaluate, self.detector_versions
        return [
            CheckResult(item, found, evaluate(item, account, found, now=now, detector_versions=versions))
            for item, account, found in zip(checked, accounts, signals, strict=True)
        ]


def build_pipeline(policy_path: Path | str | None, registry: DetectorRegistry, context: DetectorContext) -> Pipeline:
    """Load and validate the policy (the packaged default when no path is given) and build its detectors."""
    policy = load_policy(policy_path or default_policy_path(), registry.classes())
    detectors = [registry.build(name, config, context) for name, config in policy.detector_configs.items()]
    return Pipeline(policy, detectors)
