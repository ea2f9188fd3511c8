"""Detection quality on the demo scenario's ground truth: precision and recall per detector, label and rule.

    .venv/bin/python benchmarks/detection_quality.py --posts 20000 --seed 11

Generates a scenario, imports its fact-checks, runs `rempart scan` with the default policy (or `--policy`)
and compares with `truth.json`:
- each detector's signals (and the classifier's at the policy's score thresholds) with the truth label it
  is meant to find, overall and per language, with the truth labels its false positives carry;
- the language detector: the `lang.*` signal against the declared language, and its raw detection with
  the declared language withheld;
- the policy: each rule's proposals against its truth label.
Use seeds that were not looked at while tuning: the figures are then measured on unseen data.
`--keep DIR` keeps the scenario and the scan output.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REMPART = [sys.executable, "-m", "rempart.cli.main"]

# Which truth label each detector signal is meant to find (signal label, or prefix ending in ".").
TARGETS = {"hate": "hate", "illegal.de.86a": "illegal_de", "copypasta": "copypasta", "claim.": "false_claim"}
# Which truth label each rule of the default policy is meant to find.
RULES = {
    "hate-speech-review": "hate",
    "hate-speech-restrict": "hate",
    "hate-speech (review or restrict)": "hate",
    "de-86a-symbols": "illegal_de",
    "copypasta-spam": "copypasta",
    "false-claim-label": "false_claim",
    "known-illegal-content": "-",
}
CLASSIFIER_THRESHOLDS = (0.7, 0.8, 0.9)


def run(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run([*REMPART, *args], env=env, check=True, capture_output=True, text=True).stdout


def jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open() as lines:
        for line in lines:
            yield json.loads(line)


class Truth:
    def __init__(self, document: dict[str, Any]) -> None:
        self.ids: dict[str, set[str]] = {}
        self.label_of: dict[str, set[str]] = defaultdict(set)
        for label, groups in document["items"].items():
            self.ids[label] = set()
            for group in groups.values():
                self.ids[label].update(group)
                for item_id in group:
                    self.label_of[item_id].add(label)

    def expected(self, label: str) -> set[str]:
        return self.ids.get(label, set())

    def labels(self, item_id: str) -> str:
        return "+".join(sorted(self.label_of.get(item_id, set()))) or "ordinary"


def figures(flagged: set[str], expected: set[str]) -> tuple[int, float, float]:
    hits = len(flagged & expected)
    precision = hits / len(flagged) if flagged else 0.0
    recall = hits / len(expected) if expected else 0.0
    return hits, precision, recall


def false_positive_labels(truth: Truth, flagged: set[str], expected: set[str]) -> str:
    counts = Counter(truth.labels(item_id) for item_id in flagged - expected)
    return ", ".join(f"{label} {count}" for label, count in counts.most_common(4)) or "-"


def row(name: str, label: str, expected: set[str], flagged: set[str], truth: Truth) -> str:
    _, precision, recall = figures(flagged, expected)
    false = false_positive_labels(truth, flagged, expected)
    return f"| {name} | {label} | {len(expected)} | {len(flagged)} | {precision:.3f} | {recall:.3f} | {false} |"


def language_accuracy(items: Path, scan_language: dict[str, str | None]) -> list[str]:
    """The `lang.*` signal against the declared language, and raw detection with the declaration withheld."""
    from rempart.detect.language import LanguageDetector
    from rempart.items.schemas import Item

    detector = LanguageDetector()
    per_language: dict[str, Counter[str]] = defaultdict(Counter)
    for record in jsonl(items):
        declared = record.get("language")
        if not declared:
            continue
        counts = per_language[declared]
        counts["items"] += 1
        counts["signal"] += scan_language.get(record["id"]) == declared
        raw = detector.check(Item.model_validate({**record, "language": None}))
        counts["raw"] += bool(raw) and raw[0].label == f"lang.{declared}"
    lines = ["| language | items | signal = declared | detected without the declaration |", "|---|---|---|---|"]
    for language, counts in sorted(per_language.items()):
        total = counts["items"]
        lines.append(f"| {language} | {total} | {counts['signal'] / total:.3f} | {counts['raw'] / total:.3f} |")
    return lines


def report(truth: Truth, items: Path, results: Path) -> list[str]:
    item_language: dict[str, str] = {}
    for record in jsonl(items):
        item_language[record["id"]] = record.get("language") or "und"
    flagged: dict[tuple[str, str], set[str]] = defaultdict(set)
    classifier_scores: dict[str, float] = {}
    proposed: dict[str, set[str]] = defaultdict(set)
    signal_language: dict[str, str | None] = {}
    for line in jsonl(results):
        item_id = line["item"]["id"]
        for signal in line["signals"]:
            label = signal["label"]
            if label.startswith("lang."):
                signal_language[item_id] = label.removeprefix("lang.")
            if signal["detector"] == "classifier":
                classifier_scores[item_id] = signal["score"]
            for target in TARGETS:
                if label == target or (target.endswith(".") and label.startswith(target)):
                    flagged[(signal["detector"], target)].add(item_id)
        for proposal in line["proposals"]:
            proposed[proposal["policy"]].add(item_id)
    proposed["hate-speech (review or restrict)"] = proposed["hate-speech-review"] | proposed["hate-speech-restrict"]

    header = "| {} | label | truth | flagged | precision | recall | false positives by truth label |"
    lines = [header.format("detector"), "|---|---|---|---|---|---|---|"]
    for (detector, target), ids in sorted(flagged.items()):
        expected = truth.expected(TARGETS[target])
        lines.append(row(detector, target, expected, ids, truth))
        if TARGETS[target] == "hate":
            for language in sorted({item_language[item_id] for item_id in expected}):
                in_language = {i for i in item_language if item_language[i] == language}
                lines.append(row(f"{detector} ({language})", target, expected & in_language, ids & in_language, truth))
    hate = truth.expected("hate")
    for threshold in CLASSIFIER_THRESHOLDS:
        above = {item_id for item_id, score in classifier_scores.items() if score >= threshold}
        lines.append(row(f"classifier ≥ {threshold}", "hate", hate, above, truth))
    lines += ["", header.format("policy rule"), "|---|---|---|---|---|---|---|"]
    for rule, target in RULES.items():
        lines.append(row(rule, target, truth.expected(target), proposed.get(rule, set()), truth))
    lines += ["", *language_accuracy(items, signal_language)]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--policy", type=Path, help="Policy file (default: the shipped default policy).")
    parser.add_argument("--keep", type=Path, help="Keep the scenario, database and scan output in this directory.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        out = work / "scenario"
        database = work / "quality.db"
        database.unlink(missing_ok=True)
        env = {**os.environ, "REMPART_DATABASE_URL": f"sqlite:///{database}"}
        run(["demo", "generate", "--posts", str(args.posts), "--seed", str(args.seed), "--out", str(out)], env)
        run(["db", "upgrade"], env)
        run(["claims", "import", str(out / "claimreviews.jsonl"), "--json"], env)
        run(["ingest", str(out / "accounts.jsonl"), "--json"], env)
        results = work / "scan.jsonl"
        policy = ["--policy", str(args.policy)] if args.policy else []
        run(["scan", "--format", "jsonl", str(out / "items.jsonl"), "--out", str(results), *policy, "--json"], env)
        truth = Truth(json.loads((out / "truth.json").read_text()))
        lines = report(truth, out / "items.jsonl", results)
    print(f"scenario: {args.posts:,} posts, seed {args.seed}, policy {args.policy or 'default'}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
