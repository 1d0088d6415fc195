"""Alembic's environment: migrations run on the engine handed over in the configuration."""

from __future__ import annotations

from alembic import context

from itinerary.storage import SCHEMA

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SCHEMA,
        render_as_batch=engine.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
