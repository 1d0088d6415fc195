"""Sign-in and sign-out, session cookies, the create-editor command, and that editing needs an editor."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from itinerary import accounts
from itinerary.accounts import Editor
from itinerary.storage import Store
from tests.web.conftest import PASSWORD
from tests.web.forms import csrf_token, sign_in, snapshot
from tests.web.html import parse
from web import cli, create_app

CHINA = "/itineraries/china-state-visit-2018"


@pytest.fixture
def account(app_store):
    accounts.create_editor(app_store, "editor", PASSWORD)
    return "editor"


def test_sign_in_redirects_home_and_greets(client, account):
    response = sign_in(client, "editor", PASSWORD)
    assert (response.status_code, response.location) == (302, "/")
    doc = parse(client.get("/").data)
    assert doc.one(".flash").text == "Signed in as editor."
    assert doc.one(".signed-in").text == "Signed in as editor"


def test_sign_in_goes_back_to_the_page_asked_for(client, account):
    response = sign_in(client, "editor", PASSWORD, next_url="/itineraries/china-state-visit-2018/new-event")
    assert response.location == "/itineraries/china-state-visit-2018/new-event"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"])
def test_sign_in_never_redirects_off_site(client, account, target):
    response = sign_in(client, "editor", PASSWORD, next_url=target)
    assert response.location == "/"


def test_sign_in_link_on_a_page_comes_back_to_it(client):
    doc = parse(client.get(CHINA + "?tz=UTC").data)
    assert doc.one("nav.account a").get("href") == "/sign-in?next=/itineraries/china-state-visit-2018?tz%3DUTC"


@pytest.mark.parametrize(
    ("username", "password"),
    [("editor", "wrong password, long enough"), ("nobody", PASSWORD), ("EDITOR", PASSWORD)],
)
def test_wrong_credentials_refused_without_saying_which(client, account, username, password):
    response = sign_in(client, username, password)
    assert response.status_code == 400
    doc = parse(response.data)
    assert doc.one("#password-error").text == "Wrong username or password."
    assert doc.one("#username").get("value") == username
    assert doc.one("#password").get("value") == ""
    assert "Set-Cookie" not in response.headers or "_user_id" not in response.headers["Set-Cookie"]
    assert client.get("/new-itinerary").status_code == 302


def test_empty_sign_in_names_both_fields(client, account):
    response = client.post("/sign-in", data={"csrf_token": csrf_token(client), "username": "", "password": ""})
    doc = parse(response.data)
    assert response.status_code == 400
    assert (doc.one("#username-error").text, doc.one("#password-error").text) == (
        "enter your username",
        "enter your password",
    )
    assert doc.one("#username").get("aria-invalid") == "true"
    assert doc.one("#username").get("aria-describedby") == "username-error"


def test_sign_in_without_csrf_token_is_refused(client, account):
    response = client.post("/sign-in", data={"username": "editor", "password": PASSWORD})
    assert response.status_code == 400
    assert parse(response.data).one(".error-message").text == (
        "The form was refused: The CSRF token is missing. Reload the page and send it again."
    )
    assert client.get("/new-itinerary").status_code == 302


def test_sign_in_with_forged_csrf_token_is_refused(client, account):
    csrf_token(client)
    response = client.post("/sign-in", data={"csrf_token": "forged", "username": "editor", "password": PASSWORD})
    assert response.status_code == 400
    assert parse(response.data).one(".error-message").text == (
        "The form was refused: The CSRF token is invalid. Reload the page and send it again."
    )


def test_sign_out_needs_a_post_with_csrf(client, editor):
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out").status_code == 400
    assert client.get("/new-itinerary").status_code == 200
    token = parse(client.get("/").data).one("nav.account form input[name=csrf_token]").get("value")
    response = client.post("/sign-out", data={"csrf_token": token})
    assert (response.status_code, response.location) == (302, "/")
    assert parse(client.get("/").data).one(".flash").text == "Signed out."
    assert client.get("/new-itinerary").location == "/sign-in?next=%2Fnew-itinerary"


def _session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_session_cookie_is_httponly_and_lax(client, account):
    response = sign_in(client, "editor", PASSWORD)
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_session_cookie_is_secure_outside_tests(tmp_path, clock):
    store = Store(f"sqlite:///{tmp_path / 'secure.sqlite3'}", clock=clock)
    app = create_app({"STORE": store, "SECRET_KEY": "test", "DATABASE_URL": "unused"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    accounts.create_editor(store, "editor", PASSWORD)
    client = app.test_client()
    response = sign_in(client, "editor", PASSWORD)
    assert re.search(r"session=[^;]+;.*\bSecure\b", _session_cookie(response))
    store.dispose()


@pytest.mark.parametrize(("value", "expected"), [("false", False), ("true", True)])
def test_session_cookie_secure_is_configurable(tmp_path, clock, monkeypatch, value, expected):
    monkeypatch.setenv("ITINERARY_SESSION_COOKIE_SECURE", value)
    store = Store(f"sqlite:///{tmp_path / 'secure.sqlite3'}", clock=clock)
    app = create_app({"STORE": store, "SECRET_KEY": "test", "DATABASE_URL": "unused"})
    assert app.config["SESSION_COOKIE_SECURE"] is expected
    store.dispose()


def test_serve_on_loopback_allows_plain_http_cookies(monkeypatch):
    monkeypatch.delenv("ITINERARY_SESSION_COOKIE_SECURE", raising=False)
    assert cli._local_http_config("127.0.0.1") == {"SESSION_COOKIE_SECURE": False}
    assert cli._local_http_config("0.0.0.0") == {}
    monkeypatch.setenv("ITINERARY_SESSION_COOKIE_SECURE", "true")
    assert cli._local_http_config("127.0.0.1") == {}


# Every editing route needs an editor


def _editing_urls(app):
    values = {"slug": "china-state-visit-2018", "event_id": "cn2018-press", "occurrence_id": "20180608T044500Z"}
    values |= {"venue_key": "tianjin-station", "participant_key": "yuri-ushakov"}  # people and places (web/places.py)
    values |= {"venue": "great-hall-of-the-people", "participant": "xi-jinping"}  # the translations forms
    values |= {"subscription_id": 1}  # subscriptions (web/subscriptions.py)
    values |= {"audience": "interpreters"}  # an itinerary's own audiences (web/own_audiences.py)
    with app.test_request_context():
        from flask import url_for

        rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith(("editing.", "places."))]
        return [(url_for(rule.endpoint, **{a: values[a] for a in rule.arguments}), rule.methods) for rule in rules]


def test_every_editing_route_is_listed(app):
    assert sorted(url for url, _ in _editing_urls(app)) == [
        "/itineraries/china-state-visit-2018/audiences",
        "/itineraries/china-state-visit-2018/audiences/interpreters/remove",
        "/itineraries/china-state-visit-2018/audiences/interpreters/rename",
        "/itineraries/china-state-visit-2018/delete",
        "/itineraries/china-state-visit-2018/duplicate",
        "/itineraries/china-state-visit-2018/edit",
        "/itineraries/china-state-visit-2018/events/cn2018-press/cancel",
        "/itineraries/china-state-visit-2018/events/cn2018-press/delete",
        "/itineraries/china-state-visit-2018/events/cn2018-press/edit",
        "/itineraries/china-state-visit-2018/events/cn2018-press/occurrences/20180608T044500Z/cancel",
        "/itineraries/china-state-visit-2018/events/cn2018-press/occurrences/20180608T044500Z/move",
        "/itineraries/china-state-visit-2018/events/cn2018-press/occurrences/20180608T044500Z/restore",
        "/itineraries/china-state-visit-2018/events/cn2018-press/translations",
        "/itineraries/china-state-visit-2018/feed-token/revoke",
        "/itineraries/china-state-visit-2018/feed-token/rotate",
        "/itineraries/china-state-visit-2018/import",
        "/itineraries/china-state-visit-2018/import/accepted",
        "/itineraries/china-state-visit-2018/languages",
        "/itineraries/china-state-visit-2018/new-event",
        "/itineraries/china-state-visit-2018/publish",
        "/itineraries/china-state-visit-2018/subscriptions",
        "/itineraries/china-state-visit-2018/subscriptions/1/pause",
        "/itineraries/china-state-visit-2018/subscriptions/1/rename",
        "/itineraries/china-state-visit-2018/subscriptions/1/resume",
        "/itineraries/china-state-visit-2018/subscriptions/1/revoke",
        "/itineraries/china-state-visit-2018/translations",
        "/itineraries/draft",
        "/itineraries/draft/accept",
        "/new-itinerary",
        "/participants",
        "/participants/delegation",
        "/participants/new",
        "/participants/xi-jinping/translations",
        "/participants/yuri-ushakov",
        "/participants/yuri-ushakov/delete",
        "/participants/yuri-ushakov/merge",
        "/venues",
        "/venues/great-hall-of-the-people/translations",
        "/venues/new",
        "/venues/tianjin-station",
        "/venues/tianjin-station/delete",
        "/venues/tianjin-station/merge",
    ]


def test_anonymous_users_reach_no_editing_route(app, client, app_store):
    before = snapshot(app_store)
    token = csrf_token(client)
    for url, methods in _editing_urls(app):
        if "GET" in methods:
            response = client.get(url)
            assert (response.status_code, response.location) == (302, f"/sign-in?next={_quoted(url)}"), url
        if "POST" not in methods:
            continue  # a list page (/venues): it only reads
        # Even with a valid CSRF token and a complete form, nothing happens.
        response = client.post(url, data={"csrf_token": token, "title": "Hijacked", "submit": "Confirm"})
        assert (response.status_code, response.location) == (302, f"/sign-in?next={_quoted(url)}"), url
        assert client.post(url, data={"title": "Hijacked"}).status_code == 400, url
    assert snapshot(app_store) == before


def _quoted(url: str) -> str:
    from urllib.parse import quote

    return quote(url, safe="")


def test_sign_in_page_says_why_when_sent_there(client):
    client.get("/new-itinerary")
    doc = parse(client.get("/sign-in?next=%2Fnew-itinerary").data)
    assert doc.one(".flash").text == "Sign in as an editor to change programmes."


# The create-editor command


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("ITINERARY_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ITINERARY_INSTANCE_PATH", str(tmp_path / "instance"))
    store = Store(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    store.create_schema()
    yield store


def _run(args, input_text):
    return CliRunner().invoke(cli.main, args, input=input_text)


def test_create_editor_reads_password_twice_hidden(cli_env):
    result = _run(["create-editor", "anna"], f"{PASSWORD}\n{PASSWORD}\n")
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "created editor anna")
    assert PASSWORD not in result.output
    assert accounts.authenticate(cli_env, "anna", PASSWORD).username == "anna"
    cli_env.dispose()


def test_create_editor_from_stdin_for_scripts(cli_env):
    result = _run(["create-editor", "anna", "--password-stdin"], f"{PASSWORD}\n")
    assert (result.exit_code, result.stdout) == (0, "created editor anna\n")
    assert isinstance(accounts.authenticate(cli_env, "anna", PASSWORD), Editor)
    cli_env.dispose()


@pytest.mark.parametrize(
    ("args", "input_text", "message"),
    [
        (["create-editor", "anna", "--password-stdin"], "short\n", "Error: password: must be at least 12 characters"),
        (
            ["create-editor", "Anna Smith", "--password-stdin"],
            f"{PASSWORD}\n",
            "Error: username: use 1 to 64 lower-case letters, digits, dots, hyphens or underscores",
        ),
        (["create-editor", "anna", "--password-stdin"], "\n", "Error: password: must be at least 12 characters"),
    ],
)
def test_create_editor_refuses_bad_input(cli_env, args, input_text, message):
    result = _run(args, input_text)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == message
    assert accounts.get_editor(cli_env, args[1]) is None
    cli_env.dispose()


def test_create_editor_refuses_a_taken_name(cli_env):
    _run(["create-editor", "anna", "--password-stdin"], f"{PASSWORD}\n")
    result = _run(["create-editor", "anna", "--password-stdin"], "another long password\n")
    assert (result.exit_code, result.stderr.strip().splitlines()[-1]) == (
        1,
        "Error: username: an editor called 'anna' exists already",
    )
    assert accounts.authenticate(cli_env, "anna", PASSWORD) is not None
    cli_env.dispose()


def test_create_editor_refuses_mismatched_confirmation(cli_env):
    result = _run(["create-editor", "anna"], f"{PASSWORD}\nsomething else entirely\n")
    assert result.exit_code == 1
    assert "Error: The two entered values do not match." in result.output
    assert accounts.get_editor(cli_env, "anna") is None
    cli_env.dispose()
