"""Editor accounts: who may change programmes, with passwords kept as slow salted hashes.

Passwords are hashed with the standard library's scrypt, which costs memory as
well as time, so a stolen table is slow to attack. No account exists until
someone creates one (``itinerary create-editor``); there is no default password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from itinerary.errors import AlreadyExists, InvalidInput
from itinerary.storage import Base, Store, UTCDateTime

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

# scrypt cost: 2**14 rounds with r=8 uses 16 MiB and tens of milliseconds a check.
_N, _R, _P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024


class EditorRow(Base):
    __tablename__ = "editors"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True, slots=True)
class Editor:
    """Someone who may sign in and change programmes."""

    username: str
    created: datetime | None = None


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """The password as ``scrypt$n$r$p$salt$hash``, salted with 16 random bytes unless ``salt`` is given."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM, dklen=32)
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the ``stored`` hash (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


# A hash to check against when the username is unknown, so that timing does not tell which names exist.
_DUMMY_HASH = hash_password("not a password of anyone", salt=b"\0" * 16)


def _check_new(username: str, password: str) -> None:
    errors = {}
    if not isinstance(username, str) or not USERNAME_RE.match(username):
        errors["username"] = "use 1 to 64 lower-case letters, digits, dots, hyphens or underscores"
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        errors["password"] = f"must be at least {MIN_PASSWORD} characters"
    elif len(password) > MAX_PASSWORD:
        errors["password"] = f"must be at most {MAX_PASSWORD} characters"
    if errors:
        raise InvalidInput(errors)


def create_editor(store: Store, username: str, password: str) -> Editor:
    """Create an editor account; the username must be new and the password at least 12 characters."""
    _check_new(username, password)
    password_hash = hash_password(password)
    with store.transaction() as repo:
        session = repo.session
        if session.scalar(select(EditorRow.id).where(EditorRow.username == username)) is not None:
            raise AlreadyExists(f"username: an editor called {username!r} exists already")
        row = EditorRow(username=username, password_hash=password_hash, created=store.now())
        session.add(row)
        session.flush()
        return Editor(row.username, row.created)


def authenticate(store: Store, username: str, password: str) -> Editor | None:
    """The editor with this username and password, or None (never saying which one was wrong)."""
    if not isinstance(username, str) or not USERNAME_RE.match(username):
        username = ""  # no such editor; not sent to the database, which may refuse it (a NUL) as an error
    with store.transaction() as repo:
        row = repo.session.scalar(select(EditorRow).where(EditorRow.username == username))
        stored = row.password_hash if row is not None else _DUMMY_HASH
        matches = check_password(password or "", stored)
        if row is None or not matches:
            return None
        return Editor(row.username, row.created)


def get_editor(store: Store, username: str) -> Editor | None:
    """The editor with this username, or None."""
    with store.transaction() as repo:
        row = repo.session.scalar(select(EditorRow).where(EditorRow.username == username))
        return Editor(row.username, row.created) if row is not None else None
