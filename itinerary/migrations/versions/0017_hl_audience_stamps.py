"""Per-audience validators and stored stand-ins: each audience's answers change exactly when what it sees does.

Three new tables (nothing added to a table that publishing reads or copies): ``audience_stamps`` (when each
audience's answers of an itinerary last changed, and a digest of what it saw), ``standins`` (a busy event's
stand-in with its own SEQUENCE and LAST-MODIFIED) and ``standin_blocks`` (the stand-ins serialized at write
time, as ``event_blocks`` are for events).

Publishing now reads ``standins`` (an event read carries its stand-in), so the step that publishes every
itinerary without a release ran here, after 0016_hn's table (it was 0013_ha's, and 0012_hc's before); it is
0018_hs's now. Then, with the schema complete, every event's block, every audience's stamp (at the public
stamp it answered with until now) and every stand-in (at its event's SEQUENCE: the bytes readers had) are
stored (see render_blocks).

Revision ID: 0017_hl
Revises: 0016_hn
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_hl"
down_revision = "0016_hn"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audience_stamps",
        sa.Column("itinerary_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=40), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("changed", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["itinerary_id"],
            ["itineraries.id"],
            name=op.f("fk_audience_stamps_itinerary_id_itineraries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("itinerary_id", "audience", name=op.f("pk_audience_stamps")),
    )
    op.create_table(
        "standins",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("access", sa.Text(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("changed", sa.DateTime(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_standins_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_standins")),
    )
    op.create_table(
        "standin_blocks",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("uid_domain", sa.String(length=255), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("depends", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("cuts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_standin_blocks_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "uid_domain", "language", name=op.f("pk_standin_blocks")),
    )
    # Publishing and the blocks, stamps and stand-ins of what there is: 0018_hs's steps now (publishing writes
    # its table).


def downgrade() -> None:
    op.drop_table("standin_blocks")
    op.drop_table("standins")
    op.drop_table("audience_stamps")
