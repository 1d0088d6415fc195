"""Releases carry their texts in other languages: readers see the translations of the latest release.

A new table only, ``release_translations`` (nothing added to a table publishing copies): a release's copy
of its itinerary's and events' texts in other languages and of the languages it offers, written when the
draft is published. Every release that exists gets the texts its readers saw until now (they were read
live), so that readers see after the upgrade exactly what they saw before.

The step that publishes every itinerary without a release, with today's code (which copies texts into this
table), runs in 0017_hl, once every table that code reads exists; so do the event blocks.

Revision ID: 0016_hn
Revises: 0015_hi
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_hn"
down_revision = "0015_hi"
branch_labels = None
depends_on = None

# The texts of each existing release's itinerary and events, as its readers read them live until now.
_COPY = sa.text(
    "INSERT INTO release_translations (release_id, kind, key, field, language, text) "
    "SELECT released.id, t.kind, t.key, t.field, t.language, t.text "
    "FROM translations t, itineraries draft, itineraries released "
    "WHERE released.release_of = draft.id AND ("
    "(t.kind IN ('itinerary', 'offers') AND t.key = draft.slug) "
    "OR (t.kind = 'event' AND t.key LIKE draft.slug || '/%'))"
)


def upgrade() -> None:
    op.create_table(
        "release_translations",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["itineraries.id"],
            name=op.f("fk_release_translations_release_id_itineraries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("kind", "key", "field", "language", name=op.f("pk_release_translations")),
    )
    op.create_index(op.f("ix_release_translations_release_id"), "release_translations", ["release_id"])
    op.get_bind().execute(_COPY)


def downgrade() -> None:
    op.drop_index(op.f("ix_release_translations_release_id"), table_name="release_translations")
    op.drop_table("release_translations")
