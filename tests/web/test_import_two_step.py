"""Import over the web and the CLI: every problem at once, nothing stored, then an explicit second step."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from itinerary import services
from tests.web.conftest import run_cli
from tests.web.forms import csrf_token, snapshot
from tests.web.html import parse

pytestmark = pytest.mark.usefixtures("editor")

SLUG = "copy"
URL = f"/itineraries/{SLUG}/import"
CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Calendar//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:ok@example.org\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Fine\r\n"
    b"DTSTART:20250101T100000Z\r\nDTEND:20250101T110000Z\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:also@example.org\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Also fine\r\n"
    b"DTSTART:20250102T100000Z\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:big@example.org\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Too new\r\n"
    b"DTSTART:20250103T100000Z\r\nSEQUENCE:2147483648\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:back@example.org\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Backwards\r\n"
    b"DTSTART:20250104T100000Z\r\nDTEND:20250104T090000Z\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)
PROBLEMS = [
    "line 17: event big@example.org ('Too new'): sequence: 2147483648 is not a whole number from 0 to 2147483647",
    "line 24: event back@example.org ('Backwards'): end: must not be before the start",
]


@pytest.fixture(autouse=True)
def _pending_in_tmp(app, tmp_path):
    app.config["PENDING_IMPORTS_PATH"] = str(tmp_path / "pending")


@pytest.fixture
def copy(app_store):
    services.create_itinerary(app_store, slug=SLUG, title="Copy", timezone="Europe/Moscow")
    return SLUG


def _upload(client, data: bytes = CALENDAR):
    return client.post(URL, data={"csrf_token": csrf_token(client, URL), "file": (io.BytesIO(data), "mixed.ics")})


def test_refused_upload_lists_every_problem_and_stores_nothing(client, app_store, copy):
    before = snapshot(app_store)
    response = _upload(client)
    assert response.status_code == 400
    doc = parse(response.data)
    assert doc.texts(".import-problems li.problem") == PROBLEMS
    assert doc.one("#file-error").text == "2 problems found; nothing was stored"
    assert doc.one(".import-problems button").text == "Import the 2 accepted events"
    assert snapshot(app_store) == before


def test_second_step_imports_only_the_accepted_events(client, app_store, copy):
    doc = parse(_upload(client).data)
    form = doc.one(".import-problems form")
    values = {field.get("name"): field.get("value") for field in form.select("input")}
    response = client.post(form.get("action"), data=values)
    assert (response.status_code, response.location) == (302, f"/itineraries/{SLUG}")
    assert parse(client.get(f"/itineraries/{SLUG}").data).texts(".flash")[:3] == [
        "Imported the accepted events: 2 created, 0 updated, 0 unchanged, 2 refused.",
        f"Not imported: {PROBLEMS[0]}",
        f"Not imported: {PROBLEMS[1]}",
    ]
    assert sorted(e.uid for e in services.list_events(app_store, SLUG)) == ["also@example.org", "ok@example.org"]
    # The kept upload is used once: posting the same step again imports nothing more.
    again = client.post(form.get("action"), data=values)
    assert again.location == URL
    assert len(services.list_events(app_store, SLUG)) == 2


def test_second_step_without_a_kept_upload_imports_nothing(client, app_store, copy):
    before = snapshot(app_store)
    url = f"{URL}/accepted"
    response = client.post(url, data={"csrf_token": csrf_token(client, URL), "digest": "0" * 64})
    assert (response.status_code, response.location) == (302, URL)
    assert parse(client.get(URL).data).texts(".flash") == ["That upload is no longer kept; choose the file again."]
    assert snapshot(app_store) == before


def test_event_link_with_an_encoded_uid_opens_the_event(client, app_store, copy):
    odd = CALENDAR.replace(b"UID:ok@example.org", b"UID:a%c?d@example.org")
    doc = parse(_upload(client, odd).data)
    form = doc.one(".import-problems form")
    client.post(form.get("action"), data={f.get("name"): f.get("value") for f in form.select("input")})
    assert client.get(f"/itineraries/{SLUG}/events/a%25c%3Fd@example.org").status_code == 200


def test_cli_refuses_then_imports_accepted_only(tmp_path):
    path = tmp_path / "mixed.ics"
    path.write_bytes(CALENDAR)
    assert run_cli(tmp_path, "load", "--seed").returncode == 0
    slug = "russia-china-contacts-2017-2018"
    refused = run_cli(tmp_path, "import", str(path), "--into", slug)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"database: sqlite:///{tmp_path / 'instance' / 'itinerary.sqlite3'}",
        *(f"refused: {problem}" for problem in PROBLEMS),
        "Error: 2 problem(s) found, nothing was stored; run again with --accepted-only to import the 2 accepted "
        "event(s)",
    ]
    done = run_cli(tmp_path, "import", str(path), "--into", slug, "--accepted-only")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == [
        f"{slug}: 2 created, 0 updated, 0 unchanged, 2 refused",
        f"refused: {PROBLEMS[0]}",
        f"refused: {PROBLEMS[1]}",
    ]


def test_foreign_file_imports_over_the_web(client, app_store, copy):
    data = (Path(__file__).parents[1] / "itinerary" / "data" / "outlook-pacific.ics").read_bytes()
    response = client.post(URL, data={"csrf_token": csrf_token(client, URL), "file": (io.BytesIO(data), "o.ics")})
    assert response.status_code == 302
    assert len(services.list_events(app_store, SLUG)) == 3


def test_zero_length_event_shows_on_the_itinerary_and_event_pages(client, app_store, copy):
    data = CALENDAR.split(b"BEGIN:VEVENT\r\nUID:big")[0] + b"END:VCALENDAR\r\n"  # "Fine" and the moment "Also fine"
    response = client.post(URL, data={"csrf_token": csrf_token(client, URL), "file": (io.BytesIO(data), "m.ics")})
    assert response.status_code == 302
    page = client.get(f"/itineraries/{SLUG}")
    assert page.status_code == 200
    assert "Also fine" in parse(page.data).text
    event = client.get(f"/itineraries/{SLUG}/events/also@example.org")
    assert event.status_code == 200
    assert client.get(f"/itineraries/{SLUG}/events/also@example.org/edit").status_code == 200


@pytest.mark.parametrize(
    ("lang", "problem", "report"),
    [
        (
            "ru",
            "строка 24: мероприятие back@example.org («Backwards»): Окончание: не может быть раньше начала",
            "создано: 2, обновлено: 0, без изменений: 0, отклонено: 2",
        ),
        (
            "zh",
            "第24行：活动 back@example.org（“Backwards”）：结束：不能早于开始时间",
            "新建2项，更新0项，未变0项，拒绝2项",
        ),
    ],
)
def test_import_report_and_its_problems_in_the_editors_language(client, app_store, copy, lang, problem, report):
    client.get(f"/?lang={lang}")  # the language kept in the cookie, as an editor's choice is
    doc = parse(_upload(client).data)
    assert doc.texts(".import-problems li.problem")[1] == problem
    form = doc.one(".import-problems form")
    client.post(form.get("action"), data={field.get("name"): field.get("value") for field in form.select("input")})
    flashes = parse(client.get(f"/itineraries/{SLUG}").data).texts(".flash")
    assert report in flashes[0] and flashes[2].endswith(problem)
