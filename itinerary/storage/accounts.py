"""The SQL editor accounts and their sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from itinerary.errors import AlreadyExists, NotFound
from itinerary.records import Account
from itinerary.storage.tables import EditorRow, SessionRow


class Accounts:
    """Editor accounts and sessions (by the SHA-256 of their token), in the repository's transaction."""

    def __init__(self, session: Session):
        self.session = session

    def _row(self, username: str) -> EditorRow:
        row = self.session.scalar(select(EditorRow).where(EditorRow.username == username))
        if row is None:
            raise NotFound(f"username: there is no editor called {username!r}")
        return row

    def get(self, username: str) -> Account | None:
        """The account with this username, or None."""
        row = self.session.scalar(select(EditorRow).where(EditorRow.username == username))
        return None if row is None else Account(row.username, row.password_hash, row.created, row.disabled)

    def add(self, account: Account) -> Account:
        """Store a new account; its username must be new."""
        if self.session.scalar(select(EditorRow.id).where(EditorRow.username == account.username)) is not None:
            raise AlreadyExists(f"username: an editor called {account.username!r} exists already")
        row = EditorRow(username=account.username, password_hash=account.password_hash, created=account.created)
        row.disabled = account.disabled
        self.session.add(row)
        self.session.flush()
        return Account(row.username, row.password_hash, row.created, row.disabled)

    def update(self, username: str, *, password_hash: str | None = None, disabled: bool | None = None) -> int:
        """Change the account's password hash or whether it is disabled; all its sessions end. How many ended."""
        row = self._row(username)
        if password_hash is not None:
            row.password_hash = password_hash
        if disabled is not None:
            row.disabled = disabled
        return self.end_sessions(username)

    def end_sessions(self, username: str) -> int:
        """End every session of the editor; how many ended."""
        row = self._row(username)
        return self.session.execute(delete(SessionRow).where(SessionRow.editor_id == row.id)).rowcount

    def add_session(self, digest: str, username: str, now: datetime) -> None:
        """A new session of the editor, known by its token's digest."""
        row = self._row(username)
        self.session.add(SessionRow(id=digest, editor_id=row.id, created=now, seen=now))

    def end_session(self, digest: str) -> None:
        """End the session with this digest, if there is one."""
        self.session.execute(delete(SessionRow).where(SessionRow.id == digest))

    def end_expired(self, seen_before: datetime, created_before: datetime) -> int:
        """End sessions last seen at or before ``seen_before`` or created at or before ``created_before``."""
        expired = (SessionRow.seen <= seen_before) | (SessionRow.created <= created_before)
        return self.session.execute(delete(SessionRow).where(expired)).rowcount
