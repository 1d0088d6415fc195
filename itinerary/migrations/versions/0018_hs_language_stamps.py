"""Per-language validators: each language's feed of an itinerary has its own stamp (ETag, Last-Modified).

One new table (nothing added to a table that publishing reads or copies): ``language_stamps``, when each
audience's feed in each language last changed and a digest of what it showed then (see
:func:`itinerary.storage.views.refresh_languages`). A text changed in one language moves that language's
feeds alone; the own language's texts and everything not per language move them all.

Publishing now writes ``language_stamps`` (its transaction refreshes them), so the step that publishes every
itinerary without a release ran here, after this table (it was 0017_hl's, and 0013_ha's and 0012_hc's
before; it is 0019_jd's now), and then every block, stamp and stand-in is stored (see render_blocks): every
language's stamp starts at its audience's, what its feed answered with until now.

Revision ID: 0018_hs
Revises: 0017_hl
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_hs"
down_revision = "0017_hl"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "language_stamps",
        sa.Column("itinerary_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("changed", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["itinerary_id"],
            ["itineraries.id"],
            name=op.f("fk_language_stamps_itinerary_id_itineraries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("itinerary_id", "audience", "language", name=op.f("pk_language_stamps")),
    )
    # Publishing every itinerary without a release, then storing every block, runs in 0019_jd now.


def downgrade() -> None:
    op.drop_table("language_stamps")
