"""Hostile input through the editing forms and the import upload, by property.

Whatever an editor's browser (or anything posing as one) sends, the answer is a
redirect after storing what was sent, or a refusal (400/409/413) with a message
at a field that stores nothing and leaves the feeds byte for byte as they were;
never a 500 (the test app propagates exceptions, so one fails the test).

Every editing form is swept, field by field (events, itineraries, the import
upload, publishing a version, moving one occurrence, cancel and delete), as are
the sign-in form and the identifiers editors' addresses carry. A refusal must
leave ``itinerary dump`` byte for byte as it was. On PostgreSQL (CI runs this
file there too) this is what finds values the database would refuse: a NUL,
an integer out of range, a date its types cannot hold.

Hypothesis runs derandomized (``derandomize=True``, no example database): the
same examples on every run and machine, so that CI is repeatable; the examples
are few, to keep each test under about 20 seconds.
"""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from itinerary import backup, changelog, ical, services
from itinerary.model import Format, Kind, Status, Visibility
from tests.builders import daily_briefing
from tests.web.forms import csrf_token, form_on, snapshot
from tests.web.html import parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
NEW_EVENT = f"{CHINA}/new-event"
EDIT = f"{CHINA}/events/cn2018-press/edit"

pytestmark = pytest.mark.usefixtures("editor")

HOSTILE = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Strategies

SPECIAL_TEXT = [
    "",
    " ",
    "\x00",
    "line one\r\nline two",
    "line one\nline two\rline three",
    "\u2028\u2029\x85",
    "\t\x0b\x0c",
    "\x7f\x9f",
    "99999999999999999999",
    "-2147483649",
    "a\x00b",
    "\x1b[31mred",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "\r\n\r\n",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "x" * 201,
    "x" * 10_001,
    "𝕏" * 60,
    "Ünïcödé 北京 Москва",
    "'; DROP TABLE events; --",
    "{{ 7*7 }}",
]
text = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", min_codepoint=0, max_codepoint=0x3000), max_size=300),
)
dates = st.one_of(
    st.dates(min_value=date(2018, 6, 1), max_value=date(2018, 6, 20)).map(date.isoformat),
    st.dates().map(date.isoformat),
    st.sampled_from(["2018-02-30", "9999-12-31", "0001-01-01", "2018-6-8", "20180608", "-1", "1e9", "١٢"]),
    text,
)
times = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.sampled_from(["24:00", "23:60", "9", "09:45:59.999999", "-01:00", "²:00", "10:00+03:00"]),
    text,
)
typed = st.one_of(
    st.just(""),
    st.sampled_from(["8 June 2018 10:00", "tomorrow", "99999999999999999999", "8 June 10000", "10:00 MSK", "0"]),
    text,
)


def choice(valid) -> st.SearchStrategy[str]:
    """A listed value most of the time, otherwise anything."""
    return st.one_of(st.sampled_from(list(valid)), text)


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers().map(str),
    st.sampled_from(["1e400", "-1e400", "nan", "inf", "0x10", "1_000", "٣", "55,75"]),
    text,
)
RULES = st.one_of(
    st.sampled_from(
        [
            "FREQ=DAILY",
            "FREQ=DAILY;COUNT=3",
            "FREQ=YEARLY;INTERVAL=1",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-6",
            "FREQ=DAILY;COUNT=99999999999999999999",
            "FREQ=SECONDLY",
            "FREQ=DAILY;BYSECOND=1,2,3",
            "FREQ=WEEKLY;UNTIL=99991231T000000Z",
            "RRULE:FREQ=WEEKLY;BYDAY=XX",
        ]
    ),
    text,
)

EVENT_FIELDS = {
    "title": text,
    "kind": choice(Kind),
    "format": choice(Format),
    "all_day": st.sampled_from(["y", "", "n", "0"]),
    "start_date": dates,
    "start_time": times,
    "start_text": typed,
    "end_date": dates,
    "end_time": times,
    "end_text": typed,
    "timezone": choice(["", "Asia/Shanghai", "Europe/Moscow", "UTC", "localtime", "Mars/Base", "../../etc"]),
    "venue": choice(["", "great-hall-of-the-people", "tianjin-station"]),
    "destination": choice(["", "tianjin-station"]),
    "parent": choice(["", "sco2018-summit", "cn2018-press", SLUG]),
    "participants": choice(["vladimir-putin", "xi-jinping", "nobody"]),
    "status": choice(Status),
    "visibility": choice(Visibility),
    "recurrence": choice(["", "FREQ=DAILY", "FREQ=YEARLY", "custom"]),
    "rrule_custom": RULES,
    "description": text,
    "url": st.one_of(st.sampled_from(["https://example.org/x", "javascript:alert(1)", "https://a\x00b"]), text),
    "sequence": st.one_of(st.integers().map(str), st.sampled_from(["", "²", "٣", "-1", "0"]), text),
    "new_venue_name": st.one_of(st.just(""), text),
    "new_venue_city": text,
    "new_venue_country": text,
    "new_venue_timezone": choice(["Asia/Shanghai", "Mars/Base"]),
    "new_venue_latitude": NUMBERS,
    "new_venue_longitude": NUMBERS,
}


@st.composite
def changes(draw, fields: dict[str, st.SearchStrategy], most: int = 6) -> list[tuple[str, object]]:
    """Some fields changed, dropped (None) or sent twice (a list of two values)."""
    names = draw(st.lists(st.sampled_from(sorted(fields)), max_size=most, unique=True))
    found = []
    for name in names:
        how = draw(st.sampled_from(["set", "set", "set", "drop", "twice"]))
        if how == "drop":
            found.append((name, None))
        elif how == "twice":
            found.append((name, [draw(fields[name]), draw(fields[name])]))
        else:
            found.append((name, draw(fields[name])))
    return found


# Checks


DUMP_SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")


def _dump(store) -> bytes:
    """What ``itinerary dump`` writes: every itinerary, restricted events included."""
    return backup.dump(store, DUMP_SETTINGS)


def _state(client, store) -> tuple:
    return (
        snapshot(store),
        _dump(store),
        changelog.versions(store, SLUG),
        client.get(f"{CHINA}.ics").data,
        client.get(f"/feeds/{services.feed_token(store, SLUG)}.ics").data,
    )


def _send(client, url: str, edits: list[tuple[str, object]], base: dict | None = None):
    """Post the form at ``url`` (or ``base``) with ``edits`` applied; the posted multi-dict."""
    values = dict(base if base is not None else form_on(client, url))
    values["csrf_token"] = csrf_token(client, url)
    for name, value in edits:
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    posted = MultiDict()
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            posted.add(name, item)
    return client.post(url, data=posted), posted


def _refused_with_a_message(response) -> None:
    if response.status_code == 200:
        # Not refused, not stored: typed times, or a date far from the programme, are shown back first.
        assert parse(response.data).texts(".check-before-saving dd"), "a first submit that is not stored says why"
        return
    assert response.status_code in {400, 409, 413}, response.status_code
    doc = parse(response.data)
    if response.status_code == 413:
        assert doc.one(".error-message").text
        return
    # A refusal names what was wrong; new warnings name each finding and ask for a reason to save anyway.
    messages = doc.texts(".error-summary li") or doc.texts(".warning-summary li.finding")
    assert messages and all(messages), "a refusal names what was wrong"
    for link in doc.select(".error-summary a"):
        target = link.get("href").removeprefix("#")
        assert doc.select(f"#{target}"), f"the summary links to a field that is not there: {target}"


# What a select takes when its field is not sent at all.
DEFAULTS = {"kind": "other", "format": "none", "status": "confirmed", "visibility": "public"}


def _first(posted: MultiDict, name: str, defaults: dict = DEFAULTS) -> str:
    return posted.get(name, defaults.get(name, ""))


def _check_event_stored(event, posted: MultiDict, defaults: dict = DEFAULTS) -> None:
    """What the form sent is what was stored (WTForms reads the first of duplicated values).

    A field that was not sent keeps its value in ``defaults``: the form's default, or the stored event's.
    """
    assert event.title == _first(posted, "title", defaults).strip()
    assert event.description == _first(posted, "description", defaults)
    assert event.kind.value == _first(posted, "kind", defaults)
    assert event.format.value == _first(posted, "format", defaults)
    assert event.status.value == _first(posted, "status", defaults)
    assert event.visibility.value == _first(posted, "visibility", defaults)
    assert event.url == _first(posted, "url", defaults).strip()
    assert [p.key for p in event.participants] == sorted(dict.fromkeys(posted.getlist("participants")))
    preset = _first(posted, "recurrence", defaults)
    if preset == "custom":
        assert event.rrule == _first(posted, "rrule_custom", defaults).strip().upper().removeprefix("RRULE:").strip()
    elif preset:
        # A preset repeats with an end: the programme's last day unless the form said otherwise.
        assert event.rrule.startswith(preset + ";") and ("UNTIL=" in event.rrule or "COUNT=" in event.rrule)
    else:
        assert event.rrule == ""
    assert event.all_day == ("all_day" in posted and posted["all_day"] not in {"", "false"})  # WTForms' falsy values
    if (
        not event.all_day
        and not _first(posted, "start_text", defaults).strip()
        and not _first(posted, "end_text", defaults).strip()
    ):
        assert event.timing.start.date() == date.fromisoformat(_first(posted, "start_date", defaults).strip())
        assert event.timing.start.strftime("%H:%M") == _first(posted, "start_time", defaults).strip()[:5]


# The event form


@HOSTILE
@given(edits=changes(EVENT_FIELDS))
def test_new_event_form_stores_or_refuses(client, app_store, edits):
    if services.feed_token(app_store, SLUG) is None:
        services.rotate_feed_token(app_store, SLUG)
    base = {
        "title": "Courtesy call",
        "kind": "meeting",
        "format": "none",
        "start_date": "2018-06-08",
        "start_time": "17:00",
        "end_time": "17:30",
        "venue": "great-hall-of-the-people",
        "status": "confirmed",
        "visibility": "public",
        "recurrence": "",
    }
    before = _state(client, app_store)
    events_before = {e.uid for e in services.list_events(app_store, SLUG)}
    response, posted = _send(client, NEW_EVENT, edits, base)
    if response.status_code == 302:
        uid = response.location.rsplit("/", 1)[1]
        assert {e.uid for e in services.list_events(app_store, SLUG)} == events_before | {uid}
        _check_event_stored(services.get_event(app_store, SLUG, uid), posted)
        assert client.get(response.location).status_code == 200
        assert client.get(f"{CHINA}.ics").status_code == 200
    else:
        _refused_with_a_message(response)
        assert _state(client, app_store) == before


@HOSTILE
@given(edits=changes(EVENT_FIELDS))
def test_edit_event_form_stores_or_refuses(client, app_store, edits):
    if services.feed_token(app_store, SLUG) is None:
        services.rotate_feed_token(app_store, SLUG)
    before = _state(client, app_store)
    current = services.get_event(app_store, SLUG, "cn2018-press")
    base = form_on(client, EDIT)
    response, posted = _send(client, EDIT, edits, base)
    if response.status_code == 302:
        assert response.location == f"{CHINA}/events/cn2018-press"
        stored = services.get_event(app_store, SLUG, "cn2018-press")
        _check_event_stored(stored, posted, base)
        assert stored.sequence in {current.sequence, current.sequence + 1}
        assert client.get(f"{CHINA}.ics").status_code == 200
    else:
        _refused_with_a_message(response)
        assert _state(client, app_store) == before


# The itinerary form

ITINERARY_FIELDS = {
    "slug": st.one_of(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True), text),
    "title": text,
    "timezone": choice(["Asia/Shanghai", "UTC", "Mars/Base", "localtime", ""]),
    "summary": text,
    "visibility": choice(Visibility),
}


@HOSTILE
@given(edits=changes(ITINERARY_FIELDS))
def test_new_itinerary_form_stores_or_refuses(client, app_store, edits):
    base = {"slug": "new-trip", "title": "New trip", "timezone": "Europe/Berlin", "summary": "", "visibility": "public"}
    before = (snapshot(app_store), _dump(app_store))
    response, posted = _send(client, "/new-itinerary", edits, base)
    if response.status_code == 302:
        slug = _first(posted, "slug").strip()
        assert response.location == f"/itineraries/{slug}"
        stored = services.get_itinerary(app_store, slug)
        assert (stored.title, stored.timezone, stored.summary, stored.visibility.value) == (
            _first(posted, "title").strip(),
            _first(posted, "timezone").strip(),
            _first(posted, "summary").strip(),
            _first(posted, "visibility"),
        )
        assert client.get(f"/itineraries/{slug}.ics").status_code in {200, 404}
    else:
        _refused_with_a_message(response)
        assert (snapshot(app_store), _dump(app_store)) == before


@HOSTILE
@given(edits=changes({k: v for k, v in ITINERARY_FIELDS.items() if k != "slug"}))
def test_edit_itinerary_form_stores_or_refuses(client, app_store, edits):
    before = (snapshot(app_store), _dump(app_store))
    base = form_on(client, f"{CHINA}/edit")
    response, posted = _send(client, f"{CHINA}/edit", edits, base)
    if response.status_code == 302:
        stored = services.get_itinerary(app_store, SLUG)
        assert (stored.title, stored.timezone, stored.summary, stored.visibility.value) == (
            _first(posted, "title", base).strip(),
            _first(posted, "timezone", base).strip(),
            _first(posted, "summary", base).strip(),
            _first(posted, "visibility", base),
        )
    else:
        _refused_with_a_message(response)
        assert (snapshot(app_store), _dump(app_store)) == before


# The import upload

ICS_LINES = st.sampled_from(
    [
        "DTSTART;TZID=Asia/Shanghai:20180608T100000",
        "DTSTART:99991231T235959Z",
        "DTSTART;VALUE=DATE:99991231",
        "DTSTART;VALUE=DATE:00010101",
        "DTSTART;TZID=Mars/Base:20180608T100000",
        "DTEND;TZID=Asia/Shanghai:20180608T090000",
        "RRULE:FREQ=DAILY",
        "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "RRULE:FREQ=DAILY;COUNT=99999999999999999999",
        "RRULE:FREQ=SECONDLY",
        "EXDATE:99991231T230000Z",
        "RECURRENCE-ID:99991231T100000Z",
        "SEQUENCE:99999999999999999999",
        "SEQUENCE:-5",
        "CLASS:CONFIDENTIAL",
        "X-ITINERARY-KIND:picnic",
        "X-ITINERARY-VISIBILITY:secret",
        "X-ITINERARY-VENUE;X-TZID=Mars/Base;X-GEO=999;999:hall",
        "X-ITINERARY-PARTICIPANT;X-NAME=:Bad Key",
        "RELATED-TO:sco2018-summit@itinerary.test",
        "RELATED-TO:hostile@itinerary.test",
        "CATEGORIES:a,,b",
        "URL:javascript:alert(1)",
        "BEGIN:VALARM",
        "END:VEVENT",
    ]
)


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


@st.composite
def calendars(draw) -> bytes:
    summary = _escaped(draw(text))
    description = _escaped(draw(text))
    extra = draw(st.lists(ICS_LINES, max_size=4))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hostile//EN", "BEGIN:VEVENT", "UID:hostile"]
    lines += [f"SUMMARY:{summary}", f"DESCRIPTION:{description}"]
    lines += ["DTSTART;TZID=Asia/Shanghai:20180608T160000", "DTEND;TZID=Asia/Shanghai:20180608T161500", *extra]
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines).encode("utf-8", "surrogatepass")


uploads = st.one_of(
    calendars().map(lambda data: (data, "hostile.ics")),
    st.tuples(st.binary(max_size=300), st.sampled_from(["x.ics", "x.ICS", "x.txt", "", "../../x.ics", "\x00.ics"])),
)


@HOSTILE
@given(upload=uploads)
def test_import_upload_stores_or_refuses(client, app_store, upload):
    if services.feed_token(app_store, SLUG) is None:
        services.rotate_feed_token(app_store, SLUG)
    url = f"{CHINA}/import"
    before = _state(client, app_store)
    data, filename = upload
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), filename)})
    if response.status_code == 302:
        assert response.location == CHINA
        stored = services.get_event(app_store, SLUG, "hostile")
        assert stored.title  # never empty: an untitled event is imported as "(untitled)"
        for url in (CHINA, f"{CHINA}/events/hostile", f"{CHINA}.ics", f"{CHINA}/print"):
            assert client.get(url).status_code in {200, 404}, url
    else:
        assert response.status_code == 400
        assert parse(response.data).one("#file-error").text
        assert _state(client, app_store) == before


# Publishing a version


@HOSTILE
@given(edits=changes({"note": text}))
def test_publish_form_stores_or_refuses(client, app_store, edits):
    url = f"{CHINA}/publish"
    before = _state(client, app_store)
    response, posted = _send(client, url, edits, {"note": ""})
    if response.status_code == 302:
        latest = changelog.versions(app_store, SLUG)[-1]
        assert latest.note == _first(posted, "note").strip()
        if latest.number > 1:
            assert client.get(f"{CHINA}/versions/compare?from=1&to={latest.number}").status_code == 200
        assert client.get(CHINA).status_code == 200
    else:
        _refused_with_a_message(response)
        assert _state(client, app_store) == before


# Moving one occurrence

OCCURRENCES = st.one_of(
    st.sampled_from(["20180608T230000Z", "20180609T230000Z", "20180607T230000Z"]),
    st.sampled_from(["00010101T000000Z", "99991231T230000Z", "20180608", "2018060823000Z", "x" * 300, "%00"]),
    text.map(lambda value: quote(value, safe="")),
)
MOVE_FIELDS = {"start_date": dates, "start_time": times, "end_date": dates, "end_time": times}


def _briefing(store) -> str:
    """A daily briefing at 07:00 in Beijing, 8 to 11 June; its address."""
    if "briefing" not in {e.uid for e in services.list_events(store, SLUG)}:
        daily_briefing(store, SLUG)
    if services.feed_token(store, SLUG) is None:
        services.rotate_feed_token(store, SLUG)
    return f"{CHINA}/events/briefing"


@HOSTILE
@given(occurrence=OCCURRENCES, edits=changes(MOVE_FIELDS))
def test_move_occurrence_form_stores_or_refuses(client, app_store, occurrence, edits):
    url = f"{_briefing(app_store)}/occurrences/{occurrence}/move"
    before = _state(client, app_store)
    page = client.get(url)
    if page.status_code == 404:
        values = {"start_date": "2018-06-09", "start_time": "08:00", "end_date": "", "end_time": "08:30"}
        response, _ = _send(client, url, edits, values)
        assert response.status_code == 404
        assert _state(client, app_store) == before
        return
    assert page.status_code == 200
    response, _ = _send(client, url, edits, form_on(client, url))
    if response.status_code == 302:
        if not services.get_event(app_store, SLUG, "briefing").overrides:
            # The form kept the occurrence's own time and title: there is nothing to keep (services._overrides).
            assert _state(client, app_store) == before
        assert client.get(f"{CHINA}/events/briefing").status_code == 200
        assert client.get(f"{CHINA}.ics").status_code == 200
    else:
        _refused_with_a_message(response)
        assert _state(client, app_store) == before


# Confirmations and the identifiers in editors' addresses

ACTIONS = ["cancel", "delete", "edit", "occurrences/20180608T230000Z/cancel", "occurrences/20180608T230000Z/move"]


@settings(HOSTILE, max_examples=15)
@given(
    event_id=st.one_of(st.sampled_from(["cn2018-press", "briefing"]), text.map(lambda v: quote(v, safe="") or "x")),
    action=st.sampled_from(ACTIONS),
    extra=changes({"title": text, "status": text, "sequence": EVENT_FIELDS["sequence"]}, most=3),
)
def test_confirmations_and_addresses_store_or_refuse(client, app_store, event_id, action, extra):
    url = f"{_briefing(app_store)}/../{event_id}/{action}".replace("/briefing/../", "/")
    before = _state(client, app_store)
    assert client.get(url).status_code in {200, 404, 405}  # 405: cancelling an occurrence is a POST only
    response, _ = _send(client, url, extra, {"csrf_token": ""})
    if response.status_code in {302, 409}:
        return  # a real event cancelled or deleted (edit with only these fields is refused: 400)
    assert response.status_code in {400, 404}, response.status_code
    assert _state(client, app_store) == before


# Signing in (an editor is signed in already; a refused sign-in changes nothing stored)

SIGN_IN_FIELDS = {"username": text, "password": text}


@HOSTILE
@given(edits=changes(SIGN_IN_FIELDS), next_url=st.one_of(st.just(""), text))
def test_sign_in_form_refuses_without_a_5xx(client, app_store, edits, next_url):
    url = "/sign-in?" + urlencode({"next": next_url}) if next_url else "/sign-in"
    before = (snapshot(app_store), _dump(app_store))
    response, _ = _send(client, url, edits, {"username": "editor", "password": "wrong password"})
    assert response.status_code in {302, 400}, response.status_code
    if response.status_code == 302:
        assert response.location.startswith("/") and "\n" not in response.location
    assert (snapshot(app_store), _dump(app_store)) == before


def test_an_occurrence_address_in_the_year_9999_is_not_found(client, app_store):
    """Regression: the move page of occurrence 99991231T230000Z answered 500 (an overflow in Beijing's zone)."""
    url = f"{_briefing(app_store)}/occurrences/99991231T230000Z"
    assert client.get(f"{url}/move").status_code == 404
    assert (
        client.post(
            f"{url}/cancel",
            data={"csrf_token": csrf_token(client, f"{url}/move".replace("/99991231T230000Z", "/20180608T230000Z"))},
        ).status_code
        == 404
    )


def test_a_non_ascii_digit_as_the_edit_forms_version_is_ignored(client, app_store):
    """Regression: ``"²".isdigit()`` is true but ``int("²")`` fails, so this hidden value answered 500."""
    values = form_on(client, EDIT)
    response, _ = _send(client, EDIT, [("sequence", "²"), ("title", "Statements")], values)
    assert response.status_code == 302
    assert services.get_event(app_store, SLUG, "cn2018-press").title == "Statements"
