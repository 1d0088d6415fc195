"""Audiences: what each audience (public, press, delegation, staff…) sees of an event, and its public label.

Two new tables beside ``events`` (never a column on it, never a copy of it): ``event_audiences`` holds
an event's visibility for one audience where it differs from the default of the event's old visibility
(public: full for every audience; restricted: full for staff, hidden from everyone else), and
``event_labels`` the label a busy event shows. Existing data therefore converts without a row written:
each public event stays full for every audience and each restricted one full for staff alone.

The step that publishes every itinerary without a release (moved here from 0012_hc) has moved on to
0017_hl, once every table that publishing reads exists (see itinerary.migrations.publish_unreleased).

Revision ID: 0013_ha
Revises: 0012_hc
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_ha"
down_revision = "0012_hc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_audiences",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(40), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_audiences_event_id_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "audience", name="pk_event_audiences"),
    )
    op.create_table(
        "event_labels",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_labels_event_id_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name="pk_event_labels"),
    )
    from itinerary.migrations import render_blocks

    render_blocks(op.get_bind())


def downgrade() -> None:
    op.drop_table("event_labels")
    op.drop_table("event_audiences")
