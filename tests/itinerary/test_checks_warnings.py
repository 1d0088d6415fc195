"""Checks warn, editors decide: tentative events, travel by mode and by distance, missing legs, save anyway."""

from __future__ import annotations

from datetime import datetime

import pytest

from itinerary import changelog, services
from itinerary.checks import CheckSettings, Severity
from itinerary.errors import InvalidInput, ScheduleConflict, ScheduleWarnings
from itinerary.model import TravelMode
from tests.builders import leg, venue, when
from tests.conftest import make_event

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")

IRKUTSK = venue("irkutsk-airport", "Irkutsk Airport", "Irkutsk", "Russia", "Asia/Irkutsk", 52.268, 104.389)


def _codes(store, slug):
    return [(f.severity, f.code, f.events) for f in services.check_itinerary(store, slug)]


@pytest.fixture
def siberia(store, trip):
    """The trip with an airport in Irkutsk (4,200 km east of Moscow, five hours ahead of it)."""
    services.put_venue(store, **IRKUTSK)
    return trip


def _talks_then_visit(store, slug, visit_when: dict, talks: str = "Talks", visit: str = "Visit") -> None:
    """Talks at Vnukovo (Moscow time, 10:00-11:00), then a visit at Irkutsk airport; Anna, added after, attends both."""
    make_event(store, slug, uid="talks", title=talks, venue="vnukovo", timezone="Europe/Moscow")
    make_event(store, slug, uid="visit", title=visit, venue="irkutsk-airport", **visit_when)
    services.update_event(store, slug, "talks", participants=("anna",))
    services.update_event(store, slug, "visit", participants=("anna",))


def test_moscow_to_irkutsk_in_40_hours_is_not_impossible(store, siberia):
    # Regression: the old rule drove every move at 80 km/h, so 4,200 km in 40 hours was "impossible".
    # The visit is 40 hours after the talks end (11:00 Moscow is 16:00 in Irkutsk).
    _talks_then_visit(
        store, siberia, when("2018-06-10 08:00", "09:00"), "Talks in Moscow", "Visit to the aircraft plant"
    )
    [finding] = services.check_itinerary(store, siberia)
    assert (finding.severity, finding.code, finding.events) == (Severity.WARNING, "missing-leg", ("talks", "visit"))
    assert finding.message == (
        "Anna Example has no travel leg from Moscow to Irkutsk between 'Talks in Moscow' and "
        "'Visit to the aircraft plant': 'Talks in Moscow' ends at 11:00 MSK on 8 June 2018 and "
        "'Visit to the aircraft plant' starts at 08:00 +08 on 10 June 2018; add the leg they take."
    )


def test_long_move_without_a_leg_is_judged_by_air_with_airport_time(store, siberia):
    # The visit is 4 hours after the talks: the flight alone takes 5 hours.
    _talks_then_visit(store, siberia, when("2018-06-08 20:00", "21:00"))
    [finding] = services.check_itinerary(store, siberia)
    assert finding.code == "travel-time"
    assert finding.message.endswith(
        "by air, airports included, the 4237 km need about 7 hours 33 minutes, 3 hours 33 minutes more than the "
        "4 hours between them, and there is no travel leg from Moscow to Irkutsk for them."
    )


def test_assumption_is_by_car_below_the_air_threshold_and_by_air_above():
    settings = CheckSettings()
    assert (settings.by_air(300), settings.by_air(301)) == (False, True)
    assert settings.travel_time(80).total_seconds() / 60 == 75  # an hour by car and the 15-minute buffer
    assert settings.travel_time(800).total_seconds() / 60 == 60 + 120 + 15  # the flight, airports, buffer


@pytest.mark.parametrize(("mode", "warned"), [("plane", False), ("train", True), ("car", True), (None, False)])
def test_travel_legs_speed_depends_on_its_mode(store, siberia, mode, warned):
    make_event(
        store,
        siberia,
        uid="leg",
        title="To Irkutsk",
        **leg(mode, origin="vnukovo", destination="irkutsk-airport"),
        **when("2018-06-08 10:00", "20:00"),  # Irkutsk time: 5 hours from Moscow
        timezone="Europe/Moscow",
    )
    found = services.check_itinerary(store, siberia)
    assert [f.code for f in found] == (["leg-too-short"] if warned else [])


def test_leg_too_short_names_its_mode_and_what_it_needs(store, trip):
    make_event(
        store,
        trip,
        uid="drive",
        title="Drive to Moscow",
        **leg("car"),
        **when("2018-06-08 10:00", "14:00"),  # Moscow time: 3 hours
    )
    [finding] = services.check_itinerary(store, trip)
    assert (finding.severity, finding.code, finding.events) == (Severity.WARNING, "leg-too-short", ("drive",))
    assert finding.message == (
        "'Drive to Moscow' (8 June 2018 10:00 CEST-14:00 MSK) takes 3 hours from Berlin to Moscow, but the 1588 km "
        "need at least 12 hours 13 minutes by car; check its times or its mode of travel."
    )


def test_a_legs_mode_is_stored_and_read_back(store, trip):
    make_event(store, trip, uid="leg", title="Flight", **leg("plane"))
    assert services.get_event(store, trip, "leg").mode is TravelMode.PLANE
    assert TravelMode.FOOT.label == "on foot" and TravelMode.TRAIN.label == "by train"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "talks", "mode": "plane"}, "only a travel leg has a mode of travel"),
        ({"kind": "travel", "mode": "rocket", "venue": "chancellery", "destination": "vnukovo"}, None),
    ],
)
def test_a_mode_is_refused_off_a_leg_or_unknown(store, trip, fields, message):
    with pytest.raises(InvalidInput) as refused:
        make_event(store, trip, **fields)
    assert list(refused.value.errors) == ["mode"]
    if message:
        assert refused.value.errors["mode"] == message


@pytest.mark.parametrize("status", ["tentative", "cancelled"])
def test_tentative_and_cancelled_events_never_warn_as_the_conflicting_party(store, trip, status):
    make_event(store, trip, uid="talks", title="Talks", venue="chancellery", participants=("anna",))
    make_event(store, trip, uid="maybe", title="Maybe lunch", venue="chancellery", participants=("anna",))
    make_event(
        store, trip, uid="far", title="Far away", venue="vnukovo", **when("2018-06-08 11:30", "12:00"), participants=()
    )
    services.update_event(store, trip, "maybe", status=status)
    services.update_event(store, trip, "far", status=status, participants=("anna",))
    assert _codes(store, trip) == []
    dinner = {"title": "Maybe dinner", "status": status, "venue": "chancellery", "participants": ("anna",)}
    _, found = services.save_event(store, trip, {**dinner, **when("2018-06-08 10:30", "11:30")})
    assert found == []


def test_recurring_breakfast_does_not_block_a_flight(store, siberia):
    # Regression: a daily breakfast with the delegation refused the flight that takes them away from it.
    make_event(
        store,
        siberia,
        uid="breakfast",
        title="Breakfast",
        venue="vnukovo",
        timezone="Europe/Moscow",
        **when("2018-06-08 08:00", "09:00"),
        rrule="FREQ=DAILY;COUNT=3",
        participants=("anna",),
    )
    flight = {
        "title": "Flight to Irkutsk",
        "kind": "travel",
        "mode": "plane",
        "venue": "vnukovo",
        "destination": "irkutsk-airport",
        "timezone": "Europe/Moscow",
        "start": datetime(2018, 6, 9, 8, 30),
        "end": datetime(2018, 6, 9, 19, 0),  # Irkutsk time
        "participants": ("anna",),
    }
    with pytest.raises(ScheduleWarnings) as asked:
        services.save_event(store, siberia, flight)
    assert [f.code for f in asked.value.findings] == ["participant-overlap", "missing-leg"]
    event, _ = services.save_event(store, siberia, flight, reason="Breakfast is served on board")
    assert services.get_event(store, siberia, event.uid).title == "Flight to Irkutsk"
    assert all(f.severity is Severity.WARNING for f in services.check_itinerary(store, siberia))


def test_save_anyway_keeps_the_reason_in_the_change_log(store, trip):
    make_event(store, trip, uid="talks", title="Talks", participants=("anna",))
    fields = {"title": "Lunch", "participants": ("anna",), **when("2018-06-08 10:30", "11:30")}
    with pytest.raises(ScheduleWarnings) as asked:
        services.save_event(store, trip, fields, editor="anna")
    assert [f.code for f in asked.value.findings] == ["participant-overlap"]
    assert [c.uid for c in changelog.changes_since(store, trip)] == ["talks"]
    event, found = services.save_event(store, trip, fields, editor="anna", reason="  She leaves the\r\ntalks early ")
    [latest, _] = changelog.changes_since(store, trip)
    assert (latest.uid, latest.action, latest.reason) == (event.uid, "created", "She leaves the talks early")
    assert [f.code for f in found] == ["participant-overlap"]
    # Saved again without a change of times: the warning was there already, so no reason is asked.
    event, _ = services.save_event(store, trip, {"description": "Light lunch"}, uid=event.uid)
    assert changelog.changes_since(store, trip)[0].reason == ""


def test_a_reason_too_long_or_with_control_characters_is_refused_by_its_field(store, trip):
    for reason, message in (("x" * 201, "must be at most 200 characters"), ("ok\x00", "must not contain control")):
        with pytest.raises(InvalidInput) as refused:
            services.save_event(store, trip, {"title": "Lunch"}, reason=reason)
        assert refused.value.errors["reason"].startswith(message)


def test_structural_errors_still_block_whatever_the_reason(store, trip):
    make_event(store, trip, uid="day", title="Conference day", **when("2018-06-08 09:00", "18:00"))
    fields = {"title": "Briefing", "parent": "day", **when("2018-06-08 09:00", "09:30"), "rrule": "FREQ=DAILY;COUNT=2"}
    with pytest.raises(ScheduleConflict) as refused:
        services.save_event(store, trip, fields, reason="I know")
    assert not isinstance(refused.value, ScheduleWarnings)
    assert [(f.severity, f.code) for f in refused.value.findings] == [(Severity.ERROR, "outside-parent")]


def test_a_legs_mode_goes_through_the_feed_and_a_backup(store, trip, clock):
    import icalendar

    from itinerary import backup, feeds, ical
    from itinerary.storage import MemoryStore

    make_event(
        store,
        trip,
        uid="leg",
        title="Flight",
        **leg("helicopter"),
    )
    body = feeds.itinerary_feed(store, trip, ical.FeedSettings(), private=True).body
    [component] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(component["X-ITINERARY-TRAVEL-MODE"]) == "helicopter"
    assert "Travel: by helicopter" in str(component["DESCRIPTION"])
    other = MemoryStore(clock=clock)  # not a second SQL store: on PostgreSQL it would empty this one's tables
    backup.restore(other, backup.dump(store, ical.FeedSettings()))
    assert services.get_event(other, trip, "leg").mode is TravelMode.HELICOPTER
