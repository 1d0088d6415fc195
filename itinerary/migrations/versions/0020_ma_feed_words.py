"""Feeds say their own words in their language: every stored block is made again.

A feed's description ends with lines the service writes from an event's fields ("Format: …", "Participants:
…"); they were in English in every feed, and are now in the feed's language (the itinerary's own, for the feed
without ``?lang=``: ``itinerary.ical.words``). A block in the own language is made of its event's version and
that language now (``itinerary.storage.blocks.own_version``), so every stored block is out of date: this makes
them again, after publishing every itinerary without a release (the step was 0019_jd's; see render_blocks).

Revision ID: 0020_ma
Revises: 0019_jd
"""

from alembic import op

revision = "0020_ma"
down_revision = "0019_jd"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from itinerary.migrations import publish_unreleased, render_blocks

    bind = op.get_bind()
    publish_unreleased(bind)
    # The schema is complete: blocks, stamps and stand-ins for what there is (see render_blocks).
    render_blocks(bind)


def downgrade() -> None:
    """Nothing to undo: the blocks an older version finds out of date are made again as it serves them."""
