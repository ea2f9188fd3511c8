"""Complaints (Art. 20) and out-of-court outcomes (Art. 21) of the scenario, through the API.

The appellant uses the token the decision gave them: the affected user's is in the statement of reasons,
the notifier's in the e-mail that told them of the decision (only digests are stored, so the replay reads
the token where it was issued). A reviewer other than the one who decided takes the complaint. A decision
not to act that a complaint reverses is a new decision on the case (claim and decide it), and the appeal
decision then records the outcome.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from rempart.cases.models import Decision
from rempart.demo.replay import NoticePlayer
from rempart.demo.schemas import ScenarioAppeal, ScenarioDispute, ScenarioReview
from rempart.demo.specs import lighter_restriction, reversal_body
from rempart.dsa.models import Appeal, AppealRight, OutOfCourtDispute
from rempart.dsa.rights import token_digest

PARTIES = {"affected_user": "affected", "notifier": "notifier"}


class ScenarioPlayer(NoticePlayer):
    """Every kind of event of the scenario's DSA files."""

    def appeal_token(self, appeal: ScenarioAppeal) -> str | None:
        if appeal.appellant.kind == "notifier":
            notice = self.stored_notice(appeal.appellant.notice_id or "")
            return self.notifier_token(notice) if notice is not None else None
        decision = self.decision_before(appeal.item_id, appeal.submitted_at)
        if decision is None or decision.outcome != "restrict":
            return None
        return self.affected_token(decision.id)

    def stored_appeal(self, appeal: ScenarioAppeal, token: str) -> Appeal | None:
        with self.context.sessions() as session:
            right = session.get(AppealRight, token_digest(token))
            if right is None:
                return None
            return session.scalar(
                select(Appeal).where(
                    Appeal.decision_id == right.decision_id,
                    Appeal.party == right.party,
                    Appeal.received_at == appeal.submitted_at,
                )
            )

    def appeal(self, appeal: ScenarioAppeal) -> None:
        token = self.appeal_token(appeal)
        if token is None:
            self.tally.add("appeals.without_decision")
            return
        if self.stored_appeal(appeal, token) is not None:
            self.tally.add("appeals.already")
            return
        body = {"token": token, "explanation": appeal.text.ljust(10, ".")}
        if self.post("/v1/appeals", body, None, appeal.submitted_at, "appeals") is not None:
            self.tally.add(f"appeals.{PARTIES[appeal.appellant.kind]}")

    def appeal_decision(self, appeal: ScenarioAppeal) -> None:
        token = self.appeal_token(appeal)
        stored = self.stored_appeal(appeal, token) if token is not None else None
        if stored is None:
            return
        if stored.status != "open":
            self.tally.add("appeal_decisions.already")
            return
        review = self.reviews.get(appeal.review_id)
        decided_at = appeal.submitted_at + timedelta(minutes=appeal.latency_minutes)
        reviewer = self.reviewer(self.other_reviewer(review.reviewer if review else ""))
        with self.context.sessions() as session:
            old = session.get(Decision, stored.decision_id)
        assert old is not None
        body: dict[str, object] = {"outcome": appeal.outcome, "reason": _reason(appeal.outcome)}
        if appeal.outcome != "upheld" and old.outcome != "restrict":
            if review is None or not self._restrict_on_complaint(stored, appeal, review, reviewer, decided_at):
                return
        elif appeal.outcome == "partially_reversed":
            body["restriction"] = lighter_restriction(old.decision_visibility)
        path = f"/v1/appeals/{stored.id}/decision"
        if self.post(path, body, reviewer, decided_at, "appeal_decisions") is not None:
            self.tally.add(f"appeal_decisions.{appeal.outcome}")

    def _restrict_on_complaint(
        self, stored: Appeal, appeal: ScenarioAppeal, review: ScenarioReview, reviewer: str, decided_at: datetime
    ) -> bool:
        """The new restricting decision a reversed decision not to act calls for, on the reopened case."""
        claimed = self.post(f"/v1/cases/{stored.case_id}/claim", {}, reviewer, decided_at, "appeal_decisions.claim")
        if claimed is None:
            return False
        source = self.sources([review])[review.review_id]
        decision = reversal_body(review, source, partial=appeal.outcome == "partially_reversed")
        decided = self.post(
            f"/v1/cases/{stored.case_id}/decisions", {"decisions": [decision]}, reviewer, decided_at, "reversals"
        )
        return decided is not None

    def dispute(self, dispute: ScenarioDispute) -> None:
        appeal = self.appeals.get(dispute.appeal_id)
        token = self.appeal_token(appeal) if appeal is not None else None
        stored = self.stored_appeal(appeal, token) if appeal is not None and token is not None else None
        if stored is None:
            self.tally.add("disputes.without_appeal")
            return
        with self.context.sessions() as session:
            found = session.scalar(
                select(OutOfCourtDispute.id).where(
                    OutOfCourtDispute.case_id == stored.case_id,
                    OutOfCourtDispute.body == dispute.body,
                    OutOfCourtDispute.submitted_at == dispute.submitted_at,
                )
            )
        if found is not None:
            self.tally.add("disputes.already")
            return
        closed = dispute.submitted_at + timedelta(days=dispute.duration_days)
        body = {
            "case_id": stored.case_id,
            "decision_id": stored.decision_id,
            "body": dispute.body,
            "submitted_at": dispute.submitted_at.isoformat(),
            "closed_at": closed.isoformat(),
            "outcome": dispute.outcome,
            "implemented": dispute.implemented,
        }
        if self.post("/v1/ods", body, self.credentials.moderator, closed, "disputes") is not None:
            self.tally.add(f"disputes.{dispute.outcome}")


def _reason(outcome: str) -> str:
    return {
        "upheld": "A second reviewer confirmed the decision: it follows our rules and the law.",
        "partially_reversed": "A second reviewer found the restriction too severe and replaced it by a lighter one.",
        "reversed": "A second reviewer found the decision mistaken and reversed it.",
    }[outcome]
