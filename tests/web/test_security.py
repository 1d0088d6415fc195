"""Security over HTTP: every changing route closed, script shown as text, restricted events kept out of sight,
private feed tokens, size limits, bounded recurrence and the security headers."""

from __future__ import annotations

import io
import secrets
from datetime import timedelta

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from werkzeug.datastructures import MultiDict
from werkzeug.test import encode_multipart

from itinerary import changelog, ical, recurrence, services
from itinerary.model import Outcome
from tests.builders import GREAT_HALL, daily_briefing, when
from tests.conftest import restrict_lunch
from tests.rfc5545 import unescape
from tests.web.forms import csrf_token, snapshot, upload_in_memory
from tests.web.html import form_values, parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
FEED = f"{CHINA}.ics"
SECRET = "cn2018-lunch-narrow"  # the seed's restricted event
SECRET_TITLE = "Working lunch in narrow format"

# A value for every URL argument of every route; a route with a new argument fails the test until one is given.
ARGS = {"slug": SLUG, "event_id": "cn2018-press", "token": "x" * 43, "occurrence_id": "20180608"}
ARGS |= {"venue": "great-hall-of-the-people", "participant": "xi-jinping"}  # the translations forms
ARGS |= {"venue_key": "tianjin-station", "participant_key": "yuri-ushakov"}  # people and places (web/places.py)
ARGS |= {"subscription_id": 0}  # subscriptions (web/subscriptions.py): 0 is the old private address, once issued
ARGS |= {"audience": "interpreters"}  # an itinerary's own audiences (web/own_audiences.py)
# Routes that anonymous users may post to; the CSRF token still applies.
PUBLIC_POSTS = {"auth.sign_in", "auth.sign_out"}
EDITORS = ("editing.", "places.")  # the editors' blueprints: every route needs a signed-in editor
CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _urls(app, endpoints=None):
    """(endpoint, url, methods) of every rule of the app, arguments filled from ARGS."""
    from flask import url_for

    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or (endpoints and not endpoints(rule)):
                continue
            missing = rule.arguments - ARGS.keys()
            assert not missing, f"give a value for {sorted(missing)} of {rule.rule} in ARGS"
            found.append((rule.endpoint, url_for(rule.endpoint, **{a: ARGS[a] for a in rule.arguments}), rule.methods))
    return found


def _guarded(rule) -> bool:
    """Whether the rule changes something or belongs to the editors' blueprint."""
    editors = rule.endpoint.startswith(EDITORS)
    return rule.endpoint not in PUBLIC_POSTS and (bool(rule.methods & CHANGING) or editors)


def _everything(store) -> tuple:
    return snapshot(store), changelog.versions(store, SLUG), changelog.changes_since(store, SLUG)


def test_the_guarded_routes_are_derived_from_the_url_map(app):
    endpoints = {endpoint for endpoint, _, _ in _urls(app, _guarded)}
    assert {"editing.new_event", "editing.rotate_token", "editing.import_events"} <= endpoints
    assert all(e.startswith(EDITORS) for e in endpoints), "a changing route outside the editors' blueprints"
    assert {e for e, _, m in _urls(app) if m & CHANGING} - endpoints == PUBLIC_POSTS


def test_anonymous_users_are_sent_to_sign_in_from_every_guarded_route(app, client, app_store):
    from urllib.parse import quote

    before = _everything(app_store)
    token = csrf_token(client)
    for endpoint, url, methods in _urls(app, _guarded):
        expected = (302, f"/sign-in?next={quote(url, safe='')}")
        if "GET" in methods:
            response = client.get(url)
            assert (response.status_code, response.location) == expected, endpoint
        if "POST" in methods:
            response = client.post(url, data={"csrf_token": token, "title": "Hijacked", "submit": "Confirm"})
            assert (response.status_code, response.location) == expected, endpoint
    assert _everything(app_store) == before


def _posted_form(client, url: str, methods) -> dict:
    """What a browser would post from the page at ``url`` (its first form), CSRF token left out."""
    if "GET" not in methods:
        return {"submit": "Confirm"}
    response = client.get(url)
    assert response.status_code == 200, url
    forms = parse(response.data).select("main form.form")
    values = form_values(forms[0]) if forms else {}
    values.pop("csrf_token", None)
    return values


@pytest.mark.parametrize(("token", "says"), [(None, "missing"), ("forged", "invalid"), ("", "missing")])
def test_editors_posts_without_a_valid_csrf_token_are_refused(app, client, app_store, editor, token, says):
    services.rotate_feed_token(app_store, SLUG)
    daily_briefing(app_store, SLUG, count=3, title="Briefing")
    ARGS_NOW = {**ARGS, "event_id": "briefing", "occurrence_id": "20180607T230000Z"}
    before = _everything(app_store)
    from flask import url_for

    with app.test_request_context():
        urls = [
            (rule.endpoint, url_for(rule.endpoint, **{a: ARGS_NOW[a] for a in rule.arguments}), rule.methods)
            for rule in app.url_map.iter_rules()
            if rule.endpoint != "static" and rule.methods & CHANGING
        ]
    for endpoint, url, methods in urls:
        data = _posted_form(client, url, methods) if endpoint.startswith("editing.") else {}
        if token is not None:
            data["csrf_token"] = token
        response = client.post(url, data=data)
        assert response.status_code == 400, endpoint
        assert parse(response.data).one(".error-message").text == (
            f"The form was refused: The CSRF token is {says}. Reload the page and send it again."
        ), endpoint
    assert _everything(app_store) == before
    assert client.get("/new-itinerary").status_code == 200  # still signed in: sign-out was refused too


def test_put_patch_and_delete_change_nothing_anywhere(app, client, app_store, editor):
    before = _everything(app_store)
    for endpoint, url, _ in _urls(app):
        for method in ("PUT", "PATCH", "DELETE"):
            response = client.open(url, method=method, data={"title": "x"})
            assert response.status_code in {400, 405}, (endpoint, method)
    assert _everything(app_store) == before


# Script in what editors type is shown as text and carried as text


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><iframe src=javascript:alert(1)>",
    "{{7*7}} &amp; \u202eevil\u202c",
]


def _hostile_event(store, payload: str):
    hall = {**GREAT_HALL, "key": "hostile-hall", "name": f"Hall {payload}", "latitude": 39.9, "longitude": 116.4}
    services.put_venue(store, **hall)
    services.put_participant(store, key="hostile-guest", name=f"Guest {payload}", role=payload, delegation="X")
    return services.create_event(
        store,
        SLUG,
        uid="hostile",
        title=f"Talks {payload}",
        description=f"About {payload}\nsecond line",
        **when("2018-06-08 16:40", "16:50"),
        venue="hostile-hall",
        participants=("hostile-guest",),
        outcomes=(Outcome(f"Treaty {payload}", payload),),
        categories=(f"cat {payload}",),
    )


def _no_injected_markup(doc) -> None:
    scripts = [node.get("src") for node in doc.select("script")]
    assert scripts == ["/static/app.js"]
    for tag in ("img", "iframe"):
        assert doc.select(tag) == [], tag
    # Our own drawings (QR codes, route maps) are the only SVG: an injected one has none of their classes.
    assert all(node.classes & {"qr-code", "route-map"} for node in doc.select("svg")), "svg"
    for node in doc.elements():
        assert not [name for name in node.attrs if name.startswith("on")], node.tag


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_event_fields_is_shown_as_text_on_pages(client, app_store, editor, payload):
    event = _hostile_event(app_store, payload)
    anonymous = client.application.test_client()
    for reader in (client, anonymous):
        page = parse(reader.get(f"{CHINA}/events/hostile").data)
        _no_injected_markup(page)
        assert page.one("h1.event-title").text == " ".join(event.title.split())
        assert page.one("p.description").text == " ".join(event.description.split())
        assert page.one(".fact-venue").text.startswith(" ".join(f"Hall {payload}, Beijing, China".split()))
        assert page.one(".fact-categories").text == " ".join(f"cat {payload}".split())
        assert page.one("ul.participants li").text == " ".join(f"Guest {payload} ({payload}, X)".split())
        for url in (CHINA, f"{CHINA}/print", f"{CHINA}/changes", f"{CHINA}/timeline?day=2018-06-08"):
            doc = parse(reader.get(url).data)
            _no_injected_markup(doc)
            assert " ".join(event.title.split()) in doc.text
        drawn = parse(reader.get(f"{CHINA}/map").data)
        _no_injected_markup(drawn)
        hall = " ".join(f"Hall {payload}, Beijing, China".split())
        assert [text for text in drawn.texts(".places-list li") if text.startswith(hall)] != []
    form = parse(client.get(f"{CHINA}/events/hostile/edit").data)
    _no_injected_markup(form)
    assert form.one("#title").get("value") == event.title
    assert form.one("#description").text == " ".join(event.description.split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_an_itinerary_is_shown_as_text(client, app_store, payload):
    services.create_itinerary(app_store, slug="hostile", title=f"Visit {payload}", timezone="UTC", summary=payload)
    for url in ("/", "/itineraries/hostile", "/itineraries/hostile/print"):
        doc = parse(client.get(url).data)
        _no_injected_markup(doc)
        assert " ".join(f"Visit {payload}".split()) in doc.text
    calendar = icalendar.Calendar.from_ical(client.get("/itineraries/hostile.ics").data)
    assert (unescape(calendar["X-WR-CALNAME"]), str(calendar["DESCRIPTION"])) == (f"Visit {payload}", payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_event_fields_is_escaped_text_in_feeds(client, app_store, payload):
    event = _hostile_event(app_store, payload)
    for url in (FEED, f"{CHINA}/events/hostile.ics"):
        body = client.get(url).data
        vevent = next(e for e in icalendar.Calendar.from_ical(body).events if str(e["UID"]).startswith("hostile@"))
        assert str(vevent["SUMMARY"]) == event.title
        assert str(vevent["X-ITINERARY-DESCRIPTION"]) == event.description
        assert str(vevent["LOCATION"]) == f"Hall {payload}, Beijing"
        assert vevent.categories == ["other", f"cat {payload}"]
        assert str(vevent["X-ITINERARY-OUTCOME"]) == f"Treaty {payload}"
        strict = next(
            e for e in IcsCalendarStream.calendar_from_ics(body.decode()).events if e.uid == "hostile@itinerary.test"
        )
        assert (strict.summary, strict.location) == (event.title, f"Hall {payload}, Beijing")
        assert strict.description.startswith(event.description + "\n\n")
        assert strict.categories == ["other", f"cat {payload}"]


# Restricted events never show to readers


def _restricted_setup(store):
    """A restricted event with a telling title, category, participant and outcome, and a public one beside it;
    the seed's lunch (busy for the public) made plainly restricted too."""
    restrict_lunch(store)
    services.put_participant(store, key="secret-envoy", name="Secret envoy", role="Envoy", delegation="Russia")
    services.create_event(
        store,
        SLUG,
        uid="secret-talks",
        title="Secret talks on energy",
        visibility="restricted",
        kind="talks",
        **when("2018-06-07 20:00", "21:00"),
        participants=("secret-envoy", "xi-jinping"),
        categories=("hush",),
        outcomes=(Outcome("Secret memorandum", "energy"),),
    )


def _shows_no_secret(text: str) -> None:
    for word in ("secret-talks", "Secret talks", "Secret envoy", "secret-envoy", "hush", "Secret memorandum", SECRET):
        assert word not in text, word
    assert SECRET_TITLE not in text


def test_restricted_events_are_in_no_public_feed_or_filter(client, app_store):
    _restricted_setup(app_store)
    queries = ["", "kind=talks", "kind=meal", "participant=xi-jinping", "from=2018-06-07&to=2018-06-08"]
    queries += ["from=2018-06-07", "to=2018-06-07", "kind=talks&participant=xi-jinping&from=2018-06-07&to=2018-06-07"]
    for query in queries:
        response = client.get(f"{FEED}?{query}")
        assert response.status_code == 200, query
        _shows_no_secret(response.text)
        uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(response.data).events]
        assert all(not uid.startswith(("secret-talks@", f"{SECRET}@")) for uid in uids), query
    # Asking for what only the restricted event has is refused like asking for what does not exist.
    for name, value in (("participant", "secret-envoy"), ("category", "hush")):
        secret, unknown = client.get(f"{FEED}?{name}={value}"), client.get(f"{FEED}?{name}=nothing-at-all")
        assert (secret.status_code, unknown.status_code) == (400, 400)
        assert secret.text.replace(value, "?") == unknown.text.replace("nothing-at-all", "?")


@pytest.mark.parametrize(
    "template",
    [
        "/itineraries/{slug}/events/{uid}",
        "/itineraries/{slug}/events/{uid}.ics",
        "/itineraries/{slug}/events/{uid}/edit",
    ],
)
def test_a_restricted_event_answers_like_an_unknown_one(client, app_store, template):
    _restricted_setup(app_store)
    secret = client.get(template.format(slug=SLUG, uid="secret-talks"))
    unknown = client.get(template.format(slug=SLUG, uid="no-such-talks"))
    assert (secret.status_code, secret.headers.get("Location", "").replace("secret", "no-such")) == (
        unknown.status_code,
        unknown.headers.get("Location", ""),
    )
    assert secret.status_code in {302, 404}
    assert secret.text.replace("secret-talks", "no-such-talks") == unknown.text


STANDIN_ENTRIES = {
    "changes": {"4 June 2018, 17:00 Added Private meal", "4 June 2018, 17:00 Deleted Private meal"},
    "compare": {"Closed working lunch Deleted"},
}


def test_restricted_events_are_on_no_public_page(client, app_store):
    _restricted_setup(app_store)
    changelog.publish_version(app_store, SLUG, note="first")
    services.update_event(app_store, SLUG, "secret-talks", title="Secret talks on energy and trade")
    services.update_event(app_store, SLUG, "cn2018-press", title="Joint press statements")
    changelog.publish_version(app_store, SLUG, note="second")
    urls = ["/", CHINA, f"{CHINA}?tz=Europe/Moscow", f"{CHINA}/print", f"{CHINA}/changes"]
    urls += [
        f"{CHINA}/changes?since=2018-06-01",
        f"{CHINA}/versions/compare?from=1&to=2",
        f"{CHINA}/events/cn2018-press",
    ]
    urls += [f"{CHINA}/events/cn2018-talks-narrow", f"{CHINA}/events/sco2018-summit"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.text
        # Readers saw the lunch busy (as its stand-in) until restrict_lunch hid it: the change log and the
        # comparison may say that stand-in came and went, under its label, and never more.
        said = {" ".join(entry.text.split()) for entry in parse(text).select(f'[data-uid="{SECRET}"]')}
        assert said <= STANDIN_ENTRIES.get(url.split("?")[0].rsplit("/", 1)[1], set()), (url, said)
        _shows_no_secret(text.replace(f'data-uid="{SECRET}"', ""))
    home = parse(client.get("/").data)
    dates = {i.one("h2").text: i.one(".dates").text for i in home.select("li.itinerary-item")}
    # The restricted event on 7 June would move the first date; readers see 8 June.
    assert dates["State visit to China and the SCO summit, June 2018"] == "Friday 8 June 2018 to Sunday 10 June 2018"


def test_a_restricted_itinerary_answers_404_everywhere_like_an_unknown_one(client, app_store, clock):
    services.create_itinerary(
        app_store, slug="quiet-trip", title="A quiet trip", timezone="UTC", visibility="restricted"
    )
    services.create_event(app_store, "quiet-trip", uid="q1", title="Quiet talks", **when("2018-06-08 10:00", "11:00"))
    for suffix in ("", ".ics", "/print", "/changes", "/events/q1", "/events/q1.ics", ".ics?kind=talks"):
        secret, unknown = client.get(f"/itineraries/quiet-trip{suffix}"), client.get(f"/itineraries/quiet-tree{suffix}")
        assert (secret.status_code, unknown.status_code) == (404, 404), suffix
        assert secret.text.replace("quiet-trip", "quiet-tree") == unknown.text, suffix
    assert "A quiet trip" not in client.get("/").text
    # A public itinerary made restricted stops being served, though its feed was built before.
    assert client.get(FEED).status_code == 200
    clock.now += timedelta(minutes=1)
    services.update_itinerary(app_store, SLUG, visibility="restricted")
    assert client.get(FEED).status_code == 404
    assert client.get(f"{CHINA}/events/cn2018-press.ics").status_code == 404


# Private feed tokens


def test_private_feed_tokens_are_long_random_and_never_repeat(app_store):
    tokens = [services.rotate_feed_token(app_store, SLUG) for _ in range(200)]
    assert len(set(tokens)) == 200
    for token in tokens:
        assert len(token) == 43  # 32 random bytes, url-safe base64 without padding
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    # 256 bits each: characters are spread over the whole alphabet, not a pattern.
    assert len(set("".join(tokens))) == 64


def test_token_lookup_compares_every_stored_token_in_constant_time(app_store, monkeypatch):
    import hmac

    services.rotate_feed_token(app_store, "russia-china-contacts-2017-2018")
    token = services.rotate_feed_token(app_store, SLUG)
    compared = []
    real = hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert services.itinerary_for_token(app_store, token).slug == SLUG
    assert len(compared) == 2  # no early exit on a match, no == on strings
    compared.clear()
    with pytest.raises(services.FeedNotFound):
        services.itinerary_for_token(app_store, secrets.token_urlsafe(32))
    assert len(compared) == 2


@pytest.mark.parametrize("guess", ["x", "x" * 31, "x" * 43, "x" * 129, "%00" * 43, "é" * 43, "..." * 15])
def test_guessed_tokens_answer_the_same_404(client, app_store, guess):
    services.rotate_feed_token(app_store, SLUG)
    response = client.get(f"/feeds/{guess}.ics")
    assert (response.status_code, response.text) == (
        404,
        "Not found: no feed at this address; ask an editor for the current private feed link\n",
    )


def test_rotated_and_revoked_tokens_answer_404(client, app_store):
    first = services.rotate_feed_token(app_store, SLUG)
    assert client.get(f"/feeds/{first}.ics").status_code == 200
    second = services.rotate_feed_token(app_store, SLUG)
    assert [client.get(f"/feeds/{t}.ics").status_code for t in (first, second)] == [404, 200]
    services.revoke_feed_token(app_store, SLUG)
    assert [client.get(f"/feeds/{t}.ics").status_code for t in (first, second)] == [404, 404]
    assert client.get(f"/feeds/{second}.ics").text == (
        "Not found: no feed at this address; ask an editor for the current private feed link\n"
    )


# Request size limits


def test_a_body_over_the_limit_is_413_and_stores_nothing(client, app_store, editor):
    before = _everything(app_store)
    url = f"{CHINA}/new-event"
    big = {"csrf_token": csrf_token(client, url), "title": "Big", "description": "x" * (2 * 1024 * 1024 + 1)}
    boundary, body = encode_multipart(big)
    response = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert parse(response.data).one(".error-message").text == "What was sent is larger than 2 MiB."
    assert _everything(app_store) == before


def test_a_field_over_the_form_limit_is_413_with_its_own_message(client, app_store, editor):
    before = _everything(app_store)
    url = f"{CHINA}/new-event"
    # Flask's per-field limit applies to multipart forms; encoded here, in memory, since the test client
    # would spool a body this large to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, url), "title": "x" * 600_000})
    response = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert parse(response.data).one(".error-message").text == (
        "A form field is larger than 500 KB, or the form has over 1000 fields."
    )
    too_many = MultiDict([("participants", "xi-jinping")] * 1001 + [("file", (io.BytesIO(b""), "x.ics"))])
    response = client.post(url, data=too_many)
    assert response.status_code == 413
    assert parse(response.data).one(".error-message").text == (
        "A form field is larger than 500 KB, or the form has over 1000 fields."
    )
    assert _everything(app_store) == before


def test_an_ics_file_over_the_import_limit_is_refused_with_a_message(app, client, app_store, editor):
    app.config["MAX_CONTENT_LENGTH"] = 4 * 1024 * 1024  # so that the import's own limit is the one met
    before = _everything(app_store)
    url = f"{CHINA}/import"
    big = b"BEGIN:VCALENDAR\r\n" + b"X" * ical.MAX_IMPORT_BYTES
    response = upload_in_memory(client, url, big)
    assert response.status_code == 400
    assert parse(response.data).one("#file-error").text == "the file is larger than 2 MiB"
    assert _everything(app_store) == before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"{FEED}?kind=" + "x" * 20_000, "Bad request: kind: unknown kind " + repr("x" * 40)),
        (f"{FEED}?participant=" + "x" * 20_000, "Bad request: participant: is too long"),
        (f"{FEED}?category=" + "x" * 20_000, "Bad request: category: is too long"),
        (f"{FEED}?from=" + "9" * 20_000, "Bad request: from: " + repr("9" * 40) + " is not a date"),
        (f"{FEED}?to=9999-12-31", "Bad request: to: must be in the years 1900 to 2199"),
        (f"{FEED}?from=0001-01-01", "Bad request: from: must be in the years 1900 to 2199"),
    ],
)
def test_over_long_and_extreme_filter_values_are_400(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response.text.startswith(message)
    assert len(response.text) < 1000


@pytest.mark.parametrize(
    "query",
    [
        "tz=" + "x" * 20_000,
        "tz=%00",
        "since=" + "x" * 20_000,
        "since=0001-01-01",
        "since=0001-01-01T00:00:00%2B14:00",
        "since=9999-12-31T23:59:59-14:00",
        "from=%C2%B2&to=3",
        "from=1&to=" + "9" * 20_000,
    ],
)
def test_over_long_and_odd_query_values_on_pages_are_400(client, query):
    for path in (CHINA, f"{CHINA}/print", f"{CHINA}/changes", f"{CHINA}/versions/compare"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in {200, 400}, (path, query)
        if response.status_code == 400:
            assert len(parse(response.data).one(".error-message").text) < 300


# Recurrence without COUNT or UNTIL cannot make anything expand without bound


OPEN_RULES = ["FREQ=DAILY", "FREQ=YEARLY;INTERVAL=1", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1", "FREQ=WEEKLY;BYDAY=MO,TU"]


@pytest.mark.parametrize("rule", OPEN_RULES)
def test_open_rules_are_capped_on_pages_and_feeds(client, app_store, rule):
    services.create_event(
        app_store, SLUG, uid="endless", title="Endless briefing", **when("2018-06-08 06:00", "06:15"), rrule=rule
    )
    expected = len(list(recurrence.occurrences(services.get_event(app_store, SLUG, "endless").timing, rule)))
    assert expected <= recurrence.MAX_OCCURRENCES
    programme = parse(client.get(CHINA).data)
    assert len(programme.select("li.entry[data-uid=endless]")) == expected
    printed = parse(client.get(f"{CHINA}/print").data)
    assert printed.texts("li.print-entry .title").count("Endless briefing") == expected
    calendar = icalendar.Calendar.from_ical(client.get(FEED).data)
    endless = [e for e in calendar.events if str(e["UID"]) == "endless@itinerary.test"]
    assert [e["RRULE"].to_ical().decode() for e in endless] == [rule]
    window = client.get(f"{FEED}?from=2100-01-01&to=2109-12-31")
    assert window.status_code == 200


def test_the_list_command_caps_an_open_rule(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from itinerary.storage import Store
    from web import cli

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("ITINERARY_DATABASE_URL", url)
    monkeypatch.setenv("ITINERARY_INSTANCE_PATH", str(tmp_path / "instance"))
    store = Store(url)
    store.create_schema()
    services.create_itinerary(store, slug="open", title="Open", timezone="UTC")
    services.create_event(
        store, "open", uid="daily", title="Daily", **when("2018-06-08 06:00", "07:00"), rrule="FREQ=DAILY"
    )
    store.dispose()
    result = CliRunner().invoke(cli.main, ["list", "open"])
    assert result.exit_code == 0, result.output
    assert sum("Daily" in line for line in result.output.splitlines()) == recurrence.MAX_OCCURRENCES


# Security headers on every answer


def _every_page(app):
    urls = ["/", CHINA, f"{CHINA}/print", f"{CHINA}/events/cn2018-press", "/sign-in", "/nowhere", FEED]
    urls += [f"{CHINA}/changes", f"{FEED}?kind=nope", "/healthz", "/feeds/" + "x" * 43 + ".ics"]
    return urls


@pytest.mark.parametrize("signed_in", [False, True])
def test_security_headers_on_every_answer(request, app, client, signed_in):
    if signed_in:
        request.getfixturevalue("editor")
    urls = _every_page(app) + ([url for _, url, m in _urls(app, _guarded) if "GET" in m] if signed_in else [])
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        policy = dict(
            part.strip().split(" ", 1)
            for part in response.headers["Content-Security-Policy"].split(";")
            if part.strip()
        )
        assert policy["script-src"] == "'self'", url
        assert "unsafe-inline" not in policy.get("script-src", "") + policy.get("default-src", ""), url
        assert policy["frame-ancestors"] == "'none'", url
        assert policy["object-src"] == "'none'", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["X-Frame-Options"] == "DENY", url
        if signed_in and response.mimetype == "text/html":
            assert response.headers["Cache-Control"] == "private, no-store", url


def test_pages_have_no_inline_script_or_event_handlers(client, editor):
    for url in ("/", CHINA, f"{CHINA}/events/cn2018-press", f"{CHINA}/new-event", f"{CHINA}/import"):
        doc = parse(client.get(url).data)
        for node in doc.select("script"):
            assert node.get("src") and not node.text, url
        _no_injected_markup(doc)


def test_dates_at_the_ends_of_the_calendar_never_answer_500(client, editor, app_store):
    before = _everything(app_store)
    url = f"{CHINA}/new-event"
    for start in ("9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"):
        for all_day in ("y", None):
            data = {"csrf_token": csrf_token(client, url), "title": "Far", "start_date": start, "start_time": "10:00"}
            data |= {"end_time": "11:00"} | ({"all_day": all_day} if all_day else {})
            response = client.post(url, data=data)
            assert response.status_code == 400, (start, all_day)
    assert _everything(app_store) == before
