"""Sign-in throttling: failures counted per account and per address, refused before any hash, waits that end."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from itinerary import accounts, throttle
from itinerary.accounts import Editor
from itinerary.errors import TooManySignIns
from itinerary.storage import SignInFailureRow, Store
from tests.conftest import NOW, TEST_DATABASE_URL, fresh_store

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")

PASSWORD = "correct horse battery staple"
WRONG = "wrong password, long enough"
ATTACKER, OFFICE = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def anna(store):
    accounts.create_editor(store, "anna", PASSWORD)
    return "anna"


@pytest.fixture
def hashes(monkeypatch):
    """Counts the password checks made (each one an scrypt hash)."""
    calls = []
    real = accounts.check_password

    def counting(password, stored):
        calls.append(password)
        return real(password, stored)

    monkeypatch.setattr(accounts, "check_password", counting)
    return calls


def _fail(store, username="anna", address=ATTACKER, **kwargs):
    return accounts.sign_in(store, username, WRONG, address=address, **kwargs)


def _refused(store, username="anna", address=ATTACKER, password=WRONG, **kwargs) -> timedelta:
    with pytest.raises(TooManySignIns) as raised:
        accounts.sign_in(store, username, password, address=address, **kwargs)
    return raised.value.wait


def test_five_failures_are_free_then_the_account_waits(store, anna, clock):
    for _ in range(6):
        assert _fail(store) is None
    assert _refused(store) == timedelta(seconds=1)
    clock.now += timedelta(seconds=1)
    assert _fail(store) is None
    assert _refused(store) == timedelta(seconds=2)


def test_refused_attempt_computes_no_hash(store, anna, hashes):
    """Regression (issue 12, no sign-in throttling): every guess was hashed, so guessers spent the workers' time."""
    for _ in range(6):
        _fail(store)
    assert len(hashes) == 6
    for _ in range(50):
        _refused(store, password=PASSWORD)
    assert len(hashes) == 6


def test_wait_doubles_up_to_five_minutes(store, anna, clock):
    waits = []
    for _ in range(5):
        _fail(store)
    for _ in range(12):
        _fail(store)
        wait = _refused(store)
        waits.append(wait.total_seconds())
        clock.now += wait
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]


def test_refused_attempts_do_not_lengthen_the_wait(store, anna, clock):
    for _ in range(6):
        _fail(store)
    for _ in range(20):
        _refused(store)
    clock.now += timedelta(seconds=1)
    assert accounts.sign_in(store, "anna", PASSWORD, address=ATTACKER) == Editor("anna", NOW)


@pytest.mark.sql_only  # looks at the table
def test_right_password_clears_both_counters(store, anna, clock):
    for _ in range(5):
        _fail(store)
    assert accounts.sign_in(store, "anna", PASSWORD, address=ATTACKER) == Editor("anna", NOW)
    with store.transaction() as repo:
        assert repo.session.scalar(select(func.count()).select_from(SignInFailureRow)) == 0
    for _ in range(6):
        assert _fail(store) is None  # five free again, and the sixth counted


def test_failures_are_forgotten_an_hour_after_the_last(store, anna, clock):
    for _ in range(5):
        _fail(store)
    clock.now += timedelta(minutes=59)
    _fail(store)
    assert _refused(store) == timedelta(seconds=1)
    clock.now += timedelta(hours=1)
    for _ in range(6):
        assert _fail(store) is None


def test_unknown_username_is_throttled_like_a_real_one(store, anna):
    """A refusal must not tell which usernames exist."""
    for username in ("anna", "nobody"):
        for _ in range(6):
            _fail(store, username, address=f"192.0.2.{len(username)}")
        assert _refused(store, username, address=f"192.0.2.{len(username)}") == timedelta(seconds=1)


def test_username_case_and_spaces_share_one_counter(store, anna):
    for username in ("anna", "ANNA", " Anna", "anna ", "aNNa", "Anna"):
        _fail(store, username)
    assert _refused(store, "anna") == timedelta(seconds=1)


def test_address_is_throttled_across_accounts(store, anna):
    """Regression (issue 12): one client could try one password on every account without limit."""
    for number in range(21):
        _fail(store, f"name{number}")
    assert _refused(store, "someone-else") == timedelta(seconds=1)
    assert _fail(store, "someone-else", address=OFFICE) is None


def test_editor_elsewhere_waits_at_most_the_account_cap(store, anna, clock):
    """An attacker keeps failing on anna's account; anna, from her office, waits no longer than five minutes."""
    for _ in range(40):
        if throttle.blocked_for(store, "anna", ATTACKER) is None:
            _fail(store)
        clock.now += timedelta(seconds=10)
    wait = _refused(store, address=OFFICE, password=PASSWORD)
    assert timedelta(0) < wait <= timedelta(minutes=5)
    clock.now += wait
    assert accounts.sign_in(store, "anna", PASSWORD, address=OFFICE) == Editor("anna", NOW)


def test_browser_that_signed_in_before_is_not_held_by_others_guessing(store, anna, clock):
    for _ in range(12):
        clock.now += throttle.blocked_for(store, "anna", ATTACKER) or timedelta(0)
        _fail(store)
    assert throttle.blocked_for(store, "anna", OFFICE) == timedelta(seconds=64)
    assert accounts.sign_in(store, "anna", PASSWORD, address=OFFICE, trusted=True) == Editor("anna", NOW)
    # Her sign-in from a trusted browser leaves the account's counter where the attacker left it.
    assert throttle.blocked_for(store, "anna", ATTACKER) is not None


def test_trusted_browser_is_still_held_by_its_address(store, anna):
    for number in range(21):
        _fail(store, f"name{number}")
    assert _refused(store, "anna", password=PASSWORD, trusted=True) == timedelta(seconds=1)


@pytest.mark.sql_only  # looks at the table
def test_old_counters_are_dropped(store, anna, clock):
    for number in range(10):
        _fail(store, f"guess{number}", address=f"192.0.2.{number}")
    clock.now += timedelta(hours=1, seconds=1)
    _fail(store, "anna", address=OFFICE)
    with store.transaction() as repo:
        assert repo.session.execute(select(SignInFailureRow.scope, SignInFailureRow.subject)).all() == [
            ("account", "anna"),
            ("address", OFFICE),
        ]


@pytest.mark.sql_only  # looks at the table
def test_long_input_is_cut_not_stored_whole(store):
    _fail(store, "x" * 5000, address="y" * 5000)
    with store.transaction() as repo:
        assert [len(s) for s in repo.session.scalars(select(SignInFailureRow.subject))] == [128, 128]


def test_message_says_when_in_words():
    assert str(TooManySignIns(timedelta(seconds=64))) == "Too many failed sign-ins. Try again in 2 minutes."
    assert str(TooManySignIns(timedelta(seconds=1))) == "Too many failed sign-ins. Try again in 1 second."
    assert TooManySignIns(timedelta(seconds=63.2)).retry_after == 64


@pytest.fixture
def shared_store(tmp_path, clock):
    """A store that several threads share (a file, not one in-memory database per connection)."""
    if TEST_DATABASE_URL:
        store = fresh_store(clock)
    else:
        store = Store(f"sqlite:///{tmp_path / 'shared.sqlite3'}", clock=clock)
        store.create_schema()
    yield store
    store.dispose()


def test_simultaneous_guesses_are_counted_one_by_one(shared_store, hashes):
    """Sixteen guesses at once (as from sixteen workers): six are checked, none slips past before it is counted."""
    accounts.create_editor(shared_store, "anna", PASSWORD)
    outcomes, start = [], threading.Barrier(16)

    def guess():
        start.wait()
        try:
            outcomes.append(accounts.sign_in(shared_store, "anna", WRONG, address=ATTACKER))
        except TooManySignIns as refused:
            outcomes.append(refused.wait)

    threads = [threading.Thread(target=guess) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (outcomes.count(None), outcomes.count(timedelta(seconds=1))) == (6, 10)
    assert len(hashes) == 6
