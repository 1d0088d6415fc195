"""Releases readers can trust: each itinerary's published state as its own copy of the event rows.

Adds ``itineraries.release_of`` (a release row names the itinerary it is the published copy of; not a
foreign key, so that SQLite adds and drops it in place) and
``itineraries.publish_on_save``. Publishing every existing itinerary's current state (its release row
and event copies, release number 1) is done by 0013_ha, once every table that publishing reads exists.
Columns are added in place (no table is copied: a copy of ``itineraries`` or ``events`` on SQLite would
cascade away their links).

Revision ID: 0012_hc
Revises: 0011_ha
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_hc"
down_revision = "0011_ha"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("itineraries", sa.Column("release_of", sa.Integer(), nullable=True))
    op.add_column(
        "itineraries",
        sa.Column("publish_on_save", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_itineraries_release_of", "itineraries", ["release_of"], unique=True)
    # Publishing every existing itinerary (with the application's own code, which reads tables added later)
    # moved to 0013_ha, which publishes each itinerary that has no release yet.


def downgrade() -> None:
    # The release rows and their copies of events go (links, outcomes and blocks first: SQLite may not cascade).
    releases = "SELECT id FROM itineraries WHERE release_of IS NOT NULL"
    copies = f"SELECT id FROM events WHERE itinerary_id IN ({releases})"
    for table in ("event_participants", "outcomes", "event_blocks"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE event_id IN ({copies})"))
    op.execute(sa.text(f"UPDATE events SET parent_id = NULL WHERE itinerary_id IN ({releases})"))
    op.execute(sa.text(f"DELETE FROM events WHERE itinerary_id IN ({releases})"))
    op.execute(sa.text("DELETE FROM itineraries WHERE release_of IS NOT NULL"))
    op.drop_index("ix_itineraries_release_of", table_name="itineraries")
    op.drop_column("itineraries", "publish_on_save")  # in place: never a copy of this table
    op.drop_column("itineraries", "release_of")
