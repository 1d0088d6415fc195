"""Release notes the service wrote are marked: each starts with ``itinerary.releases.SERVICE``.

The service's own notes ("published on save", "loaded from seed.toml"…) were recognised by their exact English
text, so an editor's note that was word for word one of them was said in the page's language as if the service
had written it. They are now stored after a control character an editor's note can never hold; this marks the
rows written before (an old row with such a sentence is taken to be the service's: it wrote nearly all of them).

The step that publishes every itinerary without a release, then stores every block, stamp and stand-in, ran
here (it was 0018_hs's, and 0017_hl's before); it is 0020_ma's now (see render_blocks).

Revision ID: 0019_jd
Revises: 0018_hs
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_jd"
down_revision = "0018_hs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from itinerary.releases import service_note

    bind = op.get_bind()
    for row_id, note in bind.execute(sa.text("SELECT id, note FROM versions")).all():
        if note and service_note(note) != note:
            bind.execute(
                sa.text("UPDATE versions SET note = :note WHERE id = :id"), {"note": service_note(note), "id": row_id}
            )


def downgrade() -> None:
    from itinerary.releases import SERVICE

    op.get_bind().execute(
        sa.text("UPDATE versions SET note = substr(note, 2) WHERE substr(note, 1, 1) = :mark"), {"mark": SERVICE}
    )
