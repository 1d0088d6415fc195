"""Zones named as people say them, and one programme row in up to three zones, across date lines and DST."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from itinerary import zones

MOSCOW, BEIJING, IRKUTSK = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Irkutsk")


def shown(times):
    """Each zone's role, label and local start and end, as a reader reads them."""
    return [(t.role, t.label, f"{t.start:%H:%M}", f"{t.end:%H:%M}", t.other_day, t.ends_on, t.chosen) for t in times]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Asia/Shanghai", "Beijing (UTC+8)"),
        ("Europe/Moscow", "Moscow (UTC+3)"),
        ("Asia/Irkutsk", "Irkutsk (UTC+8)"),
        ("Asia/Ho_Chi_Minh", "Ho Chi Minh City (UTC+7)"),
        ("Asia/Almaty", "Almaty (UTC+6)"),
        ("America/New_York", "New York (UTC-4)"),
        ("Asia/Kolkata", "Kolkata (UTC+5:30)"),
        ("UTC", "UTC"),
        ("Etc/UTC", "UTC"),
    ],
)
def test_label_names_the_city_and_offset_never_the_key(key, expected):
    assert zones.label(key, datetime(2018, 6, 8, 10, tzinfo=BEIJING)) == expected


def test_row_in_the_home_zone_only_when_the_venue_shares_it():
    start = datetime(2018, 6, 8, 10, tzinfo=BEIJING)
    times = zones.row_times(start, datetime(2018, 6, 8, 11, 30, tzinfo=BEIJING), "Asia/Shanghai", "Asia/Shanghai")
    assert shown(times) == [("home", "Beijing (UTC+8)", "10:00", "11:30", None, None, False)]


def test_row_at_2330_moscow_is_next_day_in_beijing():
    """A talk at 23:30 in Moscow on 7 June is 04:30 on 8 June in Beijing: the reader's column says which day."""
    start, end = datetime(2018, 6, 7, 23, 30, tzinfo=MOSCOW), datetime(2018, 6, 8, 0, 30, tzinfo=MOSCOW)
    times = zones.row_times(start, end, "Europe/Moscow", "Europe/Moscow", "Asia/Shanghai")
    assert shown(times) == [
        ("home", "Moscow (UTC+3)", "23:30", "00:30", None, date(2018, 6, 8), False),
        ("reader", "Beijing (UTC+8)", "04:30", "05:30", date(2018, 6, 8), None, True),
    ]


def test_row_of_a_plenary_in_irkutsk_shows_home_venue_and_reader_times():
    """The issue's plenary: 05:30-07:30 Moscow time is 10:30-12:30 in Irkutsk, and 04:30-06:30 for a Berliner."""
    start, end = datetime(2018, 6, 8, 10, 30, tzinfo=IRKUTSK), datetime(2018, 6, 8, 12, 30, tzinfo=IRKUTSK)
    times = zones.row_times(start, end, "Europe/Moscow", "Asia/Irkutsk", "Europe/Berlin")
    assert shown(times) == [
        ("home", "Moscow (UTC+3)", "05:30", "07:30", None, None, False),
        ("venue", "Irkutsk (UTC+8)", "10:30", "12:30", None, None, False),
        ("reader", "Berlin (UTC+2)", "04:30", "06:30", None, None, True),
    ]


def test_row_of_an_evening_in_beijing_is_the_day_before_in_new_york():
    start, end = datetime(2018, 6, 8, 8, 30, tzinfo=BEIJING), datetime(2018, 6, 8, 9, tzinfo=BEIJING)
    times = zones.row_times(start, end, "Asia/Shanghai", "Asia/Shanghai", "America/New_York")
    assert shown(times)[1] == ("reader", "New York (UTC-4)", "20:30", "21:00", date(2018, 6, 7), None, True)


@pytest.mark.parametrize(
    ("day", "reader", "expected"),
    [
        # Berlin goes from UTC+1 to UTC+2 on 25 March 2018; Moscow keeps UTC+3 all year.
        (24, "Europe/Berlin", ("09:00", "Berlin (UTC+1)")),
        (25, "Europe/Berlin", ("10:00", "Berlin (UTC+2)")),
        # New York goes from UTC-5 to UTC-4 on 11 March 2018 and back on 4 November.
        (10, "America/New_York", ("03:00", "New York (UTC-5)")),
        (11, "America/New_York", ("04:00", "New York (UTC-4)")),
    ],
)
def test_reader_zone_across_its_change_of_the_clocks(day, reader, expected):
    month = 3
    start = datetime(2018, month, day, 11, tzinfo=MOSCOW)
    times = zones.row_times(start, datetime(2018, month, day, 12, tzinfo=MOSCOW), "Europe/Moscow", None, reader)
    assert (f"{times[1].start:%H:%M}", times[1].label) == expected


def test_row_in_the_repeated_hour_keeps_each_instant():
    """On 28 October 2018 Berlin's clocks go back: 02:30 comes twice, an hour apart, each with its own offset."""
    first = datetime(2018, 10, 28, 0, 30, tzinfo=ZoneInfo("UTC"))
    second = datetime(2018, 10, 28, 1, 30, tzinfo=ZoneInfo("UTC"))
    one, two = (zones.row_times(at, at, "Europe/Moscow", None, "Europe/Berlin")[1] for at in (first, second))
    assert [(f"{t.start:%H:%M}", t.label) for t in (one, two)] == [
        ("02:30", "Berlin (UTC+2)"),
        ("02:30", "Berlin (UTC+1)"),
    ]


def test_reader_zone_that_is_the_venues_shows_once_and_is_marked_chosen():
    start, end = datetime(2017, 11, 10, 16, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), None
    end = datetime(2017, 11, 10, 17, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    times = zones.row_times(start, end, "Europe/Moscow", "Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh")
    assert shown(times) == [
        ("home", "Moscow (UTC+3)", "12:00", "13:00", None, None, False),
        ("venue", "Ho Chi Minh City (UTC+7)", "16:00", "17:00", None, None, True),
    ]


def test_row_across_the_date_line_from_moscow_to_anchorage():
    """Kamchatka is a day ahead of Alaska: 09:00 on 1 June in Petropavlovsk is 13:00 on 31 May in Anchorage."""
    start = datetime(2018, 6, 1, 9, tzinfo=ZoneInfo("Asia/Kamchatka"))
    end = datetime(2018, 6, 1, 10, tzinfo=ZoneInfo("Asia/Kamchatka"))
    times = zones.row_times(start, end, "Europe/Moscow", "Asia/Kamchatka", "America/Anchorage")
    assert shown(times) == [
        ("home", "Moscow (UTC+3)", "00:00", "01:00", None, None, False),
        ("venue", "Kamchatka (UTC+12)", "09:00", "10:00", None, None, False),
        ("reader", "Anchorage (UTC-8)", "13:00", "14:00", date(2018, 5, 31), None, True),
    ]
