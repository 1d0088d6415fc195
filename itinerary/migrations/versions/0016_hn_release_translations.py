"""Releases carry their texts in other languages: readers see the translations of the latest release.

A new table only, ``release_translations`` (nothing added to a table publishing copies): a release's copy
of its itinerary's and events' texts in other languages and of the languages it offers, written when the
draft is published. Every release that exists gets the texts its readers saw until now (they were read
live), so that readers see after the upgrade exactly what they saw before.

Then the step moved here from 0013_ha (which had it from 0012_hc): every itinerary without a release is
published as it stands, with today's code, which copies texts into this table; so it runs once it exists.
The event blocks that earlier migrations leave until the schema is complete are rendered last.

Revision ID: 0016_hn
Revises: 0015_hi
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

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
    _publish_unreleased()
    # The schema is complete only now: the blocks that earlier migrations left for it (see render_blocks).
    from itinerary.migrations import render_blocks

    render_blocks(op.get_bind())


def _publish_unreleased() -> None:
    """Publish every itinerary that has no release row yet, each at its last change (see 0012_hc)."""
    from itinerary import releases
    from itinerary.storage import Repository

    bind = op.get_bind()
    drafts = bind.execute(
        sa.text(
            "SELECT slug FROM itineraries WHERE release_of IS NULL AND id NOT IN "
            "(SELECT release_of FROM itineraries WHERE release_of IS NOT NULL) ORDER BY slug"
        )
    ).scalars()
    slugs = list(drafts)
    if not slugs:
        return
    session = Session(bind=bind)
    repo = Repository(session)
    for slug in slugs:
        repo.ensure_release(slug)
        releases.publish_in(repo, slug, repo.itinerary(slug).updated, note="the state before releases existed")
    session.flush()


def downgrade() -> None:
    op.drop_index(op.f("ix_release_translations_release_id"), table_name="release_translations")
    op.drop_table("release_translations")
