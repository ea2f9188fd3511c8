"""Evaluation runs of the policy against labelled data: the accuracy of automated means (Art. 15, 24).

One row per run and measured thing: `scope` is `rule` (a policy id), `detector` (a signal label),
`language` (an ISO 639-1 code) or `overall`; the transparency report reads precision, recall and accuracy
per language from here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rempart.store.base import Base


class PolicyEvaluation(Base):
    __tablename__ = "policy_evaluations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(40))
    evaluated_at: Mapped[datetime]
    policy_version: Mapped[str] = mapped_column(String(100))
    dataset: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    support: Mapped[int] = mapped_column(Integer)
    true_positives: Mapped[int] = mapped_column(Integer)
    false_positives: Mapped[int] = mapped_column(Integer)
    false_negatives: Mapped[int] = mapped_column(Integer)
    true_negatives: Mapped[int] = mapped_column(Integer)
    precision: Mapped[float | None] = mapped_column(Float)
    recall: Mapped[float | None] = mapped_column(Float)
    accuracy: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index("ix_policy_evaluations_run", "run_id"),
        Index("ix_policy_evaluations_scope", "scope", "key", "evaluated_at"),
    )
