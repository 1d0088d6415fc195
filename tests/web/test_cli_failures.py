"""The console script when things fail: backups are replaced whole or not at all, and every failure is one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from itinerary import backup as backup_module
from tests.web.conftest import run_cli
from web.cli import main


def _cli_with(tmp_path, environment: dict[str, str], *args):
    env = {**os.environ, "ITINERARY_INSTANCE_PATH": str(tmp_path / "instance"), **environment}
    return subprocess.run([sys.executable, "-m", "web", *args], capture_output=True, text=True, env=env, timeout=60)


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _one_error_line(result) -> str:
    """The one ``Error:`` line of a failed command (after the line naming the database, once it answered)."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    if lines and lines[0].startswith("database: sqlite:///"):
        lines = lines[1:]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_dump_over_an_existing_backup_keeps_it_when_the_dump_fails(tmp_path):
    """Regression: ``dump -o backup.json`` opened (and so truncated) the file before the dump, which then failed."""
    run_cli(tmp_path, "load", "--seed", check=True)
    backup = tmp_path / "backup.json"
    run_cli(tmp_path, "dump", "-o", str(backup), check=True)
    good = backup.read_bytes()
    assert good.startswith(b"{")
    unreachable = {"ITINERARY_DATABASE_URL": f"postgresql+psycopg://nobody:none@127.0.0.1:{_closed_port()}/none"}
    failed = _cli_with(tmp_path, unreachable, "dump", "-o", str(backup))
    assert _one_error_line(failed).startswith("Error: the database is not answering (")
    assert backup.read_bytes() == good
    assert sorted(path.name for path in tmp_path.iterdir()) == ["backup.json", "instance"]  # no temporary file left


def test_dump_that_fails_midway_leaves_the_old_backup_and_says_why(tmp_path, monkeypatch):
    """Regression: a dump that failed (a two-line summary did) left ``backup.json`` at 0 bytes and a traceback."""
    run_cli(tmp_path, "load", "--seed", check=True)
    backup = tmp_path / "backup.json"
    run_cli(tmp_path, "dump", "-o", str(backup), check=True)
    good = backup.read_bytes()

    def fails(store, settings):
        raise AssertionError("Content line can not contain unescaped new line characters.")

    monkeypatch.setenv("ITINERARY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setattr(backup_module, "dump", fails)
    result = CliRunner().invoke(main, ["dump", "-o", str(backup)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"database: sqlite:///{tmp_path / 'instance' / 'itinerary.sqlite3'}\n"
        "Error: AssertionError: Content line can not contain unescaped new line characters.\n",
    )
    assert backup.read_bytes() == good


def test_dump_into_a_missing_directory_says_so_in_one_line(tmp_path):
    run_cli(tmp_path, "load", "--seed", check=True)
    failed = run_cli(tmp_path, "dump", "-o", str(tmp_path / "missing" / "backup.json"))
    target = tmp_path / "missing" / "backup.json"
    assert _one_error_line(failed) == f"Error: cannot use {target}: No such file or directory"


def test_dump_replaces_an_older_backup_whole(tmp_path):
    run_cli(tmp_path, "load", "--seed", check=True)
    backup = tmp_path / "backup.json"
    backup.write_bytes(b"old backup\n")
    run_cli(tmp_path, "dump", "-o", str(backup), check=True)
    assert backup.read_text() == run_cli(tmp_path, "dump", check=True).stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["backup.json", "instance"]


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "china-state-visit-2018"),
        ("load", "--seed"),
        ("check", "china-state-visit-2018"),
        ("export", "china-state-visit-2018"),
        ("dump",),
        ("restore", "backup.json"),
        ("import", "visit.ics", "--into", "china-state-visit-2018"),
    ],
)
def test_cli_with_an_unreachable_database_prints_one_error_line(tmp_path, args):
    """Regression: a database that did not answer printed a traceback."""
    (tmp_path / "backup.json").write_text('{"format": "itinerary-backup/1", "uid_domain": "x", "itineraries": []}')
    (tmp_path / "visit.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    unreachable = {"ITINERARY_DATABASE_URL": f"postgresql+psycopg://nobody:none@127.0.0.1:{_closed_port()}/none"}
    result = subprocess.run(
        [sys.executable, "-m", "web", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ITINERARY_INSTANCE_PATH": str(tmp_path / "instance"), **unreachable},
        cwd=tmp_path,
        timeout=60,
    )
    assert _one_error_line(result).startswith("Error: the database is not answering (")
    assert "nobody:none" not in result.stderr
