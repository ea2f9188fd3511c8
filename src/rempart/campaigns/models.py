"""ORM rows for detected campaigns (one row per campaign, re-detections update it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from rempart.store.base import Base


class CampaignRow(Base):
    __tablename__ = "campaigns"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    # campaign | spam_network (`GroupKind`)
    kind: Mapped[str] = mapped_column(String(16), default="campaign", server_default="campaign")
    score: Mapped[float] = mapped_column(Float)
    # [{"platform": ..., "id": ...}, ...]
    accounts: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    items: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    period_since: Mapped[datetime]
    period_until: Mapped[datetime]
    engine: Mapped[str] = mapped_column(String(16))
    first_detected_at: Mapped[datetime]
    last_detected_at: Mapped[datetime]

    __table_args__ = (Index("ix_campaigns_case", "case_id"), Index("ix_campaigns_kind", "kind"))
