"""Hostile requests against a real server (``itinerary serve``) on loopback, byte for byte as an attacker sends them."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.web.html import parse

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``itinerary serve`` on a free loopback port, with an editor account; its (host, port)."""
    folder = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "ITINERARY_INSTANCE_PATH": str(folder / "instance")}
    env.pop("ITINERARY_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "web", "create-editor", "editor", "--password-stdin"],
        input=PASSWORD + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    command = [sys.executable, "-m", "web", "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if match := re.match(r"serving on http://(127\.0\.0\.1):(\d+)/", line):
                break
        else:
            pytest.fail("the server printed no address")
        yield match.group(1), int(match.group(2))
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        process.stdout.close()


class Browser:
    """Just enough of a browser: one connection per request, cookies kept."""

    def __init__(self, address):
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, target: str, body: bytes | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(*self.address, timeout=30)
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, target, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, data


def test_crlf_in_next_after_a_good_sign_in_redirects_home_without_a_500(server):
    """Regression: ``/sign-in?next=/x%0d%0a...`` answered 500 after a correct password."""
    browser = Browser(server)
    target = "/sign-in?next=/x%0d%0aSet-Cookie:%20injected=1%0d%0a%0d%0a<h1>hi"
    response, data = browser.request("GET", target)
    assert response.status == 200
    token = parse(data).select("input[name=csrf_token]")[0].get("value")
    form = urlencode({"csrf_token": token, "username": "editor", "password": PASSWORD}).encode()
    response, _ = browser.request(
        "POST", target, body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 302
    assert response.headers["Location"] in {"/", f"http://{server[0]}:{server[1]}/"}
    assert "injected" not in browser.cookies
    assert all("injected" not in value for value in response.headers.get_all("Set-Cookie") or [])
    # Signed in all the same: an editing page opens.
    response, _ = browser.request("GET", "/new-itinerary")
    assert response.status == 200


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/itineraries/china-state-visit-2018", "/itineraries/china-state-visit-2018"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/x%09y", "/"),
        ("/x%00y", "/"),
    ],
)
def test_next_after_sign_in_goes_only_to_a_path_of_this_site(server, next_url, location):
    browser = Browser(server)
    target = "/sign-in?" + urlencode({"next": next_url}).replace("%25", "%")
    response, data = browser.request("GET", target)
    token = parse(data).select("input[name=csrf_token]")[0].get("value")
    form = urlencode({"csrf_token": token, "username": "editor", "password": PASSWORD}).encode()
    response, _ = browser.request(
        "POST", target, body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 302
    assert response.headers["Location"] in {location, f"http://{server[0]}:{server[1]}{location}"}
