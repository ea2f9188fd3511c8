"""Case enumerations and boundary types."""

from __future__ import annotations

from enum import StrEnum


class CaseSource(StrEnum):
    DETECTION = "detection"
    BANK_MATCH = "bank_match"
    NOTICE = "notice"
    APPEAL = "appeal"
    CAMPAIGN = "campaign"


class CaseStatus(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in_review"
    ESCALATED = "escalated"
    DECIDED = "decided"
    CLOSED = "closed"
