"""The production shape: several gunicorn workers share nothing but the database."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest

from itinerary import services
from tests.security import servers
from web import create_app
from web.app import STORE_KEY

PASSWORD = servers.PASSWORD


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with two workers on a fresh instance, started as the README says; its base URL."""
    with servers.gunicorn_with_editor(tmp_path, "anna") as server:
        yield server.base


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
    """Two app instances (two workers) on one database: tokens, edits and feeds agree at once (with every save
    published, and FEED_FRESH_SECONDS=0: by default another worker's edit shows within a second)."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    config = {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "shared", "UID_DOMAIN": "itinerary.test"}
    config |= {"PUBLISH_EVERY_SAVE": True, "FEED_FRESH_SECONDS": 0}
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
