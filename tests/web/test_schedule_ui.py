"""The scheduling intelligence in the pages: problems, what changed, versions, now and next, single occurrences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from itinerary import changelog, services
from tests.builders import daily_briefing, when
from tests.conftest import make_event
from tests.web.conftest import PASSWORD
from tests.web.forms import csrf_token, form_on, sign_in, snapshot, submit
from tests.web.html import form_values, page, parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
PRESS = f"{CHINA}/events/cn2018-press"
OVERLAP_ENLARGED = (
    "Vladimir Putin and Xi Jinping cannot attend both 'Russian-Chinese talks in enlarged format' "
    "(8 June 2018 11:00-12:15) and 'Press statements' (8 June 2018 12:00-12:30): they overlap for 15 minutes."
)
OVERLAP_SIGNING = (
    "Vladimir Putin and Xi Jinping cannot attend both 'Press statements' (8 June 2018 12:00-12:30) and "
    "'Signing of documents and adoption of joint statements' (8 June 2018 12:15-12:45): they overlap for 15 minutes."
)
SAME_HALL = (
    "'Press statements' (8 June 2018 12:45-13:15) and 'Photo call' (8 June 2018 12:50-13:00) are both at "
    "Great Hall of the People, Beijing and overlap for 10 minutes; check that they use different rooms."
)
PHOTO_CALL = {
    "title": "Photo call",
    "kind": "press",
    "start_date": "2018-06-08",
    "start_time": "12:50",
    "end_time": "13:00",
    "venue": "great-hall-of-the-people",
}


def findings(doc, selector=".problems"):
    """(severity, sentence, linked event titles) of each finding shown."""
    return [
        (li.one(".severity").text, li.one(".message").text, li.texts(".finding-events a"))
        for li in doc.select(f"{selector} li.finding")
    ]


def stored(store):
    return snapshot(store), changelog.changes_since(store, SLUG), changelog.versions(store, SLUG)


def error_message(response, status):
    assert response.status_code == status, response.text
    return parse(response.data).one(".error-message").text


# Problems on the event form


SAME_HALL_ENLARGED = (
    "'Russian-Chinese talks in enlarged format' (8 June 2018 11:00-12:15) and 'Press statements' "
    "(8 June 2018 12:00-12:30) are both at Great Hall of the People, Beijing and overlap for 15 minutes; check that "
    "they use different rooms."
)
SAME_HALL_SIGNING = (
    "'Press statements' (8 June 2018 12:00-12:30) and 'Signing of documents and adoption of joint statements' "
    "(8 June 2018 12:15-12:45) are both at Great Hall of the People, Beijing and overlap for 15 minutes; check that "
    "they use different rooms."
)
ENLARGED, SIGNING = "Russian-Chinese talks in enlarged format", "Signing of documents and adoption of joint statements"


def test_saving_an_event_into_an_overlap_shows_the_warnings_and_stores_nothing(client, app_store, editor):
    before = stored(app_store)
    response = submit(client, f"{PRESS}/edit", {"start_time": "12:00", "end_time": "12:30"})
    assert response.status_code == 409
    doc = parse(response.data)
    summary = doc.one(".warning-summary")
    assert (summary.get("role"), summary.get("tabindex"), "autofocus" in summary.attrs) == ("alert", "-1", True)
    assert summary.one("h2").text == "Not saved yet: this change brings 4 warnings"
    assert findings(doc, ".warning-summary") == [
        ("Warning", OVERLAP_ENLARGED, [ENLARGED, "Press statements"]),
        ("Warning", SAME_HALL_ENLARGED, [ENLARGED, "Press statements"]),
        ("Warning", OVERLAP_SIGNING, ["Press statements", SIGNING]),
        ("Warning", SAME_HALL_SIGNING, ["Press statements", SIGNING]),
    ]
    assert summary.one("#save_anyway").get("value") == "Save anyway"
    assert summary.one("#reason").get("maxlength") == "200"
    assert (doc.one("#start_time").get("value"), doc.one("#end_time").get("value")) == ("12:00", "12:30")
    assert doc.select(".error-summary") == []
    assert stored(app_store) == before


def test_save_anyway_with_a_reason_stores_it_and_the_change_log_shows_it(client, app_store, editor):
    changes = {"start_time": "12:00", "end_time": "12:30", "save_anyway": "Save anyway"}
    reason = "The leaders speak\r\nbriefly between the talks"  # what a browser sends from a pasted line break
    response = submit(client, f"{PRESS}/edit", {**changes, "reason": reason})
    assert (response.status_code, response.location) == (302, PRESS)
    assert services.get_event(app_store, SLUG, "cn2018-press").timing.start.hour == 12
    [latest, *_] = changelog.changes_since(app_store, SLUG)
    assert (latest.uid, latest.editor, latest.reason) == (
        "cn2018-press",
        "editor",
        "The leaders speak briefly between the talks",
    )
    doc = page(client, response.location)
    assert doc.texts(".flash")[0] == "Saved Press statements."
    row = page(client, f"{CHINA}/changes").select("ol.changes li.change")[0]
    assert row.one(".change-reason").text == "Saved despite warnings: The leaders speak briefly between the talks"


def test_readers_do_not_see_the_reason(client, app_store):
    services.save_event(
        app_store,
        SLUG,
        {"start": datetime(2018, 6, 8, 12, 0), "end": datetime(2018, 6, 8, 12, 30)},
        uid="cn2018-press",
        reason="Internal: the minister leaves early",
    )
    assert "minister" not in page(client, f"{CHINA}/changes").text


def test_save_anyway_without_a_reason_asks_for_one_and_stores_nothing(client, app_store, editor):
    before = stored(app_store)
    response = submit(
        client,
        f"{PRESS}/edit",
        {"start_time": "12:00", "end_time": "12:30", "save_anyway": "Save anyway", "reason": " "},
    )
    assert response.status_code == 409
    doc = parse(response.data)
    assert doc.one("#reason-error").text == "say in a few words why it should be saved anyway"
    assert len(findings(doc, ".warning-summary")) == 4
    assert stored(app_store) == before


def test_a_new_event_and_its_new_venue_are_not_stored_until_saved_anyway(client, app_store, editor):
    before = stored(app_store)
    values = {
        "title": "Side meeting",
        "start_date": "2018-06-08",
        "start_time": "10:00",
        "end_time": "10:30",
        "participants": "xi-jinping",
        "venue": "",
        "new_venue_name": "Diaoyutai State Guesthouse",
        "new_venue_city": "Beijing",
        "new_venue_country": "China",
        "new_venue_timezone": "Asia/Shanghai",
        "new_venue_latitude": "39.9235",
        "new_venue_longitude": "116.3050",
    }
    response = submit(client, f"{CHINA}/new-event", values)
    assert response.status_code == 409
    doc = parse(response.data)
    assert [(s, links) for s, _, links in findings(doc, ".warning-summary")] == [
        ("Warning", ["Russian-Chinese talks in narrow format"]),  # the new event has no page yet
    ]
    assert doc.one(".warning-summary .message").text == (
        "Xi Jinping cannot attend both 'Russian-Chinese talks in narrow format' (8 June 2018 09:45-10:45) and "
        "'Side meeting' (8 June 2018 10:00-10:30): they overlap for 30 minutes."
    )
    assert doc.one("#new_venue_name").get("value") == "Diaoyutai State Guesthouse"
    assert stored(app_store) == before
    again = form_values(doc.one("main form.form"))
    response = client.post(
        f"{CHINA}/new-event", data={**again, "save_anyway": "Save anyway", "reason": "He joins late"}
    )
    assert response.status_code == 302
    assert "diaoyutai-state-guesthouse" in {v.key for v in services.list_venues(app_store)}


def test_a_tentative_event_is_saved_without_warnings(client, app_store, editor):
    response = submit(client, f"{CHINA}/new-event", {**PHOTO_CALL, "status": "tentative"})
    assert response.status_code == 302
    assert page(client, response.location).texts(".flash") == ["Added Photo call."]


def test_a_warning_is_shown_again_on_the_event_page_once_saved_anyway(client, app_store, editor):
    response = submit(client, f"{CHINA}/new-event", PHOTO_CALL)
    assert response.status_code == 409
    assert findings(parse(response.data), ".warning-summary") == [("Warning", SAME_HALL, ["Press statements"])]
    response = submit(client, f"{CHINA}/new-event", {**PHOTO_CALL, "save_anyway": "Save anyway", "reason": "Hall B"})
    assert response.status_code == 302
    uid = response.location.rsplit("/", 1)[1]
    assert services.get_event(app_store, SLUG, uid).title == "Photo call"
    doc = page(client, response.location)
    assert doc.texts(".flash") == ["Added Photo call.", f"Warning: {SAME_HALL}"]
    assert findings(doc) == [("Warning", SAME_HALL, ["Press statements", "Photo call"])]


def test_a_warning_that_was_there_before_does_not_ask_again(client, app_store, editor):
    services.update_event(app_store, SLUG, "cn2018-press", **when("2018-06-08 12:00", "12:30"))
    response = submit(client, f"{PRESS}/edit", {"description": "Both leaders speak."})
    assert (response.status_code, response.location) == (302, PRESS)
    assert services.get_event(app_store, SLUG, "cn2018-press").description == "Both leaders speak."
    assert [severity for severity, _, _ in findings(page(client, PRESS))] == ["Warning"] * 4


def test_the_travel_mode_is_chosen_on_the_form_and_shown_to_readers(client, app_store, editor):
    url = f"{CHINA}/events/cn2018-train-tianjin"
    assert form_on(client, f"{url}/edit")["mode"] == ""
    response = submit(client, f"{url}/edit", {"mode": "train"})
    assert (response.status_code, response.location) == (302, url)
    assert services.get_event(app_store, SLUG, "cn2018-train-tianjin").mode.value == "train"
    assert page(client, url).one(".fact-mode").text == "By train"
    assert changelog.changes_since(app_store, SLUG)[0].fields == {"travel mode": ("", "by train")}


# Problems on the itinerary page


def test_editors_see_every_problem_on_the_itinerary_page(client, app_store, editor):
    make_event(
        app_store,
        SLUG,
        uid="photo",
        title="Photo call",
        venue="great-hall-of-the-people",
        **when("2018-06-08 12:50", "13:00"),
    )
    services.update_event(app_store, SLUG, "cn2018-press", **when("2018-06-08 12:00", "12:30"))
    doc = page(client, CHINA)
    assert doc.one(".problems h2").text == "Problems (editors)"
    assert doc.one(".problems-count").text == "0 errors, 7 warnings."
    shown = findings(doc)
    assert [(severity, links) for severity, _, links in shown][:4] == [
        ("Warning", ["Russian-Chinese talks in enlarged format", "Press statements"]),
        ("Warning", ["Russian-Chinese talks in enlarged format", "Press statements"]),
        ("Warning", ["Press statements", "Signing of documents and adoption of joint statements"]),
        ("Warning", ["Press statements", "Signing of documents and adoption of joint statements"]),
    ]
    assert doc.select(".problems .finding-events a")[1].get("href") == PRESS
    assert shown[0][1] == OVERLAP_ENLARGED


def test_an_editor_sees_that_there_are_no_problems(client, editor):
    assert page(client, "/itineraries/russia-china-contacts-2017-2018").one(".problems-count").text == (
        "No conflicts and no moves that cannot be made in time."
    )


def test_an_editor_sees_the_legs_the_seed_leaves_out(client, editor):
    doc = page(client, CHINA)
    assert doc.one(".problems-count").text == "0 errors, 3 warnings."
    assert findings(doc)[0][1].startswith("Yuri Ushakov has no travel leg from Beijing to Tianjin between ")


def test_readers_never_see_problems(client, app_store):
    services.update_event(app_store, SLUG, "cn2018-press", **when("2018-06-08 12:00", "12:30"))
    assert page(client, CHINA).select(".problems") == []
    assert page(client, PRESS).select(".problems") == []


# What changed


@pytest.fixture
def edits(app_store, clock):
    """Three changes on 5 June (Beijing): one public event moved, one restricted renamed, one public cancelled."""
    clock.now = datetime(2018, 6, 5, 1, 0, tzinfo=UTC)
    services.update_event(app_store, SLUG, "cn2018-hockey-tianjin", **when("2018-06-08 15:15", "16:45"), editor="anna")
    clock.now += timedelta(minutes=30)
    services.update_event(app_store, SLUG, "cn2018-lunch-narrow", title="Lunch with a secret guest", editor="anna")
    clock.now += timedelta(minutes=30)
    services.cancel_event(app_store, SLUG, "cn2018-press", editor="boris")
    clock.now += timedelta(hours=2)


def rows(doc):
    """Each change as its parts (when, what, event, by whom) then its fields, as the list shows them."""
    return [
        [part.text for part in li.select(".change-part")] + li.texts(".change-fields li")
        for li in doc.select("ol.changes li.change")
    ]


HOCKEY_MOVED = [
    "Start: 8 June 2018, 15:00 Beijing → 8 June 2018, 15:15 Beijing",
    "End: 8 June 2018, 16:30 Beijing → 8 June 2018, 16:45 Beijing",
]


def test_readers_see_public_changes_since_a_date_without_editors_names(client, edits):
    doc = page(client, f"{CHINA}/changes?since=2018-06-05")
    assert doc.one(".changes-scope").text == "Changes since 5 June 2018, 00:00 (Beijing time), newest first."
    assert doc.one(".changes-zone").text == "Times are in Beijing time."
    assert rows(doc) == [
        ["5 June 2018, 10:00", "Cancelled", "Press statements"],
        ["5 June 2018, 09:00", "Changed", "Junior ice hockey match in Tianjin", *HOCKEY_MOVED],
    ]
    assert doc.select("ol.changes li.change a")[0].get("href") == PRESS
    assert doc.one("#since").get("value") == "2018-06-05"
    assert "secret" not in parse(client.get(f"{CHINA}/changes").data).text.lower()


def test_editors_see_every_change_with_who_made_it(client, edits, editor):
    doc = page(client, f"{CHINA}/changes?since=2018-06-05")
    assert rows(doc) == [
        ["5 June 2018, 10:00", "Cancelled", "Press statements", "by boris"],
        [
            "5 June 2018, 09:30",
            "Changed",
            "Lunch with a secret guest",
            "by anna",
            "Title: Working lunch in narrow format → Lunch with a secret guest",
        ],
        ["5 June 2018, 09:00", "Changed", "Junior ice hockey match in Tianjin", "by anna", *HOCKEY_MOVED],
    ]


def test_changes_since_an_instant_in_another_zone(client, edits):
    doc = page(client, f"{CHINA}/changes?since=2018-06-05T01:30:00Z&tz=Europe/Moscow")
    assert doc.one(".changes-scope").text == "Changes since 5 June 2018, 04:30 (Moscow time), newest first."
    assert rows(doc) == [["5 June 2018, 05:00", "Cancelled", "Press statements"]]


def test_no_changes_since_then(client, edits):
    doc = page(client, f"{CHINA}/changes?since=2018-06-06")
    assert doc.one(".empty").text == "Nothing has changed since then."


@pytest.mark.parametrize("since", ["yesterday", "2018-13-01", "2018-06-05T10:00", "06/05/2018"])
def test_a_bad_since_is_refused_with_a_clear_message(client, since):
    message = error_message(client.get(f"{CHINA}/changes", query_string={"since": since}), 400)
    assert message == f"since: {since!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-06-04"


def test_the_changes_of_a_restricted_itinerary_are_not_found_for_readers(client, app_store):
    services.update_itinerary(app_store, SLUG, visibility="restricted")
    assert client.get(f"{CHINA}/changes").status_code == 404


# Since your last visit


def test_the_last_visit_is_remembered_and_offered(client, clock, edits):
    clock.now = datetime(2018, 6, 5, 0, 0, tzinfo=UTC)
    first = client.get(CHINA)
    assert parse(first.data).select(".since-last-visit") == []
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith(f"last-visit-{SLUG}=0.1528156800;")
    assert f"Path={CHINA};" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert first.headers["Vary"] == "Cookie, Accept-Language"  # the language is picked by both too (web/i18n.py)
    clock.now = datetime(2018, 6, 5, 0, 30, tzinfo=UTC)  # a reload within the hour is the same visit
    assert parse(client.get(CHINA).data).select(".since-last-visit") == []
    clock.now = datetime(2018, 6, 5, 4, 0, tzinfo=UTC)
    link = parse(client.get(CHINA).data).one(".since-last-visit")
    assert link.text == "Changes since your last visit (5 June 2018, 08:30)"
    assert link.get("href") == f"{CHINA}/changes?since=2018-06-05T00:30:00Z"
    assert rows(page(client, link.get("href"))) == [
        ["5 June 2018, 10:00", "Cancelled", "Press statements"],
        ["5 June 2018, 09:00", "Changed", "Junior ice hockey match in Tianjin", *HOCKEY_MOVED],
    ]
    clock.now = datetime(2018, 6, 5, 4, 20, tzinfo=UTC)  # still the visit that began at 04:00
    assert parse(client.get(CHINA).data).one(".since-last-visit").text == (
        "Changes since your last visit (5 June 2018, 08:30)"
    )


@pytest.mark.parametrize("value", ["garbage", "1.2.3", "99999999999.99999999999", "0.4102444800"])
def test_a_cookie_that_is_not_ours_is_ignored(client, value):
    client.set_cookie(f"last-visit-{SLUG}", value, path=CHINA)
    response = client.get(CHINA)
    assert response.status_code == 200
    assert parse(response.data).select(".since-last-visit") == []


# Versions


def publish(client, note=""):
    return submit(client, f"{CHINA}/publish", {"note": note})


def test_an_editor_publishes_numbered_versions(client, app_store, clock, editor):
    clock.now = datetime(2018, 6, 7, 10, 0, tzinfo=UTC)
    sign_in(client, editor, PASSWORD)  # three days on, the first session has ended
    response = publish(client, "Sent to the press pool.")
    assert (response.status_code, response.location) == (302, f"{CHINA}#versions")
    clock.now += timedelta(hours=1)
    doc = page(client, CHINA)
    assert doc.texts(".flash") == [
        "Published release 2 (7 June 2018, 18:00 Beijing, UTC+8): readers and feeds see it now."
    ]
    form = doc.one("form.publish-form")
    response = client.post(form.get("action"), data=form_values(form))
    assert (response.status_code, response.location) == (302, f"{CHINA}#versions")
    doc = page(client, CHINA)
    assert doc.texts(".flash") == [
        "Published release 3 (7 June 2018, 19:00 Beijing, UTC+8): readers and feeds see it now."
    ]
    assert doc.texts(".version-list li") == [
        "Release 1, 4 June 2018, 17:00: loaded from china-state-visit-2018.toml",
        "Release 2, 7 June 2018, 18:00 by editor: Sent to the press pool.",
        "Release 3, 7 June 2018, 19:00 by editor",
    ]
    assert [(v.number, v.editor, v.note) for v in changelog.versions(app_store, SLUG)] == [
        (1, "", "\x1floaded from china-state-visit-2018.toml"),  # marked as the service's
        (2, "editor", "Sent to the press pool."),
        (3, "editor", ""),
    ]


def test_a_too_long_note_is_refused_and_nothing_published(client, app_store, editor):
    response = publish(client, "x" * 501)
    assert response.status_code == 400
    doc = parse(response.data)
    assert doc.one("#note-error").text == "must be at most 500 characters"
    assert doc.one("#note").text == "x" * 501
    assert [v.number for v in changelog.versions(app_store, SLUG)] == [1]  # the seed's release only


def test_publishing_needs_an_editor_and_a_csrf_token(client, app_store, editor):
    assert client.post(f"{CHINA}/publish", data={"note": "forged"}).status_code == 400
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    response = client.post(f"{CHINA}/publish", data={"csrf_token": csrf_token(client), "note": "anonymous"})
    assert (response.status_code, response.location) == (302, f"/sign-in?next=%2Fitineraries%2F{SLUG}%2Fpublish")
    assert [v.number for v in changelog.versions(app_store, SLUG)] == [1]  # the seed's release only


@pytest.fixture
def two_versions(app_store, drafts, clock):
    """Versions 2 and 3 (the seed is release 1), with saves kept as drafts between them."""
    clock.now = datetime(2018, 6, 6, 10, 0, tzinfo=UTC)
    changelog.publish_version(app_store, SLUG, editor="anna", note="First")
    services.update_event(app_store, SLUG, "cn2018-train-tianjin", **when("2018-06-08 13:50", "14:25"))
    services.update_event(app_store, SLUG, "cn2018-lunch-narrow", title="Lunch with a secret guest")
    services.cancel_event(app_store, SLUG, "cn2018-press")
    make_event(app_store, SLUG, uid="wreath", title="Wreath laying", **when("2018-06-08 08:00", "08:20"))
    clock.now += timedelta(hours=2)
    changelog.publish_version(app_store, SLUG, editor="anna")


def compared(doc):
    return [
        (li.one(".change-event").text, li.one(".action").text, li.texts(".change-fields li"))
        for li in doc.select(".compared-changes li.change")
    ]


TRAIN_MOVED = (
    "Train from Beijing to Tianjin",
    "Changed",
    [
        "Start: 8 June 2018, 14:00 Beijing → 8 June 2018, 13:50 Beijing",
        "End: 8 June 2018, 14:35 Beijing → 8 June 2018, 14:25 Beijing",
    ],
)


def test_readers_compare_two_versions_without_restricted_events(client, two_versions):
    doc = page(client, CHINA)
    assert doc.texts(".version-list li") == [
        "Release 1, 4 June 2018, 17:00: loaded from china-state-visit-2018.toml",
        "Release 2, 6 June 2018, 18:00: First",
        "Release 3, 6 June 2018, 20:00",
    ]
    url = "{}?{}".format(*submit_url(doc))
    doc = page(client, url)
    assert doc.one("h1").text == "From version 2 to version 3"
    assert doc.texts(".compared dd") == [
        "published 6 June 2018, 18:00 (Beijing): First",
        "published 6 June 2018, 20:00 (Beijing)",
    ]
    assert compared(doc) == [
        ("Press statements", "Cancelled", []),
        TRAIN_MOVED,
        ("Wreath laying", "Added", []),
    ]
    assert doc.select(".compared-changes a")[0].get("href") == PRESS


def submit_url(doc):
    form = doc.one("form.compare-form")
    chosen = {s.get("name"): s.one("option[selected]").get("value") for s in form.select("select")}
    return form.get("action"), f"from={chosen['from']}&to={chosen['to']}"


def test_editors_compare_every_event(client, two_versions, editor):
    doc = page(client, f"{CHINA}/versions/compare?from=2&to=3")
    assert compared(doc)[0] == (
        "Lunch with a secret guest",
        "Changed",
        ["Title: Working lunch in narrow format → Lunch with a secret guest"],
    )
    assert doc.texts(".compared dd")[0] == "published 6 June 2018, 18:00 (Beijing) by anna: First"


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "from: '' is not a version number; write a whole number such as 1"),
        ("from=one&to=2", 400, "from: 'one' is not a version number; write a whole number such as 1"),
        ("from=1&to=-2", 400, "to: '-2' is not a version number; write a whole number such as 1"),
        ("from=0&to=2", 400, "from: '0' is not a version number; write a whole number such as 1"),
        ("from=1&to=7", 404, f"version: {SLUG!r} has no version 7"),
    ],
)
def test_bad_or_unknown_version_numbers_are_refused(client, two_versions, query, status, message):
    assert error_message(client.get(f"{CHINA}/versions/compare?{query}"), status) == message


# Now and next


def now_next(doc):
    box = doc.one(".now-next")
    return box.one(".now-at").text, box.texts("dd.now"), box.texts("dd.next")


def test_now_and_next_during_the_talks(client, clock):
    clock.now = datetime(2018, 6, 8, 2, 0, tzinfo=UTC)
    assert now_next(page(client, CHINA)) == (
        "At 10:00 Beijing (UTC+8), Friday 8 June 2018",
        ["09:45–10:45 Russian-Chinese talks in narrow format · Great Hall of the People, Beijing"],
        ["11:00–12:15 Russian-Chinese talks in enlarged format · Great Hall of the People, Beijing"],
    )


def test_now_and_next_in_the_readers_zone(client, clock):
    clock.now = datetime(2018, 6, 8, 2, 0, tzinfo=UTC)
    assert now_next(page(client, f"{CHINA}?tz=Europe/Moscow")) == (
        "At 05:00 Moscow (UTC+3), Friday 8 June 2018",
        ["04:45–05:45 Russian-Chinese talks in narrow format · Great Hall of the People, Beijing"],
        ["06:00–07:15 Russian-Chinese talks in enlarged format · Great Hall of the People, Beijing"],
    )


def test_now_and_next_overnight_and_on_the_summit_day(client, clock):
    clock.now = datetime(2018, 6, 8, 20, 0, tzinfo=UTC)  # 04:00 on 9 June in Beijing
    assert now_next(page(client, CHINA)) == (
        "At 04:00 Beijing (UTC+8), Saturday 9 June 2018",
        [
            "Sat 9 Jun to Sun 10 Jun Summit of the Shanghai Cooperation Organization · "
            "Qingdao International Conference Center"
        ],
        ["11:00–12:30 Flight from Beijing to Qingdao · Beijing Capital International Airport"],
    )


def test_no_now_and_next_long_before_or_after_the_visit(client, clock):
    assert page(client, CHINA).select(".now-next") == []  # the clock's 4 June
    clock.now = datetime(2018, 6, 11, tzinfo=UTC)
    assert page(client, CHINA).select(".now-next") == []


def test_readers_see_a_busy_event_as_now_by_its_label_and_city_only(client, clock):
    clock.now = datetime(2018, 6, 8, 9, 0, tzinfo=UTC)  # 17:00, during the working lunch (busy for the public)
    shown = page(client, CHINA)
    assert now_next(shown)[1] == ["16:45–18:00 Closed working lunch · Tianjin"]
    assert "Working lunch in narrow format" not in shown.text


@pytest.mark.usefixtures("lunch_restricted")
def test_readers_never_see_a_restricted_event_as_now(client, clock):
    clock.now = datetime(2018, 6, 8, 9, 0, tzinfo=UTC)  # 17:00, during the restricted working lunch
    assert now_next(page(client, CHINA))[1:] == (
        ["Nothing at this moment"],
        [
            "Sat 9 Jun to Sun 10 Jun Summit of the Shanghai Cooperation Organization · "
            "Qingdao International Conference Center"
        ],
    )


# Single occurrences of a recurring event

BRIEFING = f"{CHINA}/events/briefing"


@pytest.fixture
def briefing(app_store):
    """A daily briefing at 07:00 in Beijing, 8 to 11 June, for Yuri Ushakov."""
    daily_briefing(app_store, SLUG, participants=("yuri-ushakov",))
    return "briefing"


def occurrences(doc):
    return [
        (li.get("data-occurrence"), li.one(".occurrence-when").text, li.classes) for li in doc.select("li.occurrence")
    ]


def test_readers_see_occurrences_cancelled_struck_and_moved_at_their_new_time(client, app_store, clock, briefing):
    services.cancel_occurrence(app_store, SLUG, "briefing", datetime(2018, 6, 9, 7, 0))
    services.change_occurrence(
        app_store, SLUG, "briefing", datetime(2018, 6, 10, 7, 0), **when("2018-06-10 06:00", "06:30")
    )
    clock.now = datetime(2018, 6, 8, 23, 0, tzinfo=UTC)
    doc = page(client, BRIEFING)
    assert doc.one("#occurrences-title").text == "Coming occurrences"
    items = doc.select("li.occurrence")
    assert [li.text for li in items] == [
        "Saturday 9 June 2018, 07:00–07:30 Beijing Cancelled",
        "Sunday 10 June 2018, 06:00–06:30 Beijing (moved from 10 June 2018, 07:00)",
        "Monday 11 June 2018, 07:00–07:30 Beijing",
    ]
    assert items[0].select(".occurrence-when del") != []
    assert items[1].select("del") == []
    assert doc.select(".occurrence-actions") == []


def test_editor_cancels_one_occurrence(client, app_store, briefing, editor):
    doc = page(client, BRIEFING)
    link = doc.select("li.occurrence")[1].one("a.cancel-occurrence")
    assert link.text == "Cancel this occurrence of Saturday 9 June 2018, 07:00"
    form = page(client, link.get("href")).one("main form.form")  # it asks first
    response = client.post(link.get("href"), data={"csrf_token": form.one("input[name=csrf_token]").get("value")})
    assert (response.status_code, response.location) == (302, f"{BRIEFING}#occurrences")
    event = services.get_event(app_store, SLUG, "briefing")
    assert [(o.recurrence_id.isoformat(), o.status) for o in event.overrides] == [
        ("2018-06-09T07:00:00+08:00", "cancelled")
    ]
    doc = page(client, BRIEFING)
    assert doc.texts(".flash") == ["Cancelled the occurrence of Morning briefing on 9 June 2018, 07:00."]
    assert "status-cancelled" in doc.select("li.occurrence")[1].classes
    assert changelog.changes_since(app_store, SLUG)[0].editor == "editor"


def test_cancelling_an_occurrence_needs_csrf_and_a_real_occurrence(client, app_store, briefing, editor):
    before = stored(app_store)
    assert client.post(f"{BRIEFING}/occurrences/20180608T230000Z/cancel").status_code == 400
    token = csrf_token(client, BRIEFING)
    for wrong in ("20180608T000000Z", "2018-06-08", "20180612"):
        response = client.post(f"{BRIEFING}/occurrences/{wrong}/cancel", data={"csrf_token": token})
        assert response.status_code == 404, wrong
    assert error_message(
        client.post(f"{BRIEFING}/occurrences/20180608T000000Z/cancel", data={"csrf_token": token}), 404
    ) == ("occurrence: 'Morning briefing' has no occurrence starting 2018-06-08 00:00:00+00:00")
    assert error_message(client.post(f"{BRIEFING}/occurrences/2018-06-08/cancel", data={"csrf_token": token}), 404) == (
        "occurrence: there is no occurrence '2018-06-08'; follow a link from the event's page"
    )
    assert stored(app_store) == before


MOVE_SECOND = f"{BRIEFING}/occurrences/20180608T230000Z/move"


def test_editor_moves_one_occurrence(client, app_store, briefing, editor):
    link = page(client, BRIEFING).select("li.occurrence")[1].select("a")[0]  # then "Cancel this occurrence"
    assert (link.text, link.get("href")) == ("Move this occurrence of Saturday 9 June 2018, 07:00", MOVE_SECOND)
    doc = page(client, MOVE_SECOND)
    assert doc.one("h1").text == "Move the occurrence of 9 June 2018, 07:00"
    assert doc.texts("form.form label") == ["New start date", "New start time", "New end date", "New end time"]
    values = form_on(client, MOVE_SECOND)
    values.pop("csrf_token")  # signed with the second it is made in: two reads may differ
    assert values == {
        "start_date": "2018-06-09",
        "start_time": "07:00",
        "end_date": "2018-06-09",
        "end_time": "07:30",
    }
    response = submit(client, MOVE_SECOND, {"start_time": "08:00", "end_time": "08:45"})
    assert (response.status_code, response.location) == (302, f"{BRIEFING}#occurrences")
    doc = page(client, BRIEFING)
    assert doc.texts(".flash") == ["Moved the occurrence of Morning briefing that was on 9 June 2018, 07:00."]
    assert doc.select("li.occurrence")[1].one(".occurrence-when").text == "Saturday 9 June 2018, 08:00–08:45 Beijing"
    assert changelog.changes_since(app_store, SLUG)[0].editor == "editor"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_time": "", "end_time": "07:30"}, "start_time", "enter the new start time"),
        ({"start_date": ""}, "start_date", "enter the new start date"),
        ({"end_time": "06:00"}, "end_time", "must not be before the start"),
        ({"start_time": "7 am"}, "start_time", "'7 am' is not a time; write it as HH:MM, e.g. 09:45"),
        ({"end_date": "9/6/2018"}, "end_date", "'9/6/2018' is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08"),
    ],
)
def test_a_bad_move_is_refused_and_nothing_stored(client, app_store, briefing, editor, changes, field, message):
    before = stored(app_store)
    response = submit(client, MOVE_SECOND, changes)
    assert response.status_code == 400
    doc = parse(response.data)
    assert doc.one(f"#{field}-error").text == message
    assert doc.one(".error-summary h2").text == "The occurrence was not moved"
    assert stored(app_store) == before


def test_a_move_into_an_overlap_is_saved_and_the_warning_flashed(client, app_store, briefing, editor):
    response = submit(
        client, f"{BRIEFING}/occurrences/20180607T230000Z/move", {"start_time": "10:00", "end_time": "10:30"}
    )
    assert response.status_code == 302
    assert page(client, response.location).texts(".flash")[1] == (
        "Warning: Yuri Ushakov cannot attend both 'Russian-Chinese talks in narrow format' (8 June 2018 09:45-10:45) "
        "and 'Morning briefing' (8 June 2018 10:00-10:30): they overlap for 30 minutes."
    )


def test_moving_needs_csrf(client, app_store, briefing, editor):
    before = stored(app_store)
    response = client.post(MOVE_SECOND, data={"start_date": "2018-06-09", "start_time": "08:00", "end_time": "08:30"})
    assert response.status_code == 400
    assert stored(app_store) == before
