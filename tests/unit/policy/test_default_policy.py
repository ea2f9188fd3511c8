"""The shipped default policy.

The first test checks its structure (DSA values, grounds, CEL) with stand-in detectors. The second loads it
with the detectors actually installed: it fails, naming them, while a detector the default policy enables
(language, keywords, classifier, bank, copypasta, claims) is not installed under `rempart.detectors`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from rempart.detect.registry import DetectorRegistry
from rempart.policy.loader import default_policy_path, load_policy

BUILT_IN = ("language", "keywords", "classifier", "bank", "copypasta", "claims")


class _AnySettings(BaseModel):
    model_config = ConfigDict(extra="allow")


def _stand_in(detector_name: str) -> type[Any]:
    class StandIn:
        name: ClassVar[str] = detector_name
        version: ClassVar[str] = "0"
        config_model: ClassVar[type[BaseModel]] = _AnySettings

        def check(self, item: object, account: object = None) -> list[object]:
            return []

    return StandIn


def test_default_policy_is_well_formed_and_linked_from_the_repository() -> None:
    policy = load_policy(default_policy_path(), {name: _stand_in(name) for name in BUILT_IN})
    assert list(policy.detector_configs) == list(BUILT_IN)
    by_id = {rule.spec.id: rule for rule in policy.rules}
    assert by_id["hate-speech-review"].spec.mode.value == "queue"
    assert by_id["hate-speech-restrict"].spec.mode.value == "enforce"
    assert by_id["known-illegal-content"].spec.action.decision_visibility == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert by_id["copypasta-spam"].spec.category == "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"
    claims = by_id["false-claim-label"].spec
    assert claims.action.decision_visibility == ["DECISION_VISIBILITY_CONTENT_LABELLED"]
    assert claims.category_specification == ["KEYWORD_MISINFORMATION_DISINFORMATION"]
    german = by_id["de-86a-symbols"]
    assert german.countries == ["DE"]
    assert german.ground["illegal_content_legal_ground"].startswith("§86a Strafgesetzbuch")
    assert all(rule.spec.description.strip() for rule in policy.rules)
    repository_copy = Path(__file__).parents[3] / "policies" / "default.yaml"
    assert repository_copy.resolve() == default_policy_path().resolve()


def test_default_policy_loads_with_the_installed_detectors() -> None:
    installed = DetectorRegistry.discover()
    missing = [name for name in BUILT_IN if installed.get(name) is None]
    assert missing == [], f"detectors named in the default policy are not installed: {missing}"
    policy = load_policy(default_policy_path(), installed.classes())
    assert list(policy.detector_configs) == list(BUILT_IN)
