"""Fixtures shared by every test: a store with a fixed clock, and factories."""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

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
    if not TEST_DATABASE_URL:
        copy_migrated(store)
        return store
    store.create_schema()
    tables = ", ".join(t.name for t in SCHEMA.sorted_tables)
    with store.engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return store


# Templates. Migrating an empty database costs a third of a second and loading the seed two seconds, and
# most tests start from one or the other: each is made once per run and copied into every test's database
# (SQLite: its backup API copies the whole file, search index and sequences included; PostgreSQL: the seeded
# rows and sequence positions are kept in a schema of their own and inserted after the usual TRUNCATE).
# The seed is copied only into a store set as the template's was (the clock's instant, UID domains, stored
# blocks, publishing), so a copy is byte for byte what loading the seed there would have stored.
_TEMPLATES: dict[tuple, object] = {}


def _template_folder() -> Path:
    if "folder" not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="itinerary-test-templates-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _TEMPLATES["folder"] = folder
    return _TEMPLATES["folder"]


def _copy_sqlite(source: Path, store: Store) -> None:
    """Replace the SQLite database behind ``store`` (a file or the memory) with a copy of ``source``."""
    with sqlite3.connect(source) as template:
        raw = store.engine.raw_connection()
        try:
            template.backup(raw.driver_connection)
        finally:
            raw.close()
    template.close()


def copy_migrated(store: Store) -> None:
    """Bring an empty SQLite store to the newest migration by copying a database migrated once per run."""
    if "migrated" not in _TEMPLATES:
        path = _template_folder() / "migrated.sqlite3"
        template = Store(f"sqlite:///{path}")
        template.create_schema()
        template.dispose()
        _TEMPLATES["migrated"] = path
    _copy_sqlite(_TEMPLATES["migrated"], store)


def seed(store) -> None:
    """``fixtures.load_seed(store)`` into an empty store, copied from the same seed loaded once per run."""
    key = (store.url.split(":")[0], store.clock(), tuple(store.block_domains), store.stored_blocks)
    key += (store.publish_every_save,)
    if isinstance(store, MemoryStore):
        if key not in _TEMPLATES:
            template = MemoryStore(clock=Clock(store.clock()))
            fixtures.load_seed(template)
            _TEMPLATES[key] = template
        template = _TEMPLATES[key]
        store.state = copy.deepcopy(template.state)
        store.generation = template.generation
    elif store.engine.dialect.name == "sqlite":
        if key not in _TEMPLATES:
            path = _template_folder() / f"seeded-{len(_TEMPLATES)}.sqlite3"
            template = Store(f"sqlite:///{path}", clock=Clock(store.clock()))
            copy_migrated(template)
            template.block_domains, template.stored_blocks = store.block_domains, store.stored_blocks
            template.publish_every_save = store.publish_every_save
            fixtures.load_seed(template)
            template.dispose()
            _TEMPLATES[key] = (path, template.generation)
        path, generation = _TEMPLATES[key]
        _copy_sqlite(path, store)
        store.generation = generation
    elif key in _TEMPLATES:
        schema, sequences, generation = _TEMPLATES[key]
        with store.engine.begin() as connection:
            for table in SCHEMA.sorted_tables:
                columns = ", ".join(f'"{column.name}"' for column in table.columns)
                connection.exec_driver_sql(
                    f'INSERT INTO "{table.name}" ({columns}) SELECT {columns} FROM {schema}."{table.name}"'
                )
            for name, last_value in sequences:
                connection.exec_driver_sql(f"SELECT setval('\"{name}\"', {last_value})")
        store.generation = generation
    else:  # PostgreSQL, the first time: load the seed, then keep its rows and sequence positions
        fixtures.load_seed(store)
        schema = f"test_seed_{len(_TEMPLATES)}"
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
            for table in SCHEMA.sorted_tables:
                connection.exec_driver_sql(f'CREATE TABLE {schema}."{table.name}" AS SELECT * FROM "{table.name}"')
            sequences = connection.exec_driver_sql(
                "SELECT sequencename, last_value FROM pg_sequences"
                " WHERE schemaname = 'public' AND last_value IS NOT NULL"
            ).all()
        _TEMPLATES[key] = (schema, [tuple(row) for row in sequences], store.generation)


def pytest_configure(config):
    config.addinivalue_line("markers", "sql_only: the test looks at the SQL store's tables or session")


# The PostgreSQL pass (ITINERARY_TEST_DATABASE_URL set) runs only the tests that can reach that database:
# those using a fixture that opens it, and every test of a module that names it (TEST_DATABASE_URL,
# fresh_store, or tests/security/servers.py, which points servers at it). Every other test (domain tests,
# the memory store's runs, doctests, CLI tests on their own SQLite files) never reads the URL, so it runs
# exactly as in the SQLite pass, which ran it; the PostgreSQL pass deselects it rather than repeat it.
DATABASE_FIXTURES = {"store", "seeded", "app", "make_app", "server"}
_NAMES_THE_DATABASE = ("TEST_DATABASE_URL", "fresh_store", "servers", "ITINERARY_TEST_DATABASE_URL")


def reaches_test_database(item) -> bool:
    """Whether the test can reach ITINERARY_TEST_DATABASE_URL's database (see above)."""
    names = set(getattr(item, "fixturenames", ())) & DATABASE_FIXTURES
    callspec = getattr(item, "callspec", None)
    if names <= {"store", "seeded"} and callspec is not None and callspec.params.get("store") == "memory":
        names = set()
    if names:
        return True
    path = Path(str(item.fspath))
    if path not in _MODULE_NAMES_DATABASE:
        text = path.read_text(encoding="utf-8") if path.suffix == ".py" else ""
        _MODULE_NAMES_DATABASE[path] = any(name in text for name in _NAMES_THE_DATABASE)
    return _MODULE_NAMES_DATABASE[path]


_MODULE_NAMES_DATABASE: dict[Path, bool] = {}


def pytest_collection_modifyitems(config, items):
    if not TEST_DATABASE_URL:
        return
    kept = [item for item in items if reaches_test_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if not reaches_test_database(item)])
        items[:] = kept


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
    seed(store)
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


@pytest.fixture
def two_talks(store):
    """The store with the itinerary ``trip`` (``make_trip``) and two talks: ``talks`` for everyone and ``closed``
    restricted (what audiences and subscriptions tell apart)."""
    make_trip(store, "trip", "Trip")
    make_event(store, "trip", uid="talks", title="Talks")
    make_event(store, "trip", uid="closed", title="Closed talks", visibility="restricted")
    return store
