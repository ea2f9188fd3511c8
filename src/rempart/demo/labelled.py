"""A labelled sample of the scenario for `rempart policy evaluate`: the accuracy of automated means.

From `truth.json`, each post gets the signal labels a correct detector would give it (`hate`,
`illegal.de.86a`, `copypasta`, `claim.<rating>`); posts with none of those are clean (`[]`). The sample
takes, per language, up to `per_language` labelled posts and as many clean ones, in file order, so each
language's precision and recall rest on both kinds.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson

# Truth labels that a detector of the default policy is meant to find, and the signal label it gives.
SIGNAL_LABELS = {"hate": "hate", "illegal_de": "illegal.de.86a", "copypasta": "copypasta"}


def expected_labels(truth: dict[str, Any]) -> dict[str, list[str]]:
    """Item id → the signal labels it should get; items labelled only `campaign*` map to []."""
    labels: dict[str, set[str]] = {}
    ratings = {claim_id: str(claim["rating"]).lower() for claim_id, claim in truth.get("claims", {}).items()}
    for truth_label, keyed in truth.get("items", {}).items():
        if truth_label == "ordinary":
            continue
        for key, item_ids in keyed.items():
            signal = SIGNAL_LABELS.get(truth_label)
            if truth_label == "false_claim":
                signal = f"claim.{ratings.get(key, 'false')}"
            for item_id in item_ids:
                found = labels.setdefault(str(item_id), set())
                if signal is not None:
                    found.add(signal)
    return {item_id: sorted(found) for item_id, found in labels.items()}


def labelled_sample(items_path: Path, truth: dict[str, Any], per_language: int) -> list[tuple[int, bytes]]:
    """(line number, labelled JSON line) for the sample, in file order."""
    expected = expected_labels(truth)
    taken: Counter[tuple[str, bool]] = Counter()
    sample: list[tuple[int, bytes]] = []
    with items_path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if not isinstance(record, dict) or "id" not in record:
                continue
            labels = expected.get(str(record["id"]), [])
            bucket = (str(record.get("language") or "und"), bool(labels))
            if taken[bucket] >= per_language:
                continue
            taken[bucket] += 1
            sample.append((number, orjson.dumps({**record, "labels": labels})))
    return sample
