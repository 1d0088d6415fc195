"""Each change-log entry records the event's visibility at the time of the change.

Readers' change log judged entries by what the event's UID named at the time of
reading, so a restricted event deleted and a public one with the same UID brought
the restricted titles out. Existing entries get the visibility they can be shown
to have had: walking each event's entries from its current state backwards (and
through the "visibility" changes they record), then forwards across deletions.
What cannot be known is recorded as restricted, which only hides an entry.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PUBLIC, RESTRICTED = "public", "restricted"


def upgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.add_column(sa.Column("visibility", sa.String(length=16), nullable=False, server_default=RESTRICTED))
    connection = op.get_bind()
    changes = sa.table(
        "changes",
        sa.column("id", sa.Integer),
        sa.column("itinerary_id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("event_uid", sa.String),
        sa.column("action", sa.String),
        sa.column("fields", sa.JSON),
        sa.column("visibility", sa.String),
    )
    events = sa.table(
        "events",
        sa.column("itinerary_id", sa.Integer),
        sa.column("uid", sa.String),
        sa.column("visibility", sa.String),
    )
    now = {(row.itinerary_id, row.uid): row.visibility for row in connection.execute(sa.select(events))}
    by_event: dict[tuple[int, str], list] = {}
    query = sa.select(changes.c.id, changes.c.itinerary_id, changes.c.event_uid, changes.c.action, changes.c.fields)
    for row in connection.execute(query.order_by(changes.c.at, changes.c.id)):
        by_event.setdefault((row.itinerary_id, row.event_uid), []).append(row)
    found: dict[int, str] = {}
    for key, rows in by_event.items():
        after = [None] * len(rows)
        # Backwards from the state stored now: what each entry left the event as.
        state = now.get(key) if rows[-1].action != "deleted" else None
        for i in range(len(rows) - 1, -1, -1):
            row, fields = rows[i], rows[i].fields or {}
            if row.action == "deleted":
                state = None
                continue
            pair = fields.get("visibility")
            after[i] = pair[1] if pair else state
            state = None if row.action == "created" else (pair[0] if pair else after[i])
        # Forwards: a deletion leaves the state the entry before it left; an entry without a visibility change
        # keeps the state of the entry before it.
        for i, row in enumerate(rows):
            unknown_change = after[i] is None and row.action != "created" and "visibility" not in (row.fields or {})
            if row.action == "deleted" or unknown_change:
                after[i] = after[i - 1] if i else None
        for row, value in zip(rows, after, strict=True):
            found[row.id] = value if value in {PUBLIC, RESTRICTED} else RESTRICTED
    public = [identifier for identifier, value in found.items() if value == PUBLIC]
    for start in range(0, len(public), 500):
        connection.execute(
            sa.update(changes).where(changes.c.id.in_(public[start : start + 500])).values(visibility=PUBLIC)
        )


def downgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("visibility")
