"""Flask fixtures in the flaskr manner: ``app``, ``client`` and ``runner``."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from itinerary.storage import Store
from tests.conftest import TEST_DATABASE_URL, copy_migrated, fresh_store, restrict_lunch, seed
from web import create_app
from web.fetches import RECORDER_KEY


def new_store(tmp_path, clock) -> Store:
    """An empty store for one test: the PostgreSQL test database when one is given, else a new SQLite file."""
    return fresh_store(clock) if TEST_DATABASE_URL else Store(f"sqlite:///{tmp_path / 'test.sqlite3'}", clock=clock)


def web_app(store: Store):
    """The application over ``store``, configured as the tests run it."""
    return create_app(
        {
            "TESTING": True,
            "STORE": store,
            "SECRET_KEY": "test",
            "DATABASE_URL": "unused",
            "UID_DOMAIN": "itinerary.test",
            # Most tests edit and then read as a reader: each save is published at once, as an itinerary set
            # to publish every save does. Tests of drafts and releases turn it off (``drafts`` below).
            "PUBLISH_EVERY_SAVE": True,
        }
    )


@pytest.fixture
def app(tmp_path, clock):
    store = new_store(tmp_path, clock)
    if not TEST_DATABASE_URL:
        copy_migrated(store)  # create_app then finds the schema at the newest migration
    app = web_app(store)
    seed(store)  # fixtures.load_seed, copied from a template loaded once per run
    yield app
    recorder = app.extensions.get(RECORDER_KEY)
    if recorder is not None:  # written now, into this test's database: never late, into the next test's
        recorder.close()
    store.dispose()


@pytest.fixture
def drafts(app_store):
    """The app's store with saves kept as drafts until published (the default outside tests)."""
    app_store.publish_every_save = False
    return app_store


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Editors and forms

PASSWORD = "correct horse battery staple"


@pytest.fixture
def app_store(app) -> Store:
    """The store behind ``app``."""
    return app.extensions["itinerary.store"]


@pytest.fixture
def lunch_restricted(app) -> None:
    """The seed's lunch plainly restricted (it is busy for the public: see tests/web/test_audiences_everywhere.py),
    for the tests written of it as a restricted event, that test what a restricted event leaves out."""
    restrict_lunch(app.extensions["itinerary.store"])


@pytest.fixture
def editor(app, app_store, client):
    """An editor account, signed in on ``client``; its username."""
    from itinerary import accounts
    from tests.web.forms import sign_in

    accounts.create_editor(app_store, "editor", PASSWORD)
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302, response.text
    return "editor"


def run_cli(tmp_path, *args, check=False):
    """Run the ``itinerary`` console script with its instance folder in ``tmp_path``."""
    env = {**os.environ, "ITINERARY_INSTANCE_PATH": str(tmp_path / "instance")}
    return subprocess.run(
        [sys.executable, "-m", "web", *args], capture_output=True, text=True, env=env, timeout=60, check=check
    )
