"""Releases readers can trust: readers and feeds see the latest published state; editors work on a draft.

Design. Each itinerary has two states in the database, each a full set of rows: the *draft* (the
itinerary's own row and event rows, which editors change) and its *release* (a second itinerary row,
``release_of`` naming the draft, with its own copy of every event row, their participant links and
outcomes). Every read path works unchanged on either: a repository in the release stage
(``store.released()``, ``Repository(session, release=True)``) finds an itinerary's row by its draft's
slug and reads the release's rows, so the programme, event pages, search, timeline, map and feeds
read what was published, with the blocks stored at write time (:mod:`itinerary.storage.blocks`) for
the release's own rows: a cold worker still serves a published feed without serializing an event.
The release row has its own feed stamps and ``updated``, so every cached answer keyed by them (and by
the stage) changes when, and only when, a release does: a draft save never changes a reader's answer,
its bytes or its ETag.

Publishing (:func:`publish`) is one transaction: the release's rows are brought to the draft's (an
event copied only when it differs, so its stored block is rendered only then; events gone from the
draft deleted), and the change log gets the next numbered release (:class:`itinerary.records.Version`)
with a snapshot of the readable fields, for comparing any two releases. An itinerary set to publish
every save (:func:`set_publish_on_save`, for the running days of a visit) is published by the
transaction that saves it (:func:`publish_saved`, called by the store before it commits).

The texts in other languages of the itinerary and its events (and the languages it offers) are part
of a release: publishing copies them into the release's own rows (``release_translations``), which
readers and feeds read; a translation edit is an unpublished change like any other.

What is not in a release: venues and participants are shared by every itinerary and state, so a
renamed venue (or its name in another language) shows in the release at once (as it always did); the
itinerary's visibility (who may read it) follows the draft at once too. A new itinerary has an empty
release (number 0): readers see its title and an honest empty programme until the first publish.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from itinerary import changelog
from itinerary.errors import InvalidInput, Message
from itinerary.model import CONTROL_MESSAGE, Event, has_control
from itinerary.records import Change, Version

if TYPE_CHECKING:
    from itinerary.storage import Repository, Store

MAX_NOTE = changelog.MAX_NOTE

# The notes the service writes itself (an editor's note is kept as typed). Stored as their English text after
# SERVICE, a control character that an editor's note can never hold (publish refuses one), as the change log
# stores its changes; :func:`note_message` reads one back as its template and values, which the web says in the
# page's language. An editor's note that is word for word one of these sentences stays the editor's.
SERVICE = "\x1f"
PUBLISHED_ON_SAVE = SERVICE + "published on save"
PUBLISHING_ON_SAVE = SERVICE + "published on save from now on"
BEFORE_RELEASES = SERVICE + "the state before releases existed"
_LOADED = re.compile(r"loaded from (?P<file>[^\s/\\]+)")


def loaded_note(file_name: str) -> str:
    """The note of the release a fixture file's load made (``loaded from seed.toml``, marked as the service's)."""
    return f"{SERVICE}loaded from {file_name}"


def note_message(note: str) -> Message | str:
    """A release's note: one the service wrote as a :class:`~itinerary.errors.Message` (its template and values),
    an editor's as it is.

    >>> message = note_message(loaded_note("seed.toml"))
    >>> message.template, message.params, str(message)
    ('loaded from %(file)s', {'file': 'seed.toml'}, 'loaded from seed.toml')
    >>> note_message("published on save"), note_message(PUBLISHED_ON_SAVE).template  # an editor's; the service's
    ('published on save', 'published on save')
    """
    if not note.startswith(SERVICE):
        return note
    sentence = note.removeprefix(SERVICE)
    if sentence in (PUBLISHED_ON_SAVE[1:], PUBLISHING_ON_SAVE[1:], BEFORE_RELEASES[1:]):
        return Message(sentence)
    if (loaded := _LOADED.fullmatch(sentence)) is not None:
        return Message("loaded from %(file)s", file=loaded.group("file"))
    return sentence


def service_note(note: str) -> str:
    """``note`` as stored before service notes were marked (0019): marked when it is one of the service's
    sentences, else as it is (the migration's test of an old row).

    >>> service_note("published on save") == PUBLISHED_ON_SAVE, service_note("Sent to the press")
    (True, 'Sent to the press')
    """
    if note in (PUBLISHED_ON_SAVE[1:], PUBLISHING_ON_SAVE[1:], BEFORE_RELEASES[1:]) or _LOADED.fullmatch(note):
        return SERVICE + note
    return note


def publish(store: Store, slug: str, *, editor: str = "", note: str = "") -> Version:
    """Make the draft public at once, as the next numbered release, with an optional note."""
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise InvalidInput("note", f"must be at most {MAX_NOTE} characters")
    if has_control(note):  # a NUL cannot be stored by PostgreSQL: refused here, not answered as an outage
        raise InvalidInput("note", CONTROL_MESSAGE)
    with store.transaction(release=False) as repo:
        return publish_in(repo, slug, store.now(), editor=editor, note=note)


def publish_in(repo: Repository, slug: str, now: datetime, *, editor: str = "", note: str = "") -> Version:
    """Publish the draft in ``repo``'s transaction: the release's rows become the draft's; the next release."""
    draft, released = repo.staged(release=False), repo.staged(release=True)
    events = draft.events(slug)
    old = {event.uid: event for event in released.events(slug)}
    released.save_itinerary(draft.itinerary(slug), now)
    kept = {event.uid for event in events}
    for uid in sorted(old.keys() - kept):  # a deleted parent's children stay, unparented, as in the draft
        released.delete_event(slug, uid, now)
    for event in _parents_first(events):
        if old.get(event.uid) != event:
            released.write_event(event, now=now)
    released.translations.publish(slug, now)  # the texts in other languages readers see from now on
    snapshot = {event.uid: changelog.readable(event) for event in events}
    return draft.changes.add_version(slug, now, editor, note, snapshot)


def _parents_first(events: list[Event]) -> list[Event]:
    """The events with every parent before its children (the release's copy of a parent must exist first)."""
    by_uid = {event.uid: event for event in events}
    placed: set[str] = set()
    ordered: list[Event] = []

    def place(event: Event, depth: int = 0) -> None:
        if event.uid in placed or depth > len(events):
            return
        if event.parent in by_uid:
            place(by_uid[event.parent], depth + 1)
        placed.add(event.uid)
        ordered.append(event)

    for event in events:
        place(event)
    return ordered


def publish_saved(repo: Repository, now: datetime, *, every: bool = False) -> None:
    """Publish, in ``repo``'s transaction, the drafts it changed that publish every save (all of them with
    ``every``). Called by the store before it commits a transaction that moved a feed stamp."""
    draft = repo.staged(release=False)
    for slug in draft.drafts_publishing_on_save(every=every):
        if pending(draft, slug):
            publish_in(draft, slug, now, note=PUBLISHED_ON_SAVE)


def pending(repo: Repository, slug: str) -> list[Change]:
    """What the draft changes against the latest release, one entry per event, by title (see :func:`changes`)."""
    draft, released = repo.staged(release=False), repo.staged(release=True)
    before = {event.uid: changelog.readable(event) for event in released.events(slug)}
    after = {event.uid: changelog.readable(event) for event in draft.events(slug)}
    found = changelog.compare_snapshots(before, after, at=draft.itinerary(slug).updated, editor="")
    if released.itinerary(slug) != draft.itinerary(slug) and not found:
        # Only the itinerary's own fields (title, summary, zone) differ: that is a change readers would see.
        itinerary, shown = draft.itinerary(slug), released.itinerary(slug)
        fields = {
            name: (str(getattr(shown, name)), str(getattr(itinerary, name)))
            for name in ("title", "summary", "timezone")
            if getattr(shown, name) != getattr(itinerary, name)
        }
        if fields:
            found.append(Change(itinerary.updated, "", "", itinerary.title, "changed", fields))
    return found + _pending_texts(draft, released, slug)


def _pending_texts(draft: Repository, released: Repository, slug: str) -> list[Change]:
    """The itinerary's and its events' texts in other languages that differ from the release's, one entry
    per thing (``"title (ru)"``: before, after), as the change log records them (action "translated")."""
    from itinerary.storage.translations import scope
    from itinerary.texts import TRANSLATED, text_changes  # which import this module through the services

    after, before = scope(draft.translations, slug), scope(released.translations, slug)
    if after == before:
        return []
    titles = {event.uid: event.title for event in draft.events(slug)}
    itinerary = draft.itinerary(slug)
    found = []
    for kind in ("itinerary", "event"):  # a deleted event's texts go with it, which its entry "deleted" says
        for key in sorted(after[kind].keys() | before[kind].keys()):
            fields = text_changes(before[kind].get(key, {}), after[kind].get(key, {}))
            uid = key.partition("/")[2] if kind == "event" else ""
            if fields and (kind == "itinerary" or uid in titles):
                title = titles[uid] if uid else itinerary.title
                found.append(Change(itinerary.updated, "", uid, title, TRANSLATED, fields))
    if after["offers"] != before["offers"]:  # the languages offered: readers see other language links
        found.append(Change(itinerary.updated, "", "", itinerary.title, TRANSLATED, {}))
    return found


def changes(store: Store, slug: str) -> list[Change]:
    """The draft's unpublished changes against the latest release, one entry per event, by title."""
    with store.transaction(release=False) as repo:
        return pending(repo, slug)


def releases(store: Store, slug: str) -> list[Version]:
    """The itinerary's releases, oldest first (numbered from 1; none before the first publish)."""
    return changelog.versions(store, slug)


def publishes_on_save(store: Store, slug: str) -> bool:
    """Whether every save of the itinerary is published at once."""
    with store.transaction(release=False) as repo:
        return repo.publish_on_save(slug)


def set_publish_on_save(store: Store, slug: str, value: bool, *, editor: str = "") -> None:
    """Publish every save of the itinerary at once (``value``), or keep saves as a draft until published.

    Turned on, what is unpublished is published at once, in the same transaction.
    """
    with store.transaction(release=False) as repo:
        repo.set_publish_on_save(slug, value)
        if value and pending(repo, slug):
            publish_in(repo, slug, store.now(), editor=editor, note=PUBLISHING_ON_SAVE)


def publish_all(repo: Repository, *, note: str = "") -> list[Version]:
    """Publish every itinerary's draft as it stands, each at its last change (the migration that made
    releases: readers see after it what they saw before). Itineraries without a release row get one."""
    draft = repo.staged(release=False)
    published = []
    for itinerary in draft.itineraries():
        draft.ensure_release(itinerary.slug)
        at = itinerary.updated
        published.append(publish_in(draft, itinerary.slug, at, note=note))
    return published


__all__ = [
    "changes",
    "loaded_note",
    "note_message",
    "pending",
    "publish",
    "publish_all",
    "publish_in",
    "publish_saved",
    "publishes_on_save",
    "releases",
    "service_note",
    "set_publish_on_save",
]
