"""Copies carry an itinerary's own audiences and what each event shows each audience, exactly; removing an
audience leaves no setting of it behind (on both stores)."""

from __future__ import annotations

from datetime import date

import pytest

from itinerary import lifecycle, own_audiences, releases, services
from itinerary.records import ExtraAudience
from tests.conftest import make_event, make_trip

STORES = ("sql", "memory")


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


def test_copy_of_an_itinerary_has_its_own_audiences_and_every_events_visibility(trip):
    lifecycle.duplicate_itinerary(trip, "trip", new_slug="copy", title="Copy", starting=date(2030, 1, 1))
    assert own_audiences.listed(trip, "copy") == [ExtraAudience("copy", a.name, a.label) for a in OWN]
    copied = {e.title: (e.visibility.value, e.access, e.label) for e in services.list_events(trip, "copy")}
    assert copied == {e.title: _settings(trip, "trip")[e.uid] for e in services.list_events(trip, "trip")}


def test_removing_an_audience_leaves_no_setting_of_it_in_the_draft_or_the_release(trip):
    releases.publish(trip, "trip")
    own_audiences.remove(trip, "trip", "interpreters")
    for state in (trip, trip.released()):
        settings = _settings(state, "trip")
        assert settings["talks"] == ("public", (("delegation", "hidden"),), "")
        assert settings["dinner"] == ("restricted", (("drivers", "busy"), ("public", "busy")), "Private dinner")
    own_audiences.add(trip, "trip", name="interpreters", label="Interpreters again")  # starts from the defaults
    assert [e.access for e in services.list_events(trip, "trip") if e.uid == "talks"] == [(("delegation", "hidden"),)]
