"""Sessions over HTTP, against gunicorn with two workers: sign-out and disable-editor end every copy of a cookie."""

from __future__ import annotations

import subprocess
import sys

from tests.security import test_throttle_http
from tests.security.test_throttle_http import PASSWORD, Browser

server = test_throttle_http.server  # the same fixture: gunicorn with two workers

NEW_EVENT = "/itineraries/china-state-visit-2018/new-event"
SIGNED_OUT = "/sign-in?next=%2Fitineraries%2Fchina-state-visit-2018%2Fnew-event"


def _copy(browser: Browser) -> Browser:
    """Another browser holding copies of ``browser``'s cookies."""
    thief = Browser(browser.base)
    for cookie in browser.jar:
        thief.jar.set_cookie(cookie)
    return thief


def _event_form(browser: Browser) -> dict:
    token = browser.csrf_token(NEW_EVENT)
    return {
        "csrf_token": token,
        "title": "Made with a copied cookie",
        "kind": "meeting",
        "start_date": "2018-06-08",
        "start_time": "17:00",
        "end_time": "17:30",
        "timezone": "Asia/Shanghai",
        "status": "confirmed",
        "visibility": "public",
    }


def test_copied_cookie_after_sign_out_is_signed_out_on_every_worker(server):
    """Regression (issue 12, sign-out does not end the session): a copied cookie still created events."""
    editor = Browser(server.base)
    assert editor.sign_in(PASSWORD)[0] == 302
    form = _event_form(editor)
    thief = _copy(editor)
    assert thief.request(NEW_EVENT)[0] == 200
    assert editor.request("/sign-out", {"csrf_token": editor.csrf_token("/")})[0] == 302
    for _ in range(6):  # several requests, spread over both workers
        status, headers, _ = thief.request(NEW_EVENT, form)
        assert (status, headers["Location"]) == (302, SIGNED_OUT)
    assert "Made with a copied cookie" not in Browser(server.base).request("/itineraries/china-state-visit-2018")[2]


def test_disable_editor_ends_a_running_session(server):
    editor = Browser(server.base)
    assert editor.sign_in(PASSWORD)[0] == 302
    assert editor.request(NEW_EVENT)[0] == 200
    result = subprocess.run(
        [sys.executable, "-m", "web", "disable-editor", "anna"],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, "disabled editor anna; ended 1 session\n")
    for _ in range(4):
        status, headers, _ = editor.request(NEW_EVENT)
        assert (status, headers["Location"]) == (302, SIGNED_OUT)
    assert Browser(server.base).sign_in(PASSWORD)[0] == 403
