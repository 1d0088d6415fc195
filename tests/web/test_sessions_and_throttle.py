"""Sessions that end on the server, a CSRF token that changes at sign-in, and throttled sign-in, through the app."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itinerary import accounts, changelog, services, throttle
from tests.web.conftest import PASSWORD
from tests.web.forms import GOOD_EVENT, csrf_token, form_on, snapshot
from tests.web.html import parse
from web import create_app

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
NEW_EVENT = f"{CHINA}/new-event"
WRONG = "wrong password, long enough"
ATTACKER, OFFICE = "203.0.113.9", "198.51.100.7"


def _sign_in(client, username="editor", password=PASSWORD):
    token = csrf_token(client)
    return client.post("/sign-in", data={"csrf_token": token, "username": username, "password": password})


def _browser(app, address: str):
    """A browser at ``address`` (every request it sends comes from there)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _copy(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _signed_out(response, url):
    from urllib.parse import quote

    return (response.status_code, response.location) == (302, f"/sign-in?next={quote(url, safe='')}")


# Sessions end on the server


def test_copied_cookie_after_sign_out_creates_no_event(app, client, app_store, editor):
    """Regression (issue 12, sign-out does not end the session): a cookie copied before it still created events."""
    values = {**form_on(client, NEW_EVENT), **GOOD_EVENT}
    thief = _copy(app, client)
    assert thief.get(NEW_EVENT).status_code == 200  # the copy works while the session lasts
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    before = snapshot(app_store)
    response = thief.post(NEW_EVENT, data=values)
    assert _signed_out(response, NEW_EVENT)
    assert snapshot(app_store) == before
    assert parse(thief.get("/").data).one("nav.account").text == "Editor sign-in"


def test_copied_cookie_after_sign_out_cannot_publish(app, client, app_store, editor):
    """Regression (issue 12): … nor publish."""
    values = form_on(client, f"{CHINA}/publish")
    thief = _copy(app, client)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    response = thief.post(f"{CHINA}/publish", data={**values, "note": "published by a stolen cookie"})
    assert _signed_out(response, f"{CHINA}/publish")
    assert [v.number for v in changelog.versions(app_store, SLUG)] == [1]  # the seed's release only


def test_disabled_editor_is_signed_out_everywhere_and_cannot_sign_in(app, client, app_store, editor):
    """Regression (issue 12): there was no way to disable an editor or end their sessions."""
    other = app.test_client()
    assert _sign_in(other).status_code == 302
    assert accounts.disable_editor(app_store, "editor") == 2
    for browser in (client, other):
        assert _signed_out(browser.get(NEW_EVENT), NEW_EVENT)
    response = _sign_in(app.test_client())
    assert response.status_code == 403
    assert parse(response.data).one("#username-error").text == "This editor account is disabled; ask an administrator."
    accounts.enable_editor(app_store, "editor")
    assert _sign_in(app.test_client()).status_code == 302


def test_reset_password_ends_every_session(app, client, app_store, editor):
    accounts.reset_password(app_store, "editor", "a new password, long enough")
    assert _signed_out(client.get(NEW_EVENT), NEW_EVENT)
    assert _sign_in(client).status_code == 400
    assert _sign_in(client, password="a new password, long enough").status_code == 302


def test_session_ends_after_two_hours_unused(client, clock, editor):
    clock.now += timedelta(minutes=119)
    assert client.get(NEW_EVENT).status_code == 200
    clock.now += timedelta(minutes=119)
    assert client.get(NEW_EVENT).status_code == 200
    clock.now += timedelta(minutes=120)
    assert _signed_out(client.get(NEW_EVENT), NEW_EVENT)


def test_session_ends_twelve_hours_after_sign_in(client, clock, editor):
    for _ in range(11):
        clock.now += timedelta(hours=1)
        assert client.get(NEW_EVENT).status_code == 200
    clock.now += timedelta(hours=1)
    assert _signed_out(client.get(NEW_EVENT), NEW_EVENT)


def test_session_lifetimes_are_configured(tmp_path, clock):
    from itinerary import fixtures
    from itinerary.storage import Store

    store = Store(f"sqlite:///{tmp_path / 'short.sqlite3'}", clock=clock)
    config = {"TESTING": True, "STORE": store, "SECRET_KEY": "test", "DATABASE_URL": "unused"}
    app = create_app({**config, "SESSION_IDLE_MINUTES": 10, "SESSION_MAX_HOURS": 1})
    fixtures.load_seed(store)
    accounts.create_editor(store, "editor", PASSWORD)
    client = app.test_client()
    _sign_in(client)
    clock.now += timedelta(minutes=9)
    assert client.get(NEW_EVENT).status_code == 200
    clock.now += timedelta(minutes=10)
    assert _signed_out(client.get(NEW_EVENT), NEW_EVENT)
    store.dispose()


def test_csrf_token_changes_at_sign_in_and_the_old_one_is_refused(app, client, app_store):
    """Regression (issue 12): the CSRF token from before sign-in still worked after it."""
    accounts.create_editor(app_store, "editor", PASSWORD)
    before = csrf_token(client)
    with client.session_transaction() as session:
        raw_before = session["csrf_token"]
    _sign_in(client)
    after = csrf_token(client, "/new-itinerary")
    with client.session_transaction() as session:
        assert session["csrf_token"] != raw_before
    assert after != before
    data = {"slug": "berlin-2019", "title": "Berlin", "timezone": "Europe/Berlin", "summary": ""}
    data["visibility"] = "public"
    response = client.post("/new-itinerary", data={**data, "csrf_token": before})
    assert response.status_code == 400
    assert parse(response.data).one(".error-message").text == (
        "The form was refused: The CSRF tokens do not match. Reload the page and send it again."
    )
    assert client.post("/new-itinerary", data={**data, "csrf_token": after}).status_code == 302


def test_csrf_token_changes_at_sign_out(client, editor):
    token = csrf_token(client, "/")
    client.post("/sign-out", data={"csrf_token": token})
    assert csrf_token(client) != token
    response = client.post("/sign-in", data={"csrf_token": token, "username": "editor", "password": PASSWORD})
    assert response.status_code == 400


def test_sign_out_clears_the_session_cookie_of_the_editor(client, editor):
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    with client.session_transaction() as session:
        assert "_user_id" not in session


# Throttled sign-in


@pytest.fixture
def account(app_store):
    accounts.create_editor(app_store, "editor", PASSWORD)
    return "editor"


def test_guessing_is_answered_429_with_retry_after_and_when_in_words(app, account, clock):
    """Regression (issue 12, no sign-in throttling): about 31 guesses a second were accepted, never refused."""
    client = _browser(app, ATTACKER)
    for _ in range(6):
        assert _sign_in(client, password=WRONG).status_code == 400
    response = _sign_in(client, password=PASSWORD)
    assert (response.status_code, response.headers["Retry-After"]) == (429, "1")
    assert parse(response.data).one("[role=alert]").text == "Too many failed sign-ins. Try again in 1 second."
    for _ in range(6):  # each wait sat out, each next guess wrong: 2, 4 … 32 seconds
        clock.now += timedelta(seconds=int(response.headers["Retry-After"]))
        assert _sign_in(client, password=WRONG).status_code == 400
        response = _sign_in(client, password=WRONG)
    assert (response.status_code, response.headers["Retry-After"]) == (429, "64")
    doc = parse(response.data)
    assert doc.one("[role=alert]").text == "Too many failed sign-ins. Try again in 2 minutes."
    assert doc.one("#username").get("value") == "editor"
    assert client.get(NEW_EVENT).status_code == 302


def test_throttled_sign_in_checks_no_password(app, account, monkeypatch):
    client = _browser(app, ATTACKER)
    checked = []
    real = accounts.check_password
    monkeypatch.setattr(accounts, "check_password", lambda *args: checked.append(1) or real(*args))
    for _ in range(6):
        _sign_in(client, password=WRONG)
    assert len(checked) == 6
    for _ in range(20):
        assert _sign_in(client, password=WRONG).status_code == 429
    assert len(checked) == 6


def test_editor_signs_in_once_the_wait_is_over(app, account, clock):
    attacker, editor = _browser(app, ATTACKER), _browser(app, OFFICE)
    for _ in range(6):
        _sign_in(attacker, password=WRONG)
    response = _sign_in(editor)
    assert response.status_code == 429
    clock.now += timedelta(seconds=int(response.headers["Retry-After"]))
    assert _sign_in(editor).status_code == 302
    assert editor.get(NEW_EVENT).status_code == 200


def test_browser_that_signed_in_before_is_not_locked_out_by_a_guesser(app, app_store, account, clock):
    editor = _browser(app, OFFICE)
    assert _sign_in(editor).status_code == 302
    editor.post("/sign-out", data={"csrf_token": csrf_token(editor, "/")})
    attacker = _browser(app, ATTACKER)
    for _ in range(12):  # the attacker sits out every wait and guesses again: the account waits a minute now
        clock.now += throttle.blocked_for(app_store, "editor", ATTACKER) or timedelta(0)
        _sign_in(attacker, password=WRONG)
    assert _sign_in(_browser(app, OFFICE)).status_code == 429  # a new browser waits…
    assert _sign_in(editor).status_code == 302  # …hers does not
    assert _sign_in(attacker).status_code == 429  # …nor does a guess with the right password


def test_forged_signed_in_before_note_is_ignored(app, account):
    attacker, editor = _browser(app, ATTACKER), _browser(app, OFFICE)
    for _ in range(6):
        _sign_in(attacker, password=WRONG)
    editor.set_cookie("itinerary_signed_in_before", '"editor"', path="/sign-in")
    assert _sign_in(editor).status_code == 429


def test_forwarded_for_is_ignored_without_a_proxy(client, account):
    """Without ITINERARY_PROXIES a client cannot dodge its address's counter by naming another address."""
    for number in range(21):
        client.post(
            "/sign-in",
            data={"csrf_token": csrf_token(client), "username": f"name{number}", "password": WRONG},
            headers={"X-Forwarded-For": f"192.0.2.{number}"},
        )
    assert _sign_in(client, username="someone").status_code == 429


def test_forwarded_for_names_the_client_behind_a_configured_proxy(tmp_path, clock):
    from itinerary.storage import Store

    store = Store(f"sqlite:///{tmp_path / 'proxy.sqlite3'}", clock=clock)
    config = {"TESTING": True, "STORE": store, "SECRET_KEY": "test", "DATABASE_URL": "unused", "LOAD_SEED": False}
    client = create_app({**config, "PROXIES": 1}).test_client()

    def attempt(username, forwarded):
        data = {"csrf_token": csrf_token(client), "username": username, "password": WRONG}
        return client.post("/sign-in", data=data, headers={"X-Forwarded-For": forwarded}).status_code

    for number in range(21):
        attempt(f"name{number}", "203.0.113.9")
    assert attempt("someone", "203.0.113.9") == 429
    assert attempt("someone", "198.51.100.7") == 400  # another client behind the same proxy
    store.dispose()


# Readers pay nothing


def test_readers_reach_neither_sessions_nor_throttle(client, editor, monkeypatch, app):
    looked_up = []
    real = accounts.session_editor
    monkeypatch.setattr(accounts, "session_editor", lambda *args: looked_up.append(1) or real(*args))
    client.get(CHINA)
    assert looked_up == [1]  # an editor's request: one lookup

    def refuse(*args, **kwargs):
        raise AssertionError("a reader's request touched sessions or the throttle")

    monkeypatch.setattr(accounts, "session_editor", refuse)
    monkeypatch.setattr(throttle, "record_attempt", refuse)
    reader = app.test_client()
    reader.get("/sign-in")  # a session cookie with only a CSRF token in it
    for url in ("/", CHINA, f"{CHINA}.ics", f"{CHINA}/events/cn2018-press", f"{CHINA}/changes"):
        assert reader.get(url).status_code == 200, url
    token = services.rotate_feed_token(app.extensions["itinerary.store"], SLUG)
    assert reader.get(f"/feeds/{token}.ics").status_code == 200
