"""Feeds say their own words in their language: every stored block is made again.

A feed's description ends with lines the service writes from an event's fields ("Format: …", "Participants:
…"); they were in English in every feed, and are now in the feed's language (the itinerary's own, for the feed
without ``?lang=``: ``itinerary.ical.words``). A block in the own language is made of its event's version and
that language and its venues' and people's texts in it now (``itinerary.storage.blocks.version_in``), and a
kind is named in the feed's language: every stored block is out of date. This makes them all again, after
publishing every itinerary without a release (the step was 0019_jd's; see render_blocks).

Revision ID: 0020_ma
Revises: 0019_jd
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_ma"
down_revision = "0019_jd"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from itinerary.migrations import publish_unreleased, render_blocks

    bind = op.get_bind()
    # Made again from nothing: a busy stand-in's block depends on its state alone, not on the words it says.
    bind.execute(sa.text("DELETE FROM event_blocks"))
    bind.execute(sa.text("DELETE FROM standin_blocks"))
    publish_unreleased(bind)
    # The schema is complete: blocks, stamps and stand-ins for what there is (see render_blocks).
    render_blocks(bind)


def downgrade() -> None:
    """Nothing to undo: the blocks an older version finds out of date are made again as it serves them."""
