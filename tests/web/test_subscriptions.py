"""Subscriptions over HTTP: the editors' page, each subscription's feed and page, feed health, the API, the CLI."""

from __future__ import annotations

import re
from datetime import timedelta

import icalendar
import pytest
from click.testing import CliRunner

from itinerary import services, subscriptions
from itinerary.storage import Store
from tests.web.conftest import PASSWORD
from tests.web.forms import csrf_token, sign_in
from tests.web.html import parse
from web import cli
from web.fetches import RECORDER_KEY

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}/subscriptions"
SECRET_TITLE = "Working lunch in narrow format"  # the seed's restricted event

# What each family's calendar app sends as its User-Agent (written after their published forms).
CLIENTS = {
    "google": "Google-Calendar-Importer",
    "microsoft": "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)",
    "apple": "macOS/14.5 (23F79) CalendarAgent/988.5.1",
    "thunderbird": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.3.0",
}


@pytest.fixture
def recorder(app):
    """The app's recorder of fetches, written at once by :func:`written`; closed after the test."""
    yield lambda: app.extensions.get(RECORDER_KEY)
    found = app.extensions.get(RECORDER_KEY)
    if found is not None:
        found.close()


def written(app) -> None:
    found = app.extensions.get(RECORDER_KEY)
    if found is not None:
        found.flush()


def _issue(client, name: str, audience: str = "press") -> dict[str, str]:
    """Issue a subscription on the editors' page; its addresses, read from the answer (shown this once)."""
    response = client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "name": name, "audience": audience})
    assert response.status_code == 200, response.text
    doc = parse(response.data)
    return {key: doc.one(f"#issued-{key}").get("value") for key in ("feed", "webcal", "page")}


def _path(address: str) -> str:
    return "/" + address.split("/", 3)[3]


def _titles(response) -> list[str]:
    return sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(response.data).walk("VEVENT"))


def test_issued_subscription_feed_and_page_show_its_audience_privately(app, client, app_store, editor, recorder):
    press, staff = _issue(client, "TASS pool"), _issue(client, "Protocol office", "staff")
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})

    public = _titles(client.get(f"/itineraries/{SLUG}.ics"))
    press_feed, staff_feed = client.get(_path(press["feed"])), client.get(_path(staff["feed"]))
    assert _titles(press_feed) == public and SECRET_TITLE not in public
    # The seed's lunch is busy for the public and the press (its neutral label), full for staff.
    assert "Closed working lunch" in public
    assert _titles(staff_feed) == sorted([*(t for t in public if t != "Closed working lunch"), SECRET_TITLE])
    page = client.get(_path(staff["page"]))
    for answer in (press_feed, staff_feed, page):
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"].startswith("private")
        assert answer.headers["Referrer-Policy"] == "no-referrer"
    doc = parse(page.data)
    assert SECRET_TITLE in doc.texts(".print-entry .title")
    assert not [a.get("href") for a in doc.select("main a")]  # read-only: no editing (or any) links
    assert SECRET_TITLE not in client.get(_path(press["page"])).text
    assert press["webcal"] == "webcal://" + press["feed"].partition("://")[2]


def test_new_addresses_are_shown_once_only(app, client, app_store, editor):
    found = _issue(client, "TASS pool")
    token = found["feed"].rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in client.get(PAGE).text


def test_revoking_one_subscription_over_http_leaves_the_others_working(app, client, app_store, editor):
    tass, xinhua, ushakov = _issue(client, "TASS pool"), _issue(client, "Xinhua"), _issue(client, "Ushakov", "staff")
    xinhua_id = subscriptions.find(app_store, SLUG, "Xinhua").id
    url = f"{PAGE}/{xinhua_id}/revoke"

    asked = client.get(url)
    assert asked.status_code == 200 and parse(asked.data).one("h1").text == "Revoke Xinhua?"
    assert client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code == 302

    assert client.get(_path(xinhua["feed"])).status_code == 404
    assert client.get(_path(xinhua["page"])).status_code == 404
    assert client.get(_path(tass["feed"])).status_code == 200
    assert client.get(_path(ushakov["feed"])).status_code == 200
    assert [s.name for s in subscriptions.listed(app_store, SLUG)] == ["TASS pool", "Ushakov"]


def test_paused_subscription_answers_404_exactly_like_an_unknown_token(app, client, app_store, editor):
    tass = _issue(client, "TASS pool")
    tass_id = subscriptions.find(app_store, SLUG, "TASS pool").id
    client.post(f"{PAGE}/{tass_id}/pause", data={"csrf_token": csrf_token(client, PAGE)})

    token = tass["feed"].rsplit("/", 1)[1].removesuffix(".ics")
    unknown = "A" * len(token)
    reader = app.test_client()  # signed in nowhere
    for path in ("/feeds/{}.ics", "/view/{}"):
        paused, never = reader.get(path.format(token)), reader.get(path.format(unknown))
        said = paused.data.replace(token.encode(), unknown.encode())  # a page's links name its own address
        assert (paused.status_code, said, dict(paused.headers)) == (404, never.data, dict(never.headers))

    client.post(f"{PAGE}/{tass_id}/resume", data={"csrf_token": csrf_token(client, PAGE)})
    assert client.get(_path(tass["feed"])).status_code == 200


def test_rename_keeps_the_addresses(app, client, app_store, editor):
    tass = _issue(client, "TASS pool")
    tass_id = subscriptions.find(app_store, SLUG, "TASS pool").id
    client.post(f"{PAGE}/{tass_id}/rename", data={"csrf_token": csrf_token(client, PAGE), "name": "TASS (Beijing)"})
    assert [s.name for s in subscriptions.listed(app_store, SLUG)] == ["TASS (Beijing)"]
    assert client.get(_path(tass["feed"])).status_code == 200


@pytest.mark.parametrize(
    ("name", "audience", "field", "message"),
    [
        ("TASS pool", "friends", "audience", "choose one of the listed options"),
        ("   ", "press", "name", "must not be empty"),
        ("x" * 101, "press", "name", "must be at most 100 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(
    app, client, app_store, editor, name, audience, field, message
):
    response = client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "name": name, "audience": audience})
    assert response.status_code == 400
    assert parse(response.data).one(f"#{field}-error").text == message
    assert subscriptions.listed(app_store, SLUG) == []


def test_itinerary_page_links_editors_to_the_subscriptions(client, editor):
    doc = parse(client.get(f"/itineraries/{SLUG}").data)
    assert doc.one(".subscriptions-link a").get("href") == PAGE


def _fetch(client, address: str, family: str, etag: str | None = None):
    headers = {"User-Agent": CLIENTS[family], "Accept-Encoding": "gzip"}
    if etag:
        headers["If-None-Match"] = etag
    return client.get(_path(address["feed"]), headers=headers)


def test_feed_health_over_http_by_client_family_before_and_after_a_release(
    app, client, app_store, clock, editor, recorder
):
    found = {name: _issue(client, name) for name in ("Google pool", "Outlook desk", "Apple desk", "Thunderbird desk")}
    _issue(client, "Xinhua")
    google, outlook, apple, _ = found.values()
    for address, family in zip(found.values(), CLIENTS, strict=True):
        assert _fetch(client, address, family).status_code == 200
    etag = _fetch(client, outlook, "microsoft").headers["ETag"]
    assert _fetch(client, outlook, "microsoft", etag).status_code == 304  # a fetch that has the copy it had
    written(app)

    clock.now += timedelta(hours=5)
    services.update_event(app_store, SLUG, "cn2018-press", title="Joint press statement", editor="editor")  # published
    clock.now += timedelta(minutes=10)
    for family, address in (("google", google), ("apple", apple)):
        assert _fetch(client, address, family).status_code == 200
    etag = _fetch(client, apple, "apple").headers["ETag"]
    assert _fetch(client, apple, "apple", etag).status_code == 304
    written(app)

    clock.now += timedelta(minutes=10)
    sign_in(client, editor, PASSWORD)  # hours later: a new session
    answer = client.get(PAGE)
    assert answer.status_code == 200, answer.text
    doc = parse(answer.data)
    rows = {
        row.one(".name").text: (row.one(".audience").text, row.one(".health").text, row.one(".families").text)
        for row in doc.select("tr.subscription")
    }
    assert rows == {
        "Google pool": ("press", "has the latest release (last fetched 10 min ago)", "google ×2"),
        "Outlook desk": ("press", "last fetched 5 h ago, before the last release", "microsoft ×3"),
        "Apple desk": ("press", "has the latest release (last fetched 10 min ago)", "apple ×4"),
        "Thunderbird desk": ("press", "last fetched 5 h ago, before the last release", "thunderbird ×1"),
        "Xinhua": ("press", "never fetched", ""),
    }
    counts = dict(zip(doc.texts(".audience-counts .audience"), doc.texts(".audience-counts .count"), strict=True))
    assert counts == {"public": "0", "press": "5", "delegation": "0", "staff": "0"}


def test_fetches_are_written_off_the_request_path(app, client, app_store, editor, recorder):
    tass = _issue(client, "TASS pool")
    for _ in range(3):
        _fetch(client, tass, "google")
    assert recorder().pending() == 3
    with app_store.transaction() as repo:
        assert repo.subscriptions.fetches(SLUG) == []  # nothing written while the polls were answered
    written(app)
    with app_store.transaction() as repo:
        assert [(f.family, f.count) for f in repo.subscriptions.fetches(SLUG)] == [("google", 3)]


def test_old_private_address_works_as_a_staff_subscription(app, client, app_store, editor):
    token = services.rotate_feed_token(app_store, SLUG)
    rows = parse(client.get(PAGE).data).select("tr.subscription")
    assert [(r.one(".name").text, r.one(".audience").text) for r in rows] == [("Private address", "staff")]
    assert SECRET_TITLE in _titles(client.get(f"/feeds/{token}.ics"))
    assert SECRET_TITLE in client.get(f"/view/{token}").text


def test_api_bearer_subscription_token_sees_its_audience(app, client, app_store, editor):
    press, staff = _issue(client, "TASS pool"), _issue(client, "Protocol office", "staff")
    tokens = {
        name: found["feed"].rsplit("/", 1)[1].removesuffix(".ics")
        for name, found in (("press", press), ("staff", staff))
    }
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})

    def titles(token):
        answer = client.get(f"/api/v1/itineraries/{SLUG}", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200 and answer.headers["Cache-Control"].startswith("private")
        return {event["title"] for event in answer.json["events"]}

    assert SECRET_TITLE in titles(tokens["staff"]) and SECRET_TITLE not in titles(tokens["press"])
    other = client.get(
        "/api/v1/itineraries/russia-china-contacts-2017-2018", headers={"Authorization": f"Bearer {tokens['press']}"}
    )
    assert other.status_code == 401
    subscriptions.pause(app_store, SLUG, subscriptions.find(app_store, SLUG, "TASS pool").id)
    paused = client.get(f"/api/v1/itineraries/{SLUG}", headers={"Authorization": f"Bearer {tokens['press']}"})
    assert paused.status_code == 401


def test_cli_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("ITINERARY_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ITINERARY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("ITINERARY_BASE_URL", "https://itinerary.example.org")
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(cli.main, ["subscription", *args])
        return result.exit_code, result.stdout

    code, out = run("add", SLUG, "--audience", "press", "--name", "TASS pool")
    assert code == 0, out
    feed = re.search(r"^feed: (https://itinerary\.example\.org/feeds/(\S+)\.ics)$", out, re.M)
    page = re.search(r"^page: https://itinerary\.example\.org/view/(\S+)$", out, re.M)
    assert feed and page and feed.group(2) == page.group(1)
    assert run("add", SLUG, "--audience", "staff", "--name", "Protocol office")[0] == 0

    code, out = run("list", SLUG)
    assert [line.split("\t")[1:6] for line in out.splitlines()] == [
        ["TASS pool", "press", "active", "never", "0"],
        ["Protocol office", "staff", "active", "never", "0"],
    ]
    assert run("pause", SLUG, "TASS pool") == (0, "paused subscription 1 'TASS pool'\n")
    assert run("revoke", SLUG, "2") == (0, "revoked subscription 2 'Protocol office'\n")
    store = Store(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    assert [(s.name, s.paused) for s in subscriptions.listed(store, SLUG)] == [("TASS pool", True)]
    store.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--audience", "friends", "--name", "TASS pool"], "audience: must be one of public, press, delegation, staff"),
        (["--audience", "press", "--name", ""], "name: must not be empty"),
        (["--audience", "press", "--name", "x" * 101], "name: must be at most 100 characters"),
    ],
)
def test_cli_refuses_bad_input_and_stores_nothing(tmp_path, monkeypatch, args, message):
    monkeypatch.setenv("ITINERARY_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ITINERARY_INSTANCE_PATH", str(tmp_path / "instance"))
    result = CliRunner().invoke(cli.main, ["subscription", "add", SLUG, *args])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    store = Store(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    assert subscriptions.listed(store, SLUG) == []
    store.dispose()


def test_worker_restart_over_http_loses_at_most_the_unwritten_batch(app, client, app_store, editor, recorder):
    from web import create_app

    tass = _issue(client, "TASS pool")
    for _ in range(2):
        _fetch(client, tass, "google")
    written(app)  # a batch written by the first worker's thread
    _fetch(client, tass, "google")  # …and one more, still in its buffer when the worker dies
    dead = recorder()
    dead._stop.set()
    dead._wake.set()
    dead._thread.join()
    dead._pending.clear()  # what a killed process had in memory is gone

    second = create_app({**app.config, "STORE": app_store})  # the restarted worker, on the same database
    for _ in range(3):
        _fetch(second.test_client(), tass, "apple")
    second.extensions[RECORDER_KEY].close()  # at exit: its buffer is written

    with app_store.transaction() as repo:
        assert [(f.family, f.count) for f in repo.subscriptions.fetches(SLUG)] == [("apple", 3), ("google", 2)]
