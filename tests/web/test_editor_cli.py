"""The disable-editor, enable-editor and reset-password commands end an editor's sessions at once."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from itinerary import accounts
from itinerary.errors import EditorDisabled
from itinerary.storage import Store
from tests.web.conftest import PASSWORD
from web import cli

NEW_PASSWORD = "a new password, long enough"


@pytest.fixture
def cli_store(tmp_path, monkeypatch):
    """The database the commands use, with editors anna (two sessions) and boris (one)."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("ITINERARY_DATABASE_URL", url)
    monkeypatch.setenv("ITINERARY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("ITINERARY_LOAD_SEED", "false")
    store = Store(url)
    store.create_schema()
    for name in ("anna", "boris"):
        accounts.create_editor(store, name, PASSWORD)
    yield store
    store.dispose()


def _run(*args, input_text=None):
    return CliRunner().invoke(cli.main, list(args), input=input_text)


def _said(result) -> str:
    """What the command printed after naming its database (on stderr, first)."""
    first, _, rest = result.output.partition("\n")
    assert first.startswith("database: sqlite:///"), result.output
    return rest


def _sessions(store, name, count):
    return [accounts.start_session(store, name) for _ in range(count)]


def test_disable_editor_ends_their_sessions_and_stops_sign_in(cli_store):
    tokens, other = _sessions(cli_store, "anna", 2), _sessions(cli_store, "boris", 1)
    result = _run("disable-editor", "anna")
    assert (result.exit_code, _said(result)) == (0, "disabled editor anna; ended 2 sessions\n")
    assert [accounts.session_editor(cli_store, token) for token in tokens] == [None, None]
    assert accounts.session_editor(cli_store, other[0]).username == "boris"
    with pytest.raises(EditorDisabled):
        accounts.authenticate(cli_store, "anna", PASSWORD)


def test_enable_editor_lets_them_sign_in_again(cli_store):
    _run("disable-editor", "anna")
    result = _run("enable-editor", "anna")
    assert (result.exit_code, _said(result)) == (0, "enabled editor anna; ended 0 sessions\n")
    assert accounts.authenticate(cli_store, "anna", PASSWORD).username == "anna"


def test_reset_password_reads_it_twice_hidden_and_ends_sessions(cli_store):
    tokens = _sessions(cli_store, "anna", 1)
    result = _run("reset-password", "anna", input_text=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "new password for editor anna; ended 1 session")
    assert NEW_PASSWORD not in result.output
    assert accounts.session_editor(cli_store, tokens[0]) is None
    assert accounts.authenticate(cli_store, "anna", PASSWORD) is None
    assert accounts.authenticate(cli_store, "anna", NEW_PASSWORD).username == "anna"


def test_reset_password_from_stdin_for_scripts(cli_store):
    result = _run("reset-password", "anna", "--password-stdin", input_text=f"{NEW_PASSWORD}\n")
    assert (result.exit_code, _said(result)) == (0, "new password for editor anna; ended 0 sessions\n")
    assert accounts.authenticate(cli_store, "anna", NEW_PASSWORD).username == "anna"


def test_reset_password_refuses_a_short_one_and_changes_nothing(cli_store):
    tokens = _sessions(cli_store, "anna", 1)
    result = _run("reset-password", "anna", "--password-stdin", input_text="short\n")
    assert (result.exit_code, _said(result)) == (1, "Error: password: must be at least 12 characters\n")
    assert accounts.session_editor(cli_store, tokens[0]).username == "anna"
    assert accounts.authenticate(cli_store, "anna", PASSWORD).username == "anna"


@pytest.mark.parametrize("command", ["disable-editor", "enable-editor", "reset-password"])
def test_unknown_editor_is_one_error_line(cli_store, command):
    result = _run(command, "nobody", input_text=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert (result.exit_code, _said(result)) == (1, "Error: username: there is no editor called 'nobody'\n")
