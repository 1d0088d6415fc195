"""Extra dates of a series (RDATE) and UIDs issued by other calendars.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("rdates", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("foreign_uid", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("foreign_uid")
        batch.drop_column("rdates")
