"""`rempart policy evaluate`: how well the detectors and the policy agree with human labels.

A labelled line is a canonical item (JSON Lines) plus `"labels"` (the signal labels or categories a human
gave, e.g. `["hate"]`; `[]` for a clean item) and/or `"expected_policies"` (the rule ids that should fire).

- per rule: expected when the rule id is in `expected_policies` (if the line has that key), else when one of
  the labels is a signal the rule reads; predicted when the rule fires (in any mode, shadow included);
- per detector label: expected when the label is given; predicted when a signal with that label scores at
  least the threshold (language signals `lang.*` are not judged);
- per language and overall: expected when the item has any label or expected policy; predicted when any
  rule fires.

Precision is None without predicted positives, recall None without expected positives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy.orm import Session

from rempart.core.ids import new_id
from rempart.items.adapters.base import Parsed, Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.pipeline.models import PolicyEvaluation
from rempart.pipeline.runner import LANGUAGE_PREFIX, Pipeline

SCOPES = ("rule", "detector", "language", "overall")


@dataclass(slots=True)
class Counts:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    true_negatives: int = 0

    def add(self, *, expected: bool, predicted: bool) -> None:
        if expected and predicted:
            self.true_positives += 1
        elif predicted:
            self.false_positives += 1
        elif expected:
            self.false_negatives += 1
        else:
            self.true_negatives += 1

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives

    def figures(self) -> dict[str, Any]:
        tp, fp, fn, tn = self.true_positives, self.false_positives, self.false_negatives, self.true_negatives
        total = tp + fp + fn + tn
        return {
            "support": self.support,
            "true_positives": tp,
            "false_positives": fp,
            "false_negatives": fn,
            "true_negatives": tn,
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
            "accuracy": (tp + tn) / total if total else None,
        }


@dataclass(slots=True)
class Evaluation:
    policy_version: str
    dataset: str
    items: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    counts: dict[str, dict[str, Counts]] = field(default_factory=lambda: {scope: {} for scope in SCOPES})

    def counts_for(self, scope: str, key: str) -> Counts:
        return self.counts[scope].setdefault(key, Counts())

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy_version": self.policy_version,
            "dataset": self.dataset,
            "items": self.items,
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
            **{
                f"{scope}s" if scope != "overall" else scope: {key: c.figures() for key, c in sorted(keyed.items())}
                for scope, keyed in self.counts.items()
            },
        }


def _labelled(number: int, line: bytes) -> tuple[Parsed | Rejected, set[str], set[str] | None]:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        return Rejected(number, f"invalid JSON: {error}"), set(), None
    if not isinstance(record, dict):
        return Rejected(number, "expected a JSON object"), set(), None
    labels, expected = record.pop("labels", []), record.pop("expected_policies", None)
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        return Rejected(number, "labels: expected a list of strings"), set(), None
    if expected is not None and not (isinstance(expected, list) and all(isinstance(e, str) for e in expected)):
        return Rejected(number, "expected_policies: expected a list of strings"), set(), None
    parsed = CanonicalJsonlAdapter.parse_line(number, orjson.dumps(record))
    return parsed, set(labels), None if expected is None else set(expected)


def evaluate_labelled(
    lines: Iterable[tuple[int, bytes]], pipeline: Pipeline, *, now: datetime, dataset: str, threshold: float = 0.5
) -> Evaluation:
    evaluation = Evaluation(policy_version=pipeline.version, dataset=dataset)
    rule_labels = {
        rule.spec.id: {label.split(":", 1)[-1] for label in rule.expression.signal_labels}
        for rule in pipeline.policy.rules
    }
    # Per item: the human labels and the best score per signal label, judged once all labels are known.
    judged: list[tuple[set[str], dict[str, float]]] = []
    for number, line in lines:
        parsed, labels, expected_policies = _labelled(number, line)
        if isinstance(parsed, Rejected) or parsed.item is None:
            evaluation.rejected.append(
                parsed if isinstance(parsed, Rejected) else Rejected(number, "an item is needed")
            )
            continue
        evaluation.items += 1
        account = next((a for a in parsed.accounts if a.id == parsed.item.author_id), None)
        result = pipeline.check(parsed.item, account, now=now)
        fired = {proposal.policy for proposal in result.proposals}
        for rule_id, read_labels in rule_labels.items():
            wanted = rule_id in expected_policies if expected_policies is not None else bool(labels & read_labels)
            evaluation.counts_for("rule", rule_id).add(expected=wanted, predicted=rule_id in fired)
        best: dict[str, float] = defaultdict(float)
        for signal in result.signals:
            if not signal.label.startswith(LANGUAGE_PREFIX):
                best[signal.label] = max(best[signal.label], signal.score)
        judged.append((labels, dict(best)))
        flagged_by_human = bool(labels) or bool(expected_policies)
        language = result.language or "und"
        evaluation.counts_for("language", language).add(expected=flagged_by_human, predicted=bool(fired))
        evaluation.counts_for("overall", "all").add(expected=flagged_by_human, predicted=bool(fired))
    every_label = set().union(*(labels | set(best) for labels, best in judged)) if judged else set()
    for label in sorted(every_label):
        counts = evaluation.counts_for("detector", label)
        for labels, best in judged:
            counts.add(expected=label in labels, predicted=best.get(label, 0.0) >= threshold)
    return evaluation


def store_evaluation(session: Session, evaluation: Evaluation, now: datetime) -> str:
    """One `policy_evaluations` row per scope and key, under a new run id. Does not commit."""
    run_id = new_id("eval")
    for scope, keyed in evaluation.counts.items():
        for key, counts in keyed.items():
            figures = counts.figures()
            session.add(
                PolicyEvaluation(
                    id=new_id("pev"),
                    run_id=run_id,
                    evaluated_at=now,
                    policy_version=evaluation.policy_version,
                    dataset=evaluation.dataset[:500],
                    scope=scope,
                    key=key[:200],
                    support=counts.support,
                    true_positives=counts.true_positives,
                    false_positives=counts.false_positives,
                    false_negatives=counts.false_negatives,
                    true_negatives=counts.true_negatives,
                    precision=figures["precision"],
                    recall=figures["recall"],
                    accuracy=figures["accuracy"],
                )
            )
    session.flush()
    return run_id
