"""Editor sessions kept on the server: ended by signing out, by an administrator, by idleness and by age."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from itinerary import accounts
from itinerary.accounts import Editor, SessionRules
from itinerary.errors import EditorDisabled, InvalidInput, NotFound
from itinerary.storage import SessionRow
from tests.conftest import NOW

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a new password, long enough"
ANNA = Editor("anna", NOW)


@pytest.fixture
def anna(store):
    accounts.create_editor(store, "anna", PASSWORD)
    accounts.create_editor(store, "boris", PASSWORD)
    return "anna"


def test_session_names_its_editor_until_signed_out(store, anna):
    token = accounts.start_session(store, "anna")
    assert accounts.session_editor(store, token) == ANNA
    accounts.end_session(store, token)
    assert accounts.session_editor(store, token) is None


def test_signing_out_ends_only_that_session(store, anna):
    first, second = accounts.start_session(store, "anna"), accounts.start_session(store, "anna")
    accounts.end_session(store, first)
    assert (accounts.session_editor(store, first), accounts.session_editor(store, second)) == (None, ANNA)


@pytest.mark.parametrize("token", ["", "made-up", "x" * 500, None, 42])
def test_unknown_token_names_nobody(store, anna, token):
    accounts.start_session(store, "anna")
    assert accounts.session_editor(store, token) is None


@pytest.mark.sql_only  # looks at the table
def test_table_keeps_only_the_tokens_hash(store, anna):
    token = accounts.start_session(store, "anna")
    with store.transaction() as repo:
        assert repo.session.scalars(select(SessionRow.id)).all() == [hashlib.sha256(token.encode()).hexdigest()]


def test_session_ends_after_two_hours_unused(store, anna, clock):
    token = accounts.start_session(store, "anna")
    for _ in range(3):  # used every 119 minutes: still open after nearly six hours
        clock.now += timedelta(minutes=119)
        assert accounts.session_editor(store, token) == ANNA
    clock.now += timedelta(minutes=120)
    assert accounts.session_editor(store, token) is None
    clock.now -= timedelta(minutes=120)  # ended for good, not merely refused while late
    assert accounts.session_editor(store, token) is None


def test_session_ends_twelve_hours_after_sign_in_however_busy(store, anna, clock):
    token = accounts.start_session(store, "anna")
    for _ in range(11):
        clock.now += timedelta(hours=1)
        assert accounts.session_editor(store, token) == ANNA
    clock.now += timedelta(minutes=59, seconds=59)
    assert accounts.session_editor(store, token) == ANNA
    clock.now += timedelta(seconds=1)
    assert accounts.session_editor(store, token) is None


def test_lifetimes_are_configurable(store, anna, clock):
    rules = SessionRules(idle=timedelta(minutes=5), lifetime=timedelta(minutes=30))
    token = accounts.start_session(store, "anna")
    clock.now += timedelta(minutes=4)
    assert accounts.session_editor(store, token, rules) == ANNA
    clock.now += timedelta(minutes=5)
    assert accounts.session_editor(store, token, rules) is None


@pytest.mark.sql_only  # looks at the table
def test_last_use_is_written_at_most_once_a_minute(store, anna, clock):
    token = accounts.start_session(store, "anna")
    seen = []
    for _ in range(4):
        clock.now += timedelta(seconds=25)
        accounts.session_editor(store, token)
        with store.transaction() as repo:
            seen.append(repo.session.scalar(select(SessionRow.seen)))
    assert seen == [NOW, NOW, NOW + timedelta(seconds=75), NOW + timedelta(seconds=75)]


def test_disable_editor_ends_every_session_and_refuses_sign_in(store, anna):
    """Regression (issue 12): there was no way to disable an editor or end their sessions."""
    tokens = [accounts.start_session(store, "anna") for _ in range(2)]
    other = accounts.start_session(store, "boris")
    assert accounts.disable_editor(store, "anna") == 2
    assert [accounts.session_editor(store, token) for token in tokens] == [None, None]
    assert accounts.session_editor(store, other) == Editor("boris", NOW)
    with pytest.raises(EditorDisabled, match=r"^username: the editor account 'anna' is disabled; ask an admin"):
        accounts.authenticate(store, "anna", PASSWORD)
    assert accounts.authenticate(store, "anna", "wrong password, long enough") is None
    with pytest.raises(EditorDisabled):
        accounts.start_session(store, "anna")


def test_enable_editor_lets_them_sign_in_again_but_revives_no_session(store, anna):
    token = accounts.start_session(store, "anna")
    accounts.disable_editor(store, "anna")
    assert accounts.enable_editor(store, "anna") == 0
    assert accounts.authenticate(store, "anna", PASSWORD) == ANNA
    assert accounts.session_editor(store, token) is None


def test_reset_password_ends_every_session(store, anna):
    tokens = [accounts.start_session(store, "anna") for _ in range(3)]
    assert accounts.reset_password(store, "anna", NEW_PASSWORD) == 3
    assert [accounts.session_editor(store, token) for token in tokens] == [None] * 3
    assert accounts.authenticate(store, "anna", PASSWORD) is None
    assert accounts.authenticate(store, "anna", NEW_PASSWORD) == ANNA


def test_reset_password_keeps_the_password_rules(store, anna):
    token = accounts.start_session(store, "anna")
    with pytest.raises(InvalidInput, match=r"^password: must be at least 12 characters$"):
        accounts.reset_password(store, "anna", "short")
    assert accounts.session_editor(store, token) == ANNA
    assert accounts.authenticate(store, "anna", PASSWORD) == ANNA


@pytest.mark.parametrize("action", [accounts.disable_editor, accounts.enable_editor, accounts.end_sessions])
def test_unknown_editor_is_named(store, anna, action):
    with pytest.raises(NotFound, match=r"^username: there is no editor called 'nobody'$"):
        action(store, "nobody")


@pytest.mark.sql_only  # looks at the table
def test_expired_sessions_are_deleted(store, anna, clock):
    old = accounts.start_session(store, "anna")
    clock.now += timedelta(hours=3)
    fresh = accounts.start_session(store, "boris")
    assert accounts.forget_expired_sessions(store) == 1
    with store.transaction() as repo:
        assert repo.session.scalars(select(SessionRow.id)).all() == [hashlib.sha256(fresh.encode()).hexdigest()]
    assert accounts.session_editor(store, old) is None
