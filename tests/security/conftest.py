"""Real servers on loopback for the security suite, and the Flask app for the checks that need no server."""

from __future__ import annotations

import os

import pytest

from bench import slow_clients
from itinerary.storage import Store
from tests.conftest import TEST_DATABASE_URL, copy_migrated, fresh_store, seed
from web import create_app

IN_CI = os.environ.get("CI", "").lower() in {"true", "1"}


@pytest.fixture
def make_app(tmp_path, clock):
    """A factory of apps with the seed loaded, configured like ``create_app``'s ``test_config``."""
    stores = []

    def make(**config):
        store = (
            fresh_store(clock) if TEST_DATABASE_URL else Store(f"sqlite:///{tmp_path / 'test.sqlite3'}", clock=clock)
        )
        if not TEST_DATABASE_URL:
            copy_migrated(store)
        stores.append(store)
        defaults = {"TESTING": True, "STORE": store, "SECRET_KEY": "test", "DATABASE_URL": "unused"}
        defaults["PUBLISH_EVERY_SAVE"] = True  # readers see each edit at once
        app = create_app({**defaults, "UID_DOMAIN": "itinerary.test", **config})
        seed(store)  # fixtures.load_seed, copied from a template loaded once per run
        return app

    yield make
    for store in stores:
        store.dispose()


@pytest.fixture
def nginx_binary() -> str:
    """Debian's nginx; missing, the test is skipped, and failed under CI (where .ci/run installs it)."""
    binary = slow_clients.find_nginx()
    if binary is None:
        message = "nginx is not installed (apt-get install nginx; .ci/run does)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return binary
