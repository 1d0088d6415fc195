"""Subscriptions: named, revocable readers of one audience of an itinerary, and their feed health.

New tables only (nothing copied, nothing batch-altered, nothing publishing reads); the event blocks that
earlier migrations leave until the schema is complete are rendered here.

Revision ID: 0014_hb
Revises: 0013_ha
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_hb"
down_revision = "0013_ha"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("itinerary_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("audience", sa.String(length=32), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("paused", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["itinerary_id"],
            ["itineraries.id"],
            name=op.f("fk_subscriptions_itinerary_id_itineraries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("itinerary_id", "name", name=op.f("uq_subscriptions_itinerary_id_name")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_subscriptions_token_digest")),
    )
    op.create_index(op.f("ix_subscriptions_itinerary_id"), "subscriptions", ["itinerary_id"], unique=False)
    op.create_table(
        "subscription_fetches",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first", sa.DateTime(), nullable=False),
        sa.Column("last", sa.DateTime(), nullable=False),
        sa.Column("copy_changed", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_subscription_fetches_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subscription_id", "family", name=op.f("pk_subscription_fetches")),
    )
    # The schema is complete only now: the blocks that earlier migrations left for it (see render_blocks).
    from itinerary.migrations import render_blocks

    render_blocks(op.get_bind())


def downgrade() -> None:
    op.drop_table("subscription_fetches")
    op.drop_index(op.f("ix_subscriptions_itinerary_id"), table_name="subscriptions")
    op.drop_table("subscriptions")
