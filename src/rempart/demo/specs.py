"""What the simulated reviewers send: decision bodies built from `reviews.jsonl` and `appeals.jsonl`."""

from __future__ import annotations

from typing import Any

from rempart.demo.dsa_people import TREATMENTS
from rempart.demo.schemas import ScenarioReview
from rempart.dsa import enums
from rempart.dsa.enums import DecisionGround, SourceType

# (ground reference, explanation) by ground-truth label; the scenario's reviewers cite these.
GROUNDS: dict[str, tuple[str, str]] = {
    "hate": (
        "Criminal law against incitement to hatred: Council Framework Decision 2008/913/JHA as transposed "
        "(loi du 29 juillet 1881, § 130 StGB)",
        "The post attacks people on the basis of their religion, origin or sexual orientation.",
    ),
    "illegal_de": (
        "§86a Strafgesetzbuch (Germany): use of symbols of unconstitutional organisations",
        "The post uses a slogan of an organisation banned in Germany; it stays visible elsewhere in the EU.",
    ),
    "copypasta": (
        "Terms of service, section 5.2: spam and platform manipulation",
        "The post is one of many identical messages pushing a fraudulent offer.",
    ),
    "false_claim": (
        "Terms of service, section 6: civic integrity and misleading information",
        "The post repeats a claim that independent fact-checkers rated false; a label links to the fact-check.",
    ),
    "campaign": (
        "Terms of service, section 5.3: inauthentic accounts and coordinated behaviour",
        "The post belongs to a coordinated campaign of recently created accounts posting the same narrative.",
    ),
}
FALLBACK_GROUNDS = {
    DecisionGround.ILLEGAL.value: (
        "Criminal law on defamation and insult of the member state concerned",
        "The reviewer found the post unlawful under the law the notice invoked.",
    ),
    DecisionGround.INCOMPATIBLE.value: (
        "Terms of service, section 3.2: harassment",
        "The reviewer found the post incompatible with our rules on harassment.",
    ),
}
# A partial reversal replaces the restriction by a lighter one.
LIGHTER = {
    "DECISION_VISIBILITY_CONTENT_REMOVED": "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "DECISION_VISIBILITY_CONTENT_DISABLED": "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED": "DECISION_VISIBILITY_CONTENT_LABELLED",
}
LABELLED = "DECISION_VISIBILITY_CONTENT_LABELLED"


def _ground(label: str, ground: str) -> tuple[str, str]:
    return GROUNDS.get(label) or FALLBACK_GROUNDS[ground]


def decision_body(
    *,
    item_id: str,
    label: str,
    category: str,
    keywords: list[str],
    visibility: list[str] | None,
    ground: str | None,
    scope: list[str],
    source: SourceType,
    facts: str,
) -> dict[str, Any]:
    """One `DecisionSpec` as JSON: a restriction when `visibility` is given, else no action."""
    body: dict[str, Any] = {
        "platform": "x",
        "item_id": item_id,
        "category": category,
        "category_specification": [k for k in keywords if k in enums.KEYWORDS],
        "facts": facts,
        "source_type": source.value,
        "automated_detection": source is SourceType.VOLUNTARY,
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
    }
    if scope:
        body["territorial_scope"] = scope
    if visibility:
        ground = ground or DecisionGround.INCOMPATIBLE.value
        reference, explanation = _ground(label, ground)
        body |= {
            "restriction": {"decision_visibility": visibility},
            "decision_ground": ground,
            "ground_reference": reference,
            "ground_explanation": explanation,
        }
    return body


def review_body(review: ScenarioReview, source: SourceType) -> dict[str, Any]:
    """The reviewer's decision on one item, as the review file says."""
    restrict = review.decision == "restrict"
    how = f"notice {', '.join(review.notice_ids)}" if review.notice_ids else "the review queue"
    return decision_body(
        item_id=review.item_id,
        label=review.label,
        category=review.category,
        keywords=review.category_specification,
        visibility=review.decision_visibility if restrict else None,
        ground=review.decision_ground,
        scope=review.territorial_scope if restrict else [],
        source=source,
        facts=f"Reviewed after {how}; the reviewer {'restricted' if restrict else 'kept'} the post.",
    )


def reversal_body(review: ScenarioReview, source: SourceType, *, partial: bool) -> dict[str, Any]:
    """A decision not to act, reversed on the notifier's complaint: the restriction the label calls for
    (a lighter one for a partial reversal)."""
    treatment = TREATMENTS.get(review.label, TREATMENTS["ordinary"])
    visibility = LIGHTER.get(treatment.visibility, LABELLED) if partial else treatment.visibility
    return decision_body(
        item_id=review.item_id,
        label=review.label,
        category=review.category,
        keywords=review.category_specification,
        visibility=[visibility],
        ground=treatment.ground,
        scope=list(treatment.territorial_scope),
        source=source,
        facts="On the notifier's complaint a second reviewer found the post should be restricted.",
    )


def lighter_restriction(visibility: list[str]) -> dict[str, Any]:
    """The restriction that replaces `visibility` in a partial reversal."""
    first = visibility[0] if visibility else LABELLED
    return {"decision_visibility": [LIGHTER.get(first, LABELLED)]}
