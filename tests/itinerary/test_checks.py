"""Conflicts and feasibility: each rule's finding, word for word, and what is never a conflict."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from itinerary import services
from itinerary.checks import CheckSettings, Finding, Severity, find_problems, great_circle_km
from itinerary.errors import InvalidInput, ItineraryNotFound
from tests.conftest import make_event

VISIT = "china-state-visit-2018"


def _check(store, slug, settings=None) -> list[Finding]:
    return services.check_itinerary(store, slug, settings)


def test_participant_overlap_is_an_error_naming_people_and_local_times(store, trip):
    make_event(store, trip, uid="talks", title="Talks", venue="chancellery", participants=("anna", "boris"))
    make_event(
        store,
        trip,
        uid="lunch",
        title="Lunch",
        start=datetime(2018, 6, 8, 10, 30),
        end=datetime(2018, 6, 8, 12, 0),
        participants=("boris", "anna"),
    )
    assert _check(store, trip) == [
        Finding(
            Severity.ERROR,
            "participant-overlap",
            "Anna Example and Boris Example cannot attend both 'Talks' (8 June 2018 10:00-11:00) and "
            "'Lunch' (8 June 2018 10:30-12:00): they overlap for 30 minutes.",
            ("talks", "lunch"),
            datetime(2018, 6, 8, 8, 30, tzinfo=UTC),
        )
    ]


def test_event_starting_before_the_previous_one_ends_names_only_the_shared_participant(store, trip):
    make_event(store, trip, uid="talks", title="Talks", participants=("anna",))
    make_event(
        store,
        trip,
        uid="press",
        title="Press statements",
        start=datetime(2018, 6, 8, 10, 59),
        end=datetime(2018, 6, 8, 11, 30),
        participants=("anna", "boris"),
    )
    [finding] = _check(store, trip)
    assert (finding.severity, finding.events) == (Severity.ERROR, ("talks", "press"))
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
        start=datetime(2018, 6, 8, 11, 0),
        end=datetime(2018, 6, 8, 11, 30),
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
        start=datetime(2018, 6, 8, 10, 45),
        end=datetime(2018, 6, 8, 11, 15),
        participants=("boris",),
    )
    assert _check(store, trip) == [
        Finding(
            Severity.WARNING,
            "venue-overlap",
            "'Talks' (8 June 2018 10:00-11:00) and 'Press briefing' (8 June 2018 10:45-11:15) are both at "
            "Federal Chancellery, Berlin and overlap for 15 minutes; check that they use different rooms.",
            ("talks", "briefing"),
            datetime(2018, 6, 8, 8, 45, tzinfo=UTC),
        )
    ]


def test_shared_participant_and_venue_give_an_error_and_a_warning(store, trip):
    make_event(store, trip, uid="narrow", title="Narrow talks", venue="chancellery", participants=("anna",))
    make_event(store, trip, uid="enlarged", title="Enlarged talks", venue="chancellery", participants=("anna",))
    assert [(f.severity, f.code, f.events) for f in _check(store, trip)] == [
        (Severity.ERROR, "participant-overlap", ("enlarged", "narrow")),
        (Severity.WARNING, "venue-overlap", ("enlarged", "narrow")),
    ]


def test_summit_and_its_own_sessions_are_not_a_conflict(store, trip):
    make_event(
        store,
        trip,
        uid="summit",
        title="Summit",
        kind="summit",
        all_day=True,
        first=date(2018, 6, 8),
        last=date(2018, 6, 9),
        venue="chancellery",
        participants=("anna", "boris"),
    )
    make_event(store, trip, uid="day", title="Day one", parent="summit", venue="chancellery", participants=("anna",))
    make_event(store, trip, title="Session", parent="day", venue="chancellery", participants=("anna", "boris"))
    assert _check(store, trip) == []


def test_timed_event_on_an_all_day_events_days_is_not_a_conflict(store, trip):
    make_event(
        store,
        trip,
        title="Forum",
        all_day=True,
        first=date(2018, 6, 8),
        venue="vnukovo",
        participants=("anna",),
    )
    make_event(store, trip, title="Talks", venue="chancellery", participants=("anna",))
    assert _check(store, trip) == []


def test_overlapping_all_day_events_of_one_participant_are_a_warning(store, trip):
    make_event(
        store,
        trip,
        uid="forum",
        title="Economic forum",
        all_day=True,
        first=date(2018, 6, 8),
        last=date(2018, 6, 10),
        participants=("anna",),
    )
    make_event(
        store,
        trip,
        uid="visit",
        title="Visit to Moscow",
        all_day=True,
        first=date(2018, 6, 10),
        last=date(2018, 7, 1),
        timezone="Europe/Moscow",
        participants=("anna",),
    )
    assert _check(store, trip) == [
        Finding(
            Severity.WARNING,
            "participant-days-overlap",
            "'Economic forum' (8-10 June 2018) and 'Visit to Moscow' (10 June-1 July 2018) both list Anna Example "
            "and share 1 day; check that both are meant.",
            ("forum", "visit"),
            datetime(2018, 6, 9, 21, 0, tzinfo=UTC),
        )
    ]


def test_cancelled_events_never_conflict(store, trip):
    make_event(store, trip, title="Talks", venue="chancellery", participants=("anna",))
    lunch = make_event(store, trip, title="Lunch", venue="chancellery", participants=("anna",))
    services.cancel_event(store, trip, lunch.uid)
    assert _check(store, trip) == []


def test_recurring_child_outside_its_parent_is_an_error_for_that_occurrence(store, trip):
    make_event(
        store,
        trip,
        uid="day",
        title="Conference day",
        start=datetime(2018, 6, 8, 9, 0),
        end=datetime(2018, 6, 8, 18, 0),
    )
    make_event(
        store,
        trip,
        uid="briefing",
        title="Daily briefing",
        parent="day",
        start=datetime(2018, 6, 8, 9, 0),
        end=datetime(2018, 6, 8, 9, 30),
        rrule="FREQ=DAILY;COUNT=2",
    )
    assert _check(store, trip) == [
        Finding(
            Severity.ERROR,
            "outside-parent",
            "'Daily briefing' (9 June 2018 09:00-09:30) lies outside its parent 'Conference day' "
            "(8 June 2018 09:00-18:00); move it inside or change the parent.",
            ("briefing", "day"),
            datetime(2018, 6, 9, 7, 0, tzinfo=UTC),
        )
    ]


def test_recurring_event_conflicting_on_one_occurrence_gives_one_finding(store, trip):
    make_event(
        store,
        trip,
        uid="briefing",
        title="Morning briefing",
        start=datetime(2018, 6, 8, 9, 0),
        end=datetime(2018, 6, 8, 9, 30),
        rrule="FREQ=DAILY;COUNT=3",
        participants=("anna",),
    )
    make_event(
        store,
        trip,
        uid="call",
        title="Call with Moscow",
        start=datetime(2018, 6, 9, 9, 15),
        end=datetime(2018, 6, 9, 10, 0),
        participants=("anna",),
    )
    assert _check(store, trip) == [
        Finding(
            Severity.ERROR,
            "participant-overlap",
            "Anna Example cannot attend both 'Morning briefing' (9 June 2018 09:00-09:30) and "
            "'Call with Moscow' (9 June 2018 09:15-10:00): they overlap for 15 minutes.",
            ("briefing", "call"),
            datetime(2018, 6, 9, 7, 15, tzinfo=UTC),
        )
    ]


def _berlin_then_moscow(store, trip, *, leg_for=None):
    make_event(store, trip, uid="talks", title="Talks", venue="chancellery", participants=("anna", "boris"))
    if leg_for:
        make_event(
            store,
            trip,
            uid="flight",
            title="Flight to Moscow",
            kind="travel",
            venue="chancellery",
            destination="vnukovo",
            start=datetime(2018, 6, 8, 11, 15),
            end=datetime(2018, 6, 8, 13, 45),  # Moscow time: the leg ends in its destination's zone
            participants=leg_for,
        )
    make_event(
        store,
        trip,
        uid="arrival",
        title="Welcome at Vnukovo",
        venue="vnukovo",
        start=datetime(2018, 6, 8, 14, 0),
        end=datetime(2018, 6, 8, 14, 30),
        participants=("anna", "boris"),
    )


def test_move_between_cities_without_a_leg_is_an_error_with_distance_and_missing_time(store, trip):
    _berlin_then_moscow(store, trip)
    assert _check(store, trip) == [
        Finding(
            Severity.ERROR,
            "travel-time",
            "Anna Example and Boris Example cannot get from Federal Chancellery, Berlin to Vnukovo Airport, Moscow "
            "in time: 'Talks' ends at 11:00 CEST and 'Welcome at Vnukovo' starts at 14:00 MSK on 8 June 2018; "
            "the 1588 km need about 20 hours 6 minutes, 18 hours 6 minutes more than the 2 hours between them.",
            ("talks", "arrival"),
            datetime(2018, 6, 8, 11, 0, tzinfo=UTC),
        )
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
        kind="travel",
        venue="chancellery",
        destination="vnukovo",
        end=datetime(2018, 6, 8, 14, 0),  # Moscow time
    )
    make_event(store, trip, title="Talks", venue="chancellery")
    assert _check(store, trip) == []


def test_event_without_venue_is_skipped_for_travel(store, trip):
    _berlin_then_moscow(store, trip)
    make_event(
        store,
        trip,
        title="Call",
        start=datetime(2018, 6, 8, 11, 30),
        end=datetime(2018, 6, 8, 11, 45),
        participants=("anna", "boris"),
    )
    assert [(f.code, f.events) for f in _check(store, trip)] == [("travel-time", ("talks", "arrival"))]


def test_travel_is_judged_from_the_event_that_ends_last(store, trip):
    make_event(
        store,
        trip,
        uid="banquet",
        title="Banquet",
        venue="chancellery",
        start=datetime(2018, 6, 8, 19, 0),
        end=datetime(2018, 6, 8, 22, 0),
        participants=("anna",),
    )
    make_event(
        store,
        trip,
        title="Toast",
        parent="banquet",
        venue="chancellery",
        start=datetime(2018, 6, 8, 19, 30),
        end=datetime(2018, 6, 8, 19, 40),
        participants=("anna",),
    )
    make_event(
        store,
        trip,
        uid="breakfast",
        title="Breakfast",
        venue="vnukovo",
        start=datetime(2018, 6, 9, 8, 0),
        end=datetime(2018, 6, 9, 9, 0),
        participants=("anna",),
    )
    [finding] = _check(store, trip)
    assert finding.events == ("banquet", "breakfast")
    assert "'Banquet' ends at 22:00 CEST on 8 June 2018 and 'Breakfast' starts at 08:00 MSK on 9 June 2018" in (
        finding.message
    )


def test_seed_without_the_train_and_ten_minutes_to_tianjin_is_an_error(seeded):
    services.delete_event(seeded, VISIT, "cn2018-train-tianjin")
    services.update_event(
        seeded, VISIT, "cn2018-hockey-tianjin", start=datetime(2018, 6, 8, 13, 25), end=datetime(2018, 6, 8, 14, 55)
    )
    assert _check(seeded, VISIT) == [
        Finding(
            Severity.ERROR,
            "travel-time",
            "Vladimir Putin and Xi Jinping cannot get from Great Hall of the People, Beijing to Tianjin ice hockey "
            "arena in time: 'Press statements' ends at 13:15 and 'Junior ice hockey match in Tianjin' starts at "
            "13:25 on 8 June 2018; the 111 km need about 99 minutes, 89 minutes more than the 10 minutes between "
            "them.",
            ("cn2018-press", "cn2018-hockey-tianjin"),
            datetime(2018, 6, 8, 5, 25, tzinfo=UTC),
        )
    ]


def test_speed_and_buffer_are_settings(seeded):
    services.delete_event(seeded, VISIT, "cn2018-train-tianjin")
    services.update_event(
        seeded, VISIT, "cn2018-hockey-tianjin", start=datetime(2018, 6, 8, 13, 25), end=datetime(2018, 6, 8, 14, 55)
    )
    assert _check(seeded, VISIT, CheckSettings(speed_kmh=1000, transfer_buffer=timedelta(0))) == []
    [finding] = _check(seeded, VISIT, CheckSettings(speed_kmh=300, transfer_buffer=timedelta(minutes=30)))
    assert finding.message.endswith(
        "the 111 km need about 53 minutes, 43 minutes more than the 10 minutes between them."
    )


def test_seed_with_the_train_has_no_finding(seeded):
    assert _check(seeded, VISIT) == []
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
        (Severity.ERROR, "participant-overlap", ("a", "c")),
        (Severity.WARNING, "venue-overlap", ("a", "c")),
        (Severity.WARNING, "venue-overlap", ("b", "d")),
    ]


def test_unknown_itinerary_is_not_found(store):
    with pytest.raises(ItineraryNotFound):
        services.check_itinerary(store, "no-such-trip")
