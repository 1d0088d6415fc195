"""The SQL counters of failed sign-ins (see :mod:`itinerary.throttle`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from itinerary.records import FailureCount
from itinerary.storage.tables import SignInFailureRow


class Throttle:
    """Failure counters by (scope, subject), in the repository's transaction."""

    def __init__(self, session: Session):
        self.session = session

    def _insert_missing(self, rows: list[dict]) -> None:
        """Insert counters that do not exist yet, leaving those that do (another worker may insert the same at once)."""
        session = self.session
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

    def lock(self, keys: list[tuple[str, str]], now: datetime) -> list[FailureCount]:
        """The counters of ``keys``, created at 0 failures where missing, locked until the transaction ends.

        The insert comes first: on SQLite it takes the write lock, so no other worker reads between.
        """
        self._insert_missing([{"scope": s, "subject": k, "failures": 0, "last_failure": now} for s, k in keys])
        found = []
        for scope, subject in keys:
            row = self.session.scalars(
                select(SignInFailureRow)
                .where(SignInFailureRow.scope == scope, SignInFailureRow.subject == subject)
                .with_for_update()
            ).one()
            found.append(FailureCount(row.scope, row.subject, row.failures, row.last_failure, row.blocked_until))
        return found

    def save(self, count: FailureCount) -> None:
        """Write a counter (one read by :meth:`lock` in this transaction)."""
        row = self.session.get(SignInFailureRow, (count.scope, count.subject))
        row.failures, row.last_failure, row.blocked_until = count.failures, count.last_failure, count.blocked_until

    def clear(self, scope: str, subject: str) -> None:
        """Forget the counter."""
        self.session.execute(
            delete(SignInFailureRow).where(SignInFailureRow.scope == scope, SignInFailureRow.subject == subject)
        )

    def forget_before(self, horizon: datetime) -> None:
        """Forget counters whose last failure is before ``horizon``."""
        self.session.execute(delete(SignInFailureRow).where(SignInFailureRow.last_failure < horizon))
