"""The event forms ask which 02:30 is meant on the night the clocks go back, and refuse the 02:30 they skip.

Berlin's clocks went back at 03:00 on 27 October 2024 (02:00-03:00 happened
twice) and forward at 02:00 on 31 March 2024 (02:00-03:00 did not happen).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from itinerary import services
from itinerary.model import is_second
from tests.builders import when
from tests.web.forms import form_on, snapshot, submit
from tests.web.html import form_values, parse

SLUG = "berlin-2024"
NEW_EVENT = f"/itineraries/{SLUG}/new-event"

pytestmark = pytest.mark.usefixtures("editor")


@pytest.fixture
def berlin(app_store):
    services.create_itinerary(app_store, slug=SLUG, title="Berlin, 2024", timezone="Europe/Berlin")
    return SLUG


def _event(changes: dict) -> dict:
    values = {"title": "Night talks", "start_date": "2024-10-27", "start_time": "02:30", "end_time": "04:00"}
    values.update(changes)
    return values


def _refused(client, store, changes: dict):
    """Send the new-event form with ``changes``: it must answer 400 and store nothing. The page it answers."""
    before = snapshot(store)
    response = submit(client, NEW_EVENT, _event(changes))
    assert response.status_code == 400, response.text
    assert snapshot(store) == before
    return parse(response.data)


def _handover(store, start: str, end: str, *, count: int):
    """The weekly series 'Handover' (uid ``weekly``) of ``count`` occurrences in the Berlin itinerary."""
    return services.create_event(
        store, SLUG, uid="weekly", title="Handover", **when(start, end), rrule=f"FREQ=WEEKLY;COUNT={count}"
    )


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_form_asks_which_0230_and_stores_nothing(client, app_store, berlin):
    doc = _refused(client, app_store, {})
    assert doc.one("#start_time-error").text == (
        "2024-10-27 02:30 happens twice in Europe/Berlin (the clocks go back): "
        "choose 02:30 CEST (UTC+02:00, first) or 02:30 CET (UTC+01:00, second)"
    )
    question = doc.one("fieldset#start_fold")
    assert question.one("legend").text == (
        "Which 02:30 on 27 October 2024? The clocks go back that night in Berlin, so it happens twice"
    )
    assert question.texts("label") == ["02:30 CEST (UTC+02:00, first)", "02:30 CET (UTC+01:00, second)"]
    radios = question.select("input[type=radio]")
    assert [r.get("value") for r in radios] == ["0@2024-10-27T02:30", "1@2024-10-27T02:30"]
    assert not any("checked" in r.attrs for r in radios)  # nothing is picked for the editor


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("ru", "02:30 CEST (UTC+02:00, в первый раз)", "02:30 CET (UTC+01:00, во второй раз)"),
        ("zh", "02:30 CEST（UTC+02:00，第一次）", "02:30 CET（UTC+01:00，第二次）"),
    ],
)
def test_form_asks_which_0230_in_the_editors_language(client, app_store, berlin, lang, first, second):
    before = snapshot(app_store)
    response = submit(client, f"{NEW_EVENT}?lang={lang}", _event({}))
    assert response.status_code == 400, response.text
    doc = parse(response.data)
    assert doc.one("fieldset#start_fold").texts("label") == [first, second]
    error = doc.one("#start_time-error").text
    assert first in error and second in error
    assert snapshot(app_store) == before
    assert doc.select("#end_fold") == []  # 04:00 happens once: no question about the end


def test_form_stores_the_chosen_second_0230(client, app_store, berlin):
    response = submit(client, NEW_EVENT, _event({"start_fold": "1@2024-10-27T02:30"}))
    assert response.status_code == 302, response.text
    (event,) = services.list_events(app_store, berlin)
    assert event.timing.instants() == (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 3))
    assert is_second(event.timing.start)


def test_form_stores_the_chosen_first_0230(client, app_store, berlin):
    response = submit(client, NEW_EVENT, _event({"start_fold": "0@2024-10-27T02:30"}))
    assert response.status_code == 302, response.text
    (event,) = services.list_events(app_store, berlin)
    assert event.timing.instants()[0] == utc(2024, 10, 27, 0, 30)


def test_answer_given_for_the_first_question_answers_it(client, app_store, berlin):
    # A browser sends the form back as the editor saw it, with one radio ticked.
    response = submit(client, NEW_EVENT, _event({}))
    values = form_values(parse(response.data).one("main form.form"))
    values["start_fold"] = parse(response.data).select("fieldset#start_fold input")[1].get("value")
    response = client.post(NEW_EVENT, data=values)
    assert response.status_code == 302, response.text
    (event,) = services.list_events(app_store, berlin)
    assert event.timing.instants()[0] == utc(2024, 10, 27, 1, 30)


def test_answer_for_another_time_is_not_taken(client, app_store, berlin):
    # The editor answered for 02:30, then typed 02:15: the question is asked again, nothing is picked.
    doc = _refused(client, app_store, {"start_time": "02:15", "start_fold": "1@2024-10-27T02:30"})
    assert [r.get("value") for r in doc.select("fieldset#start_fold input")] == [
        "0@2024-10-27T02:15",
        "1@2024-10-27T02:15",
    ]


def test_form_asks_about_start_and_end_at_once(client, app_store, berlin):
    doc = _refused(client, app_store, {"start_time": "02:10", "end_time": "02:50"})
    assert doc.one("fieldset#end_fold").texts("label") == [
        "02:50 CEST (UTC+02:00, first)",
        "02:50 CET (UTC+01:00, second)",
    ]
    assert doc.one("#end_time-error").text.startswith("2024-10-27 02:50 happens twice")
    assert doc.select("fieldset#start_fold")


def test_malformed_answer_is_refused_at_the_field(client, app_store, berlin):
    doc = _refused(client, app_store, {"start_fold": "7@2024-10-27T02:30"})
    assert "choose one of the two times" in doc.one(".error-summary").text


def test_skipped_time_is_refused_naming_the_field(client, app_store, berlin):
    doc = _refused(client, app_store, {"start_date": "2024-03-31", "start_time": "02:30"})
    assert doc.one("#start_time-error").text == "2024-03-31 02:30 does not exist in Europe/Berlin (clocks skip it)"
    assert doc.select("fieldset#start_fold") == []


def test_edit_form_shows_the_stored_answer(client, app_store, berlin):
    event = services.create_event(
        app_store, berlin, title="Night talks", **when("2024-10-27 02:30", "04:00"), start_fold=1
    )
    url = f"/itineraries/{SLUG}/events/{event.uid}/edit"
    doc = parse(client.get(url).data)
    checked = [r.get("value") for r in doc.select("fieldset#start_fold input") if "checked" in r.attrs]
    assert checked == ["1@2024-10-27T02:30"]
    assert form_on(client, url)["start_fold"] == "1@2024-10-27T02:30"
    response = submit(client, url, {"title": "Night talks, again"})
    assert response.status_code == 302, response.text
    saved = services.get_event(app_store, berlin, event.uid)
    assert saved.title == "Night talks, again"
    assert saved.timing.instants() == event.timing.instants()  # the second 02:30 stays the second


def test_edit_form_changes_first_to_second_0230(client, app_store, berlin):
    event = services.create_event(
        app_store, berlin, title="Night talks", **when("2024-10-27 02:30", "04:00"), start_fold=0
    )
    url = f"/itineraries/{SLUG}/events/{event.uid}/edit"
    response = submit(client, url, {"start_fold": "1@2024-10-27T02:30"})
    assert response.status_code == 302, response.text
    saved = services.get_event(app_store, berlin, event.uid)
    assert (saved.timing.instants()[0], saved.sequence) == (utc(2024, 10, 27, 1, 30), event.sequence + 1)


@pytest.fixture
def weekly(app_store, berlin):
    return _handover(app_store, "2024-10-13 09:00", "10:00", count=4)


MOVE = f"/itineraries/{SLUG}/events/weekly/occurrences/20241020T070000Z/move"


def test_move_form_asks_which_0230_and_stores_nothing(client, app_store, weekly):
    before = snapshot(app_store)
    changes = {"start_date": "2024-10-27", "start_time": "02:30", "end_date": "2024-10-27", "end_time": "03:15"}
    response = submit(client, MOVE, changes)
    assert response.status_code == 400, response.text
    doc = parse(response.data)
    assert doc.one("#start_time-error").text.startswith("2024-10-27 02:30 happens twice in Europe/Berlin")
    assert doc.one("fieldset#start_fold").texts("label") == [
        "02:30 CEST (UTC+02:00, first)",
        "02:30 CET (UTC+01:00, second)",
    ]
    assert snapshot(app_store) == before
    response = submit(client, MOVE, {**changes, "start_fold": "1@2024-10-27T02:30"})
    assert response.status_code == 302, response.text
    (override,) = services.get_event(app_store, SLUG, "weekly").overrides
    assert override.timing.instants() == (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 2, 15))


def test_move_form_refuses_a_skipped_time(client, app_store, berlin):
    _handover(app_store, "2024-03-17 09:00", "10:00", count=4)
    before = snapshot(app_store)
    url = f"/itineraries/{SLUG}/events/weekly/occurrences/20240324T080000Z/move"
    response = submit(client, url, {"start_date": "2024-03-31", "start_time": "02:30", "end_date": "2024-03-31"})
    assert response.status_code == 400, response.text
    assert parse(response.data).one("#start_time-error").text == (
        "2024-03-31 02:30 does not exist in Europe/Berlin (clocks skip it)"
    )
    assert snapshot(app_store) == before


def test_page_shows_series_occurrence_in_skipped_hour_with_its_length(client, app_store, berlin):
    _handover(app_store, "2024-03-24 02:30", "03:30", count=2)
    doc = parse(client.get(f"/itineraries/{SLUG}").data)
    days = {day.one("h2").text: day for day in doc.select("section.day")}
    spring = days["Sunday 31 March 2024"].one("li.entry[data-uid=weekly]")
    assert spring.one(".when").text == "03:30–04:30"  # the skipped 02:30 is 03:30 summer time, still an hour long
    assert [t.get("datetime") for t in spring.select(".when time")] == [
        "2024-03-31T03:30:00+02:00",
        "2024-03-31T04:30:00+02:00",
    ]


def test_page_tells_the_second_0230_by_its_offset(client, app_store, berlin):
    services.create_event(
        app_store, berlin, uid="late", title="Night talks", **when("2024-10-27 02:30", "04:00"), start_fold=1
    )
    services.create_event(
        app_store,
        berlin,
        uid="early",
        title="Zero hour talks",
        **when("2024-10-27 02:30", "02:45"),
        start_fold=0,
        end_fold=0,
    )
    doc = parse(client.get(f"/itineraries/{SLUG}").data)
    (day,) = doc.select("section.day")
    # In the order they happen (the second 02:30 after the first), each saying which 02:30 it is.
    assert [(e.get("data-uid"), e.one(".when").text) for e in day.select("li.entry")] == [
        ("early", "02:30 CEST–02:45 CEST"),
        ("late", "02:30 CET–04:00"),
    ]
    late = doc.one("li.entry[data-uid=late]")
    assert [t.get("datetime") for t in late.select(".when time")] == [
        "2024-10-27T02:30:00+01:00",
        "2024-10-27T04:00:00+01:00",
    ]
