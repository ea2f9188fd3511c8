"""reports: the keywords of member-state orders

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-21 12:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
# The table comes from the DSA migration.
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('member_state_orders') as batch_op:
        batch_op.add_column(sa.Column('category_specification', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('category_specification_other', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('member_state_orders') as batch_op:
        batch_op.drop_column('category_specification_other')
        batch_op.drop_column('category_specification')
