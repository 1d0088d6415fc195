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

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select

from itinerary.errors import TooManySignIns
from itinerary.storage import SignInFailureRow, Store

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


def _insert_missing(session, rows: list[dict]) -> None:
    """Insert counters that do not exist yet, leaving those that do (another worker may insert the same at once)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    else:  # pragma: no cover - other databases: no upsert, insert only what is missing now
        for row in rows:
            if session.get(SignInFailureRow, (row["scope"], row["subject"])) is None:
                session.execute(insert(SignInFailureRow).values(**row))
        return
    session.execute(upsert(SignInFailureRow).values(rows).on_conflict_do_nothing())


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
        session = repo.session
        # The insert comes first: on SQLite it takes the write lock, so no other worker reads between.
        _insert_missing(session, [{"scope": s, "subject": k, "failures": 0, "last_failure": now} for s, k in wanted])
        rows = [
            session.scalars(
                select(SignInFailureRow)
                .where(SignInFailureRow.scope == scope, SignInFailureRow.subject == subject)
                .with_for_update()
            ).one()
            for scope, subject in wanted
        ]
        # Checked again under the lock: several simultaneous attempts may all have passed the read above.
        waits = [row.blocked_until - now for row in rows if row.blocked_until is not None and row.blocked_until > now]
        if waits:
            raise TooManySignIns(max(waits))
        for row in rows:
            policy = POLICIES[row.scope]
            if now - row.last_failure >= policy.forget:
                row.failures = 0
            row.failures += 1
            row.last_failure = now
            wait = policy.wait_after(row.failures)
            row.blocked_until = now + wait if wait is not None else None
    forget_old(store, now)


def record_success(store: Store, username: str, address: str | None) -> None:
    """Forgive the attempt just counted: the password was right, so both counters start again."""
    with store.transaction() as repo:
        for scope, subject in keys(username, address):
            repo.session.execute(
                delete(SignInFailureRow).where(SignInFailureRow.scope == scope, SignInFailureRow.subject == subject)
            )


def forget_old(store: Store, now: datetime) -> None:
    """Drop counters whose last failure is older than every policy remembers (so guessed names do not pile up)."""
    horizon = now - max(policy.forget for policy in POLICIES.values())
    with store.transaction() as repo:
        repo.session.execute(delete(SignInFailureRow).where(SignInFailureRow.last_failure < horizon))


# The latest end of a block among two counters (the same one twice when only the address counts); built once.
_BLOCKED_UNTIL = select(func.max(SignInFailureRow.blocked_until)).where(
    or_(
        and_(SignInFailureRow.scope == bindparam("scope1"), SignInFailureRow.subject == bindparam("subject1")),
        and_(SignInFailureRow.scope == bindparam("scope2"), SignInFailureRow.subject == bindparam("subject2")),
    )
)


def blocked_for(store: Store, username: str | None, address: str | None) -> timedelta | None:
    """How long an attempt for ``username`` from ``address`` would be refused now, or None.

    One read by primary key, past the ORM (see ``Store.light_read``): what every refused attempt costs.
    """
    now = store.now()
    found = keys(username, address)
    (scope1, subject1), (scope2, subject2) = found[0], found[-1]
    row = store.light_read(_BLOCKED_UNTIL, scope1=scope1, subject1=subject1, scope2=scope2, subject2=subject2)
    until = row[0] if row is not None else None
    return until - now if until is not None and until > now else None


__all__ = ["ACCOUNT_POLICY", "ADDRESS_POLICY", "Policy", "SignInFailureRow", "blocked_for", "record_attempt"]
