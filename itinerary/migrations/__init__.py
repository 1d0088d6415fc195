"""Schema migrations with Alembic: the schema is created and upgraded only through them.

Run programmatically (``Store.create_schema`` calls :func:`upgrade`), so no
alembic.ini is needed; ``itinerary db-upgrade`` does the same from the shell.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent


def config(engine: Engine) -> Config:
    """An Alembic configuration that runs on ``engine``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["engine"] = engine
    return cfg


def head() -> str:
    """The newest revision."""
    return ScriptDirectory.from_config(config(None)).get_current_head()


def current(engine: Engine) -> str | None:
    """The database's revision, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; an empty database is created from scratch."""
    cfg = config(engine)
    if current(engine) is None and inspect(engine).has_table("itineraries"):
        # A database made before migrations existed (create_all of revision 0001's tables).
        command.stamp(cfg, "0001")
    command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` (for tests of upgrades with data)."""
    command.downgrade(config(engine), revision)


def render_blocks(bind) -> None:
    """Store every event's feed block with the application's own code, in a migration's transaction.

    Only once the schema has every table and column that code reads (:func:`schema_complete`): a
    migration older than the code (0007 run on the way to a head that adds columns) leaves it to the
    one that completes the schema, or to the first start (:func:`itinerary.storage.blocks.fill`).
    """
    from sqlalchemy.orm import Session

    from itinerary import ical
    from itinerary.storage import Repository, blocks, views

    if not schema_complete(bind):
        return
    session = Session(bind=bind)
    repo = Repository(session)
    views.refresh_all(repo)  # before the blocks: a stand-in's block shows its stored SEQUENCE
    blocks.refresh_all(repo, (ical.DEFAULT_UID_DOMAIN,))
    session.flush()


def publish_unreleased(bind) -> None:
    """Publish every itinerary that has no release row yet, each at its last change (0012_hc's step, then
    0013_ha's, 0017_hl's, 0018_hs's and 0019_jd's, now 0020_ma's: it runs with today's code, so only once every
    table that code reads exists)."""
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from itinerary import releases
    from itinerary.storage import Repository

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
        releases.publish_in(repo, slug, repo.itinerary(slug).updated, note=releases.BEFORE_RELEASES)
    session.flush()


def schema_complete(bind) -> bool:
    """Whether the database has every table and column of today's models, so today's code can run on it."""
    from itinerary.storage import SCHEMA

    found = inspect(bind)
    tables = set(found.get_table_names())
    for table in SCHEMA.sorted_tables:
        if table.name not in tables:
            return False
        if not {column.name for column in table.columns} <= {c["name"] for c in found.get_columns(table.name)}:
            return False
    return True
