"""Sign-in throttling, server-side editor sessions, and disabled editors.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("editors") as batch:
        batch.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "editor_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("seen", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["editor_id"], ["editors.id"], name=op.f("fk_editor_sessions_editor_id_editors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editor_sessions")),
    )
    op.create_index(op.f("ix_editor_sessions_editor_id"), "editor_sessions", ["editor_id"], unique=False)
    op.create_table(
        "sign_in_failures",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("scope", "subject", name=op.f("pk_sign_in_failures")),
    )
    op.create_index("ix_sign_in_failures_last_failure", "sign_in_failures", ["last_failure"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sign_in_failures_last_failure", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_index(op.f("ix_editor_sessions_editor_id"), table_name="editor_sessions")
    op.drop_table("editor_sessions")
    with op.batch_alter_table("editors") as batch:
        batch.drop_column("disabled")
