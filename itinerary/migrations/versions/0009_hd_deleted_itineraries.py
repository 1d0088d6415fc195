"""Deleted itineraries: their slugs kept so that old pages and feeds answer 410 Gone and the slug is not reused.

A new table only (nothing copied, nothing batch-altered).

Revision ID: 0009_hd
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_hd"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deleted_itineraries",
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=False),
        sa.Column("editor", sa.String(length=64), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_deleted_itineraries")),
    )
    op.create_index(op.f("ix_deleted_itineraries_token_digest"), "deleted_itineraries", ["token_digest"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_deleted_itineraries_token_digest"), table_name="deleted_itineraries")
    op.drop_table("deleted_itineraries")
