"""Database unreachable: pages and feeds answer 503 with a short message, and recover by themselves."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from sqlalchemy.exc import OperationalError

from tests.conftest import TEST_DATABASE_URL

PATHS = ("/itineraries/china-state-visit-2018.ics", "/healthz")


def _down(*args, **kwargs):
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def test_database_errors_answer_503_then_recover(app, client, monkeypatch):
    store = app.extensions["itinerary.store"]
    app.extensions.pop("itinerary.answers", None)
    monkeypatch.setattr(store, "transaction", _down)
    monkeypatch.setattr(store, "ping", _down)
    feed = client.get("/itineraries/china-state-visit-2018.ics")
    assert (feed.status_code, feed.text) == (
        503,
        "Unavailable: The database is not answering just now; try again in a minute.\n",
    )
    assert feed.headers["Retry-After"] == "30"
    page = client.get("/itineraries/china-state-visit-2018")
    assert page.status_code == 503
    assert "The database is not answering just now" in page.text
    assert client.get("/healthz").status_code == 503
    monkeypatch.undo()
    assert [client.get(path).status_code for path in PATHS] == [200, 200]


def _cluster(action: str) -> None:
    version, name = os.environ["ITINERARY_PG_CLUSTER"].split()
    subprocess.run(
        ["pg_ctlcluster", version, name, action, *(["-m", "fast"] if action == "stop" else [])], check=True, timeout=60
    )


def test_postgresql_stopped_and_started_again(app, client):
    if not (TEST_DATABASE_URL and os.environ.get("ITINERARY_PG_CLUSTER")):
        assert not os.environ.get("REQUIRE_POSTGRES"), "REQUIRE_POSTGRES is set but no cluster was named"
        pytest.skip("runs against a PostgreSQL cluster it may stop (CI sets REQUIRE_POSTGRES)")  # REQUIRE_POSTGRES
    app.extensions.pop("itinerary.answers", None)
    assert [client.get(path).status_code for path in PATHS] == [200, 200]
    _cluster("stop")
    try:
        assert [client.get(path).status_code for path in PATHS] == [503, 503]
    finally:
        _cluster("start")
    deadline = time.monotonic() + 60
    while client.get("/healthz").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert [client.get(path).status_code for path in PATHS] == [200, 200]
