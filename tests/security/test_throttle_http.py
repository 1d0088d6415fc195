"""Sign-in throttling over HTTP, against gunicorn with two workers: a failure counted by one refuses on the other.

Which worker answers is steered, not left to chance: a sync worker that has
accepted a connection whose request never finishes takes no other, so holding
one connection open parks one worker and sends every request to the other.
"""

from __future__ import annotations

import http.cookiejar
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.security import servers

PASSWORD = servers.PASSWORD
WRONG = "wrong password, long enough"


@pytest.fixture
def server(tmp_path):
    """gunicorn, two sync workers, on the test database (or a fresh SQLite file), with editor anna.

    Its ``base`` URL, and the ``env`` under which the ``itinerary`` command reaches the same database.
    """
    args = ("--worker-class", "sync", "--timeout", "120")
    with servers.gunicorn_with_editor(tmp_path, "anna", *args, env=servers.database_env()) as server:
        yield server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar and a CSRF token, as a browser keeps them; redirects are returned, not followed."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, path: str = "/sign-in") -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.request(path)[2]).group(1)

    def sign_in(self, password: str, username: str = "anna") -> tuple[int, dict, str]:
        data = {"csrf_token": self.csrf_token(), "username": username, "password": password}
        return self.request("/sign-in", data)


def park_a_worker(base: str) -> socket.socket:
    """Hold an idle worker on a request that never finishes; it takes nothing else until the socket closes."""
    port = int(base.rsplit(":", 1)[1])
    held = socket.create_connection(("127.0.0.1", port), timeout=30)
    held.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: the request never ends
    time.sleep(1)  # accepted by an idle worker, which now waits for the rest
    return held


def _alert(body: str) -> str:
    return re.search(r'role="alert">([^<]*)<', body).group(1)


def test_throttle_is_shared_by_both_workers(server):
    """Regression (issue 12, no sign-in throttling): never refused; here one worker counts, the other refuses."""
    browser, server = Browser(server.base), server.base
    first = park_a_worker(server)  # worker A parked: every failure below is counted by worker B
    try:
        for _ in range(6):
            assert browser.sign_in(WRONG)[0] == 400
        for wait in (1, 2, 4):  # sit out each wait and fail again: the last failure blocks for 8 seconds
            time.sleep(wait + 0.2)
            assert browser.sign_in(WRONG)[0] == 400
        second = park_a_worker(server)  # A is still busy, so this parks B
    finally:
        first.close()  # A is free again, and the only worker taking requests
    try:
        status, headers, body = browser.sign_in(PASSWORD)
    finally:
        second.close()
    assert status == 429  # the right password, refused by A for failures that B counted
    assert 1 <= int(headers["Retry-After"]) <= 8
    assert re.fullmatch(r"Too many failed sign-ins\. Try again in \d seconds?\.", _alert(body))
