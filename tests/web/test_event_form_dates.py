"""The event form reads dates and times that cannot be misread, and repeats with an end (issue 14).

Browsers send ``<input type=date>`` as ``YYYY-MM-DD`` and ``<input type=time>`` as ``HH:MM`` (some phones
add seconds: ``HH:MM:SS``); typed text arrives as written on a phone keyboard ("2 dec 10 AM").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from itinerary import occurrences, services
from itinerary.model import Timed
from tests.builders import when
from tests.web.conftest import PASSWORD
from tests.web.forms import form_on, sign_in, snapshot, submit
from tests.web.html import form_values, parse

pytestmark = pytest.mark.usefixtures("editor")

CHINA = "/itineraries/china-state-visit-2018"
SUMMIT = "/itineraries/winter-summit-2026"
MOSCOW, IRKUTSK = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Irkutsk")


@pytest.fixture
def summit(app_store, clock, client):
    """A 3-day summit, 1 to 3 December 2026, in Moscow and Irkutsk; today is 30 November 2026."""
    clock.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert sign_in(client, "editor", PASSWORD).status_code == 302  # the session of 2018 has ended
    services.create_itinerary(app_store, slug="winter-summit-2026", title="Winter summit", timezone="Europe/Moscow")
    for key, name, city, tz, lat, lon in (
        ("kremlin", "Kremlin", "Moscow", "Europe/Moscow", 55.752, 37.617),
        ("irkutsk-hall", "City hall", "Irkutsk", "Asia/Irkutsk", 52.287, 104.281),
    ):
        services.put_venue(
            app_store, key=key, name=name, city=city, country="Russia", timezone=tz, latitude=lat, longitude=lon
        )
    for uid, day in (("opening", 1), ("closing", 3)):
        services.create_event(
            app_store,
            "winter-summit-2026",
            uid=uid,
            title=uid.capitalize(),
            start=datetime(2026, 12, day, 9),
            end=datetime(2026, 12, day, 10),
            venue="kremlin",
        )
    return "winter-summit-2026"


def _checked(response) -> list[str]:
    """What "Check before saving" shows, after a first submit that stored nothing."""
    assert response.status_code == 200, response.text
    return parse(response.data).texts(".check-before-saving dd")


def _again(client, url, response):
    """Save again the form as it came back (what the editor's browser sends on the second press)."""
    return client.post(url, data=form_values(parse(response.data).one("main form.form")))


def _saved(app_store, slug, response):
    assert response.status_code == 302, response.text
    return services.get_event(app_store, slug, response.location.rsplit("/", 1)[1])


BREAKFAST = {"title": "Breakfast", "kind": "meal", "venue": "kremlin"}


# Dates that cannot be misread


def test_typed_2_dec_10am_is_not_saved_as_2000(client, app_store, summit):
    """Regression: "2 Dec 10am" was saved as 2 December 2000 (the parser's default year), silently."""
    url = f"{SUMMIT}/new-event"
    before = snapshot(app_store)
    first = submit(client, url, {**BREAKFAST, "start_text": "2 Dec 10am", "end_text": "2 Dec 11am"})
    assert _checked(first) == [
        "Wednesday 2 December 2026, 10:00 Moscow",
        "Wednesday 2 December 2026, 11:00 Moscow",
    ]
    assert snapshot(app_store) == before
    event = _saved(app_store, summit, _again(client, url, first))
    assert event.timing == Timed(datetime(2026, 12, 2, 10, tzinfo=MOSCOW), datetime(2026, 12, 2, 11, tzinfo=MOSCOW))


def test_typed_date_without_a_year_takes_the_year_nearest_the_programme(client, app_store, summit):
    url = f"{SUMMIT}/new-event"
    # 5 January is nearer to a summit in December 2026 in 2027 than in 2026.
    first = submit(client, url, {**BREAKFAST, "start_text": "5 jan 09:00", "end_text": "10:00"})
    assert _checked(first)[0] == "Tuesday 5 January 2027, 09:00 Moscow"
    event = _saved(app_store, summit, _again(client, url, first))
    assert event.timing.start == datetime(2027, 1, 5, 9, tzinfo=MOSCOW)
    assert event.timing.end == datetime(2027, 1, 5, 10, tzinfo=MOSCOW)  # "10:00" alone: the start's day


@pytest.mark.parametrize("typed", ["2 dec 10 AM", "2 Dec 10am ", "Wed 2 December 10:00", "2/12 10:00"])
def test_typed_dates_from_a_phone_keyboard(client, app_store, summit, typed):
    url = f"{SUMMIT}/new-event"
    first = submit(client, url, {**BREAKFAST, "start_text": typed, "end_time": "11:00"})
    assert _checked(first)[0] == "Wednesday 2 December 2026, 10:00 Moscow"
    assert _saved(app_store, summit, _again(client, url, first)).timing.start == datetime(
        2026, 12, 2, 10, tzinfo=MOSCOW
    )


def test_typed_weekday_that_does_not_match_the_date_is_refused(client, app_store, summit):
    response = submit(
        client, f"{SUMMIT}/new-event", {**BREAKFAST, "start_text": "Tue 2 Dec 10:00", "end_time": "11:00"}
    )
    assert response.status_code == 400
    assert parse(response.data).one("#start_text-error").text == (
        "2 December 2026 is a Wednesday, not a Tuesday; check the date"
    )


def test_typed_time_without_a_date_is_refused_for_the_start(client, summit):
    response = submit(client, f"{SUMMIT}/new-event", {**BREAKFAST, "start_text": "10am", "end_time": "11:00"})
    assert response.status_code == 400
    assert (
        parse(response.data).one("#start_text-error").text
        == "give the day and the month in '10am', e.g. 2 December 10:00"
    )


def test_typed_iso_date_shown_back_is_read_year_month_day(client, app_store, summit):
    """Regression: the form shows typed dates back as 2026-12-02, and read day-first that was 12 February."""
    url = f"{SUMMIT}/new-event"
    first = submit(client, url, {**BREAKFAST, "start_text": "2026-12-02 10:00", "end_text": "2026-12-02 11:00"})
    assert _checked(first)[0] == "Wednesday 2 December 2026, 10:00 Moscow"


def test_date_and_time_inputs_save_at_once(client, app_store, summit):
    """What a browser sends from date and time inputs (a phone may add seconds) is stored without a check."""
    response = submit(
        client,
        f"{SUMMIT}/new-event",
        {**BREAKFAST, "start_date": "2026-12-02", "start_time": "08:00:00", "end_time": "08:45"},
    )
    event = _saved(app_store, summit, response)
    assert event.timing == Timed(datetime(2026, 12, 2, 8, tzinfo=MOSCOW), datetime(2026, 12, 2, 8, 45, tzinfo=MOSCOW))


def test_date_far_from_the_programme_is_a_warning_before_saving(client, app_store, summit):
    url = f"{SUMMIT}/new-event"
    first = submit(client, url, {**BREAKFAST, "start_date": "2027-06-02", "start_time": "08:00", "end_time": "09:00"})
    assert parse(first.data).texts(".check-before-saving .date-warnings li") == [
        "Warning: 2 June 2027 is 181 days after the rest of the programme (1 December 2026 to 3 December 2026); "
        "check the date, and save again if it is right"
    ]
    assert _saved(app_store, summit, _again(client, url, first)).timing.start == datetime(2027, 6, 2, 8, tzinfo=MOSCOW)


def test_edit_that_keeps_a_far_date_saves_at_once(client, app_store, summit):
    services.create_event(app_store, summit, uid="later", title="Later", **when("2027-06-02 08:00", "09:00"))
    response = submit(client, f"{SUMMIT}/events/later/edit", {"title": "Later still"})
    assert _saved(app_store, summit, response).title == "Later still"


def test_changing_the_times_after_the_check_asks_again(client, app_store, summit):
    url = f"{SUMMIT}/new-event"
    first = submit(client, url, {**BREAKFAST, "start_text": "2 Dec 10am", "end_text": "2 Dec 11am"})
    values = form_values(parse(first.data).one("main form.form"))
    values.update(start_text="3 Dec 10am", end_text="3 Dec 11am")
    second = client.post(url, data=values)
    assert _checked(second)[0] == "Thursday 3 December 2026, 10:00 Moscow"


def test_travel_leg_labels_and_reads_the_end_in_the_destinations_zone(client, app_store, summit):
    """Regression: the end of a travel leg was read in the destination's zone while the form named another."""
    url = f"{SUMMIT}/new-event"
    leg = {"title": "Flight to Irkutsk", "kind": "travel", "venue": "kremlin", "destination": "irkutsk-hall"}
    first = submit(client, url, {**leg, "start_text": "1 Dec 22:00", "end_text": "2 Dec 08:40"})
    doc = parse(first.data)
    assert doc.one("label[for=start_time]").text == "Start time (Moscow)"
    assert doc.one("label[for=end_time]").text == "End time (Irkutsk, the destination's zone)"
    assert _checked(first) == [
        "Tuesday 1 December 2026, 22:00 Moscow",
        "Wednesday 2 December 2026, 08:40 Irkutsk (Wednesday 2 December 2026, 03:40 in Moscow, the programme's zone)",
    ]
    event = _saved(app_store, summit, _again(client, url, first))
    assert event.timing == Timed(datetime(2026, 12, 1, 22, tzinfo=MOSCOW), datetime(2026, 12, 2, 8, 40, tzinfo=IRKUTSK))
    edit = parse(client.get(f"{SUMMIT}/events/{event.uid}/edit").data)
    assert (edit.one("label[for=end_time]").text, edit.one("#end_time").get("value")) == (
        "End time (Irkutsk, the destination's zone)",
        "08:40",
    )


def test_new_event_form_names_the_home_zone_before_a_venue_is_chosen(client, summit):
    doc = parse(client.get(f"{SUMMIT}/new-event").data)
    assert [doc.one(f"label[for={name}]").text for name in ("start_date", "start_time", "end_date", "end_time")] == [
        "Start date (Moscow)",
        "Start time (Moscow)",
        "End date (Moscow)",
        "End time (Moscow)",
    ]
    assert (doc.one("#start_date").get("type"), doc.one("#start_time").get("type")) == ("date", "time")


# Repetition with an end


def _daily(client, url, **changes):
    values = {
        **BREAKFAST,
        "start_date": "2026-12-01",
        "start_time": "08:00",
        "end_time": "08:45",
        "recurrence": "FREQ=DAILY",
        **changes,
    }
    return submit(client, url, values)


def test_every_day_has_no_end_is_fixed_it_ends_with_the_programme(client, app_store, summit):
    """Regression: "Every day" had no end; one breakfast became 1,000 occurrences, running until 2029."""
    doc = parse(client.get(f"{SUMMIT}/new-event").data)
    assert doc.one("#repeat_end option[selected]").text == "With the programme (on its last day, 3 December 2026)"
    event = _saved(app_store, summit, _daily(client, f"{SUMMIT}/new-event"))
    assert event.rrule == "FREQ=DAILY;UNTIL=20261203T205959Z"  # 23:59:59 on 3 December in Moscow
    assert [o.timing.start for o in occurrences.expand(event)] == [
        datetime(2026, 12, day, 8, tzinfo=MOSCOW) for day in (1, 2, 3)
    ]
    page = parse(client.get(f"{SUMMIT}/events/{event.uid}").data)
    assert page.one(".fact-recurrence").text == "Every day until 3 December"


def test_every_day_until_a_date(client, app_store, summit):
    event = _saved(
        app_store, summit, _daily(client, f"{SUMMIT}/new-event", repeat_end="date", repeat_until="2026-12-02")
    )
    assert event.rrule == "FREQ=DAILY;UNTIL=20261202T205959Z"
    assert len(occurrences.expand(event)) == 2


def test_every_weekday_after_a_count(client, app_store, summit):
    url = f"{SUMMIT}/new-event"
    event = _saved(
        app_store,
        summit,
        _daily(client, url, recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", repeat_end="count", repeat_count="3"),
    )
    assert event.rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=3"
    assert (
        parse(client.get(f"{SUMMIT}/events/{event.uid}").data).one(".fact-recurrence").text == "Every weekday, 3 times"
    )
    form = form_on(client, f"{SUMMIT}/events/{event.uid}/edit")
    assert (form["recurrence"], form["repeat_end"], form["repeat_count"]) == (
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "count",
        "3",
    )


def test_edit_form_shows_a_preset_with_its_end_date(client, app_store, summit):
    event = _saved(
        app_store, summit, _daily(client, f"{SUMMIT}/new-event", repeat_end="date", repeat_until="2026-12-02")
    )
    form = form_on(client, f"{SUMMIT}/events/{event.uid}/edit")
    assert (form["recurrence"], form["repeat_end"], form["repeat_until"]) == ("FREQ=DAILY", "date", "2026-12-02")
    again = submit(client, f"{SUMMIT}/events/{event.uid}/edit", {"title": "Early breakfast"})
    assert _saved(app_store, summit, again).rrule == "FREQ=DAILY;UNTIL=20261202T205959Z"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"repeat_end": "count", "repeat_count": "0"},
            "repeat_count",
            "write how many times, a whole number from 1 to 10,000",
        ),
        (
            {"repeat_end": "count", "repeat_count": "three"},
            "repeat_count",
            "write how many times, a whole number from 1 to 10,000",
        ),
        ({"repeat_end": "date", "repeat_until": ""}, "repeat_until", "enter the last date, or choose another end"),
        ({"repeat_end": "date", "repeat_until": "2026-11-30"}, "repeat_until", "must not be before the start date"),
        (
            {"start_date": "2026-12-05"},
            "repeat_end",
            "the programme ends on 3 December 2026, before this event starts; choose a date or a number",
        ),
    ],
)
def test_repetition_end_refused_names_the_field(client, app_store, summit, changes, field, message):
    before = snapshot(app_store)
    response = _daily(client, f"{SUMMIT}/new-event", **changes)
    assert response.status_code == 400
    assert parse(response.data).one(f"#{field}-error").text == message
    assert snapshot(app_store) == before


def test_advanced_rule_is_stored_as_written(client, app_store, summit):
    event = _saved(
        app_store, summit, _daily(client, f"{SUMMIT}/new-event", recurrence="custom", rrule_custom="FREQ=DAILY;COUNT=2")
    )
    assert event.rrule == "FREQ=DAILY;COUNT=2"


def test_seed_programme_end_is_its_last_day_in_its_zone(client, app_store, clock):
    clock.now = datetime(2018, 6, 4, 9, tzinfo=UTC) + timedelta(hours=1)
    response = submit(
        client,
        f"{CHINA}/new-event",
        {
            "title": "Briefing",
            "start_date": "2018-06-08",
            "start_time": "07:00",
            "end_time": "07:30",
            "recurrence": "FREQ=DAILY",
        },
    )
    event = _saved(app_store, "china-state-visit-2018", response)
    assert event.rrule == "FREQ=DAILY;UNTIL=20180610T155959Z"
    assert [o.timing.start.date() for o in occurrences.expand(event)] == [
        date(2018, 6, 8),
        date(2018, 6, 9),
        date(2018, 6, 10),
    ]


@pytest.mark.parametrize(
    ("lang", "warning"),
    [
        (
            "ru",
            "Предупреждение: 2 июня 2027 г. на 181 день позже остальной программы (1–3 декабря 2026 г.); "
            "проверьте дату и, если она верна, сохраните ещё раз",
        ),
        ("zh", "警告：2027年6月2日比日程其余部分（2026年12月1日 – 3日）晚181天；请检查日期，如无误请再次保存"),
    ],
)
def test_date_far_from_the_programme_warning_in_page_language(client, app_store, summit, lang, warning):
    """Regression (walk 3, defect 5): the far-date warning was an English sentence on ru and zh pages."""
    first = submit(
        client,
        f"{SUMMIT}/new-event?lang={lang}",
        {**BREAKFAST, "start_date": "2027-06-02", "start_time": "08:00", "end_time": "09:00"},
    )
    page = parse(first.data)
    assert page.one("html").get("lang") == lang
    assert page.texts(".check-before-saving .date-warnings li") == [warning]
    assert page.select(".check-before-saving .date-warnings [lang]") == []  # all in the page's language
