"""A backup carries each itinerary's own audiences and what each event shows each audience, and restores them
exactly (on the test database, SQLite or PostgreSQL, and into a new SQLite one)."""

from __future__ import annotations

import json

import pytest

from itinerary import backup, ical, own_audiences, services
from itinerary.records import ExtraAudience
from itinerary.storage import Store
from tests.conftest import make_event, make_trip

SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")


@pytest.fixture
def trip(store):
    make_trip(store, "trip", "Trip")
    own_audiences.add(store, "trip", name="interpreters", label="Interpreters")
    own_audiences.add(store, "trip", name="drivers", label="Drivers")
    make_event(store, "trip", uid="talks", title="Talks", access=(("interpreters", "busy"), ("delegation", "hidden")))
    make_event(
        store, "trip", uid="dinner", title="State dinner", visibility="restricted", label="Private dinner",
        access=(("interpreters", "full"), ("drivers", "busy"), ("public", "busy")),
    )  # fmt: skip
    make_event(store, "trip", uid="walk", title="Walk", visibility="restricted")
    return store


def _settings(store, slug: str) -> dict[str, tuple]:
    return {e.uid: (e.visibility.value, e.access, e.label) for e in services.list_events(store, slug)}


WANTED = {
    "talks": ("public", (("delegation", "hidden"), ("interpreters", "busy")), ""),
    "dinner": ("restricted", (("drivers", "busy"), ("interpreters", "full"), ("public", "busy")), "Private dinner"),
    "walk": ("restricted", (), ""),
}
OWN = [ExtraAudience("trip", "drivers", "Drivers"), ExtraAudience("trip", "interpreters", "Interpreters")]


def test_backup_carries_own_audiences_and_every_events_visibility_into_a_new_database(trip, clock):
    data = backup.dump(trip, SETTINGS)
    target = Store("sqlite://", clock=clock)  # the other kind of database when the tests run on PostgreSQL
    target.create_schema()
    backup.restore(target, data)
    assert own_audiences.listed(target, "trip") == OWN
    assert _settings(target, "trip") == WANTED
    assert backup.dump(target, SETTINGS) == data
    target.dispose()


def test_backup_restored_over_the_itinerary_puts_audiences_and_visibilities_back_exactly(trip):
    data = backup.dump(trip, SETTINGS)
    own_audiences.remove(trip, "trip", "drivers")
    own_audiences.relabel(trip, "trip", "interpreters", "Interpreters (pool)")
    own_audiences.add(trip, "trip", name="security", label="Security")
    services.update_event(trip, "trip", "talks", access=(("security", "busy"),))
    services.update_event(trip, "trip", "walk", access=(("interpreters", "full"),), label="A walk")
    backup.restore(trip, data)
    assert own_audiences.listed(trip, "trip") == OWN
    assert _settings(trip, "trip") == WANTED


def test_backup_of_before_own_audiences_restores_and_keeps_the_current_ones(trip):
    document = json.loads(backup.dump(trip, SETTINGS))
    for entry in document["itineraries"]:
        del entry["own_audiences"]
    backup.restore(trip, json.dumps(document).encode())
    assert own_audiences.listed(trip, "trip") == OWN
