"""Fixtures shared by every test: a store with a fixed clock, and factories."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from hypothesis import settings as hypothesis_settings

from itinerary import fixtures, services
from itinerary.storage import SCHEMA, MemoryStore, Store

NOW = datetime(2018, 6, 4, 9, 0, tzinfo=UTC)

# In CI the property tests draw the same examples every run, so a red build
# always means a change, not a new random draw; developers keep exploring.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


# With ITINERARY_TEST_DATABASE_URL set (CI sets a PostgreSQL URL), every test
# that uses the ``store`` or ``app`` fixtures runs against that database instead
# of an in-memory SQLite one; each test starts from empty tables.
TEST_DATABASE_URL = os.environ.get("ITINERARY_TEST_DATABASE_URL")


def fresh_store(clock) -> Store:
    """A store with the schema at the newest migration and no rows."""
    store = Store(TEST_DATABASE_URL or "sqlite://", clock=clock)
    store.create_schema()
    if TEST_DATABASE_URL:
        tables = ", ".join(t.name for t in SCHEMA.sorted_tables)
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return store


def pytest_configure(config):
    config.addinivalue_line("markers", "sql_only: the test looks at the SQL store's tables or session")


def pytest_generate_tests(metafunc):
    """Run a module's tests on every kind of store it names in ``STORES`` (the memory store and the SQL one).

    Tests marked ``sql_only`` (they look at tables or the session) run on the SQL store alone.
    """
    kinds = getattr(metafunc.module, "STORES", None)
    if kinds and "store" in metafunc.fixturenames and not metafunc.definition.get_closest_marker("sql_only"):
        metafunc.parametrize("store", kinds, indirect=True)


@pytest.fixture
def store(request, clock) -> Store | MemoryStore:
    """An empty store: the SQL one, or with ``STORES`` in a module each kind it names ("sql", "memory")."""
    if getattr(request, "param", "sql") == "memory":
        yield MemoryStore(clock=clock)
        return
    store = fresh_store(clock)
    yield store
    store.dispose()


@pytest.fixture
def seeded(store) -> Store:
    fixtures.load_seed(store)
    return store


# Venues tests put by key: a seat of government and an airport in another country and time zone.
VENUES = {
    "chancellery": {
        "name": "Federal Chancellery",
        "city": "Berlin",
        "country": "Germany",
        "timezone": "Europe/Berlin",
        "latitude": 52.5202,
        "longitude": 13.3692,
    },
    "vnukovo": {
        "name": "Vnukovo Airport",
        "city": "Moscow",
        "country": "Russia",
        "timezone": "Europe/Moscow",
        "latitude": 55.5915,
        "longitude": 37.2615,
    },
}


def put_venue(store, key: str, **fields) -> None:
    """Put the venue ``VENUES[key]``, or one with the Federal Chancellery's place but the ``fields`` given."""
    services.put_venue(store, key=key, **{**VENUES.get(key, VENUES["chancellery"]), **fields})


def make_trip(store, slug: str, title: str) -> str:
    """An empty Berlin itinerary with the two ``VENUES`` and two participants; its slug."""
    services.create_itinerary(store, slug=slug, title=title, timezone="Europe/Berlin")
    put_venue(store, "chancellery")
    put_venue(store, "vnukovo")
    services.put_participant(store, key="anna", name="Anna Example", role="Chief of protocol", delegation="Germany")
    services.put_participant(store, key="boris", name="Boris Example", role="Aide", delegation="Russia")
    return slug


@pytest.fixture
def trip(store) -> str:
    """An empty Berlin itinerary with two venues and two participants; its slug."""
    return make_trip(store, "berlin-trip", "Berlin trip")


def make_event(store: Store, slug: str, **fields):
    """Create an event with sensible defaults for the fields a test does not care about."""
    fields.setdefault("title", "Talks")
    if not fields.get("all_day"):
        fields.setdefault("start", datetime(2018, 6, 8, 10, 0))
        fields.setdefault("end", datetime(2018, 6, 8, 11, 0))
    return services.create_event(store, slug, **fields)


def restrict_lunch(store, slug: str = "china-state-visit-2018") -> None:
    """Make the seed's narrow-format lunch plainly restricted (hidden from all but staff), as it was before
    audiences made it busy for the public and the press: for tests of what a restricted event leaves out."""
    services.update_event(store, slug, "cn2018-lunch-narrow", access=(), label="")
