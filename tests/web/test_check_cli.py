"""``itinerary check SLUG``: one line a finding, a summary, exit status 1 only when there are errors."""

from __future__ import annotations

import pytest

from tests.web.conftest import run_cli

CLASH = """
[itinerary]
slug = "berlin-clash"
title = "Berlin clash"
timezone = "Europe/Berlin"

[[venues]]
key = "chancellery"
name = "Federal Chancellery"
city = "Berlin"
country = "Germany"
timezone = "Europe/Berlin"
latitude = 52.5202
longitude = 13.3692

[[participants]]
key = "anna"
name = "Anna Example"

[[events]]
uid = "talks"
title = "Talks"
start = 2018-06-08T10:00:00
end = 2018-06-08T11:00:00
venue = "chancellery"
participants = ["anna"]

[[events]]
uid = "lunch"
title = "Lunch"
start = 2018-06-08T10:30:00
end = 2018-06-08T12:00:00
venue = "chancellery"
participants = ["anna"]
"""

ROOMS = """
[itinerary]
slug = "berlin-rooms"
title = "Berlin rooms"
timezone = "Europe/Berlin"

[[events]]
uid = "talks"
title = "Talks"
start = 2018-06-08T10:00:00
end = 2018-06-08T11:00:00
venue = "chancellery"

[[events]]
uid = "briefing"
title = "Briefing"
start = 2018-06-08T10:00:00
end = 2018-06-08T10:30:00
venue = "chancellery"
"""


_cli = run_cli


@pytest.fixture
def loaded(tmp_path):
    """An instance with the seed and two small itineraries: one with errors, one with a warning only."""
    (tmp_path / "clash.toml").write_text(CLASH, encoding="utf-8")
    (tmp_path / "rooms.toml").write_text(ROOMS, encoding="utf-8")
    _cli(tmp_path, "load", "--seed", str(tmp_path / "clash.toml"), str(tmp_path / "rooms.toml"), check=True)
    return tmp_path


def test_check_of_the_seed_finds_nothing_and_exits_0(loaded):
    result = _cli(loaded, "check", "china-state-visit-2018")
    database = f"database: sqlite:///{loaded / 'instance' / 'itinerary.sqlite3'}\n"
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings\n", database)


def test_check_with_errors_prints_each_finding_and_exits_1(loaded):
    result = _cli(loaded, "check", "berlin-clash")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "ERROR: Anna Example cannot attend both 'Talks' (8 June 2018 10:00-11:00) and "
        "'Lunch' (8 June 2018 10:30-12:00): they overlap for 30 minutes.",
        "WARNING: 'Talks' (8 June 2018 10:00-11:00) and 'Lunch' (8 June 2018 10:30-12:00) are both at "
        "Federal Chancellery, Berlin and overlap for 30 minutes; check that they use different rooms.",
        "1 error, 1 warning",
    ]


def test_check_with_warnings_only_exits_0(loaded):
    result = _cli(loaded, "check", "berlin-rooms")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "0 errors, 1 warning"
    assert result.stdout.splitlines()[0].startswith("WARNING: 'Briefing' (8 June 2018 10:00-10:30) and 'Talks' ")


def test_check_speed_and_buffer_options_decide_feasibility(loaded):
    slow = _cli(loaded, "check", "china-state-visit-2018", "--speed-kmh", "40", "--buffer-minutes", "60")
    # The seed's moves between cities all have a leg or hours to spare (Ushakov's drive to Tianjin: 4.5 hours).
    assert (slow.returncode, slow.stdout) == (0, "0 errors, 0 warnings\n")
    refused = _cli(loaded, "check", "china-state-visit-2018", "--speed-kmh", "0")
    assert refused.returncode == 2
    assert "--speed-kmh" in refused.stderr


def test_check_of_unknown_itinerary_is_one_line_error(loaded):
    result = _cli(loaded, "check", "no-such-trip")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"database: sqlite:///{loaded / 'instance' / 'itinerary.sqlite3'}",
        "Error: no itinerary with slug 'no-such-trip'",
    ]
