"""Cases and the proposals that open them.

A case carries items (and accounts) from the first signal, notice, appeal or campaign to the decision and
beyond, under one id. A proposal is what the policy suggested for an item, with its provenance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
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


class Decision(Base):
    """What was decided on one item or one account of a case, in the Transparency Database's terms.

    `outcome` is `restrict` or `no_action`. Restriction, ground and category fields hold the TDB's own
    enumeration strings. `supersedes_id` links a decision changed on appeal to the one it replaces.
    """

    __tablename__ = "decisions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str | None] = mapped_column(String(256))
    account_id: Mapped[str | None] = mapped_column(String(256))
    outcome: Mapped[str] = mapped_column(String(16))
    decision_visibility: Mapped[list[str]] = mapped_column(JSON, default=list)
    decision_visibility_other: Mapped[str | None] = mapped_column(String(500))
    decision_monetary: Mapped[str | None] = mapped_column(String(64))
    decision_monetary_other: Mapped[str | None] = mapped_column(String(500))
    decision_provision: Mapped[str | None] = mapped_column(String(64))
    decision_account: Mapped[str | None] = mapped_column(String(64))
    account_type: Mapped[str | None] = mapped_column(String(64))
    decision_ground: Mapped[str | None] = mapped_column(String(64))
    # The law relied on (illegal content) or the terms-and-conditions clause (incompatible content).
    ground_reference: Mapped[str | None] = mapped_column(String(500))
    ground_explanation: Mapped[str | None] = mapped_column(Text)
    ground_reference_url: Mapped[str | None] = mapped_column(String(500))
    incompatible_content_illegal: Mapped[str | None] = mapped_column(String(8))
    category: Mapped[str | None] = mapped_column(String(100))
    category_addition: Mapped[list[str]] = mapped_column(JSON, default=list)
    category_specification: Mapped[list[str]] = mapped_column(JSON, default=list)
    category_specification_other: Mapped[str | None] = mapped_column(String(500))
    content_type: Mapped[list[str]] = mapped_column(JSON, default=list)
    content_language: Mapped[str | None] = mapped_column(String(8))
    content_at: Mapped[datetime | None]
    territorial_scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    ends_at: Mapped[datetime | None]
    facts: Mapped[str] = mapped_column(Text, default="")
    source_type: Mapped[str] = mapped_column(String(64))
    source_identity: Mapped[str | None] = mapped_column(String(500))
    automated_detection: Mapped[bool] = mapped_column(Boolean, default=False)
    automated_decision: Mapped[str] = mapped_column(String(64))
    manifestly_illegal: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime]
    supersedes_id: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (Index("ix_decisions_target", "platform", "item_id", "account_id"),)


class Action(Base):
    """A restriction in force on the platform: told by webhook when applied, lifted, or expired."""

    __tablename__ = "actions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str] = mapped_column(String(40))
    platform: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str | None] = mapped_column(String(256))
    account_id: Mapped[str | None] = mapped_column(String(256))
    restriction: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    territorial_scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    # active, lifted (by a later decision) or expired (its end date passed)
    status: Mapped[str] = mapped_column(String(16))
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (Index("ix_actions_expiry", "status", "ends_at"),)


class ReviewClaim(Base):
    """One reviewer's lock on a case, until `expires_at`."""

    __tablename__ = "review_claims"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    claimed_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class CaseNote(Base):
    """An internal note; never shown to users."""

    __tablename__ = "case_notes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class CaseMessage(Base):
    """What someone was told about a case (e-mail, platform webhook), as sent."""

    __tablename__ = "case_messages"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class AuditEntry(Base):
    """One line of the append-only, hash-chained audit log."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[str | None] = mapped_column(String(40), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
