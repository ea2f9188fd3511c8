"""Detection quality on the demo scenario's ground truth: precision and recall per detector and label.

    .venv/bin/python benchmarks/detection_quality.py --posts 20000 --seed 11

Generates a scenario, imports its fact-checks, runs `rempart scan` with the default policy and compares
each detector's signals with `truth.json`. The scenario's seed differs from any used while tuning, so the
figures are measured on data the detectors were not tuned on.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REMPART = [sys.executable, "-m", "rempart.cli.main"]

# Which truth label each detector signal is meant to find (signal label prefix -> truth label).
TARGETS = {
    "hate": "hate",
    "illegal.de.86a": "illegal_de",
    "copypasta": "copypasta",
    "claim.": "false_claim",
}


def run(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run([*REMPART, *args], env=env, check=True, capture_output=True, text=True).stdout


def truth_ids(truth: dict[str, Any], label: str) -> set[str]:
    ids: set[str] = set()
    for group in truth["items"].get(label, {}).values():
        ids.update(group)
    return ids


def scanned(path: Path) -> Iterator[dict[str, Any]]:
    with path.open() as lines:
        for line in lines:
            yield json.loads(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "scenario"
        env = {**os.environ, "REMPART_DATABASE_URL": f"sqlite:///{Path(scratch) / 'quality.db'}"}
        run(["demo", "generate", "--posts", str(args.posts), "--seed", str(args.seed), "--out", str(out)], env)
        run(["db", "upgrade"], env)
        run(["claims", "import", str(out / "claimreviews.jsonl"), "--json"], env)
        run(["ingest", str(out / "accounts.jsonl"), "--json"], env)
        results = Path(scratch) / "scan.jsonl"
        run(["scan", "--format", "jsonl", str(out / "items.jsonl"), "--out", str(results), "--json"], env)
        truth = json.loads((out / "truth.json").read_text())
        languages = {}
        with (out / "items.jsonl").open() as items:
            for line in items:
                record = json.loads(line)
                languages[record["id"]] = record.get("language")
        flagged: dict[tuple[str, str], set[str]] = defaultdict(set)
        language_right = language_total = 0
        for line in scanned(results):
            item_id = line["item"]["id"]
            if languages.get(item_id):
                language_total += 1
                language_right += line["language"] == languages[item_id]
            for signal in line["signals"]:
                for prefix in TARGETS:
                    if signal["label"] == prefix or (prefix.endswith(".") and signal["label"].startswith(prefix)):
                        flagged[(signal["detector"], prefix)].add(item_id)
    print(f"scenario: {args.posts:,} posts, seed {args.seed}")
    print(f"{'detector':<12} {'label':<16} {'truth':>6} {'flagged':>8} {'precision':>10} {'recall':>8}")
    for (detector, prefix), ids in sorted(flagged.items()):
        expected = truth_ids(truth, TARGETS[prefix])
        hits = len(ids & expected)
        precision = hits / len(ids) if ids else 0.0
        recall = hits / len(expected) if expected else 0.0
        print(f"{detector:<12} {prefix:<16} {len(expected):>6} {len(ids):>8} {precision:>10.3f} {recall:>8.3f}")
    if language_total:
        print(f"language     accuracy against the declared language: {language_right / language_total:.3f}")


if __name__ == "__main__":
    main()
