"""The event form opened before an audience of the itinerary's own was removed (or added), then saved."""

from __future__ import annotations

from itinerary import own_audiences, services
from tests.web.forms import form_on, snapshot
from tests.web.html import parse

SLUG = "china-state-visit-2018"
LUNCH = f"/itineraries/{SLUG}/events/cn2018-lunch-narrow/edit"


def _stale_form(client, app_store) -> dict:
    """The lunch's form with "interpreters" set to full and "drivers" to busy, filled in before "interpreters"
    was removed (by another editor, in another tab) and sent after."""
    own_audiences.add(app_store, SLUG, name="interpreters", label="Interpreters")
    own_audiences.add(app_store, SLUG, name="drivers", label="Drivers")
    values = form_on(client, LUNCH)
    values.update(access_interpreters="full", access_drivers="busy", access_press="hidden")
    own_audiences.remove(app_store, SLUG, "interpreters")
    return values


def test_event_form_with_a_setting_for_a_removed_audience_is_refused_naming_it_and_nothing_changes(
    client, editor, app_store
):
    values = _stale_form(client, app_store)
    before = snapshot(app_store)
    response = client.post(LUNCH, data=values)
    assert response.status_code == 400
    page = parse(response.data)
    assert [m.text for m in page.select(".error-summary li")] == [
        "Audience “interpreters”: it was removed after this form was opened, so its setting was not saved; "
        "check the other audiences and save again."
    ]
    assert snapshot(app_store) == before
    again = form_values_of(page)  # the form shown again keeps what was chosen for the remaining audiences
    assert (again["access_drivers"], again["access_press"], "access_interpreters" in again) == ("busy", "hidden", False)
    assert client.post(LUNCH, data=again).status_code == 302
    lunch = services.get_event(app_store, SLUG, "cn2018-lunch-narrow")
    assert lunch.access == (("delegation", "full"), ("drivers", "busy"), ("public", "busy"))


def test_event_form_with_the_default_for_a_removed_audience_saves_the_others(client, editor, app_store):
    values = _stale_form(client, app_store)
    values["access_interpreters"] = ""  # "as the visibility says": nothing to lose
    assert client.post(LUNCH, data=values).status_code == 302
    lunch = services.get_event(app_store, SLUG, "cn2018-lunch-narrow")
    assert lunch.access == (("delegation", "full"), ("drivers", "busy"), ("public", "busy"))


def test_event_form_opened_before_an_audience_was_added_keeps_its_default(client, editor, app_store):
    values = form_on(client, LUNCH)
    own_audiences.add(app_store, SLUG, name="interpreters", label="Interpreters")
    assert client.post(LUNCH, data=values).status_code == 302
    assert services.get_event(app_store, SLUG, "cn2018-lunch-narrow").access == (
        ("delegation", "full"), ("press", "busy"), ("public", "busy"),
    )  # fmt: skip


def form_values_of(page) -> dict:
    from tests.web.html import form_values

    return form_values(page.one("main form.form"))
