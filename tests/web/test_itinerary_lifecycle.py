"""Deleting an itinerary (410 Gone at every address), copying one as a template, and the confirmations (issue 14)."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
import pytest

from itinerary import changelog, lifecycle, services
from tests.builders import daily_briefing
from tests.web.forms import csrf_token, form_on, snapshot, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
BRIEFING = f"{CHINA}/events/briefing"
SECOND = f"{BRIEFING}/occurrences/20180608T230000Z"  # 9 June 2018, 07:00 in Beijing


def _sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})


def _flash(client, url):
    return parse(client.get(url).data).texts(".flash")


# Deleting an itinerary


def test_delete_asks_first_and_says_what_subscribers_will_see(client, app_store, editor):
    services.rotate_feed_token(app_store, SLUG)
    before = snapshot(app_store)
    links = {a.get("href"): a.text for a in parse(client.get(CHINA).data).select(".toolbar a")}
    assert (links[f"{CHINA}/delete"], links[f"{CHINA}/duplicate"]) == ("Delete itinerary", "Copy as a template")
    response = client.get(f"{CHINA}/delete")
    assert response.status_code == 200
    doc = parse(response.data)
    assert doc.one("h1").text == "Delete “State visit to China and the SCO summit, June 2018”?"
    consequences = doc.texts("ul.consequences li")
    assert consequences[0] == (
        "Its page, its calendar feed, its private feed and each event’s feed answer “410 Gone” with a note that "
        "it was deleted; no calendar receives updates from them again."
    )
    assert consequences[1].startswith("An error answer does not make calendar apps remove what they already copied")
    assert doc.one("main form.form button").text == "Yes, delete the itinerary"
    assert snapshot(app_store) == before


def test_deleted_itinerary_answers_410_gone_at_every_address(client, app_store, editor, clock):
    token = services.rotate_feed_token(app_store, SLUG)
    clock.now += timedelta(hours=1)
    response = client.post(f"{CHINA}/delete", data={"csrf_token": csrf_token(client, f"{CHINA}/delete")})
    assert (response.status_code, response.location) == (302, "/")
    assert _flash(client, "/") == [
        "Deleted State visit to China and the SCO summit, June 2018; its page and feeds now answer that it is gone."
    ]
    note = (
        "The itinerary “State visit to China and the SCO summit, June 2018” was deleted on 4 June 2018 (UTC), "
        "with its programme and its calendar feeds; nothing will be published here again. "
        "Remove this calendar subscription or bookmark."
    )
    _sign_out(client)  # readers and calendar apps, not signed in
    for url in (f"{CHINA}.ics", f"/feeds/{token}.ics", f"{CHINA}/events/cn2018-press.ics"):
        answer = client.get(url)
        assert (answer.status_code, answer.mimetype, answer.text) == (410, "text/plain", f"Gone: {note}\n"), url
    for url in (CHINA, f"{CHINA}/events/cn2018-press", f"{CHINA}/changes", f"{CHINA}/timeline", f"{CHINA}/print"):
        answer = client.get(url)
        assert answer.status_code == 410, url
        doc = parse(answer.data)
        assert (doc.one("h1").text, doc.one(".error-message").text) == ("Gone", note), url
    assert client.get("/itineraries/never-was.ics").status_code == 404
    assert client.get(f"/feeds/{'x' * 43}.ics").status_code == 404
    assert [i.slug for i in services.list_itineraries(app_store, include_restricted=True)] == [
        "russia-china-contacts-2017-2018"
    ]


def test_deleted_restricted_itinerary_stays_not_found_for_readers(client, app_store, editor):
    services.update_itinerary(app_store, SLUG, visibility="restricted")
    lifecycle.delete_itinerary(app_store, SLUG, editor="editor")
    assert client.get(CHINA).status_code == 410  # the editor is told
    _sign_out(client)
    assert client.get(CHINA).status_code == 404
    assert client.get(f"{CHINA}.ics").status_code == 404


def test_deleted_slug_is_not_silently_reused_by_a_new_itinerary(client, app_store, editor):
    lifecycle.delete_itinerary(app_store, SLUG, editor="editor")
    fields = {"slug": SLUG, "title": "Someone else's trip", "timezone": "Europe/Berlin", "visibility": "public"}
    response = submit(client, "/new-itinerary", fields)
    assert response.status_code == 400
    assert parse(response.data).one("#slug-error").text == (
        "'china-state-visit-2018' belonged to 'State visit to China and the SCO summit, June 2018', deleted on "
        "4 June 2018; its old addresses answer that it is gone, so choose another slug"
    )
    assert client.get(CHINA).status_code == 410


# Copying an itinerary as a template


def _feed_events(client, token_url):
    calendar = icalendar.Calendar.from_ical(client.get(token_url).data)
    return sorted(
        (
            (
                str(e["SUMMARY"]),
                e.start.isoformat(),
                e.end.isoformat(),
                str(e.get("RRULE", "").to_ical(), "ascii") if e.get("RRULE") else "",
                str(e.get("RELATED-TO", "")),
                int(e["SEQUENCE"]),
            )
            for e in calendar.walk("VEVENT")
            if "RECURRENCE-ID" not in e
        ),
        key=lambda row: row[1],
    )


def test_duplicate_copies_every_event_with_new_uids_shifted_to_the_new_first_day(client, app_store, editor):
    daily_briefing(app_store, SLUG)
    services.update_event(app_store, SLUG, "briefing", rrule="FREQ=DAILY;UNTIL=20180610T155959Z")
    assert form_on(client, f"{CHINA}/duplicate")["starting"] == ""
    doc = parse(client.get(f"{CHINA}/duplicate").data)
    assert "The programme begins on Friday 8 June 2018." in doc.one("p.template-note").text
    before = services.list_events(app_store, SLUG)
    response = submit(
        client,
        f"{CHINA}/duplicate",
        {"new_slug": "china-state-visit-2019", "title": "State visit, 2019", "starting": "2019-06-07"},
    )
    assert (response.status_code, response.location) == (302, "/itineraries/china-state-visit-2019")
    copy = services.get_itinerary(app_store, "china-state-visit-2019")
    assert (copy.title, copy.timezone, copy.visibility.value) == ("State visit, 2019", "Asia/Shanghai", "restricted")
    assert services.list_events(app_store, SLUG) == before  # the original is untouched
    copied = services.list_events(app_store, "china-state-visit-2019")
    assert len(copied) == len(before) and not {e.uid for e in copied} & {e.uid for e in before}
    # 8 June 2018 to 7 June 2019: 364 days; each keeps its time of day in its own zone.
    shift = timedelta(days=364)
    original = {e.title: e for e in before}
    for event in copied:
        old = original[event.title]
        if event.all_day:
            assert (event.timing.first, event.timing.last) == (old.timing.first + shift, old.timing.last + shift)
        else:
            assert event.timing.start.replace(tzinfo=None) == old.timing.start.replace(tzinfo=None) + shift
            assert event.timing.timezone == old.timing.timezone
        assert (event.venue, event.participants, event.status, event.sequence) == (
            old.venue,
            old.participants,
            old.status,
            0,
        )
        parent = {e.uid: e.title for e in copied}.get(event.parent)
        assert parent == (original[old.title].parent and {e.uid: e.title for e in before}[old.parent])
    # Its feed, read back with icalendar: new UIDs, the rule's end moved with it.
    token = services.rotate_feed_token(app_store, "china-state-visit-2019")
    rows = _feed_events(client, f"/feeds/{token}.ics")
    assert (
        "Morning briefing",
        "2019-06-07T07:00:00+08:00",
        "2019-06-07T07:30:00+08:00",
        "FREQ=DAILY;UNTIL=20190609T155959Z",
        "",
        0,
    ) in rows
    assert len(rows) == len(before)


def test_duplicate_refuses_a_taken_slug_and_keeps_nothing(client, app_store, editor):
    before = snapshot(app_store)
    response = submit(client, f"{CHINA}/duplicate", {"new_slug": "russia-china-contacts-2017-2018", "title": "Copy"})
    assert response.status_code == 400
    assert parse(response.data).one("#new_slug-error").text == (
        "an itinerary called 'russia-china-contacts-2017-2018' exists already"
    )
    assert snapshot(app_store) == before


# Cancelling an occurrence asks first; a cancelled one can be restored


def test_cancelling_an_occurrence_asks_first(client, app_store, editor):
    daily_briefing(app_store, SLUG)
    link = parse(client.get(BRIEFING).data).select("li.occurrence")[1].one("a.cancel-occurrence")
    assert (link.text, link.get("href")) == (
        "Cancel this occurrence of Saturday 9 June 2018, 07:00",
        f"{SECOND}/cancel",
    )
    before = snapshot(app_store)
    doc = parse(client.get(f"{SECOND}/cancel").data)
    assert doc.one("h1").text == "Cancel the occurrence of 9 June 2018, 07:00?"
    assert doc.one("main form.form button").text == "Yes, cancel this occurrence"
    assert snapshot(app_store) == before
    response = client.post(f"{SECOND}/cancel", data={"csrf_token": csrf_token(client, f"{SECOND}/cancel")})
    assert (response.status_code, response.location) == (302, f"{BRIEFING}#occurrences")
    assert [o.status for o in services.get_event(app_store, SLUG, "briefing").overrides] == ["cancelled"]


def test_restoring_a_cancelled_occurrence(client, app_store, editor, clock):
    daily_briefing(app_store, SLUG)
    services.cancel_occurrence(app_store, SLUG, "briefing", datetime(2018, 6, 9, 7, 0), editor="editor")
    clock.now += timedelta(minutes=5)
    item = parse(client.get(BRIEFING).data).select("li.occurrence")[1]
    form = item.one("form")
    assert form.one("button").text == "Restore this occurrence of Saturday 9 June 2018, 07:00"
    assert form.get("action") == f"{SECOND}/restore"
    response = client.post(f"{SECOND}/restore", data={"csrf_token": csrf_token(client, BRIEFING)})
    assert (response.status_code, response.location) == (302, f"{BRIEFING}#occurrences")
    event = services.get_event(app_store, SLUG, "briefing")
    assert (event.overrides, event.sequence) == ((), 2)
    assert _flash(client, BRIEFING) == ["Restored the occurrence of Morning briefing on 9 June 2018, 07:00."]
    latest = changelog.changes_since(app_store, SLUG)[0]
    assert (latest.editor, latest.action, latest.fields) == (
        "editor",
        "changed",
        {"changed occurrences": ("2018-06-09 07:00: cancelled", "")},
    )
    # Restoring what is not cancelled is refused, and changes nothing.
    again = client.post(f"{SECOND}/restore", data={"csrf_token": csrf_token(client, BRIEFING)})
    assert again.status_code == 400
    assert services.get_event(app_store, SLUG, "briefing").sequence == 2


# Issuing a private address asks first, and says only what is true


def test_issuing_a_private_address_asks_first(client, app_store, editor):
    link = parse(client.get(CHINA).data).one("section#private-feed a.rotate-token")
    assert (link.text, link.get("href")) == ("Issue a private address", f"{CHINA}/feed-token/rotate")
    doc = parse(client.get(f"{CHINA}/feed-token/rotate").data)
    assert (doc.one("h1").text, doc.one("main form.form button").text) == (
        "Issue a private feed address?",
        "Yes, issue an address",
    )
    assert services.feed_token(app_store, SLUG) is None
    services.rotate_feed_token(app_store, SLUG)
    doc = parse(client.get(f"{CHINA}/feed-token/rotate").data)
    assert (doc.one("h1").text, doc.one("main form.form button").text) == (
        "Issue a new private feed address?",
        "Yes, issue a new address",
    )


@pytest.mark.parametrize("had", [False, True])
def test_first_private_address_does_not_say_an_old_one_stopped_working(client, app_store, editor, had):
    """Regression: the first issue of a private address said "the old one no longer works" when there was none."""
    if had:
        services.rotate_feed_token(app_store, SLUG)
    client.post(f"{CHINA}/feed-token/rotate", data={"csrf_token": csrf_token(client, CHINA)})
    assert _flash(client, CHINA) == [
        "A new private feed address was issued; the old one no longer works."
        if had
        else "A private feed address was issued."
    ]


def test_seed_is_not_loaded_again_once_every_itinerary_was_deleted(app, app_store):
    from web.app import seed_if_empty

    for itinerary in services.list_itineraries(app_store, include_restricted=True):
        lifecycle.delete_itinerary(app_store, itinerary.slug)
    assert seed_if_empty(app) == []
    assert services.list_itineraries(app_store, include_restricted=True) == []
    assert lifecycle.deleted_itinerary(app_store, SLUG).title == "State visit to China and the SCO summit, June 2018"


# Flow: "Save and add another"; events picked by time


def test_save_and_add_another_saves_then_opens_an_empty_form(client, app_store, editor):
    from tests.web.forms import GOOD_EVENT

    url = f"{CHINA}/new-event"
    buttons = parse(client.get(url).data).select("main form.form p.actions button")
    assert [(b.text, b.get("name")) for b in buttons] == [("Save event", None), ("Save and add another", "add_another")]
    response = submit(client, url, {**GOOD_EVENT, "add_another": "1"})
    assert (response.status_code, response.location) == (302, url)
    assert [e.title for e in services.list_events(app_store, SLUG) if e.title == "Courtesy call"] == ["Courtesy call"]
    doc = parse(client.get(url).data)
    assert doc.texts(".flash") == ["Added Courtesy call."]
    assert (doc.one("#title").get("value"), doc.one("#start_time").get("value")) == ("", "")


def test_edit_form_has_no_save_and_add_another(client, editor):
    buttons = parse(client.get(f"{CHINA}/events/cn2018-press/edit").data).texts("main form.form p.actions button")
    assert buttons == ["Save event"]


def test_parent_picker_lists_events_by_time(client, editor):
    labels = parse(client.get(f"{CHINA}/new-event").data).texts("#parent option")
    assert labels[:3] == [
        "Nothing (a top-level event)",
        "Fri 8 Jun, 08:30: Arrival in Beijing",
        "Fri 8 Jun, 09:45: Russian-Chinese talks in narrow format",
    ]
