"""Editor accounts: who may change programmes, with passwords kept as slow salted hashes, and their sessions.

Passwords are hashed with the standard library's scrypt, which costs memory as
well as time, so a stolen table is slow to attack. No account exists until
someone creates one (``itinerary create-editor``); there is no default password.

A signed-in editor holds a session: a random token in their signed cookie, and
a row in ``editor_sessions`` keyed by the token's SHA-256 (so the table alone
signs nobody in). Signing out deletes the row, so every copy of the cookie
stops working at once; disabling an editor or resetting their password deletes
all of theirs. A session also ends after a time unused and a time in all
(:class:`SessionRules`). Failed sign-ins are throttled by :mod:`itinerary.throttle`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from itinerary import throttle
from itinerary.errors import EditorDisabled, InvalidInput
from itinerary.records import Account, Editor

if TYPE_CHECKING:
    from itinerary.storage import Store

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

# scrypt cost: 2**14 rounds with r=8 uses 16 MiB and tens of milliseconds a check.
_N, _R, _P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024


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
        return repo.accounts.add(Account(username, password_hash, store.now())).editor


def authenticate(store: Store, username: str, password: str) -> Editor | None:
    """The editor with this username and password, or None (never saying which one was wrong).

    Raises:
        EditorDisabled: the password is right but the account is disabled.
    """
    if not isinstance(username, str) or not USERNAME_RE.match(username):
        username = ""  # no such editor; not sent to the database, which may refuse it (a NUL) as an error
    with store.transaction() as repo:
        account = repo.accounts.get(username)
        stored = account.password_hash if account is not None else _DUMMY_HASH
        matches = check_password(password or "", stored)
        if account is None or not matches:
            return None
        if account.disabled:
            raise EditorDisabled(account.username)
        return account.editor


def sign_in(store: Store, username: str, password: str, *, address: str | None, trusted: bool = False) -> Editor | None:
    """Check a sign-in under the throttle: the editor, or None for a wrong username or password.

    The attempt is counted before the password is hashed and forgiven if it was right (see
    :mod:`itinerary.throttle`); ``trusted``: this browser signed in to this account before.

    Raises:
        TooManySignIns: refused without checking the password; try again after ``wait``.
        EditorDisabled: the password is right but the account is disabled.
    """
    throttle.record_attempt(store, username, address, trusted=trusted)
    editor = authenticate(store, username, password)
    if editor is not None:
        # A trusted browser leaves the account's counter alone: its sign-ins must not hand a guesser fresh tries.
        throttle.record_success(store, None if trusted else editor.username, address)
    return editor


def get_editor(store: Store, username: str) -> Editor | None:
    """The editor with this username, or None."""
    with store.transaction() as repo:
        account = repo.accounts.get(username)
        return account.editor if account is not None else None


def disable_editor(store: Store, username: str) -> int:
    """Disable the account: it cannot sign in, and all its sessions end now. The number of sessions ended."""
    with store.transaction() as repo:
        return repo.accounts.update(username, disabled=True)


def enable_editor(store: Store, username: str) -> int:
    """Let a disabled account sign in again; any session it still had ends. The number of sessions ended."""
    with store.transaction() as repo:
        return repo.accounts.update(username, disabled=False)


def reset_password(store: Store, username: str, password: str) -> int:
    """Give the editor a new password and end all their sessions. The number of sessions ended."""
    _check_new(username, password)
    password_hash = hash_password(password)
    with store.transaction() as repo:
        return repo.accounts.update(username, password_hash=password_hash)


# Sessions


@dataclass(frozen=True, slots=True)
class SessionRules:
    """How long a session lasts: ``idle`` unused, ``lifetime`` in all.

    Its last use is written at most once a ``touch`` (not on every request), so a session may end up to
    ``touch`` before ``idle`` has passed since its very last request.
    """

    idle: timedelta = timedelta(minutes=120)
    lifetime: timedelta = timedelta(hours=12)
    touch: timedelta = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(store: Store, username: str) -> str:
    """A new session of the editor: the token to keep in their signed cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = store.now()
    with store.transaction() as repo:
        account = repo.accounts.get(username)
        if account is not None and account.disabled:
            raise EditorDisabled(account.username)
        repo.accounts.add_session(_digest(token), username, now)  # NotFound for an unknown username
    return token


def session_editor(store: Store, token: str, rules: SessionRules = SessionRules()) -> Editor | None:
    """The editor whose session ``token`` is, or None if it has ended (signed out, ended, disabled or expired).

    One indexed read (the store's fast path); a write only when the session expires or its last use is
    more than ``rules.touch`` old. Those writes go past the unit of work, so that they do not count as
    changes the caches must look at.
    """
    if not token or not isinstance(token, str):
        return None
    digest = _digest(token)
    found = store.session_state(digest)
    if found is None:
        return None
    now = store.now()
    if found.disabled or now - found.seen >= rules.idle or now - found.created >= rules.lifetime:
        store.drop_session(digest)
        return None
    if now - found.seen >= rules.touch:
        store.touch_session(digest, now)
    return Editor(found.username, found.editor_created)


def end_session(store: Store, token: str) -> None:
    """End one session (signing out): every copy of its cookie stops working."""
    if token and isinstance(token, str):
        with store.transaction() as repo:
            repo.accounts.end_session(_digest(token))


def end_sessions(store: Store, username: str) -> int:
    """End every session of the editor; the number ended."""
    with store.transaction() as repo:
        return repo.accounts.end_sessions(username)


def forget_expired_sessions(store: Store, rules: SessionRules = SessionRules()) -> int:
    """Delete sessions past their idle or total lifetime (they are refused anyway; this keeps the table small)."""
    now = store.now()
    with store.transaction() as repo:
        return repo.accounts.end_expired(now - rules.idle, now - rules.lifetime)
