"""Conflicts and feasibility: each rule's finding, word for word, and what is never a conflict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from itinerary import services
from itinerary.checks import CheckSettings, Finding, Severity, find_problems, great_circle_km
from itinerary.errors import InvalidInput, ItineraryNotFound
from tests.builders import days, leg, when
from tests.conftest import make_event

VISIT = "china-state-visit-2018"


def _check(store, slug, settings=None) -> list[Finding]:
    return services.check_itinerary(store, slug, settings)


def _travel_time(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code == "travel-time"]


def _finding(severity, code, message, events, when_utc: str) -> Finding:
    """A finding that begins at ``when_utc`` (YYYY-MM-DD HH:MM, UTC)."""
    return Finding(severity, code, message, events, datetime.fromisoformat(when_utc).replace(tzinfo=UTC))


def test_participant_overlap_is_a_warning_naming_people_and_local_times(store, trip):
    make_event(store, trip, uid="talks", title="Talks", venue="chancellery", participants=("anna", "boris"))
    make_event(
        store, trip, uid="lunch", title="Lunch", **when("2018-06-08 10:30", "12:00"), participants=("boris", "anna")
    )
    message = (
        "Anna Example and Boris Example cannot attend both 'Talks' (8 June 2018 10:00-11:00) and "
        "'Lunch' (8 June 2018 10:30-12:00): they overlap for 30 minutes."
    )
    assert _check(store, trip) == [
        _finding(Severity.WARNING, "participant-overlap", message, ("talks", "lunch"), "2018-06-08 08:30")
    ]


def test_event_starting_before_the_previous_one_ends_names_only_the_shared_participant(store, trip):
    make_event(store, trip, uid="talks", title="Talks", participants=("anna",))
    make_event(
        store,
        trip,
        uid="press",
        title="Press statements",
        **when("2018-06-08 10:59", "11:30"),
        participants=("anna", "boris"),
    )
    [finding] = _check(store, trip)
    assert (finding.severity, finding.events) == (Severity.WARNING, ("talks", "press"))
    assert finding.message == (
        "Anna Example cannot attend both 'Talks' (8 June 2018 10:00-11:00) and "
        "'Press statements' (8 June 2018 10:59-11:30): they overlap for 1 minute."
    )


def test_events_that_touch_do_not_overlap(store, trip):
    make_event(store, trip, title="Talks", venue="chancellery", participants=("anna",))
    make_event(
        store,
        trip,
        title="Press statements",
        venue="chancellery",
        **when("2018-06-08 11:00", "11:30"),
        participants=("anna",),
    )
    assert _check(store, trip) == []


def test_same_venue_overlap_is_a_warning(store, trip):
    make_event(store, trip, uid="talks", title="Talks", venue="chancellery", participants=("anna",))
    make_event(
        store,
        trip,
        uid="briefing",
        title="Press briefing",
        venue="chancellery",
        **when("2018-06-08 10:45", "11:15"),
        participants=("boris",),
    )
    message = (
        "'Talks' (8 June 2018 10:00-11:00) and 'Press briefing' (8 June 2018 10:45-11:15) are both at "
        "Federal Chancellery, Berlin and overlap for 15 minutes; check that they use different rooms."
    )
    assert _check(store, trip) == [
        _finding(Severity.WARNING, "venue-overlap", message, ("talks", "briefing"), "2018-06-08 08:45")
    ]


def test_shared_participant_and_venue_give_two_warnings(store, trip):
    make_event(store, trip, uid="narrow", title="Narrow talks", venue="chancellery", participants=("anna",))
    make_event(store, trip, uid="enlarged", title="Enlarged talks", venue="chancellery", participants=("anna",))
    assert [(f.severity, f.code, f.events) for f in _check(store, trip)] == [
        (Severity.WARNING, "participant-overlap", ("enlarged", "narrow")),
        (Severity.WARNING, "venue-overlap", ("enlarged", "narrow")),
    ]


def test_summit_and_its_own_sessions_are_not_a_conflict(store, trip):
    make_event(
        store,
        trip,
        uid="summit",
        title="Summit",
        kind="summit",
        **days("2018-06-08", "2018-06-09"),
        venue="chancellery",
        participants=("anna", "boris"),
    )
    make_event(store, trip, uid="day", title="Day one", parent="summit", venue="chancellery", participants=("anna",))
    make_event(store, trip, title="Session", parent="day", venue="chancellery", participants=("anna", "boris"))
    assert _check(store, trip) == []


def test_timed_event_on_an_all_day_events_days_is_not_a_conflict(store, trip):
    make_event(store, trip, title="Forum", **days("2018-06-08"), venue="vnukovo", participants=("anna",))
    make_event(store, trip, title="Talks", venue="chancellery", participants=("anna",))
    assert _check(store, trip) == []


def test_overlapping_all_day_events_of_one_participant_are_a_warning(store, trip):
    make_event(
        store, trip, uid="forum", title="Economic forum", **days("2018-06-08", "2018-06-10"), participants=("anna",)
    )
    make_event(
        store,
        trip,
        uid="visit",
        title="Visit to Moscow",
        **days("2018-06-10", "2018-07-01"),
        timezone="Europe/Moscow",
        participants=("anna",),
    )
    message = (
        "'Economic forum' (8-10 June 2018) and 'Visit to Moscow' (10 June-1 July 2018) both list Anna Example "
        "and share 1 day; check that both are meant."
    )
    assert _check(store, trip) == [
        _finding(Severity.WARNING, "participant-days-overlap", message, ("forum", "visit"), "2018-06-09 21:00")
    ]


def test_cancelled_events_never_conflict(store, trip):
    make_event(store, trip, title="Talks", venue="chancellery", participants=("anna",))
    lunch = make_event(store, trip, title="Lunch", venue="chancellery", participants=("anna",))
    services.cancel_event(store, trip, lunch.uid)
    assert _check(store, trip) == []


def test_recurring_child_outside_its_parent_is_an_error_for_that_occurrence(store, trip):
    make_event(store, trip, uid="day", title="Conference day", **when("2018-06-08 09:00", "18:00"))
    make_event(
        store,
        trip,
        uid="briefing",
        title="Daily briefing",
        parent="day",
        **when("2018-06-08 09:00", "09:30"),
        rrule="FREQ=DAILY;COUNT=2",
    )
    message = (
        "'Daily briefing' (9 June 2018 09:00-09:30) lies outside its parent 'Conference day' "
        "(8 June 2018 09:00-18:00); move it inside or change the parent."
    )
    assert _check(store, trip) == [
        _finding(Severity.ERROR, "outside-parent", message, ("briefing", "day"), "2018-06-09 07:00")
    ]


def test_recurring_event_conflicting_on_one_occurrence_gives_one_finding(store, trip):
    make_event(
        store,
        trip,
        uid="briefing",
        title="Morning briefing",
        **when("2018-06-08 09:00", "09:30"),
        rrule="FREQ=DAILY;COUNT=3",
        participants=("anna",),
    )
    make_event(
        store, trip, uid="call", title="Call with Moscow", **when("2018-06-09 09:15", "10:00"), participants=("anna",)
    )
    message = (
        "Anna Example cannot attend both 'Morning briefing' (9 June 2018 09:00-09:30) and "
        "'Call with Moscow' (9 June 2018 09:15-10:00): they overlap for 15 minutes."
    )
    assert _check(store, trip) == [
        _finding(Severity.WARNING, "participant-overlap", message, ("briefing", "call"), "2018-06-09 07:15")
    ]


def _berlin_then_moscow(store, trip, *, leg_for=None):
    talks = when("2018-06-08 09:00", "10:00") if leg_for else {}
    make_event(store, trip, uid="talks", title="Talks", venue="chancellery", participants=("anna", "boris"), **talks)
    if leg_for:
        make_event(
            store,
            trip,
            uid="flight",
            title="Flight to Moscow",
            **leg("plane"),
            **when("2018-06-08 10:15", "13:45"),  # Moscow time: the leg ends in its destination's zone
            participants=leg_for,
        )
    make_event(
        store,
        trip,
        uid="arrival",
        title="Welcome at Vnukovo",
        venue="vnukovo",
        **when("2018-06-08 14:00", "14:30"),
        participants=("anna", "boris"),
    )


def test_move_between_cities_without_a_leg_is_a_warning_by_air_naming_the_missing_leg(store, trip):
    _berlin_then_moscow(store, trip)
    message = (
        "Anna Example and Boris Example cannot get from Federal Chancellery, Berlin to Vnukovo Airport, Moscow "
        "in time: 'Talks' ends at 11:00 CEST and 'Welcome at Vnukovo' starts at 14:00 MSK on 8 June 2018; "
        "by air, airports included, the 1588 km need about 4 hours 15 minutes, 2 hours 15 minutes more than the "
        "2 hours between them, and there is no travel leg from Berlin to Moscow for them."
    )
    assert _check(store, trip) == [
        _finding(Severity.WARNING, "travel-time", message, ("talks", "arrival"), "2018-06-08 11:00")
    ]


def test_travel_leg_covers_the_move(store, trip):
    _berlin_then_moscow(store, trip, leg_for=("anna", "boris"))
    assert _check(store, trip) == []


def test_travel_leg_covers_only_the_participants_who_take_it(store, trip):
    _berlin_then_moscow(store, trip, leg_for=("anna",))
    [finding] = _check(store, trip)
    assert (finding.code, finding.events) == ("travel-time", ("talks", "arrival"))
    assert finding.message.startswith("Boris Example cannot get from Federal Chancellery, Berlin to ")


def test_travel_leg_is_not_a_venue_overlap_at_its_origin(store, trip):
    make_event(
        store,
        trip,
        title="Flight",
        **leg(),
        end=datetime(2018, 6, 8, 14, 0),  # Moscow time
    )
    make_event(store, trip, title="Talks", venue="chancellery")
    assert _check(store, trip) == []


def test_event_without_venue_is_skipped_for_travel(store, trip):
    _berlin_then_moscow(store, trip)
    make_event(store, trip, title="Call", **when("2018-06-08 11:30", "11:45"), participants=("anna", "boris"))
    assert [(f.code, f.events) for f in _check(store, trip)] == [("travel-time", ("talks", "arrival"))]


def test_travel_is_judged_from_the_event_that_ends_last(store, trip):
    make_event(
        store,
        trip,
        uid="banquet",
        title="Banquet",
        venue="chancellery",
        **when("2018-06-08 19:00", "22:00"),
        participants=("anna",),
    )
    make_event(
        store,
        trip,
        title="Toast",
        parent="banquet",
        venue="chancellery",
        **when("2018-06-08 19:30", "19:40"),
        participants=("anna",),
    )
    make_event(
        store,
        trip,
        uid="breakfast",
        title="Breakfast",
        venue="vnukovo",
        **when("2018-06-09 08:00", "09:00"),
        participants=("anna",),
    )
    [finding] = _check(store, trip)
    assert finding.events == ("banquet", "breakfast")
    assert "'Banquet' ends at 22:00 CEST on 8 June 2018 and 'Breakfast' starts at 08:00 MSK on 9 June 2018" in (
        finding.message
    )


def test_seed_without_the_train_and_ten_minutes_to_tianjin_is_a_warning(seeded):
    services.delete_event(seeded, VISIT, "cn2018-train-tianjin")
    services.update_event(seeded, VISIT, "cn2018-hockey-tianjin", **when("2018-06-08 13:25", "14:55"))
    message = (
        "Vladimir Putin and Xi Jinping cannot get from Great Hall of the People, Beijing to Tianjin ice hockey "
        "arena in time: 'Press statements' ends at 13:15 and 'Junior ice hockey match in Tianjin' starts at "
        "13:25 on 8 June 2018; by car, the 111 km need about 99 minutes, 89 minutes more than the 10 minutes "
        "between them, and there is no travel leg from Beijing to Tianjin for them."
    )
    assert _travel_time(_check(seeded, VISIT)) == [
        _finding(
            Severity.WARNING, "travel-time", message, ("cn2018-press", "cn2018-hockey-tianjin"), "2018-06-08 05:25"
        )
    ]


def test_speed_and_buffer_are_settings(seeded):
    services.delete_event(seeded, VISIT, "cn2018-train-tianjin")
    services.update_event(seeded, VISIT, "cn2018-hockey-tianjin", **when("2018-06-08 13:25", "14:55"))
    assert _travel_time(_check(seeded, VISIT, CheckSettings(speed_kmh=1000, transfer_buffer=timedelta(0)))) == []
    [finding] = _travel_time(_check(seeded, VISIT, CheckSettings(speed_kmh=300, transfer_buffer=timedelta(minutes=30))))
    assert finding.message.endswith(
        "by car, the 111 km need about 53 minutes, 43 minutes more than the 10 minutes between them, and there "
        "is no travel leg from Beijing to Tianjin for them."
    )


def test_seed_with_the_train_has_only_the_legs_it_leaves_out(seeded):
    # The announcement gives the train to Tianjin but not how the others got there or back: warnings that name
    # each missing leg, nothing the programme cannot do. Months apart (Da Nang, then a call) is no missing leg.
    assert [(f.severity, f.code, f.events) for f in _check(seeded, VISIT)] == [
        (Severity.WARNING, "missing-leg", ("cn2018-talks-enlarged", "cn2018-lunch-narrow")),
        (Severity.WARNING, "missing-leg", ("cn2018-lunch-narrow", "cn2018-flight-qingdao")),
        (Severity.WARNING, "missing-leg", ("cn2018-lunch-narrow", "sco2018-restricted-session")),
    ]
    assert _check(seeded, "russia-china-contacts-2017-2018") == []


def test_beijing_to_tianjin_is_the_straight_line_between_the_seed_venues(seeded):
    venues = {venue.key: venue for venue in services.list_venues(seeded)}
    hall, arena = venues["great-hall-of-the-people"], venues["tianjin-ice-arena"]
    assert round(great_circle_km(hall.latitude, hall.longitude, arena.latitude, arena.longitude)) == 111


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"speed_kmh": 0}, "speed_kmh"),
        ({"speed_kmh": float("inf")}, "speed_kmh"),
        ({"transfer_buffer": timedelta(minutes=-1)}, "transfer_buffer"),
    ],
)
def test_bad_settings_are_refused(fields, field):
    with pytest.raises(InvalidInput) as caught:
        CheckSettings(**fields)
    assert list(caught.value.errors) == [field]


def test_findings_are_in_order_of_when_they_begin(store, trip):
    later = {"start": datetime(2018, 6, 9, 10), "end": datetime(2018, 6, 9, 11), "venue": "vnukovo"}
    make_event(store, trip, uid="b", title="Second", **later)
    make_event(store, trip, uid="d", title="Second, in parallel", **later)
    make_event(store, trip, uid="a", title="First", venue="chancellery", participants=("anna",))
    make_event(store, trip, uid="c", title="Third", venue="chancellery", participants=("anna",))
    findings = _check(store, trip)
    assert findings == find_problems(reversed(services.list_occurrences(store, trip)))
    assert [(f.severity, f.code, f.events) for f in findings] == [
        (Severity.WARNING, "participant-overlap", ("a", "c")),
        (Severity.WARNING, "venue-overlap", ("a", "c")),
        (Severity.WARNING, "venue-overlap", ("b", "d")),
    ]


def test_unknown_itinerary_is_not_found(store):
    with pytest.raises(ItineraryNotFound):
        services.check_itinerary(store, "no-such-trip")
