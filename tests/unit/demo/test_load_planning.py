"""How `rempart demo load` plans the scenario: review groups, the time line, the labelled sample."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rempart.demo.labelled import expected_labels
from rempart.demo.scenario_files import review_groups
from rempart.demo.schemas import ScenarioReview

T0 = datetime(2024, 8, 12, 20, 0, tzinfo=UTC)


def review(review_id: str, notice_ids: list[str], minutes: int = 10) -> ScenarioReview:
    return ScenarioReview.model_validate(
        {
            "review_id": review_id,
            "source": "notice" if notice_ids else "queue",
            "notice_ids": notice_ids,
            "item_id": review_id.lower(),
            "decision": "no_action",
            "category": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
            "reviewer": "reviewer-01",
            "decided_at": (T0 + timedelta(minutes=minutes)).isoformat(),
            "latency_minutes": minutes,
            "label": "ordinary",
        }
    )


def test_reviews_sharing_a_notice_are_decided_together() -> None:
    reviews = [
        review("R1", ["N1"]),  # N1 names items 1 and 2
        review("R2", ["N1"]),
        review("R3", ["N2"]),
        review("R4", []),  # the queue
        review("R5", ["N3", "N2"]),  # a second notice on R3's item joins N2's group
        review("R6", ["N3"]),
    ]
    groups = [[r.review_id for r in group] for group in review_groups(reviews)]
    assert groups == [["R1", "R2"], ["R3", "R5", "R6"], ["R4"]]


def test_reviews_bridging_two_groups_merge_them() -> None:
    reviews = [review("R1", ["N1"]), review("R2", ["N2"]), review("R3", ["N1", "N2"])]
    assert [[r.review_id for r in g] for g in review_groups(reviews)] == [["R1", "R2", "R3"]]


def test_expected_labels_map_truth_to_the_signals_a_correct_detector_gives() -> None:
    truth: dict[str, Any] = {
        "claims": {"ddos": {"rating": "False"}, "billion": {"rating": "Misleading"}},
        "items": {
            "hate": {"en": ["1"]},
            "illegal_de": {"de": ["2"]},
            "copypasta": {"btc": ["3"]},
            "false_claim": {"ddos": ["4", "5"], "billion": ["6"]},
            "campaign": {"C1": ["5", "7"]},
            "ordinary": {"": ["8"]},
        },
    }
    assert expected_labels(truth) == {
        "1": ["hate"],
        "2": ["illegal.de.86a"],
        "3": ["copypasta"],
        "4": ["claim.false"],
        "5": ["claim.false"],
        "6": ["claim.misleading"],
        "7": [],
    }
