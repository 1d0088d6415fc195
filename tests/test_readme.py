"""The README's two commands are the ones CI and the tests rely on."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_run_and_test_commands():
    run, test = _commands()[:2]
    assert run.endswith("itinerary serve")
    assert test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    test = _commands()[1]
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _command_table() -> list[str]:
    """The rows of the table under "Command line", up to the first line that is not a row."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line\n", 1)[1].split("\n## ", 1)[0]
    lines = section.splitlines()
    start = lines.index("| command | what it does |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_readme_command_table_is_one_table_naming_every_command():
    from web.cli import main

    rows = _command_table()
    named = {word for row in rows for word in re.findall(r"`itinerary ([a-z-]+)", row)}
    assert named == set(main.commands)
    # Nothing in the rest of the section looks like a row split off by a blank line.
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Command line\n", 1)[1].split("\n## ", 1)[0]
    assert sum(line.startswith("| `itinerary") for line in section.splitlines()) == len(rows)


def test_readme_says_commands_read_the_servers_settings_and_name_their_database():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Command line\n", 1)[1].split("\n## ", 1)[0]
    flat = " ".join(section.split())
    assert "Every command reads the same `ITINERARY_*` settings as `itinerary serve`" in flat
    assert "Each command first names the database it opened on standard error" in flat
    assert "`ITINERARY_BASE_URL`" in flat


def test_readme_screenshots_are_committed_pngs():
    shown = re.findall(
        r"!\[[^\]]+\]\((web/static/screenshots/[^)]+)\)", (ROOT / "README.md").read_text(encoding="utf-8")
    )
    assert shown == ["web/static/screenshots/itinerary.png", "web/static/screenshots/timeline.png"]
    assert [(ROOT / path).read_bytes()[:8] for path in shown] == [b"\x89PNG\r\n\x1a\n"] * 2
