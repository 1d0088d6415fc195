"""Editor accounts: slow salted hashes, a password policy, sign-in that says nothing of which part was wrong."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from itinerary import accounts
from itinerary.accounts import Editor
from itinerary.errors import AlreadyExists, InvalidInput
from itinerary.storage import EditorRow
from tests.conftest import NOW

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")

PASSWORD = "correct horse battery staple"


def test_hash_is_scrypt_salted_and_checks():
    first, second = accounts.hash_password(PASSWORD), accounts.hash_password(PASSWORD)
    assert first.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    assert first != second
    assert accounts.check_password(PASSWORD, first) and accounts.check_password(PASSWORD, second)
    assert not accounts.check_password(PASSWORD + "!", first)


@pytest.mark.parametrize("stored", ["", "plain", "md5$1$2$3$4$5", "scrypt$x$8$1$AAAA$BBBB", "scrypt$16384$8$1$!!$!!"])
def test_malformed_stored_hash_never_matches(stored):
    assert accounts.check_password(PASSWORD, stored) is False


@pytest.mark.sql_only  # looks at the table
def test_create_editor_keeps_no_plain_password(store):
    editor = accounts.create_editor(store, "anna.protocol", PASSWORD)
    assert editor == Editor("anna.protocol", NOW)
    with store.transaction() as repo:
        stored = repo.session.scalar(select(EditorRow.password_hash))
    assert PASSWORD not in stored
    assert accounts.check_password(PASSWORD, stored)


@pytest.mark.parametrize(
    ("username", "password", "errors"),
    [
        ("anna", "short pass", {"password": "must be at least 12 characters"}),
        ("anna", "", {"password": "must be at least 12 characters"}),
        ("anna", "x" * 1025, {"password": "must be at most 1024 characters"}),
        ("Anna Smith", PASSWORD, {"username": "use 1 to 64 lower-case letters, digits, dots, hyphens or underscores"}),
        (
            "",
            "short",
            {
                "username": "use 1 to 64 lower-case letters, digits, dots, hyphens or underscores",
                "password": "must be at least 12 characters",
            },
        ),
    ],
)
def test_create_editor_refuses_bad_input_and_stores_nothing(store, username, password, errors):
    with pytest.raises(InvalidInput) as raised:
        accounts.create_editor(store, username, password)
    assert raised.value.errors == errors
    assert accounts.get_editor(store, username) is None


def test_create_editor_refuses_a_taken_username(store):
    accounts.create_editor(store, "anna", PASSWORD)
    with pytest.raises(AlreadyExists, match=r"^username: an editor called .anna. exists already$"):
        accounts.create_editor(store, "anna", "another long password")
    assert accounts.authenticate(store, "anna", PASSWORD) == Editor("anna", NOW)


def test_authenticate_needs_both_right(store):
    accounts.create_editor(store, "anna", PASSWORD)
    assert accounts.authenticate(store, "anna", PASSWORD) == Editor("anna", NOW)
    assert accounts.authenticate(store, "anna", "wrong password here") is None
    assert accounts.authenticate(store, "boris", PASSWORD) is None
    assert accounts.authenticate(store, "anna", "") is None
