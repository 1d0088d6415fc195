"""Audiences of an itinerary's own: the ones its editors add to public, press, delegation and staff.

A new table only (nothing copied, nothing batch-altered, nothing publishing reads: a release's events keep
the audience's name in their entries, which is all a reader needs). The event blocks that earlier
migrations leave until the schema is complete are rendered by 0017_hl.

Revision ID: 0015_hi
Revises: 0014_hb
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_hi"
down_revision = "0014_hb"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "itinerary_audiences",
        sa.Column("itinerary_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["itinerary_id"],
            ["itineraries.id"],
            name=op.f("fk_itinerary_audiences_itinerary_id_itineraries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("itinerary_id", "name", name=op.f("pk_itinerary_audiences")),
    )


def downgrade() -> None:
    op.drop_table("itinerary_audiences")
