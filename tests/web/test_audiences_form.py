"""The event form's visibility per audience and public label: shown as stored, saved as sent."""

from __future__ import annotations

from itinerary import services
from tests.web.forms import form_on, submit

CHINA = "/itineraries/china-state-visit-2018"
LUNCH = f"{CHINA}/events/cn2018-lunch-narrow/edit"


def test_event_form_shows_each_audiences_visibility_and_the_public_label_as_stored(client, editor):
    values = form_on(client, LUNCH)
    assert {name: values[name] for name in values if name.startswith("access_") or name == "public_label"} == {
        "access_public": "busy",
        "access_press": "busy",
        "access_delegation": "full",
        "access_staff": "",
        "public_label": "Closed working lunch",
    }


def test_event_form_saves_each_audiences_visibility_and_the_public_label(client, editor, app_store):
    changes = {"access_press": "hidden", "access_delegation": "", "public_label": "Lunch\r\n"}
    response = submit(client, LUNCH, changes)
    assert response.status_code == 302, response.text
    lunch = services.get_event(app_store, "china-state-visit-2018", "cn2018-lunch-narrow")
    assert (lunch.visibility.value, lunch.access, lunch.label) == ("restricted", (("public", "busy"),), "Lunch")
    assert form_on(client, LUNCH)["access_press"] == ""  # hidden is a restricted event's default for the press


def test_event_form_unchanged_keeps_the_event_as_it_was(client, editor, app_store):
    before = services.get_event(app_store, "china-state-visit-2018", "cn2018-lunch-narrow")
    assert submit(client, LUNCH).status_code == 302
    after = services.get_event(app_store, "china-state-visit-2018", "cn2018-lunch-narrow")
    assert (after.access, after.label, after.sequence) == (before.access, before.label, before.sequence)


def test_event_form_public_full_makes_the_event_public(client, editor, app_store):
    assert submit(client, LUNCH, {"access_public": "full", "access_press": "full"}).status_code == 302
    lunch = services.get_event(app_store, "china-state-visit-2018", "cn2018-lunch-narrow")
    assert (lunch.visibility.value, lunch.access) == ("public", ())
