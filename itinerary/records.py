"""Records kept beside the programme: change entries, published versions, editor accounts, sign-in counters.

Plain values, as the storage interface hands them to the services in
:mod:`itinerary.changelog`, :mod:`itinerary.accounts` and :mod:`itinerary.throttle`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from itinerary.model import Visibility


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded change to one event."""

    at: datetime
    editor: str
    uid: str
    title: str
    action: str  # created, changed, cancelled, deleted
    fields: dict[str, tuple[str, str]]
    # As the change leaves the event (for a deletion: as it was); "busy" when restricted and busy for the public.
    visibility: str = Visibility.PUBLIC.value
    reason: str = ""  # why the editor saved it despite the checks' warnings ("save anyway")

    def __str__(self) -> str:
        if self.action != "changed" or not self.fields:
            return f"{self.title}: {self.action}"
        parts = "; ".join(f"{name} {old or '(none)'} → {new or '(none)'}" for name, (old, new) in self.fields.items())
        return f"{self.title}: {parts}"


@dataclass(frozen=True, slots=True)
class Version:
    """A published, numbered state of the programme."""

    number: int
    at: datetime
    editor: str
    note: str

    def __str__(self) -> str:
        return f"version {self.number}, {self.at:%d %B %H:%M} UTC"


@dataclass(frozen=True, slots=True)
class Editor:
    """Someone who may sign in and change programmes."""

    username: str
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class Account:
    """An editor's account as stored: the editor, their password's hash, and whether it may sign in."""

    username: str
    password_hash: str
    created: datetime
    disabled: bool = False

    @property
    def editor(self) -> Editor:
        """The editor this account is."""
        return Editor(self.username, self.created)


@dataclass(frozen=True, slots=True)
class SessionState:
    """What a session's token is checked against: its times and its editor's."""

    created: datetime
    seen: datetime
    username: str
    editor_created: datetime
    disabled: bool


@dataclass(frozen=True, slots=True)
class FailureCount:
    """Recent consecutive failed sign-ins of one account or one address."""

    scope: str
    subject: str
    failures: int
    last_failure: datetime
    blocked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class DeletedItinerary:
    """What is kept of a deleted itinerary: enough to answer its old addresses with 410 Gone.

    ``token_digest`` is the SHA-256 (hex) of the private feed token it had, so that the old
    private address answers 410 too, without the token itself being kept.
    """

    slug: str
    title: str
    deleted: datetime
    editor: str = ""
    visibility: str = Visibility.PUBLIC.value
    token_digest: str | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    """A named, revocable reader of one itinerary for one audience ("TASS pool"), known by its token's digest.

    ``id`` 0 is the itinerary's old single private address, listed as a staff subscription (see
    :mod:`itinerary.subscriptions`); it has no stored row.
    """

    id: int
    slug: str
    name: str
    audience: str
    created: datetime
    paused: bool = False


@dataclass(frozen=True, slots=True)
class Fetches:
    """What one client family of one subscription fetched: how often, first and last, the copy it last got.

    ``copy_changed`` is the Last-Modified of the copy the last fetch got (a 304's is the copy it had).
    """

    subscription_id: int
    family: str
    count: int
    first: datetime
    last: datetime
    copy_changed: datetime

    def merged(self, new: Fetches) -> Fetches:
        """This record and a newer one of the same subscription and family as one: counts added, the later copy."""
        later = new if new.last >= self.last else self
        first = min(self.first, new.first)
        return Fetches(self.subscription_id, self.family, self.count + new.count, first, later.last, later.copy_changed)


@dataclass(frozen=True, slots=True)
class ExtraAudience:
    """An audience an itinerary's editors added to the built-in ones ("interpreters"): its name (a slug, the
    key events and subscriptions use) and its label (what editors read)."""

    slug: str
    name: str
    label: str
