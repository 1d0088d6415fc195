"""A backup carries each itinerary's own audiences and what each event shows each audience, and restores them
exactly (on the test database, SQLite or PostgreSQL, and into a new SQLite one)."""

from __future__ import annotations

import json

from itinerary import backup, ical, own_audiences, services
from itinerary.storage import Store
from tests.itinerary import test_audiences_carried as carried

SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")
# The itinerary with audiences of its own that the copies test carries, and what it should read back as.
trip, OWN, WANTED, _settings = carried.trip, carried.OWN, carried.WANTED, carried._settings


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
