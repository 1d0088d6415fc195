"""A long programme is shown a week at a time, with links to the days before and after; a short one whole."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench import data
from tests.web.html import page

CHINA = "/itineraries/china-state-visit-2018"
LONG = "/itineraries/bench-100"  # 100 seed-shaped events, one copy a day later: 8 to 17 June 2018


@pytest.fixture
def long_programme(app_store):
    data.add_scaled(app_store, 100)
    return LONG


def day_ids(doc):
    return [section.get("aria-labelledby") for section in doc.select("section.day")]


def uids(doc):
    return {li.get("data-uid") for li in doc.select("li.entry")}


def test_short_programme_is_shown_whole_without_day_links(client):
    doc = page(client, CHINA)
    assert day_ids(doc) == ["day-2018-06-08", "day-2018-06-09", "day-2018-06-10"]
    assert doc.select(".window-nav") == []


def test_short_programme_still_checks_from(client):
    doc = page(client, f"{CHINA}?from=soon", status=400)
    assert doc.one(".error-message").text == "from: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08"


def test_long_programme_shows_its_first_week_before_it_starts(client, long_programme):
    doc = page(client, long_programme)  # the test clock: 4 June 2018
    assert day_ids(doc) == [f"day-2018-06-{day:02}" for day in range(8, 15)]
    assert doc.one(".window-nav-top .window-range").text == "Showing Friday 8 June 2018 to Thursday 14 June 2018."
    assert doc.select(".earlier-days") == []
    assert [a.get("href") for a in doc.select(".later-days")] == [f"{LONG}?from=2018-06-15"] * 2


def test_later_days_link_to_the_next_week_and_back(client, long_programme):
    doc = page(client, f"{long_programme}?from=2018-06-15")
    assert day_ids(doc) == [f"day-2018-06-{day:02}" for day in range(15, 18)]
    assert doc.one(".window-nav-top .window-range").text == "Showing Friday 15 June 2018 to Sunday 17 June 2018."
    assert doc.one(".window-nav-top .earlier-days").get("href") == f"{LONG}?from=2018-06-08"
    assert doc.select(".later-days") == []


def test_window_keeps_the_reader_zone_in_its_links(client, long_programme):
    doc = page(client, f"{long_programme}?tz=Europe/Moscow")
    assert doc.one(".window-nav-top .later-days").get("href") == f"{LONG}?tz=Europe/Moscow&from=2018-06-15"


def test_window_under_way_holds_today(client, clock, long_programme):
    clock.now = datetime(2018, 6, 16, 2, 0, tzinfo=UTC)  # 10:00 on 16 June in Beijing
    doc = page(client, long_programme)
    assert day_ids(doc)[0] == "day-2018-06-15"
    assert doc.one(".now-next")  # what is on now comes from the window's events


def test_from_outside_the_programme_shows_its_nearest_days(client, long_programme):
    assert day_ids(page(client, f"{long_programme}?from=2017-01-01"))[0] == "day-2018-06-08"
    assert day_ids(page(client, f"{long_programme}?from=2030-01-01")) == ["day-2018-06-17"]


@pytest.mark.parametrize("value", ["tomorrow", "2018-13-01", "2018-6-8", "20180608", "9999-99-99T00:00"])
def test_bad_from_is_refused_with_a_400_page(client, long_programme, value):
    doc = page(client, f"{long_programme}?from={value}", status=400)
    assert doc.one("h1").text == "Bad request"
    assert doc.one(".error-message").text == (f"from: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08")


def test_restricted_events_stay_hidden_from_readers_in_every_window(app, client, long_programme, editor):
    def lunches(doc):
        return {uid for uid in uids(doc) if uid.startswith("cn2018-lunch-narrow")}

    assert lunches(page(client, long_programme))
    assert lunches(page(client, f"{long_programme}?from=2018-06-15"))
    reader = app.test_client()
    assert lunches(page(reader, long_programme)) == set()
    assert lunches(page(reader, f"{long_programme}?from=2018-06-15")) == set()
