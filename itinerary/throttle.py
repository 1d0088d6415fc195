"""Sign-in throttling: failed sign-ins counted per account and per client address, in the database.

Kept in the database so that every worker and every host counts the same
failures. Each attempt is counted as a failure *before* the password is
checked, in one short transaction that locks the counters (so a burst of
simultaneous guesses cannot all slip past a check made before any of them is
counted), and forgiven when the password turns out right. An attempt on a
blocked account or address is refused at once: no password hash is computed
for it, so guessing cannot spend the workers' time.

The rules, for each account (the typed username, lower-cased) and each address:

- the first ``free`` failures cost nothing;
- each further failure blocks the key for a wait that doubles, from ``first``
  up to ``cap``; attempts during the wait are refused and not counted, so
  trying again early never makes the wait longer;
- a success clears both counters; failures are forgotten ``forget`` after the
  last one.

So an attacker gets about one guess per ``cap`` per account, and per address,
and the real editor waits at most ``cap`` (five minutes) after someone else
guessed at their account. A browser that has signed in to an account before
(``trusted`` in :func:`record_attempt`) is not held back by that account's
counter, only by its own address's: an attacker guessing from elsewhere does
not lock the editor out at all.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from itinerary.errors import TooManySignIns

if TYPE_CHECKING:
    from itinerary.storage import Store

ACCOUNT, ADDRESS = "account", "address"
MAX_SUBJECT = 128  # a username or an address; longer input is cut, never stored whole


@dataclass(frozen=True, slots=True)
class Policy:
    """How many failures a key gets free, and how its wait grows after them."""

    free: int
    first: timedelta
    cap: timedelta
    forget: timedelta

    def wait_after(self, failures: int) -> timedelta | None:
        """The block after ``failures`` consecutive failures, or None while they are free.

        >>> policy = Policy(free=2, first=timedelta(seconds=1), cap=timedelta(seconds=5), forget=timedelta(hours=1))
        >>> [policy.wait_after(n) for n in (1, 2)]
        [None, None]
        >>> [policy.wait_after(n).total_seconds() for n in (3, 4, 5, 6, 40)]
        [1.0, 2.0, 4.0, 5.0, 5.0]
        """
        excess = failures - self.free
        if excess <= 0:
            return None
        if excess > 30:  # 2**30 seconds is past any cap; no need to build the number
            return self.cap
        return min(self.first * 2 ** (excess - 1), self.cap)


# An account: five tries, then 1 s, 2 s, 4 s … up to five minutes between guesses.
ACCOUNT_POLICY = Policy(free=5, first=timedelta(seconds=1), cap=timedelta(minutes=5), forget=timedelta(hours=1))
# An address may be an office of several editors behind one NAT: more tries, the same cap.
ADDRESS_POLICY = Policy(free=20, first=timedelta(seconds=1), cap=timedelta(minutes=5), forget=timedelta(hours=1))
POLICIES = {ACCOUNT: ACCOUNT_POLICY, ADDRESS: ADDRESS_POLICY}


def keys(username: str | None, address: str | None) -> list[tuple[str, str]]:
    """The counters an attempt touches, accounts before addresses (the order every transaction locks them in).

    >>> keys(" Anna ", "192.0.2.1")
    [('account', 'anna'), ('address', '192.0.2.1')]
    >>> keys(None, "192.0.2.1")
    [('address', '192.0.2.1')]
    """
    found = []
    if username is not None:
        found.append((ACCOUNT, username.strip().lower()[:MAX_SUBJECT]))
    found.append((ADDRESS, (address or "unknown")[:MAX_SUBJECT]))
    return found


def record_attempt(store: Store, username: str, address: str | None, *, trusted: bool = False) -> None:
    """Count a sign-in attempt as a failure before the password is checked, or refuse it.

    Raises:
        TooManySignIns: the account or the address is blocked; nothing was counted, and ``wait`` says for how
            long. With ``trusted`` (a browser that has signed in to this account before) only the address counts.
    """
    now = store.now()
    counted = None if trusted else username
    # Under attack nearly every attempt is refused: a plain read refuses it, without taking a write lock.
    wait = blocked_for(store, counted, address)
    if wait is not None:
        raise TooManySignIns(wait)
    wanted = keys(counted, address)
    with store.transaction() as repo:
        rows = repo.throttle.lock(wanted, now)
        # Checked again under the lock: several simultaneous attempts may all have passed the read above.
        waits = [row.blocked_until - now for row in rows if row.blocked_until is not None and row.blocked_until > now]
        if waits:
            raise TooManySignIns(max(waits))
        for row in rows:
            policy = POLICIES[row.scope]
            failures = (0 if now - row.last_failure >= policy.forget else row.failures) + 1
            wait = policy.wait_after(failures)
            blocked_until = now + wait if wait is not None else None
            repo.throttle.save(
                dataclasses.replace(row, failures=failures, last_failure=now, blocked_until=blocked_until)
            )
    forget_old(store, now)


def record_success(store: Store, username: str, address: str | None) -> None:
    """Forgive the attempt just counted: the password was right, so both counters start again."""
    with store.transaction() as repo:
        for scope, subject in keys(username, address):
            repo.throttle.clear(scope, subject)


def forget_old(store: Store, now: datetime) -> None:
    """Drop counters whose last failure is older than every policy remembers (so guessed names do not pile up)."""
    horizon = now - max(policy.forget for policy in POLICIES.values())
    with store.transaction() as repo:
        repo.throttle.forget_before(horizon)


def blocked_for(store: Store, username: str | None, address: str | None) -> timedelta | None:
    """How long an attempt for ``username`` from ``address`` would be refused now, or None.

    One read by primary key on the store's fast path: what every refused attempt costs.
    """
    now = store.now()
    until = store.blocked_until(keys(username, address))
    return until - now if until is not None and until > now else None


__all__ = ["ACCOUNT_POLICY", "ADDRESS_POLICY", "Policy", "blocked_for", "record_attempt"]
