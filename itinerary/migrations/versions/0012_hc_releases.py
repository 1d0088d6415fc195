"""Releases readers can trust: each itinerary's published state as its own copy of the event rows.

Adds ``itineraries.release_of`` (a release row names the itinerary it is the published copy of; not a
foreign key, so that SQLite adds and drops it in place) and
``itineraries.publish_on_save``, then publishes every existing itinerary's current state: its release
row and event copies are made, and it gets its next release number (1 where none was published), so
that readers see after the upgrade exactly what they saw before. Columns are added in place (no table
is copied: a copy of ``itineraries`` or ``events`` on SQLite would cascade away their links).

Revision ID: 0012_hc
Revises: 0011_ha
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

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
    # Published with the application's own code: a release is what publishing in this version makes.
    from itinerary import releases
    from itinerary.storage import Repository

    session = Session(bind=op.get_bind())
    releases.publish_all(Repository(session), note="the state before releases existed")
    session.flush()
    from itinerary.migrations import render_blocks

    render_blocks(op.get_bind())


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
