"""Changed occurrences, optimistic locking, the change log, versions and editor accounts.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("overrides", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("lock_version", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "editors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editors")),
        sa.UniqueConstraint("username", name=op.f("uq_editors_username")),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("itinerary_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("editor", sa.String(length=64), nullable=False),
        sa.Column("event_uid", sa.String(length=255), nullable=False),
        sa.Column("event_title", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["itinerary_id"], ["itineraries.id"], name=op.f("fk_changes_itinerary_id_itineraries"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_index(op.f("ix_changes_at"), "changes", ["at"], unique=False)
    op.create_index(op.f("ix_changes_itinerary_id"), "changes", ["itinerary_id"], unique=False)
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("itinerary_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("editor", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["itinerary_id"], ["itineraries.id"], name=op.f("fk_versions_itinerary_id_itineraries"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_versions")),
        sa.UniqueConstraint("itinerary_id", "number", name=op.f("uq_versions_itinerary_id_number")),
    )
    op.create_index(op.f("ix_versions_itinerary_id"), "versions", ["itinerary_id"], unique=False)


def downgrade() -> None:
    op.drop_table("versions")
    op.drop_table("changes")
    op.drop_table("editors")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("lock_version")
        batch.drop_column("overrides")
