"""Dates read against their programme: the nearest year, the far-away warning, a date-only UNTIL (issue 14)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from itinerary import dates, recurrence
from itinerary.model import AllDay, Timed

SUMMIT = dates.Span(date(2026, 12, 1), date(2026, 12, 3))


@pytest.mark.parametrize(
    ("month", "day", "span", "today", "year"),
    [
        (12, 2, SUMMIT, date(2026, 1, 5), 2026),  # inside the span
        (1, 5, SUMMIT, date(2026, 11, 30), 2027),  # 33 days after rather than 330 before
        (11, 1, SUMMIT, date(2027, 6, 1), 2026),  # today does not matter when there is a programme
        (6, 8, dates.Span(date(2018, 6, 8), date(2018, 6, 10)), date(2026, 11, 30), 2018),
        (7, 1, dates.Span(date(2017, 12, 30), date(2018, 1, 2)), date(2026, 1, 1), 2018),
        (3, 1, None, date(2026, 11, 30), 2027),  # no programme yet: nearest today
        (2, 29, SUMMIT, date(2026, 11, 30), 2028),  # the nearest year that has it
    ],
)
def test_nearest_year_of_a_date_without_a_year(month, day, span, today, year):
    assert dates.nearest_year(month, day, span, today) == year


def test_span_of_events_counts_a_series_by_its_first_occurrence(make_events):
    assert str(dates.span(make_events, "Europe/Moscow")) == "30 November 2026 to 3 December 2026"
    assert dates.span([], "Europe/Moscow") is None


@pytest.fixture
def make_events():
    from itinerary.model import Event

    def event(uid, timing, rrule=""):
        return Event(uid=uid, itinerary="s", title=uid, timing=timing, rrule=rrule)

    return [
        # 04:30 on 1 December in Irkutsk is 23:30 on 30 November in Moscow; the span is read in Moscow.
        event("a", Timed.of(datetime(2026, 12, 1, 4, 30), datetime(2026, 12, 1, 7), "Asia/Irkutsk")),
        event("b", Timed.of(datetime(2026, 12, 2, 8), datetime(2026, 12, 2, 9), "Europe/Moscow"), "FREQ=DAILY"),
        event("c", AllDay(date(2026, 12, 3), date(2026, 12, 3), "Europe/Moscow")),
    ]


@pytest.mark.parametrize(
    ("day", "warning"),
    [
        (date(2026, 12, 2), None),
        (date(2027, 1, 31), None),  # 59 days after
        (date(2027, 2, 1), None),  # 60 days: not yet far
        (
            date(2027, 2, 2),
            "2 February 2027 is 61 days after the rest of the programme (1 December 2026 to 3 December 2026); "
            "check the date, and save again if it is right",
        ),
        (
            date(2000, 12, 2),
            "2 December 2000 is 9495 days before the rest of the programme (1 December 2026 to 3 December 2026); "
            "check the date, and save again if it is right",
        ),
    ],
)
def test_far_from_the_programme(day, warning):
    assert dates.far_from(SUMMIT, day) == warning
    assert dates.far_from(None, day) is None  # a programme without events has no span to be far from


def test_date_only_until_of_a_timed_series_is_the_end_of_that_day_in_its_zone():
    moscow = Timed.of(datetime(2026, 12, 1, 8), datetime(2026, 12, 1, 9), "Europe/Moscow")
    assert recurrence.with_local_until("FREQ=DAILY;UNTIL=20261203", moscow) == "FREQ=DAILY;UNTIL=20261203T205959Z"
    assert recurrence.with_local_until("freq=daily;until=20261203;interval=2", moscow) == (
        "FREQ=DAILY;UNTIL=20261203T205959Z;INTERVAL=2"
    )
    # Already UTC, or a count, or an all-day series (whose UNTIL is a date): as written.
    assert (
        recurrence.with_local_until("FREQ=DAILY;UNTIL=20261203T205959Z", moscow) == "FREQ=DAILY;UNTIL=20261203T205959Z"
    )
    assert recurrence.with_local_until("FREQ=DAILY;COUNT=3", moscow) == "FREQ=DAILY;COUNT=3"
    all_day = AllDay(date(2026, 12, 1), date(2026, 12, 1), "Europe/Moscow")
    assert recurrence.with_local_until("FREQ=DAILY;UNTIL=20261203", all_day) == "FREQ=DAILY;UNTIL=20261203"
    # Not a date: left for the rule's own check to refuse by name.
    assert recurrence.with_local_until("FREQ=DAILY;UNTIL=20261303", moscow) == "FREQ=DAILY;UNTIL=20261303"


def test_date_only_until_keeps_the_last_day_in_every_zone():
    for zone, last in (("Pacific/Kiritimati", date(2026, 12, 3)), ("Pacific/Pago_Pago", date(2026, 12, 3))):
        timing = Timed.of(datetime(2026, 12, 1, 23, 30), datetime(2026, 12, 1, 23, 45), zone)
        rule = recurrence.parse(recurrence.with_local_until("FREQ=DAILY;UNTIL=20261203", timing), timing)
        starts = list(recurrence.starts(rule))
        assert [s.date() for s in starts] == [date(2026, 12, 1), date(2026, 12, 2), last]
