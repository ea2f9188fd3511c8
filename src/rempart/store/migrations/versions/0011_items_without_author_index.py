"""items: drop the author index, which no query uses

Items arrive in time order, so the primary key and `ix_items_created_at` grow at their ends; the author
index was filled in random order and was half the cost of a bulk ingest on SQLite, for no reader.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_items_author", table_name="items")


def downgrade() -> None:
    op.create_index("ix_items_author", "items", ["platform", "author_id"], unique=False)
