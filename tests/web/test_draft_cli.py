"""``itinerary draft``: JSON and TOML out of an announcement; the TOML loads with ``itinerary load``."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from tests.web.conftest import run_cli
from web.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "itinerary" / "data" / "drafts"
SEED = CORPUS / "en-seed-state-visit.txt"


def draft(*args):
    return CliRunner().invoke(main, ["draft", *map(str, args)], catch_exceptions=False)


def test_draft_prints_json_of_the_seed():
    result = draft(SEED, "--published", "2018-06-04")

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["span"] == {"start": "2018-06-08", "end": "2018-06-10"}
    assert [(e["title"], e["date"], e["city"]) for e in data["events"]] == [
        ("Talks in narrow format", "2018-06-08", "Beijing"),
        ("Talks in enlarged format", "2018-06-08", "Beijing"),
        ("Adoption of joint statements", "2018-06-08", "Beijing"),
        ("Signing of documents", "2018-06-08", "Beijing"),
        ("Train from Beijing to Tianjin", "2018-06-08", "Beijing"),
        ("Ice hockey match", "2018-06-08", "Tianjin"),
        ("Working lunch in narrow format", "2018-06-08", "Tianjin"),
        ("SCO summit", "2018-06-09", None),
    ]
    assert data["events"][6] == {
        "title": "Working lunch in narrow format",
        "date": "2018-06-08",
        "last": "2018-06-08",
        "start": None,
        "end": None,
        "timezone": "Asia/Shanghai",
        "city": "Tianjin",
        "venue": None,
        "destination": None,
        "kind": "meal",
        "format": "narrow",
        "participants": ["Vladimir Putin", "Xi Jinping"],
        "source": "After the official part of the negotiations is over, Putin and Xi Jinping will board a train to go "
        "to Tianjin to watch a match of junior hockey teams, after which the negotiations will continue in the form "
        'of a lunch in the narrow format "to discuss especially sensitive issues," Ushakov said.',
    }


def test_draft_reads_russian_and_chinese_with_lang():
    ru = json.loads(draft(CORPUS / "ru-alaska-kremlin.txt", "--published", "2025-08-12", "--lang", "ru").output)
    zh = json.loads(draft(CORPUS / "zh-alaska.txt", "--published", "2025-08-12", "--lang", "zh").output)

    assert [(e["title"], e["start"], e["timezone"]) for e in ru["events"][1:2]] == [
        ("Переговоры один на один", "11:30", "America/Anchorage")
    ]
    assert [(e["title"], e["start"], e["timezone"]) for e in zh["events"][1:2]] == [
        ("一对一会谈", "11:30", "America/Anchorage")
    ]


def test_draft_toml_is_a_fixture_that_load_accepts(tmp_path):
    result = draft(CORPUS / "en-alaska-summit.txt", "--published", "2025-08-12", "--format", "toml")
    assert result.exit_code == 0, result.output
    fixture = tmp_path / "draft.toml"
    fixture.write_text(result.output, encoding="utf-8")
    data = tomllib.loads(result.output)
    assert data["itinerary"] == {
        "slug": "draft-2025-08-12",
        "title": "Draft programme from the announcement of 2025-08-12",
        "timezone": "America/Anchorage",
        "summary": "Proposed from an announcement published on 2025-08-12; not yet checked by an editor.",
    }
    talks = data["events"][1]
    assert {k: v for k, v in talks.items() if k != "description"} == {
        "uid": "draft-2025-08-12-02",
        "title": "One-on-one talks",
        "kind": "talks",
        "format": "one-on-one",
        "status": "tentative",
        "start": datetime(2025, 8, 15, 11, 30),
        "end": datetime(2025, 8, 15, 12, 30),
        "timezone": "America/Anchorage",
        "venue": "anchorage",
    }

    loaded = run_cli(tmp_path, "load", str(fixture))
    again = run_cli(tmp_path, "load", str(fixture))
    listed = run_cli(tmp_path, "list", "draft-2025-08-12")

    assert (loaded.returncode, loaded.stdout) == (0, "draft-2025-08-12: 5 created, 0 updated, 0 unchanged\n")
    assert (again.returncode, again.stdout) == (0, "draft-2025-08-12: 0 created, 0 updated, 5 unchanged\n")
    assert "11:30" in listed.stdout and "One-on-one talks" in listed.stdout


def test_draft_of_the_seed_as_toml_loads(tmp_path):
    fixture = tmp_path / "seed-draft.toml"
    fixture.write_text(draft(SEED, "--published", "2018-06-04", "--format", "toml").output, encoding="utf-8")

    loaded = run_cli(tmp_path, "load", str(fixture))

    database = f"sqlite:///{tmp_path / 'instance' / 'itinerary.sqlite3'}"
    assert (loaded.returncode, loaded.stdout, loaded.stderr) == (
        0,
        "draft-2018-06-04: 8 created, 0 updated, 0 unchanged\n",
        f"database: {database}\n",
    )


def test_draft_of_hostile_files_fails_with_one_line(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    dateless = tmp_path / "dateless.txt"
    dateless.write_text("The leaders will hold talks.", encoding="utf-8")

    for path, message in [
        (binary, "Error: text: is not UTF-8 text (a binary file?); paste the announcement or save it as UTF-8 .txt\n"),
        (dateless, "Error: text: names no date (such as 8 June, 8 июня or 6月8日); there is nothing to propose\n"),
    ]:
        result = CliRunner().invoke(main, ["draft", str(path), "--published", "2018-06-04"])
        assert (result.exit_code, result.output) == (1, message)


def test_draft_without_published_fails_and_leaves_no_file_open():
    # Regression: with click.File the usage error came after FILE was opened, and it stayed open (ResourceWarning).
    result = CliRunner().invoke(main, ["draft", str(SEED)])

    assert result.exit_code == 2
    assert "Missing option '--published'" in result.output
