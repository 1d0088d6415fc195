"""A travel leg's mode (plane, train, car, helicopter, on foot) and the editor's reason on a change entry.

Both columns are added in place (never a batch operation on events: copying that table
would cascade away its links).

Revision ID: 0011_ha
Revises: 0010_hf
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_ha"
down_revision = "0010_hf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("travel_mode", sa.String(16), nullable=False, server_default=""))
    op.add_column("changes", sa.Column("reason", sa.String(200), nullable=False, server_default=""))
    # Blocks that 0007 could not render while this column was missing (none missing or stale: nothing happens).
    from itinerary.migrations import render_blocks

    render_blocks(op.get_bind())


def downgrade() -> None:
    op.drop_column("changes", "reason")
    op.drop_column("events", "travel_mode")
