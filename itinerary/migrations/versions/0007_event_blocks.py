"""Event blocks stored at write time: each event's VEVENTs serialized once, kept with what they were made of.

Creates ``event_blocks`` and renders the block of every event already stored,
for the default UID domain (a deployment with another one gets its blocks on
its first start: see ``web.app``), so that feeds of an upgraded database are
served without serializing any event.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_blocks",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("uid_domain", sa.String(length=255), nullable=False),
        sa.Column("depends", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("cuts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_blocks_event_id_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "uid_domain", name="pk_event_blocks"),
    )
    # Rendered with the application's own code: a block is what the feed of this version writes (once the
    # schema has every column that code reads: the last migration renders them then).
    from itinerary.migrations import render_blocks

    render_blocks(op.get_bind())


def downgrade() -> None:
    op.drop_table("event_blocks")
