"""Turn an item's signals into proposals: the policy's hot path.

Rules see three variables:
- `signals`: a map from signal label to `{"detector", "label", "score", "evidence"}`. When several detectors
  emit the same label (keywords and classifier both say `hate`), `signals["hate"]` is the highest-scoring
  one, and each is also under `"<detector>:<label>"` (`signals["classifier:hate"]`). **An absent signal
  reads as a zero signal** (`signals["hate"].score == 0.0`), so thresholds need no `has()` guard; use
  `"hate" in signals` to test presence. `score("hate")` is shorthand for `signals["hate"].score`.
- `item`: the item's fields (`platform`, `id`, `author_id`, `text`, `language` — declared, or else
  detected —, `urls`, `mentions`, `hashtags`, `country_hints`, `reply_to`, `repost_of`, `quote_of`,
  `media` as `[{"kind", "pdq"}]`, `created_at` as an RFC 3339 string).
- `account`: the author's fields (`handle`, `followers_count`, `verified`, ...), an empty map when unknown.

A rule that names signals with literals only runs when at least one of them is present on the item (most
items carry no signal at all, so most rules are skipped without being evaluated); a rule that reads
`signals` dynamically, or no signal at all, runs on every item.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from rempart.detect.interfaces import Signal
from rempart.items.schemas import Account, Item
from rempart.policy.loader import CompiledRule, LoadedPolicy
from rempart.policy.schemas import Proposal

_END_DATES = (
    ("decision_visibility", "end_date_visibility_restriction"),
    ("decision_account", "end_date_account_restriction"),
    ("decision_monetary", "end_date_monetary_restriction"),
    ("decision_provision", "end_date_service_restriction"),
)


class SignalMap(dict[str, dict[str, Any]]):
    """Signals by label; an absent label reads as a zero-score signal."""

    def __missing__(self, label: str) -> dict[str, Any]:
        return {"detector": "", "label": label, "score": 0.0, "evidence": {}}


def signal_map(signals: Sequence[Signal]) -> SignalMap:
    mapped = SignalMap()
    for signal in signals:
        view = {"detector": signal.detector, "label": signal.label, "score": signal.score, "evidence": signal.evidence}
        mapped[f"{signal.detector}:{signal.label}"] = view
        best = mapped.get(signal.label)
        if best is None or signal.score > best["score"]:
            mapped[signal.label] = view
    return mapped


def item_view(item: Item) -> dict[str, Any]:
    return {
        "platform": item.platform,
        "id": item.id,
        "author_id": item.author_id,
        "text": item.text,
        "language": item.language,
        "urls": item.urls,
        "mentions": item.mentions,
        "hashtags": item.hashtags,
        "country_hints": item.country_hints,
        "reply_to": item.reply_to,
        "repost_of": item.repost_of,
        "quote_of": item.quote_of,
        "media": [{"kind": m.kind.value, "pdq": m.pdq} for m in item.media],
        "created_at": item.created_at.isoformat(),
    }


def account_view(account: Account | None) -> dict[str, Any]:
    if account is None:
        return {}
    return {
        "platform": account.platform,
        "id": account.id,
        "handle": account.handle,
        "display_name": account.display_name,
        "followers_count": account.followers_count,
        "following_count": account.following_count,
        "verified": account.verified,
        "verified_type": account.verified_type,
        "created_at": account.created_at.isoformat() if account.created_at else None,
    }


def signal_record(signal: Signal) -> dict[str, Any]:
    return {
        "detector": signal.detector,
        "label": signal.label,
        "score": signal.score,
        "detector_version": signal.detector_version,
        "evidence": signal.evidence,
    }


def proposed_action(rule: CompiledRule, now: datetime) -> dict[str, Any]:
    """The Transparency Database fields of the rule's action and ground, with end dates from the duration."""
    spec = rule.spec.action
    action: dict[str, Any] = spec.model_dump(exclude_none=True, exclude={"duration_days"})
    if not action.get("decision_visibility"):
        action.pop("decision_visibility", None)
    if spec.duration_days is not None:
        end = (now + timedelta(days=spec.duration_days)).date().isoformat()
        for restriction, end_field in _END_DATES:
            if restriction in action:
                action[end_field] = end
    action.update(rule.ground)
    return action


class PolicyEngine:
    """A loaded policy, indexed by the signal labels its rules read."""

    def __init__(self, policy: LoadedPolicy) -> None:
        self.policy = policy
        self.version = policy.version
        self._always: list[CompiledRule] = []
        self._by_label: dict[str, list[CompiledRule]] = {}
        self._position = {rule.spec.id: position for position, rule in enumerate(policy.rules)}
        for rule in policy.rules:
            expression = rule.expression
            if expression.reads_any_signal or not expression.signal_labels:
                self._always.append(rule)
                continue
            for label in expression.signal_labels:
                self._by_label.setdefault(label, []).append(rule)

    def candidates(self, signals: SignalMap) -> list[CompiledRule]:
        if not signals:
            return self._always
        chosen = {rule.spec.id: rule for rule in self._always}
        for label in signals:
            for rule in self._by_label.get(label, ()):
                chosen[rule.spec.id] = rule
        return sorted(chosen.values(), key=lambda rule: self._position[rule.spec.id])

    def evaluate(
        self,
        item: Item,
        account: Account | None,
        signals: Sequence[Signal],
        *,
        now: datetime,
        detector_versions: dict[str, str] | None = None,
    ) -> list[Proposal]:
        if not signals and not self._always:
            return []
        mapped = signal_map(signals)
        rules = self.candidates(mapped)
        if not rules:
            return []
        env: dict[str, Any] = {"signals": mapped}
        if any("item" in rule.expression.variables for rule in rules):  # views only for the rules that read them
            env["item"] = item_view(item)
        if any("account" in rule.expression.variables for rule in rules):
            env["account"] = account_view(account)
        proposals = []
        for rule in rules:
            if rule.expression.holds(env):
                proposals.append(self._proposal(rule, signals, now, detector_versions or {}))
        return proposals

    def _proposal(
        self, rule: CompiledRule, signals: Sequence[Signal], now: datetime, detector_versions: dict[str, str]
    ) -> Proposal:
        expression = rule.expression
        if expression.reads_any_signal:
            fired = list(signals)
        else:
            labels = expression.signal_labels
            fired = [s for s in signals if s.label in labels or f"{s.detector}:{s.label}" in labels]
        spec = rule.spec
        return Proposal(
            policy=spec.id,
            policy_version=self.version,
            category=spec.category,
            category_specification=list(spec.category_specification),
            mode=spec.mode,
            decision_ground=spec.ground.decision_ground,
            action=proposed_action(rule, now),
            territorial_scope=list(rule.countries),
            priority=spec.priority,
            signals=[signal_record(s) for s in fired],
            detector_versions=dict(detector_versions),
        )
