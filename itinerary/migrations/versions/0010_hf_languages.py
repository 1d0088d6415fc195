"""Content in several languages: the itinerary's own language, texts in the others, event blocks per language.

Adds ``itineraries.language`` (the own language, "en" for every itinerary stored before), the table
``translations`` (a text per thing, field and language other than the own one) and a ``language`` in the
key of ``event_blocks`` (a feed per language joins its own blocks). The blocks are a cache of what the
events say: the table is made again, and the blocks of the default UID domain are rendered once the schema
is complete (:func:`itinerary.migrations.render_blocks`).
Nothing is copied on ``events`` (columns and tables are added in place).

Revision ID: 0010_hf
Revises: 0009_hd
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_hf"
down_revision = "0009_hd"
branch_labels = None
depends_on = None


def _blocks_table(*language) -> None:
    op.create_table(
        "event_blocks",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("uid_domain", sa.String(length=255), nullable=False),
        *language,
        sa.Column("depends", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("cuts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_blocks_event_id_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "uid_domain", *(c.name for c in language), name="pk_event_blocks"),
    )


def upgrade() -> None:
    op.add_column("itineraries", sa.Column("language", sa.String(length=8), nullable=False, server_default="en"))
    op.create_table(
        "translations",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", "field", "language", name="pk_translations"),
    )
    op.drop_table("event_blocks")
    _blocks_table(sa.Column("language", sa.String(length=8), nullable=False, server_default=""))
    # Rendered with the application's own code once the schema has every column it reads (a no-op before).
    from itinerary.migrations import render_blocks

    render_blocks(op.get_bind())


def downgrade() -> None:
    op.drop_table("event_blocks")
    _blocks_table()
    op.drop_table("translations")
    op.drop_column("itineraries", "language")
