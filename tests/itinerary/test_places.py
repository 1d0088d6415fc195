"""People and places: rename, merge two duplicates, delete only what nothing uses, suggest a venue's zone."""

from __future__ import annotations

import pytest

from itinerary import changelog, places, services
from itinerary.errors import InUse, InvalidInput, NotFound
from tests.builders import leg, when
from tests.conftest import make_event, put_venue

STORES = ("sql", "memory")


def _leg(store, slug):
    """A flight from the chancellery to Vnukovo (Moscow), 10:00 Berlin to 15:00 Moscow."""
    return make_event(
        store,
        slug,
        title="Flight to Moscow",
        **leg(),
        **when("2018-06-08 10:00", "15:00"),
    )


# Zone suggestion (offline, GeoNames cities)


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (52.2978, 104.2964, "Asia/Irkutsk"),  # Irkutsk
        (39.1422, 117.1767, "Asia/Shanghai"),  # Tianjin
        (55.5915, 37.2615, "Europe/Moscow"),  # Vnukovo airport
        (52.5202, 13.3692, "Europe/Berlin"),  # the Federal Chancellery
        (16.0544, 108.2022, "Asia/Ho_Chi_Minh"),  # Da Nang
    ],
)
def test_suggest_zone_is_the_nearest_city_s_zone(latitude, longitude, zone):
    assert places.suggest_zone(latitude, longitude).timezone == zone


def test_suggest_zone_names_the_city_it_came_from():
    found = places.suggest_zone(52.2978, 104.2964)
    assert (found.city, found.country, found.km < 10) == ("Irkutsk", "Russia", True)


def test_suggest_zone_far_from_any_city_suggests_nothing():
    assert places.suggest_zone(-50.0, -110.0) is None  # the south Pacific
    assert places.suggest_zone(91.0, 0.0) is None


# Reading


def test_venues_are_listed_with_their_use_counts(store, trip):
    _leg(store, trip)
    make_event(store, trip, venue="chancellery", **when("2018-06-08 08:00", "09:00"))
    put_venue(store, "unused", name="Unused Hall")
    listed = {entry.record.key: entry.uses for entry in places.venues(store)}
    assert listed == {"chancellery": 2, "vnukovo": 1, "unused": 0}


def test_venue_lists_the_events_that_use_it_by_time(store, trip):
    _leg(store, trip)
    make_event(store, trip, title="Breakfast", venue="vnukovo", **when("2018-06-08 07:00", "08:00"))
    found, uses = places.venue(store, "vnukovo")
    assert found.name == "Vnukovo Airport"
    assert [(use.title, use.when, use.slug) for use in uses] == [
        ("Breakfast", "8 June 2018", "berlin-trip"),
        ("Flight to Moscow", "8 June 2018", "berlin-trip"),
    ]


def test_delegations_group_participants_with_their_events(store, trip):
    make_event(store, trip, participants=("anna", "boris"))
    services.put_participant(store, key="carla", name="Carla Example")
    found = [(d.name, [(m.record.key, m.uses) for m in d.members]) for d in places.delegations(store)]
    assert found == [("Germany", [("anna", 1)]), ("Russia", [("boris", 1)]), ("", [("carla", 0)])]


# Create and rename


def test_create_venue_makes_a_new_key_from_the_name(store, trip):
    fields = {"city": "Berlin", "country": "Germany", "timezone": "Europe/Berlin", "latitude": 52.5, "longitude": 13.4}
    first = places.create_venue(store, name="Federal Chancellery", **fields)
    assert first.key == "federal-chancellery"
    assert places.create_venue(store, name="Federal Chancellery", **fields).key == "federal-chancellery-2"


def test_create_venue_refuses_bad_fields_and_stores_nothing(store, trip):
    before = services.list_venues(store)
    with pytest.raises(InvalidInput) as refused:
        places.create_venue(store, name="Hall", city="", country="X", timezone="Mars/Base", latitude=91, longitude=0)
    assert refused.value.errors == {
        "city": "must be 1 to 200 characters",
        "latitude": "must be a number between -90 and 90",
        "timezone": "unknown time zone 'Mars/Base'; use an IANA name such as Europe/Moscow",  # all at once
    }
    assert services.list_venues(store) == before


def test_rename_venue_changes_every_event_that_shows_it_and_logs_it(store, trip, clock):
    leg = _leg(store, trip)
    renamed = places.update_venue(
        store, "vnukovo", editor="anna", **{**_fields(store, "vnukovo"), "name": "Vnukovo International Airport"}
    )
    assert renamed.name == "Vnukovo International Airport"
    event = services.get_event(store, trip, leg.uid)
    assert (event.destination.name, event.sequence) == ("Vnukovo International Airport", leg.sequence + 1)
    change = changelog.changes_since(store, trip)[0]
    assert (change.editor, change.fields) == (
        "anna",
        {"destination": ("Vnukovo Airport, Moscow", "Vnukovo International Airport, Moscow")},
    )


def test_update_of_a_missing_venue_is_refused(store, trip):
    with pytest.raises(NotFound, match="no venue with key 'nowhere'"):
        places.update_venue(store, "nowhere", **_fields(store, "vnukovo"))
    assert len(services.list_venues(store)) == 2


def test_rename_participant_and_delegation(store, trip):
    event = make_event(store, trip, participants=("anna", "boris"))
    places.update_participant(store, "anna", name="Anna Beispiel", role="Chief of protocol", delegation="Germany")
    places.rename_delegation(store, "Russia", "Russian Federation")
    found = services.get_event(store, trip, event.uid)
    assert [(p.name, p.delegation) for p in found.participants] == [
        ("Anna Beispiel", "Germany"),
        ("Boris Example", "Russian Federation"),
    ]
    with pytest.raises(NotFound, match="no participant is in a delegation called 'Russia'"):
        places.rename_delegation(store, "Russia", "X")


# Merge


def test_merge_venues_moves_every_event_to_the_survivor_and_logs_each(store, trip):
    leg = _leg(store, trip)
    put_venue(store, "vnukovo-airport", **{**_fields(store, "vnukovo"), "name": "Vnukovo airport"})
    lunch = make_event(
        store,
        trip,
        title="Lunch",
        venue="vnukovo-airport",
        **when("2018-06-08 16:00", "17:00"),
    )
    places.merge_venues(store, "vnukovo-airport", "vnukovo", editor="anna")
    assert [v.key for v in services.list_venues(store)] == ["chancellery", "vnukovo"]
    moved = services.get_event(store, trip, lunch.uid)
    assert (moved.venue.key, moved.sequence) == ("vnukovo", lunch.sequence + 1)
    assert services.get_event(store, trip, leg.uid).sequence == leg.sequence  # it used the survivor already
    change = changelog.changes_since(store, trip)[0]
    assert (change.uid, change.editor, change.fields) == (
        lunch.uid,
        "anna",
        {"venue": ("Vnukovo airport, Moscow", "Vnukovo Airport, Moscow")},
    )


def test_merge_of_true_duplicates_still_logs_which_venue_the_event_uses(store, trip):
    put_venue(store, "vnukovo-2", **_fields(store, "vnukovo"))
    flight = make_event(
        store,
        trip,
        title="Flight",
        **leg(destination="vnukovo-2"),
        **when("2018-06-08 10:00", "15:00"),
    )
    places.merge_venues(store, "vnukovo-2", "vnukovo")
    assert services.get_event(store, trip, flight.uid).destination.key == "vnukovo"
    assert changelog.changes_since(store, trip)[0].fields == {
        "destination": ("Vnukovo Airport, Moscow [vnukovo-2]", "Vnukovo Airport, Moscow [vnukovo]")
    }


def test_merge_venue_into_itself_or_a_missing_one_is_refused(store, trip):
    with pytest.raises(InvalidInput, match="survivor: choose another venue"):
        places.merge_venues(store, "vnukovo", "vnukovo")
    with pytest.raises(InvalidInput, match="survivor: no venue with key 'nowhere'"):
        places.merge_venues(store, "vnukovo", "nowhere")
    assert len(services.list_venues(store)) == 2


@pytest.mark.parametrize(
    ("merge", "merged", "survivor", "message"),
    [
        (places.merge_venues, "vnukovo", "", "choose the venue to keep"),
        (places.merge_venues, "vnukovo", "vnukovo", "choose another venue to merge this one into"),
        (places.merge_participants, "anna", "", "choose the participant to keep"),
        (places.merge_participants, "anna", "anna", "choose another participant to merge this one into"),
    ],
)
def test_merge_without_a_survivor_or_into_itself_is_refused_in_words_the_catalogs_hold(
    store, trip, merge, merged, survivor, message
):
    with pytest.raises(InvalidInput) as refused:
        merge(store, merged, survivor)
    assert refused.value.errors == {"survivor": message}  # web/domain_words.py translates these exact words
    assert (len(services.list_venues(store)), len(services.list_participants(store))) == (2, 2)


def test_merge_participants_keeps_one_place_in_each_event(store, trip):
    services.put_participant(store, key="anna-2", name="A. Example", role="Protocol", delegation="Germany")
    both = make_event(store, trip, participants=("anna-2", "boris", "anna"))
    only = make_event(store, trip, title="Call", participants=("anna-2",), **when("2018-06-09 09:00", "10:00"))
    places.merge_participants(store, "anna-2", "anna", editor="anna")
    assert [p.key for p in services.get_event(store, trip, both.uid).participants] == ["anna", "boris"]
    assert [p.key for p in services.get_event(store, trip, only.uid).participants] == ["anna"]
    assert [p.key for p in services.list_participants(store)] == ["anna", "boris"]
    fields = {c.uid: c.fields for c in changelog.changes_since(store, trip) if c.action == "changed"}
    assert fields == {
        both.uid: {"participants": ("A. Example, Boris Example, Anna Example", "Anna Example, Boris Example")},
        only.uid: {"participants": ("A. Example", "Anna Example")},
    }


# Delete


def test_delete_unused_venue_and_participant(store, trip):
    put_venue(store, "unused", name="Unused Hall")
    places.delete_venue(store, "unused")
    places.delete_participant(store, "boris")
    assert [v.key for v in services.list_venues(store)] == ["chancellery", "vnukovo"]
    assert [p.key for p in services.list_participants(store)] == ["anna"]


def test_delete_of_a_venue_in_use_is_refused_with_the_events(store, trip):
    leg = _leg(store, trip)
    with pytest.raises(InUse) as refused:
        places.delete_venue(store, "vnukovo")
    assert str(refused.value) == (
        "Vnukovo Airport cannot be deleted: 1 event still uses it. "
        "Change or delete it first, or merge it into another venue."
    )
    assert refused.value.uses == ("Flight to Moscow (8 June 2018, berlin-trip)",)
    assert services.get_event(store, trip, leg.uid) == leg
    assert len(services.list_venues(store)) == 2


def test_delete_of_a_participant_in_use_is_refused_with_the_events(store, trip):
    make_event(store, trip, participants=("boris",))
    make_event(
        store,
        trip,
        title="Dinner",
        participants=("boris",),
        **when("2018-06-08 19:00", "21:00"),
    )
    with pytest.raises(InUse, match="Boris Example cannot be deleted: 2 events still use it") as refused:
        places.delete_participant(store, "boris")
    assert refused.value.uses == ("Talks (8 June 2018, berlin-trip)", "Dinner (8 June 2018, berlin-trip)")
    assert len(services.list_participants(store)) == 2


def _fields(store, key: str) -> dict:
    venue = next(v for v in services.list_venues(store) if v.key == key)
    return {name: getattr(venue, name) for name in ("name", "city", "country", "timezone", "latitude", "longitude")}
