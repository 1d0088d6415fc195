"""Search: an index of the words of itineraries, events, venues and participants, kept by the database.

SQLite: the FTS5 table ``search_index`` (trigram tokenizer) and triggers on the four source tables
that keep it in step with every insert, update and delete (cascades included); the rows that exist
are indexed here. Each entry's rowid is the source row's id times 4 plus the kind's number
(itinerary 0, event 1, venue 2, participant 3; ``itinerary.storage.search.KIND_CODES``).
PostgreSQL: a GIN index on each source table's ``to_tsvector('simple', …)``, the very expression
``itinerary.storage.search.pg_document`` writes in queries; creating it indexes the rows that exist.
No table is copied (never a batch operation on events).

Revision ID: 0008
Revises: 0007
"""

import sqlite3

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# kind, number, table, title column, body expression (over NEW. or OLD. columns written as {r}.)
SOURCES = (
    ("itinerary", 0, "itineraries", "title", "{r}.summary"),
    ("event", 1, "events", "title", "{r}.description"),
    ("venue", 2, "venues", "name", "{r}.city || ', ' || {r}.country"),
    ("participant", 3, "participants", "name", "{r}.role || ', ' || {r}.delegation"),
)
# PostgreSQL: the columns of each document, as pg_document joins them.
PG_DOCUMENTS = {
    "itineraries": ("title", "summary"),
    "events": ("title", "description"),
    "venues": ("name", "city", "country"),
    "participants": ("name", "role", "delegation"),
}


def _pg_document(columns) -> str:
    text = columns[0]
    for more in columns[1:]:
        text = f"{text} || ' ' || coalesce({more}, '')"
    return f"to_tsvector('simple'::regconfig, {text})"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for name, columns in PG_DOCUMENTS.items():
            op.execute(f"CREATE INDEX ix_{name}_search ON {name} USING gin ({_pg_document(columns)})")
        return
    if sqlite3.sqlite_version_info < (3, 34):  # the trigram tokenizer came with 3.34 (December 2020)
        raise RuntimeError(
            f"search needs SQLite 3.34 or later (its trigram tokenizer); this Python has {sqlite3.sqlite_version}"
        )
    op.execute("CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize='trigram')")
    for _kind, number, name, title, body in SOURCES:
        new_body, old_rowid = body.format(r="new"), f"old.id * 4 + {number}"
        insert = (
            f"INSERT INTO search_index (rowid, title, body) VALUES (new.id * 4 + {number}, new.{title}, {new_body});"
        )
        delete = f"DELETE FROM search_index WHERE rowid = {old_rowid};"
        op.execute(f"CREATE TRIGGER {name}_search_insert AFTER INSERT ON {name} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER {name}_search_update AFTER UPDATE ON {name} BEGIN {delete} {insert} END")
        op.execute(f"CREATE TRIGGER {name}_search_delete AFTER DELETE ON {name} BEGIN {delete} END")
        op.execute(
            f"INSERT INTO search_index (rowid, title, body) "
            f"SELECT id * 4 + {number}, {title}, {body.format(r=name)} FROM {name}"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for name in PG_DOCUMENTS:
            op.execute(f"DROP INDEX ix_{name}_search")
        return
    for _kind, _number, name, _title, _body in SOURCES:
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER {name}_search_{action}")
    op.execute("DROP TABLE search_index")
