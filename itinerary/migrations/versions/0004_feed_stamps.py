"""Per-audience feed stamps: when the public and the private feed of an itinerary last changed.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place rather than by copying the table (batch mode on SQLite), which would drop the old
    # table and with it, by ON DELETE CASCADE, every event. The default only serves the rows already there.
    for name in ("public_changed", "private_changed"):
        op.add_column(
            "itineraries",
            sa.Column(name, sa.DateTime(), nullable=False, server_default=sa.text("'1970-01-01 00:00:00'")),
        )
    # Until the next change, both feeds keep the stamp they were served with.
    op.execute("UPDATE itineraries SET public_changed = updated, private_changed = updated")
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot drop a default without copying the table
        for name in ("public_changed", "private_changed"):
            op.alter_column("itineraries", name, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("itineraries") as batch:
        batch.drop_column("private_changed")
        batch.drop_column("public_changed")
