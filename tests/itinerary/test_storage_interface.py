"""The storage interface: one list of event columns, no SQLAlchemy past storage, and two stores that agree."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from itinerary import accounts, changelog, services, throttle
from itinerary.model import Outcome
from itinerary.storage import EVENT_COLUMNS, EventRow, MemoryStore, event_columns, interface
from itinerary.storage.mapping import ID_COLUMNS
from tests.conftest import Clock, fresh_store, make_event, make_trip, put_venue

ITINERARY = Path(__file__).resolve().parents[2] / "itinerary"


def test_event_columns_are_the_event_table_s_own_columns():
    links = {"itinerary_id", "parent_id", "lock_version"}  # the row's links and its write guard, not event fields
    assert set(EVENT_COLUMNS) == set(EventRow.__table__.c.keys()) - links
    assert len(set(EVENT_COLUMNS)) == len(EVENT_COLUMNS)


def test_event_columns_of_an_event_are_every_column_but_ids():
    store = MemoryStore(clock=Clock())
    services.create_itinerary(store, slug="trip", title="Trip", timezone="Europe/Berlin")
    event = make_event(store, "trip")
    assert set(event_columns(event)) == set(EVENT_COLUMNS) - ID_COLUMNS


def test_only_storage_imports_sqlalchemy():
    importers = []
    for path in sorted(ITINERARY.rglob("*.py")):
        relative = path.relative_to(ITINERARY)
        if relative.parts[0] in {"storage", "migrations"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "sqlalchemy" for name in names):
                importers.append(str(relative))
    assert importers == []


def _scenario(store) -> dict:
    """Everything a service shows after a run of changes of every kind."""
    clock = store.clock
    make_trip(store, "trip", "Trip")
    make_event(store, "trip", uid="summit", title="Summit", start=datetime(2018, 6, 8, 9), end=datetime(2018, 6, 8, 18))
    make_event(
        store,
        "trip",
        uid="talks",
        title="Talks",
        parent="summit",
        venue="chancellery",
        participants=("boris", "anna"),
        categories=("talks", "trade"),
        outcomes=(Outcome("Joint statement", "trade"),),
        visibility="restricted",
    )
    make_event(store, "trip", uid="flight", kind="travel", venue="chancellery", destination="vnukovo")
    make_event(store, "trip", uid="holiday", all_day=True, first=date(2018, 6, 12), last=date(2018, 6, 13))
    make_event(
        store,
        "trip",
        uid="briefing",
        title="Briefing",
        start=datetime(2018, 6, 9, 8),
        end=datetime(2018, 6, 9, 8, 30),
        rrule="FREQ=DAILY;COUNT=4",
        exdates=(datetime(2018, 6, 10, 8),),
        rdates=(datetime(2018, 6, 20, 8),),
    )
    clock.now += timedelta(minutes=1, microseconds=250)
    services.change_occurrence(store, "trip", "briefing", datetime(2018, 6, 11, 6, tzinfo=UTC), title="Long briefing")
    changelog.publish_version(store, "trip", editor="anna", note="first")
    clock.now += timedelta(minutes=1)
    services.update_event(store, "trip", "talks", title="Talks in narrow format", visibility="public", editor="anna")
    put_venue(store, "chancellery", name="Bundeskanzleramt")
    services.cancel_event(store, "trip", "flight")
    clock.now += timedelta(seconds=1)
    services.delete_event(store, "trip", "summit", editor="boris")
    changelog.publish_version(store, "trip", editor="anna", note="second")
    accounts.create_editor(store, "anna", "correct horse battery staple")
    token = accounts.start_session(store, "anna")
    for _ in range(7):
        try:
            accounts.sign_in(store, "anna", "wrong password here", address="192.0.2.1")
        except Exception as error:  # the throttle's refusal, compared as text
            blocked = str(error)
    with store.transaction() as repo:
        index = sorted(
            # Row ids differ between stores; categories come as text or decoded, as the driver gives them.
            (
                row._replace(id=0, categories_json=row.categories, version=row.version[1:3] + row.version[4:])
                for row in repo.feed_index("trip")
            ),
            key=lambda row: row.uid,
        )
    return {
        "itinerary": services.get_itinerary(store, "trip"),
        "events": services.list_events(store, "trip"),
        "window": [e.uid for e in services.list_events(store, "trip", include_restricted=False)],
        "span": services.event_span(store, "trip"),
        "changes": changelog.changes_since(store, "trip"),
        "public changes": changelog.changes_since(store, "trip", include_restricted=False),
        "versions": changelog.versions(store, "trip"),
        "comparison": changelog.compare_versions(store, "trip", 1, 2),
        "state": changelog.state(store, "trip"),
        "editor": accounts.session_editor(store, token),
        "blocked": (blocked, throttle.blocked_for(store, "anna", "192.0.2.1")),
        "index": index,
    }


def test_memory_store_shows_what_the_sql_store_shows():
    sql = fresh_store(Clock())
    try:
        expected = _scenario(sql)
    finally:
        sql.dispose()
    found = _scenario(MemoryStore(clock=Clock()))
    for name, value in expected.items():
        assert found[name] == value, name


def test_both_stores_offer_the_whole_interface(store):
    memory = MemoryStore(clock=Clock())
    for unit in (store, memory):
        assert isinstance(unit, interface.UnitOfWork)
        with unit.transaction() as repo:
            assert isinstance(repo, interface.Repository)
            assert isinstance(repo.changes, interface.ChangeLogRepository)
            assert isinstance(repo.accounts, interface.AccountRepository)
            assert isinstance(repo.throttle, interface.ThrottleRepository)
            assert isinstance(repo.search, interface.SearchRepository)
            assert isinstance(repo.translations, interface.TranslationRepository)
            assert isinstance(repo.subscriptions, interface.SubscriptionRepository)


def test_memory_store_serves_the_feeds_the_sql_store_serves():
    """The memory store stores no event blocks: its feeds are rendered on the fly, byte for byte the same."""
    from itinerary import feeds, fixtures, ical

    def seeded_feeds(store) -> tuple[bytes, bytes]:
        fixtures.load_seed(store)
        slug = "china-state-visit-2018"
        public = feeds.itinerary_feed(store, slug, ical.FeedSettings()).body
        return public, feeds.itinerary_feed(store, slug, ical.FeedSettings(), private=True).body

    sql = fresh_store(Clock())
    try:
        expected = seeded_feeds(sql)
    finally:
        sql.dispose()
    assert seeded_feeds(MemoryStore(clock=Clock())) == expected
