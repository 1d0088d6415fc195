"""``itinerary check SLUG``: one line a finding, a summary, exit status 1 only when there are errors."""

from __future__ import annotations

import pytest

from tests.web.conftest import run_cli


def _itinerary(slug: str, title: str, timezone: str) -> str:
    """The ``[itinerary]`` table of a TOML file."""
    return f'[itinerary]\nslug = "{slug}"\ntitle = "{title}"\ntimezone = "{timezone}"\n\n'


def _venue(key: str, name: str, city: str, country: str, timezone: str, latitude: float, longitude: float) -> str:
    """One ``[[venues]]`` table."""
    return (
        f'[[venues]]\nkey = "{key}"\nname = "{name}"\ncity = "{city}"\ncountry = "{country}"\n'
        f'timezone = "{timezone}"\nlatitude = {latitude}\nlongitude = {longitude}\n\n'
    )


def _event(uid: str, title: str, start: str, end: str, venue: str, *more: str) -> str:
    """One ``[[events]]`` table; ``more`` are further lines such as ``participants = ["anna"]``."""
    lines = [f'uid = "{uid}"', f'title = "{title}"', f"start = {start}", f"end = {end}", f'venue = "{venue}"', *more]
    return "[[events]]\n" + "\n".join(lines) + "\n\n"


ANNA = '[[participants]]\nkey = "anna"\nname = "Anna Example"\n\n'
WITH_ANNA = 'participants = ["anna"]'
CHANCELLERY = _venue("chancellery", "Federal Chancellery", "Berlin", "Germany", "Europe/Berlin", 52.5202, 13.3692)

CLASH = (
    _itinerary("berlin-clash", "Berlin clash", "Europe/Berlin")
    + CHANCELLERY
    + ANNA
    + _event("talks", "Talks", "2018-06-08T10:00:00", "2018-06-08T11:00:00", "chancellery", WITH_ANNA)
    + _event("lunch", "Lunch", "2018-06-08T10:30:00", "2018-06-08T12:00:00", "chancellery", WITH_ANNA)
)

ROOMS = (
    _itinerary("berlin-rooms", "Berlin rooms", "Europe/Berlin")
    + _event("talks", "Talks", "2018-06-08T10:00:00", "2018-06-08T11:00:00", "chancellery")
    + _event("briefing", "Briefing", "2018-06-08T10:00:00", "2018-06-08T10:30:00", "chancellery")
)

SIBERIA = (
    _itinerary("siberia", "Moscow and Irkutsk", "Europe/Moscow")
    + _venue("kremlin", "Moscow Kremlin", "Moscow", "Russia", "Europe/Moscow", 55.752, 37.617)
    + _venue("irkutsk-hall", "Irkutsk city hall", "Irkutsk", "Russia", "Asia/Irkutsk", 52.287, 104.281)
    + ANNA
    + _event("talks", "Talks", "2018-06-08T10:00:00", "2018-06-08T11:00:00", "kremlin", WITH_ANNA)
    + _event("visit", "Visit", "2018-06-10T08:00:00", "2018-06-10T09:00:00", "irkutsk-hall", WITH_ANNA)
    + _event("day", "Conference day", "2018-06-11T09:00:00", "2018-06-11T18:00:00", "irkutsk-hall")
    + _event(
        "briefing",
        "Briefing",
        "2018-06-11T09:00:00",
        "2018-06-11T09:30:00",
        "irkutsk-hall",
        'parent = "day"',
        'rrule = "FREQ=DAILY;COUNT=2"',
    )
)

_cli = run_cli


def _check(instance, slug: str) -> tuple[int, list[str]]:
    """``itinerary check SLUG``: its exit status and its lines."""
    result = _cli(instance, "check", slug)
    return result.returncode, result.stdout.splitlines()


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
    assert _check(loaded, "berlin-clash") == (
        0,
        [
            "WARNING: Anna Example cannot attend both 'Talks' (8 June 2018 10:00-11:00) and "
            "'Lunch' (8 June 2018 10:30-12:00): they overlap for 30 minutes.",
            "WARNING: 'Talks' (8 June 2018 10:00-11:00) and 'Lunch' (8 June 2018 10:30-12:00) are both at "
            "Federal Chancellery, Berlin and overlap for 30 minutes; check that they use different rooms.",
            "0 errors, 2 warnings",
        ],
    )


def test_check_names_the_missing_leg_and_exits_1_for_a_structural_error(loaded):
    # Moscow to Irkutsk in 40 hours is a flight, not "impossible"; a session outside its day is an error.
    assert _check(loaded, "siberia") == (
        1,
        [
            "WARNING: Anna Example has no travel leg from Moscow to Irkutsk between 'Talks' and 'Visit': 'Talks' ends "
            "at 11:00 MSK on 8 June 2018 and 'Visit' starts at 08:00 +08 on 10 June 2018; add the leg they take.",
            "ERROR: 'Briefing' (12 June 2018 09:00-09:30) lies outside its parent 'Conference day' "
            "(11 June 2018 09:00-18:00); move it inside or change the parent.",
            "1 error, 1 warning",
        ],
    )


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
