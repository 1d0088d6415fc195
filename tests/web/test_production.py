"""The production shape: several gunicorn workers share nothing but the database."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest

from itinerary import services
from web import create_app
from web.app import STORE_KEY

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "correct horse battery staple"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with two workers on a fresh instance, started as the README says; its base URL."""
    env = {
        **os.environ,
        "ITINERARY_INSTANCE_PATH": str(tmp_path / "instance"),
        "ITINERARY_SESSION_COOKIE_SECURE": "false",
    }
    env.pop("ITINERARY_TEST_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "web", "create-editor", "anna", "--password-stdin"],
        input=PASSWORD + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--preload",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "web.wsgi:app",
    ]
    with subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as server:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            server.kill()
            pytest.fail("gunicorn did not answer /healthz within 60 s")
        try:
            yield base
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def test_sign_in_holds_on_every_worker_and_feeds_agree(gunicorn):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(gunicorn + "/sign-in", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "username": "anna", "password": PASSWORD}).encode()
    opener.open(gunicorn + "/sign-in", data=data, timeout=10).read()
    # Many requests spread over both workers: each must know the editor from the cookie alone.
    for _ in range(20):
        with opener.open(gunicorn + "/itineraries/china-state-visit-2018", timeout=10) as response:
            body = response.read().decode()
        assert "Working lunch in narrow format" in body  # restricted: shown to editors only
    etags = set()
    for _ in range(20):
        with urllib.request.urlopen(gunicorn + "/itineraries/china-state-visit-2018.ics", timeout=10) as response:
            etags.add(response.headers["ETag"])
    assert len(etags) == 1


def test_two_workers_see_each_others_changes(tmp_path, clock):
    """Two app instances (two workers) on one database: tokens, edits and feeds agree at once."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    config = {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "shared", "UID_DOMAIN": "itinerary.test"}
    first, second = create_app(config), create_app(config)
    for app in (first, second):
        app.extensions[STORE_KEY].clock = clock
    store = first.extensions[STORE_KEY]
    from itinerary import fixtures

    fixtures.load_seed(store)
    one, two = first.test_client(), second.test_client()
    feed = "/itineraries/china-state-visit-2018.ics"
    assert one.get(feed).headers["ETag"] == two.get(feed).headers["ETag"]
    clock.now += timedelta(hours=3)
    services.update_event(store, "china-state-visit-2018", "cn2018-press", title="Statements to the press")
    assert one.get(feed).headers["ETag"] == two.get(feed).headers["ETag"]
    assert b"Statements to the press" in two.get(feed).data
    token = services.rotate_feed_token(second.extensions[STORE_KEY], "china-state-visit-2018")
    assert one.get(f"/feeds/{token}.ics").status_code == 200
    services.revoke_feed_token(first.extensions[STORE_KEY], "china-state-visit-2018")
    assert two.get(f"/feeds/{token}.ics").status_code == 404
    for app in (first, second):
        app.extensions[STORE_KEY].dispose()
