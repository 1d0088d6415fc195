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
    # Added in place rather than by copying the table (batch mode on SQLite): dropping the old copy would take,
    # by ON DELETE CASCADE, every event's participants and outcomes and every child's parent. The defaults
    # only serve the rows already there.
    op.add_column("events", sa.Column("rdates", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("events", sa.Column("foreign_uid", sa.Boolean(), nullable=False, server_default=sa.false()))
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot drop a default without copying the table
        op.alter_column("events", "rdates", server_default=None)
        op.alter_column("events", "foreign_uid", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("foreign_uid")
        batch.drop_column("rdates")
