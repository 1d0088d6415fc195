"""Audiences: what each audience (public, press, delegation, staff…) sees of an event, and its public label.

Two new tables beside ``events`` (never a column on it, never a copy of it): ``event_audiences`` holds
an event's visibility for one audience where it differs from the default of the event's old visibility
(public: full for every audience; restricted: full for staff, hidden from everyone else), and
``event_labels`` the label a busy event shows. Existing data therefore converts without a row written:
each public event stays full for every audience and each restricted one full for staff alone.

Then the step moved here from 0012_hc: every itinerary without a release is published as it stands (its
release row, copies of its events, release number 1), so that readers see after the upgrade exactly what
they saw before; publishing reads these tables, so it runs once they exist.

Revision ID: 0013_ha
Revises: 0012_hc
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0013_ha"
down_revision = "0012_hc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_audiences",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(40), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_audiences_event_id_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "audience", name="pk_event_audiences"),
    )
    op.create_table(
        "event_labels",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_labels_event_id_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name="pk_event_labels"),
    )
    _publish_unreleased()
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
    op.drop_table("event_labels")
    op.drop_table("event_audiences")
