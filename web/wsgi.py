"""The WSGI entry point for production servers with several workers.

    gunicorn --preload --workers 4 --bind 127.0.0.1:8000 web.wsgi:app

behind nginx (``deploy/``, README: Production): sync workers read requests
themselves, so without a buffering proxy a few slow clients hold them all.

With ``--preload`` the schema is migrated and the seed loaded once, in the
master, before the workers fork; the pool is then emptied so that no worker
inherits another's database connection. Nothing a later request needs lives
in a worker's memory: sessions, sign-in failures, tokens and data are in the
database, and each worker's feed cache is keyed by the stored state it shows.
"""

from __future__ import annotations

from web.app import STORE_KEY, create_app, seed_if_empty

app = create_app()
seed_if_empty(app)
app.extensions[STORE_KEY].dispose()
