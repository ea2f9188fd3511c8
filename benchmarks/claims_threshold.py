"""The claims score at which the default policy labels a post: recall and decoys on the FR/EN paraphrase set.

    .venv/bin/python benchmarks/claims_threshold.py

For each of the 44 reviewed claims of `tests/data/claims/pairs.json` (not the demo), the detector's best
`claim.*` score on the same-language paraphrase and the cross-language restatement (should be labelled)
and on the same-topic decoy (should not), at several policy thresholds.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from rempart.detect.claims.detector import ClaimsDetector
from rempart.detect.claims.index import ClaimEntry
from rempart.detect.claims.ratings import normalise_rating
from rempart.detect.claims.schemas import ClaimsConfig
from rempart.items.schemas import Item

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claims" / "pairs.json"
THRESHOLDS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8)


def main() -> None:
    pairs = json.loads(PAIRS.read_text())
    entries = [
        ClaimEntry(
            p["id"],
            p["claim"]["text"],
            normalise_rating(p["claim"]["rating"]),
            p["claim"]["rating"],
            f"https://fc.example/{p['id']}",
            "FC",
            p["claim"]["lang"],
        )
        for p in pairs
    ]
    detector = ClaimsDetector(ClaimsConfig(), entries=entries)
    created = datetime(2024, 9, 1, tzinfo=UTC)

    def score(text: str) -> float:
        signals = detector.check(Item(platform="x", id="1", author_id="a", created_at=created, text=text))
        return max((s.score for s in signals if s.label.startswith("claim.")), default=0.0)

    restatements = [score(p[kind]["text"]) for p in pairs for kind in ("para", "cross")]
    decoys = [score(p["distractor"]["text"]) for p in pairs]
    print("| policy threshold | restatements labelled | decoys labelled |\n|---|---|---|")
    for threshold in THRESHOLDS:
        kept = sum(value >= threshold for value in restatements) / len(restatements)
        wrong = sum(value >= threshold for value in decoys)
        print(f"| {threshold} | {kept:.3f} of {len(restatements)} | {wrong} of {len(decoys)} |")
    print(f"decoy scores above 0.5: {sorted(value for value in decoys if value >= 0.5)}")


if __name__ == "__main__":
    main()
