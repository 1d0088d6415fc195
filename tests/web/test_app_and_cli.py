"""The app factory, the health route and the ``itinerary`` console script."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from sqlalchemy.exc import OperationalError

from tests.web.conftest import run_cli
from web import create_app


def test_health_answers_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok\n")


def test_health_answers_503_when_database_fails(app, client, monkeypatch):
    store = app.extensions["itinerary.store"]

    def down():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(store, "ping", down)
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (503, "database unavailable\n")


def test_config_comes_from_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ITINERARY_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    monkeypatch.setenv("ITINERARY_SECRET_KEY", "from-env")
    monkeypatch.setenv("ITINERARY_FEED_TTL_SECONDS", "600")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["FEED_TTL_SECONDS"] == 600
    assert (tmp_path / "env.sqlite3").exists()
    app.extensions["itinerary.store"].dispose()


def test_defaults_work_with_nothing_set(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("ITINERARY_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ITINERARY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'instance' / 'itinerary.sqlite3'}"
    assert len(app.config["SECRET_KEY"]) > 40
    assert create_app().config["SECRET_KEY"] == app.config["SECRET_KEY"]
    app.extensions["itinerary.store"].dispose()


_cli = run_cli


def test_cli_load_and_list(tmp_path):
    loaded = _cli(tmp_path, "load", "--seed", check=True)
    assert loaded.stdout.splitlines() == [
        "china-state-visit-2018: 12 created, 0 updated, 0 unchanged",
        "russia-china-contacts-2017-2018: 4 created, 0 updated, 0 unchanged",
    ]
    listed = _cli(tmp_path, "list", "china-state-visit-2018", "--tz", "Europe/Moscow", check=True).stdout
    assert listed.startswith("State visit to China and the SCO summit, June 2018 (times in Europe/Moscow)\n")
    assert "  10:00-11:30  Junior ice hockey match in Tianjin - Tianjin ice hockey arena\n" in listed
    assert "[restricted]" in listed
    public = _cli(tmp_path, "list", "china-state-visit-2018", "--public", check=True).stdout
    assert "[restricted]" not in public and "Working lunch in narrow format" not in public
    assert "  16:45-18:00  Closed working lunch - Tianjin [busy]\n" in public  # as the public sees it (Beijing time)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "no-such-trip"), "Error: no itinerary with slug 'no-such-trip'"),
        (("list", "china-state-visit-2018", "--tz", "Mars/Base"), "Error: --tz: unknown time zone 'Mars/Base'"),
        (("load", "missing.toml"), "Error: missing.toml: no such file"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(tmp_path, args, message):
    _cli(tmp_path, "load", "--seed", check=True)
    result = _cli(tmp_path, *args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(message)


def test_serve_starts_on_a_free_port_answers_health_and_stops(tmp_path):
    env = {**os.environ, "ITINERARY_INSTANCE_PATH": str(tmp_path / "instance")}
    command = [sys.executable, "-m", "web", "serve", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) as process:
        try:
            lines = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                line = process.stdout.readline()
                lines.append(line)
                if match := re.match(r"serving on (http://127\.0\.0\.1:\d+/)", line):
                    break
            else:
                pytest.fail(f"no URL printed: {lines}")
            assert any(line.startswith("seeded china-state-visit-2018: 12 created") for line in lines)
            with urllib.request.urlopen(match.group(1) + "healthz", timeout=10) as response:
                assert (response.status, response.read()) == (200, b"ok\n")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    assert process.returncode == 0


def test_cli_dump_and_restore_all_itineraries(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    _cli(source, "load", "--seed", check=True)
    _cli(source, "dump", "-o", str(tmp_path / "backup.json"), check=True)
    restored = _cli(target, "restore", str(tmp_path / "backup.json"), check=True)
    assert restored.stdout.splitlines() == [
        "russia-china-contacts-2017-2018: 4 created, 0 updated, 0 unchanged",
        "china-state-visit-2018: 12 created, 0 updated, 0 unchanged",
    ]
    for slug in ("china-state-visit-2018", "russia-china-contacts-2017-2018"):
        assert _cli(target, "list", slug, check=True).stdout == _cli(source, "list", slug, check=True).stdout
    assert _cli(target, "dump", check=True).stdout == (tmp_path / "backup.json").read_text()


def test_cli_export_and_import(tmp_path):
    _cli(tmp_path, "load", "--seed", check=True)
    exported = _cli(tmp_path, "export", "china-state-visit-2018", "-o", str(tmp_path / "visit.ics"), check=True)
    assert exported.stdout == ""
    assert (tmp_path / "visit.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    again = _cli(tmp_path, "import", str(tmp_path / "visit.ics"), "--into", "china-state-visit-2018", check=True)
    # The public export shows the working lunch busy (time, Tianjin, its label): read back, it is left as stored.
    assert again.stdout.splitlines()[0] == "china-state-visit-2018: 0 created, 0 updated, 11 unchanged"
    assert "an event as an audience sees it when busy" in again.stdout
    listed = _cli(tmp_path, "list", "china-state-visit-2018", check=True).stdout
    assert "Working lunch in narrow format - " in listed and "Closed working lunch" not in listed
    bad = _cli(tmp_path, "import", str(tmp_path / "instance" / "secret_key"), "--into", "china-state-visit-2018")
    assert (bad.returncode, bad.stderr.strip().splitlines()[-1]) == (
        1,
        "Error: file: this is not an iCalendar file (it must begin with BEGIN:VCALENDAR)",
    )
