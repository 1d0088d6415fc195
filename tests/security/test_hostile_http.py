"""Hostile requests against a real server (``itinerary serve``) on loopback, byte for byte as an attacker sends them."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.security.servers import PASSWORD, Browser, serve_with_editor
from tests.web.html import parse


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``itinerary serve`` on a free loopback port, with an editor account; its (host, port)."""
    with serve_with_editor(tmp_path_factory.mktemp("serve")) as server:
        yield server.address


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
