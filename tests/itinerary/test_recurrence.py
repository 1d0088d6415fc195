"""Recurrence done right: wall-clock across DST, exceptions, changed occurrences, and clients agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from itinerary import feeds, ical, imports, recurrence, services
from itinerary.errors import InvalidEvent
from itinerary.model import Status
from tests.builders import days, when
from tests.conftest import make_event
from tests.rfc5545 import without_stamps

BERLIN = ZoneInfo("Europe/Berlin")
SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")


@pytest.fixture
def briefing(store, trip):
    """A 09:00 daily briefing over the night Berlin moves its clocks, one moved, one cancelled, one dropped."""
    make_event(
        store,
        trip,
        uid="briefing",
        title="Morning briefing",
        **when("2018-03-22 09:00", "09:30"),
        rrule="FREQ=DAILY;UNTIL=20180328T235959Z",
        exdates=(date(2018, 3, 27),),
    )
    services.change_occurrence(store, trip, "briefing", datetime(2018, 3, 24, 9), **when("2018-03-24 08:00", "08:30"))
    services.cancel_occurrence(store, trip, "briefing", datetime(2018, 3, 26, 9))
    return "briefing"


def _ours(store, trip):
    return [
        (o.timing.start.astimezone(BERLIN).replace(tzinfo=None), o.event.status.value)
        for o in services.list_occurrences(store, trip)
    ]


def test_nine_stays_nine_across_dst_with_changes(store, trip, briefing):
    assert _ours(store, trip) == [
        (datetime(2018, 3, 22, 9), "confirmed"),
        (datetime(2018, 3, 23, 9), "confirmed"),
        (datetime(2018, 3, 24, 8), "confirmed"),
        (datetime(2018, 3, 25, 9), "confirmed"),
        (datetime(2018, 3, 26, 9), "cancelled"),
        (datetime(2018, 3, 28, 9), "confirmed"),
    ]
    utc = [o.start for o in services.list_occurrences(store, trip)]
    assert utc[3] == datetime(2018, 3, 25, 7, tzinfo=UTC)  # after the switch, 09:00 is 07:00 UTC
    assert utc[1] == datetime(2018, 3, 23, 8, tzinfo=UTC)


def test_changes_bump_the_series_sequence(store, trip, briefing):
    event = services.get_event(store, trip, briefing)
    assert event.sequence == 2
    assert [o.recurrence_id for o in event.overrides] == [
        datetime(2018, 3, 24, 9, tzinfo=BERLIN),
        datetime(2018, 3, 26, 9, tzinfo=BERLIN),
    ]


def test_feed_carries_rrule_exdate_and_recurrence_ids(store, trip, briefing):
    body = feeds.itinerary_feed(store, trip, SETTINGS).body
    components = icalendar.Calendar.from_ical(body).events
    assert [c.get("RECURRENCE-ID") and c["RECURRENCE-ID"].dt for c in components] == [
        None,
        datetime(2018, 3, 24, 9, tzinfo=BERLIN),
        datetime(2018, 3, 26, 9, tzinfo=BERLIN),
    ]
    master, moved, cancelled = components
    assert master["RRULE"].to_ical() == b"FREQ=DAILY;UNTIL=20180328T235959Z"
    assert master["EXDATE"].to_ical() == b"20180327T090000"
    assert (moved.start, moved.end) == (
        datetime(2018, 3, 24, 8, tzinfo=BERLIN),
        datetime(2018, 3, 24, 8, 30, tzinfo=BERLIN),
    )
    assert (cancelled["STATUS"], cancelled["SEQUENCE"]) == ("CANCELLED", 2)
    assert {str(c["UID"]) for c in components} == {"briefing@itinerary.test"}


def test_clients_expand_our_feed_to_our_occurrences(store, trip, briefing):
    body = feeds.itinerary_feed(store, trip, SETTINGS).body
    calendar = icalendar.Calendar.from_ical(body)
    theirs = [
        (e.start.astimezone(BERLIN).replace(tzinfo=None), str(e.get("STATUS", "CONFIRMED")).lower())
        for e in recurring_ical_events.of(calendar).between(datetime(2018, 3, 1), datetime(2018, 4, 30))
    ]
    assert sorted(theirs) == _ours(store, trip)


def test_changed_occurrences_round_trip_through_import(store, trip, briefing, clock):
    from itinerary.storage import Store

    body = feeds.itinerary_feed(store, trip, SETTINGS).body
    target = Store("sqlite://", clock=clock)
    target.create_schema()
    services.create_itinerary(target, slug=trip, title="Berlin trip", timezone="Europe/Berlin")
    assert (
        str(imports.import_ics(target, trip, body, uid_domain="itinerary.test")) == "1 created, 0 updated, 0 unchanged"
    )
    assert services.list_events(target, trip) == services.list_events(store, trip)
    assert without_stamps(feeds.itinerary_feed(target, trip, SETTINGS).body) == without_stamps(body)
    target.dispose()


def test_moved_occurrence_is_found_in_a_window_it_moved_into(store, trip, briefing):
    services.change_occurrence(store, trip, briefing, datetime(2018, 3, 28, 9), **when("2018-04-02 09:00", "09:30"))
    since = datetime(2018, 4, 1, tzinfo=BERLIN)
    found = services.list_occurrences(store, trip, since=since, until=since + timedelta(days=3))
    assert [o.timing.start for o in found] == [datetime(2018, 4, 2, 9, tzinfo=BERLIN)]


@pytest.mark.parametrize(
    ("when", "changes", "message"),
    [
        (datetime(2018, 3, 24, 10), {"status": "cancelled"}, "the series has no occurrence starting"),
        (datetime(2018, 3, 24, 9), {"status": "postponed"}, "unknown status 'postponed'"),
        (datetime(2018, 3, 24, 9), {"start": datetime(2018, 3, 24, 10, 30)}, "end: must not be before the start"),
        (datetime(2018, 3, 24, 9), {"title": " "}, "title: must be 1 to 200 characters"),
    ],
)
def test_bad_occurrence_changes_are_refused(store, trip, briefing, when, changes, message):
    before = services.get_event(store, trip, briefing)
    with pytest.raises(InvalidEvent, match=message):
        services.change_occurrence(store, trip, briefing, when, **changes)
    assert services.get_event(store, trip, briefing) == before


def test_only_a_series_has_occurrences_to_change(store, trip):
    make_event(store, trip, uid="single")
    with pytest.raises(InvalidEvent, match="only a recurring event"):
        services.cancel_occurrence(store, trip, "single", datetime(2018, 6, 8, 10))


def test_all_day_weekly_series(store, trip):
    make_event(store, trip, uid="forum", **days("2018-06-01"), rrule="FREQ=WEEKLY;COUNT=3")
    services.change_occurrence(store, trip, "forum", date(2018, 6, 8), title="Forum (short day)")
    found = services.list_occurrences(store, trip)
    assert [(o.timing.first, o.event.title) for o in found] == [
        (date(2018, 6, 1), "Talks"),
        (date(2018, 6, 8), "Forum (short day)"),
        (date(2018, 6, 15), "Talks"),
    ]
    assert found[1].event.status is Status.CONFIRMED


def test_rule_in_words():
    assert recurrence.describe("FREQ=DAILY;COUNT=5") == "every day, 5 times"
    assert recurrence.describe("FREQ=DAILY;UNTIL=20180328T235959Z") == "every day until 28 March 2018"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=2", "every 2 days"),
        ("FREQ=DAILY;COUNT=1", "every day, once"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;BYDAY=FR,MO,TU,WE,TH;COUNT=3", "every weekday, 3 times"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR", "every 2 weeks on weekdays"),
        ("FREQ=WEEKLY", "every week"),
        ("FREQ=WEEKLY;BYDAY=TU", "every week on Tuesday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR;WKST=SU", "every week on Monday, Wednesday and Friday"),
        ("FREQ=MONTHLY", "every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,-1", "every month on the 1st and the last day"),
        ("FREQ=MONTHLY;BYDAY=1MO", "every month on the first Monday"),
        ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=6", "every month on the last Friday, 6 times"),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "every month on the last weekday"),
        ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=12", "every year on the 12th in June"),
        ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "every year on Monday in week 20"),
        ("FREQ=YEARLY;BYYEARDAY=100", "every year on day 100 of the year"),
        ("rrule:freq=daily;until=20180610", "every day until 10 June 2018"),
    ],
)
def test_rule_in_words_exactly(rule, words):
    assert recurrence.describe(rule) == words


def test_rule_in_words_names_the_end_in_the_event_zone():
    # 23:59:59 UTC on 9 June is already 10 June in Beijing and still 9 June in New York.
    rule = "FREQ=DAILY;UNTIL=20180609T235959Z"
    assert recurrence.describe(rule, "Asia/Shanghai", year=2018) == "every day until 10 June"
    assert recurrence.describe(rule, "America/New_York", year=2018) == "every day until 9 June"
    assert recurrence.describe(rule, "Asia/Shanghai", year=2017) == "every day until 10 June 2018"


def test_rule_in_words_never_shows_rule_syntax():
    for rule in ("FREQ=DAILY;COUNT=3", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20181231T000000Z", "FREQ=MONTHLY;BYDAY=2TU"):
        words = recurrence.describe(rule, "Europe/Moscow")
        assert not any(token in words for token in ("FREQ", "BYDAY", "COUNT", "UNTIL", "=", ";")), words
