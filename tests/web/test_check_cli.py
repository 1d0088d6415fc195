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


SIBERIA = """
[itinerary]
slug = "siberia"
title = "Moscow and Irkutsk"
timezone = "Europe/Moscow"

[[venues]]
key = "kremlin"
name = "Moscow Kremlin"
city = "Moscow"
country = "Russia"
timezone = "Europe/Moscow"
latitude = 55.752
longitude = 37.617

[[venues]]
key = "irkutsk-hall"
name = "Irkutsk city hall"
city = "Irkutsk"
country = "Russia"
timezone = "Asia/Irkutsk"
latitude = 52.287
longitude = 104.281

[[participants]]
key = "anna"
name = "Anna Example"

[[events]]
uid = "talks"
title = "Talks"
start = 2018-06-08T10:00:00
end = 2018-06-08T11:00:00
venue = "kremlin"
participants = ["anna"]

[[events]]
uid = "visit"
title = "Visit"
start = 2018-06-10T08:00:00
end = 2018-06-10T09:00:00
venue = "irkutsk-hall"
participants = ["anna"]

[[events]]
uid = "day"
title = "Conference day"
start = 2018-06-11T09:00:00
end = 2018-06-11T18:00:00
venue = "irkutsk-hall"

[[events]]
uid = "briefing"
title = "Briefing"
parent = "day"
start = 2018-06-11T09:00:00
end = 2018-06-11T09:30:00
rrule = "FREQ=DAILY;COUNT=2"
venue = "irkutsk-hall"
"""

_cli = run_cli


@pytest.fixture
def loaded(tmp_path):
    """An instance with the seed and two small itineraries: one with errors, one with a warning only."""
    (tmp_path / "clash.toml").write_text(CLASH, encoding="utf-8")
    (tmp_path / "rooms.toml").write_text(ROOMS, encoding="utf-8")
    (tmp_path / "siberia.toml").write_text(SIBERIA, encoding="utf-8")
    files = [str(tmp_path / f"{name}.toml") for name in ("clash", "rooms", "siberia")]
    _cli(tmp_path, "load", "--seed", *files, check=True)
    return tmp_path


def test_check_of_the_seed_names_the_legs_it_leaves_out_and_exits_0(loaded):
    result = _cli(loaded, "check", "china-state-visit-2018")
    database = f"database: sqlite:///{loaded / 'instance' / 'itinerary.sqlite3'}\n"
    assert (result.returncode, result.stderr) == (0, database)
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "WARNING: Yuri Ushakov has no travel leg from Beijing to Tianjin between 'Russian-Chinese talks in enlarged "
        "format' and 'Working lunch in narrow format': 'Russian-Chinese talks in enlarged format' ends at 12:15 and "
        "'Working lunch in narrow format' starts at 16:45 on 8 June 2018; add the leg they take."
    )
    assert lines[-1] == "0 errors, 3 warnings"


def test_check_reports_double_bookings_as_warnings_and_exits_0(loaded):
    result = _cli(loaded, "check", "berlin-clash")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "WARNING: Anna Example cannot attend both 'Talks' (8 June 2018 10:00-11:00) and "
        "'Lunch' (8 June 2018 10:30-12:00): they overlap for 30 minutes.",
        "WARNING: 'Talks' (8 June 2018 10:00-11:00) and 'Lunch' (8 June 2018 10:30-12:00) are both at "
        "Federal Chancellery, Berlin and overlap for 30 minutes; check that they use different rooms.",
        "0 errors, 2 warnings",
    ]


def test_check_names_the_missing_leg_and_exits_1_for_a_structural_error(loaded):
    # Moscow to Irkutsk in 40 hours is a flight, not "impossible"; a session outside its day is an error.
    result = _cli(loaded, "check", "siberia")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "WARNING: Anna Example has no travel leg from Moscow to Irkutsk between 'Talks' and 'Visit': 'Talks' ends "
        "at 11:00 MSK on 8 June 2018 and 'Visit' starts at 08:00 +08 on 10 June 2018; add the leg they take.",
        "ERROR: 'Briefing' (12 June 2018 09:00-09:30) lies outside its parent 'Conference day' "
        "(11 June 2018 09:00-18:00); move it inside or change the parent.",
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
    assert (slow.returncode, slow.stdout.splitlines()[-1]) == (0, "0 errors, 3 warnings")
    assert "travel-time" not in slow.stdout and "cannot get from" not in slow.stdout
    slower = _cli(loaded, "check", "china-state-visit-2018", "--speed-kmh", "20", "--buffer-minutes", "60")
    assert "WARNING: Yuri Ushakov cannot get from Great Hall of the People, Beijing to " in slower.stdout
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
