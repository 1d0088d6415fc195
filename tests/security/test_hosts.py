"""The Host header: only trusted names are answered, and links never come from a made-up one."""

from __future__ import annotations

import http.client

import icalendar
import pytest
from flask import request

from bench import slow_clients
from tests.web.html import parse
from web import create_app
from web.hosts import trusted_hosts

CHINA = "/itineraries/china-state-visit-2018"
EVIL = "evil.example"


def _feed_urls(body: bytes) -> list[str]:
    """The calendar's URL and every event's URL in a feed."""
    calendar = icalendar.Calendar.from_ical(body)
    return [str(calendar["URL"]), *(str(event["URL"]) for event in calendar.walk("VEVENT"))]


def _subscribe_links(body: bytes) -> tuple[str, str]:
    box = parse(body).one("section.subscribe")
    return box.one("#feed-webcal").get("value"), box.one("#feed-web").get("value")


def test_made_up_host_without_base_url_is_refused_with_400(make_app):
    client = make_app().test_client()

    for path in ("/healthz", CHINA, CHINA + ".ics", "/sign-in"):
        response = client.get(path, headers={"Host": EVIL})

        assert response.status_code == 400, path
        assert response.mimetype == "text/plain"
        assert response.text == (
            "Bad request: this server does not answer to the host name 'evil.example'. "
            "Its operator lists the names it answers in ITINERARY_TRUSTED_HOSTS, or sets ITINERARY_BASE_URL.\n"
        )
        assert EVIL not in response.headers.get("Location", "")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.1:8123", "localhost:80", "[::1]", "[::1]:8123"])
def test_loopback_hosts_are_answered_by_default(make_app, host):
    client = make_app().test_client()

    response = client.get(CHINA + ".ics", headers={"Host": host})

    assert response.status_code == 200
    assert _feed_urls(response.data)[0] == f"http://{host.removesuffix(':80')}{CHINA}"


@pytest.mark.parametrize("host", ["[2001:db8::1]", "[::2]:8000", "127.0.0.2", "localhost.evil.example", "<b>x</b>"])
def test_other_addresses_are_refused_by_default(make_app, host):
    # [2001:db8::1]: Werkzeug's own matching would cut a trusted "[::1]" to "[" (regression for that shim).
    assert make_app().test_client().get("/healthz", headers={"Host": host}).status_code == 400


def test_trusted_hosts_are_answered_with_links_to_themselves(make_app):
    client = make_app(TRUSTED_HOSTS="itinerary.example.org, .pool.example.net").test_client()

    feed = client.get(CHINA + ".ics", headers={"Host": "itinerary.example.org"})
    page = client.get(CHINA, headers={"Host": "tass.pool.example.net:8443"})

    assert feed.status_code == 200
    assert set(_feed_urls(feed.data)) >= {f"http://itinerary.example.org{CHINA}"}
    assert all(url.startswith("http://itinerary.example.org/itineraries/") for url in _feed_urls(feed.data))
    assert page.status_code == 200
    assert _subscribe_links(page.data) == (
        f"webcal://tass.pool.example.net:8443{CHINA}.ics",
        f"http://tass.pool.example.net:8443{CHINA}.ics",
    )
    for host in (EVIL, "localhost", "example.net"):
        assert client.get(CHINA + ".ics", headers={"Host": host}).status_code == 400, host


def test_base_url_makes_every_link_whatever_the_host(make_app):
    app = make_app(BASE_URL="https://itinerary.example.org")
    client = app.test_client()

    feed = client.get(CHINA + ".ics", headers={"Host": EVIL})
    page = client.get(CHINA, headers={"Host": EVIL})
    sign_in_redirect = client.get("/new-itinerary", headers={"Host": EVIL})

    assert feed.status_code == 200
    assert EVIL.encode() not in feed.data
    assert all(url.startswith("https://itinerary.example.org/itineraries/") for url in _feed_urls(feed.data))
    assert page.status_code == 200
    assert EVIL.encode() not in page.data
    assert _subscribe_links(page.data) == (
        f"webcal://itinerary.example.org{CHINA}.ics",
        f"https://itinerary.example.org{CHINA}.ics",
    )
    assert sign_in_redirect.status_code == 302
    assert sign_in_redirect.headers["Location"] == "/sign-in?next=%2Fnew-itinerary"


def test_base_url_with_trusted_hosts_still_refuses_others(make_app):
    client = make_app(BASE_URL="https://itinerary.example.org", TRUSTED_HOSTS="itinerary.example.org").test_client()

    assert client.get("/healthz", headers={"Host": "itinerary.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": EVIL}).status_code == 400


def test_trusted_hosts_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ITINERARY_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    monkeypatch.setenv("ITINERARY_TRUSTED_HOSTS", "Itinerary.Example.org:443,::1, ,[fe80::1]:8000")

    app = create_app({"SECRET_KEY": "test", "LOAD_SEED": False})

    assert app.config["TRUSTED_HOSTS"] == ["itinerary.example.org", "[::1]", "[fe80::1]"]
    app.extensions["itinerary.store"].dispose()


def test_trusted_hosts_defaults():
    assert trusted_hosts(None, None) == ["127.0.0.1", "localhost", "[::1]"]
    assert trusted_hosts("", "https://itinerary.example.org") is None
    assert trusted_hosts(["a.example", "b.example:8000"], None) == ["a.example", "b.example"]


def _raw_get(port: int, path: str, host: str, **headers: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        for name, value in headers.items():
            connection.putheader(name.replace("_", "-"), value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_itinerary_serve_refuses_a_made_up_host(tmp_path):
    with slow_clients.itinerary_serve(tmp_path) as port:
        refused = _raw_get(port, CHINA + ".ics", EVIL)
        answered = _raw_get(port, CHINA + ".ics", f"127.0.0.1:{port}")

    assert refused[0] == 400
    assert refused[1].startswith(b"Bad request: this server does not answer to the host name 'evil.example'.")
    assert answered[0] == 200
    assert _feed_urls(answered[1])[0] == f"http://127.0.0.1:{port}{CHINA}"


def test_proxy_passes_the_host_for_the_service_to_check(tmp_path, nginx_binary):
    env = {"ITINERARY_TRUSTED_HOSTS": "itinerary.example.org", "ITINERARY_PROXIES": "1"}
    with (
        slow_clients.gunicorn(tmp_path, workers=1, env=env, health_host="itinerary.example.org") as upstream,
        slow_clients.nginx(tmp_path, upstream, nginx_binary, health_host="itinerary.example.org") as port,
    ):
        refused = _raw_get(port, CHINA + ".ics", EVIL)
        answered = _raw_get(port, CHINA + ".ics", f"itinerary.example.org:{port}")
        # Forwarding headers a client makes up are dropped by the proxy, not believed by gunicorn.
        forged = _raw_get(
            port,
            CHINA + ".ics",
            f"itinerary.example.org:{port}",
            X_Forwarded_Host=EVIL,
            X_Forwarded_Proto="https",
            X_Forwarded_Ssl="on",
            Forwarded=f"host={EVIL};proto=https",
        )

    assert refused[0] == 400
    assert answered[0] == 200
    assert _feed_urls(answered[1])[0] == f"http://itinerary.example.org:{port}{CHINA}"
    assert forged == answered


def _client_address(app, forwarded_for: str) -> str:
    """The client address a view sees when the proxy on loopback forwards a request with ``forwarded_for``."""
    app.add_url_rule("/test-address", "test_address", lambda: request.remote_addr)
    client = app.test_client()
    headers = {"X-Forwarded-For": forwarded_for}
    return client.get("/test-address", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}).text


def test_behind_the_proxy_the_client_address_is_the_one_it_saw(make_app):
    assert _client_address(make_app(PROXIES=1), "203.0.113.7") == "203.0.113.7"
    # Only the proxy's own entry counts: whatever a client wrote before it is not believed.
    assert _client_address(make_app(PROXIES=1), "198.51.100.1, 203.0.113.7") == "203.0.113.7"


def test_without_a_proxy_forwarded_for_is_not_believed(make_app):
    assert _client_address(make_app(), "203.0.113.7") == "127.0.0.1"
