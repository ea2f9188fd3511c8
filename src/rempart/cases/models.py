"""Cases and the proposals that open them.

A case carries items (and accounts) from the first signal, notice, appeal or campaign to the decision and
beyond, under one id. A proposal is what the policy suggested for an item, with its provenance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rempart.store.base import Base


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # What opened it: detection, bank_match, notice, appeal, campaign (cases.schemas.CaseSource).
    source: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(500))
    category: Mapped[str | None] = mapped_column(String(100))
    category_specification: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Lower sorts first in the review queue.
    priority: Mapped[int] = mapped_column(Integer, default=100)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_cases_queue", "status", "priority", "opened_at"),)


class CaseItem(Base):
    """An item that belongs to a case."""

    __tablename__ = "case_items"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(256), primary_key=True)
    added_at: Mapped[datetime]

    __table_args__ = (Index("ix_case_items_item", "platform", "item_id"),)


class CaseAccount(Base):
    """An account that belongs to a case (campaigns, repeat offenders)."""

    __tablename__ = "case_accounts"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(256), primary_key=True)
    added_at: Mapped[datetime]


class ProposalRow(Base):
    """What a policy rule proposed for an item, with the provenance to explain it later."""

    __tablename__ = "proposals"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    platform: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str] = mapped_column(String(256))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    policy_id: Mapped[str] = mapped_column(String(100))
    policy_version: Mapped[str] = mapped_column(String(100))
    # enforce, queue or shadow
    mode: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(100))
    category_specification: Mapped[list[str]] = mapped_column(JSON, default=list)
    decision_ground: Mapped[str] = mapped_column(String(64))
    # The proposed restriction: decision_visibility list, decision_account, ... and end dates.
    action: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    territorial_scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Signals that fired (detector, label, score, version, evidence) and detector versions.
    signals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    detector_versions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_proposals_item", "platform", "item_id"),
        Index("ix_proposals_policy", "policy_id", "mode"),
    )
