"""One head again: join the domains' migrations, which were written side by side from 0001.

Revision ID: 0009
Revises: 0002, 0003, 0004, 0006, 0007
Create Date: 2026-11-21
"""

from collections.abc import Sequence

revision: str = "0009"
down_revision: str | Sequence[str] | None = ("0002", "0003", "0004", "0006", "0007")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: this revision only joins the branches."""


def downgrade() -> None:
    """Nothing to change: this revision only joins the branches."""
