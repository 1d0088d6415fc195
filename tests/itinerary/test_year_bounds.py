"""One rule for the years an event may use (1900-2199), kept by Timed, AllDay and Override themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from itinerary import fixtures, services
from itinerary.errors import FixtureError, InvalidEvent, InvalidInput
from itinerary.model import AllDay, Override, Timed, check_integer
from tests.builders import daily_briefing

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (datetime(1, 1, 1, 10), datetime(1, 1, 1, 11), "start"),
        (datetime(1899, 12, 31, 10), datetime(1899, 12, 31, 11), "start"),
        (datetime(2200, 1, 1, 10), datetime(2200, 1, 1, 11), "start"),
        (datetime(2018, 6, 8, 10), datetime(9999, 12, 31, 23), "end"),
        (datetime(9999, 12, 31, 23), datetime(9999, 12, 31, 23, 30), "start"),
    ],
)
def test_timed_of_refuses_wall_times_out_of_the_years(start, end, field):
    with pytest.raises(InvalidEvent) as refused:
        Timed.of(start, end, "America/New_York")
    assert refused.value.errors == {field: "must be in the years 1900 to 2199"}


def test_timed_of_refuses_an_aware_time_that_leaves_the_years_in_its_zone():
    with pytest.raises(InvalidEvent) as refused:
        Timed.of(datetime(1900, 1, 1, 1, tzinfo=UTC), datetime(1900, 1, 1, 2, tzinfo=UTC), "America/New_York")
    assert refused.value.errors == {"start": "must be in the years 1900 to 2199"}


def test_timed_and_allday_refuse_years_when_built_directly():
    with pytest.raises(InvalidEvent):
        Timed(datetime(1, 1, 1, 10, tzinfo=SHANGHAI), datetime(1, 1, 1, 11, tzinfo=SHANGHAI))
    with pytest.raises(InvalidEvent) as refused:
        AllDay(date(1, 1, 1), date(1, 1, 2), "Asia/Shanghai")
    assert refused.value.errors == {"first": "must be in the years 1900 to 2199"}


def test_an_occurrence_of_the_last_evening_may_end_the_next_year():
    span = Timed(datetime(2199, 12, 31, 23, tzinfo=SHANGHAI), datetime(2200, 1, 1, 1, tzinfo=SHANGHAI))
    assert span.duration.total_seconds() == 7200
    assert AllDay(date(2199, 12, 31), date(2200, 1, 1), "Asia/Shanghai").days == 2


def test_an_override_refuses_an_occurrence_out_of_the_years():
    with pytest.raises(InvalidEvent) as refused:
        Override(date(1, 1, 1), status="cancelled")
    assert refused.value.errors == {"overrides": "must be in the years 1900 to 2199"}


def test_moving_one_occurrence_to_the_year_1_is_refused(seeded):
    """Regression: ``change_occurrence`` stored a move to 0001-01-01 (the 1900-2199 rule was bypassed)."""
    daily_briefing(seeded, "china-state-visit-2018", count=3)
    before = services.get_event(seeded, "china-state-visit-2018", "briefing")
    for start, end in (
        (datetime(1, 1, 1, 7), datetime(1, 1, 1, 8)),
        (datetime(9999, 12, 31, 23), datetime(9999, 12, 31, 23, 30)),
    ):
        with pytest.raises(InvalidEvent) as refused:
            services.change_occurrence(
                seeded, "china-state-visit-2018", "briefing", datetime(2018, 6, 9, 7), start=start, end=end
            )
        assert refused.value.errors == {"start": "must be in the years 1900 to 2199"}
    assert services.get_event(seeded, "china-state-visit-2018", "briefing") == before


def test_a_fixture_with_a_date_out_of_the_years_is_refused(store, tmp_path):
    path = tmp_path / "far.toml"
    path.write_text(
        '[itinerary]\nslug = "far"\ntitle = "Far"\ntimezone = "America/New_York"\n\n'
        '[[events]]\nuid = "far-1"\ntitle = "Far away"\nstart = 9999-12-31T23:00:00\nend = 9999-12-31T23:30:00\n'
    )
    with pytest.raises((FixtureError, InvalidInput)) as refused:
        fixtures.load(store, path)
    assert "must be in the years 1900 to 2199" in str(refused.value)


@pytest.mark.parametrize("value", [-1, 2**31, 10**20, True, "3"])
def test_check_integer_refuses_what_the_database_cannot_store(value):
    with pytest.raises(InvalidInput) as refused:
        check_integer(value, "sequence")
    assert refused.value.errors == {"sequence": "must be a whole number from 0 to 2147483647"}
