"""First steps from the README: every command opens the database ``serve`` opens, seeded on first use (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys

import icalendar

SLUG = "china-state-visit-2018"
SEEDED = [
    "seeded china-state-visit-2018: 12 created, 0 updated, 0 unchanged",
    "seeded russia-china-contacts-2017-2018: 4 created, 0 updated, 0 unchanged",
]


def _cli(tmp_path, *args, **environment):
    """Run ``itinerary`` as a fresh install would: nothing set but the instance folder (and ``environment``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ITINERARY_")}
    env.update(ITINERARY_INSTANCE_PATH=str(tmp_path / "instance"), **environment)
    return subprocess.run([sys.executable, "-m", "web", *args], capture_output=True, text=True, env=env, timeout=60)


def test_list_on_a_fresh_install_creates_and_seeds_the_database(tmp_path):
    """Regression: ``itinerary list SLUG`` on a fresh install said the seed itinerary did not exist."""
    result = _cli(tmp_path, "list", SLUG)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("State visit to China and the SCO summit, June 2018 (times in Asia/Shanghai)\n")
    database = f"database: sqlite:///{tmp_path / 'instance' / 'itinerary.sqlite3'}"
    assert result.stderr.splitlines() == [database, *SEEDED]
    again = _cli(tmp_path, "list")
    assert again.stderr.splitlines() == [database]  # seeded once
    assert sorted(again.stdout.splitlines()) == [
        "china-state-visit-2018\tState visit to China and the SCO summit, June 2018",
        "russia-china-contacts-2017-2018\tRussia-China contacts, 2017-2018",
    ]


def test_commands_read_the_same_settings_as_serve(tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    result = _cli(tmp_path, "check", SLUG, ITINERARY_DATABASE_URL=url)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "0 errors, 3 warnings")  # the seed's missing legs
    assert result.stderr.splitlines() == [f"database: {url}", *SEEDED]
    assert (tmp_path / "elsewhere.sqlite3").exists()


def test_no_seed_when_the_settings_say_so(tmp_path):
    result = _cli(tmp_path, "list", ITINERARY_LOAD_SEED="false")
    assert (result.returncode, result.stdout, len(result.stderr.splitlines())) == (0, "", 1)


def _urls(data: bytes) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): str(event["URL"]) for event in calendar.walk("VEVENT")}


def test_export_without_base_url_says_so_instead_of_assuming_port_8000(tmp_path):
    result = _cli(tmp_path, "export", SLUG, "-o", str(tmp_path / "visit.ics"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "note: ITINERARY_BASE_URL is not set, so the event links in the file point at https://itinerary.invalid; "
        "set it to the site's public address (e.g. https://itinerary.example.org)"
    )
    urls = _urls((tmp_path / "visit.ics").read_bytes())
    assert urls["cn2018-press@itinerary.invalid"] == (
        "https://itinerary.invalid/itineraries/china-state-visit-2018/events/cn2018-press"
    )
    assert not any("8000" in url for url in urls.values())


def test_export_writes_links_from_base_url(tmp_path):
    result = _cli(
        tmp_path, "export", SLUG, "-o", str(tmp_path / "visit.ics"), ITINERARY_BASE_URL="https://itinerary.example.org"
    )
    assert result.returncode == 0, result.stderr
    assert not any(line.startswith("note:") for line in result.stderr.splitlines())
    assert _urls((tmp_path / "visit.ics").read_bytes())["cn2018-press@itinerary.invalid"] == (
        "https://itinerary.example.org/itineraries/china-state-visit-2018/events/cn2018-press"
    )
