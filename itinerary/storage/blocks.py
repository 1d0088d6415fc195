"""Event blocks stored at write time: each event's VEVENTs serialized once, in the transaction that saved it.

A feed is its head, the stored blocks of its events and its last line (see
:mod:`itinerary.feeds`), so any worker on any host serves a cold feed without
serializing an event. A block is the event's VEVENTs cut where the DTSTAMP and
URL lines go (:func:`itinerary.ical.event_block`), kept per UID domain (the
only feed setting its bytes depend on) with ``depends``: a digest of what it
was made of (:attr:`FeedRow.version`: the event row's id, SEQUENCE, updated
stamp, parent, and its venues' and participants' stored data). A block whose
``depends`` differs from its event's current one is stale and is never served;
the feed renders that event on the fly instead.

Blocks are written by :func:`refresh`, which :meth:`Store.transaction` calls
before it commits a transaction that moved a feed stamp (every change a
subscriber sees moves one: an event created, changed, cancelled, moved,
imported or restored, a venue or participant renamed, a parent deleted); it
compares every event of the itineraries concerned with its stored block, so no
kind of change can leave a stale block behind. A deleted event's blocks go
with its row (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased

from itinerary import ical
from itinerary.audiences import Access
from itinerary.languages import DEFAULT, Library, event_key
from itinerary.storage import translations
from itinerary.storage.tables import STANDIN_STATE, EventBlockRow, EventRow, ItineraryRow, StandinBlockRow, StandinRow

if TYPE_CHECKING:
    from itinerary.model import Event

_DRAFT = aliased(ItineraryRow)
CHUNK = 500  # events read and rendered at a time while refreshing: bounds the memory of a large import


def depends(version: tuple) -> str:
    """The digest of what an event's block is made of (a :attr:`FeedRow.version`)."""
    return hashlib.sha256(repr(version).encode()).hexdigest()[:32]


def version_in(row, slug: str, library: Library | None, language: str) -> tuple:
    """What the event's block in ``language`` is made of: its :attr:`FeedRow.version`, the language (the block
    says its own words in it, "Format: …") and its texts in that language: its own (none in the itinerary's own
    language), its venues' and its people's. "" is the itinerary's own language (``library.own``): a change to
    any of these rebuilds that block alone, a new own language every block."""
    library = library if library is not None else Library()
    language = language or library.own
    venues = [venue[0] for venue in row.version[4:6] if venue]
    people = [person[0] for person in row.people]
    return (row.version, language, library.of(slug, row.uid, venues, people, language))


def encode(block: Sequence[bytes]) -> tuple[bytes, str]:
    """A block (its page path, then its pieces) as one value and the lengths that cut it again."""
    return b"".join(block), ",".join(str(len(piece)) for piece in block)


def decode(body: bytes, cuts: str) -> tuple:
    """The block of :func:`encode`: the path as bytes, the pieces as views into ``body`` (no copies)."""
    whole = memoryview(body)
    parts = []
    at = 0
    for length in map(int, cuts.split(",")):
        parts.append(whole[at : at + length])
        at += length
    parts[0] = bytes(parts[0])  # the path keys the URL lines: hashable
    return tuple(parts)


_BLOCKS_OF = select(EventBlockRow.event_id, EventBlockRow.depends, EventBlockRow.body, EventBlockRow.cuts).where(
    EventBlockRow.event_id.in_(bindparam("ids", expanding=True)),
    EventBlockRow.uid_domain == bindparam("domain"),
    EventBlockRow.language == bindparam("language"),
)

# A busy event's stand-in state and its stored block (its own table: a block per UID domain and language).
_STANDIN_BLOCKS_OF = (
    select(
        StandinRow.event_id,
        *STANDIN_STATE,
        StandinBlockRow.depends,
        StandinBlockRow.body,
        StandinBlockRow.cuts,
    )
    .outerjoin(
        StandinBlockRow,
        (StandinBlockRow.event_id == StandinRow.event_id)
        & (StandinBlockRow.uid_domain == bindparam("domain"))
        & (StandinBlockRow.language == bindparam("language")),
    )
    .where(StandinRow.event_id.in_(bindparam("ids", expanding=True)))
)


class BlockRepository:
    """Stored blocks, read and written inside a repository's transaction."""

    def __init__(self, repo):
        self.repo = repo
        self.session: Session = repo.session

    def blocks(self, ids: Sequence[int], uid_domain: str, language: str = "") -> dict[int, tuple[str, bytes, str]]:
        """(depends, body, cuts) of the stored blocks of these event rows in ``language``, by row id."""
        if not ids:
            return {}
        values = {"ids": list(ids), "domain": uid_domain, "language": language}
        rows = self.session.connection().execute(_BLOCKS_OF, values)
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    def stored_depends(self, itinerary_id: int, uid_domain: str, language: str = "") -> dict[int, str]:
        """What each stored block of the itinerary in ``language`` was made of, by event row id."""
        query = (
            select(EventBlockRow.event_id, EventBlockRow.depends)
            .join(EventRow, EventRow.id == EventBlockRow.event_id)
            .where(
                EventRow.itinerary_id == itinerary_id,
                EventBlockRow.uid_domain == uid_domain,
                EventBlockRow.language == language,
            )
        )
        return dict(self.session.execute(query).all())

    def put(
        self,
        slug: str,
        versions: dict[int, tuple],
        uid_domain: str,
        language: str = "",
        library: Library | None = None,
    ) -> None:
        """Render and store the blocks of these event rows (by row id, with their versions), replacing old ones.

        In a ``language`` other than the own one (""), the events' texts come from ``library``. An event whose
        VEVENTs cannot be cut (:func:`itinerary.ical.event_block` refuses) gets no block: the feed renders it
        on the fly.
        """
        settings = _settings(uid_domain, language, library)
        ids = sorted(versions)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            events = self.repo.events_by_id(slug, chunk)
            made = {id_: (events[id_], versions[id_]) for id_ in chunk}
            self._replace(EventBlockRow, made, settings, library)

    def refresh(self, itinerary_ids: Iterable[int], uid_domains: Iterable[str]) -> int:
        """Store the block of every event of these itineraries whose block is missing or stale; how many."""
        written = 0
        for itinerary_id in sorted(set(itinerary_ids)):
            slug = self.session.scalar(select(ItineraryRow.slug).where(ItineraryRow.id == itinerary_id))
            if slug is None:
                continue  # deleted in this transaction: its events' blocks went with them
            blocks = self
            if slug.startswith("~"):  # a release row (see itinerary.releases): read by its draft's slug
                slug = self.session.scalar(
                    select(_DRAFT.slug)
                    .join(ItineraryRow, ItineraryRow.release_of == _DRAFT.id)
                    .where(ItineraryRow.id == itinerary_id)
                )
                blocks = BlockRepository(self.repo.staged(release=True))
            # The rows, texts and versions that itinerary.storage.views read in this transaction just before,
            # when it did.
            kept = self.session.info.get("feed_indexes", {}).pop(itinerary_id, {})
            index = kept.get(slug)
            if index is None:
                kept = {}
                index = blocks.repo.feed_index(slug)
            # The own language (""), then each other language the itinerary's texts come in.
            texts = kept.get(("texts", slug))
            texts = texts if texts is not None else translations.library(blocks.repo, blocks.repo.itinerary(slug))
            for domain in uid_domains:
                for language in ("", *sorted(texts.languages())):
                    stored = self.stored_depends(itinerary_id, domain, language)
                    versions = kept.get(("versions", slug, language))
                    if versions is None:
                        versions = {row.id: version_in(row, slug, texts, language) for row in index}
                    stale = {id_: version for id_, version in versions.items() if stored.get(id_) != depends(version)}
                    if stale:
                        blocks.put(slug, stale, domain, language, texts)
                        written += len(stale)
                    written += blocks.put_standins(slug, index, domain, language, texts)
        return written

    def standin_blocks(self, ids: Sequence[int], uid_domain: str, language: str = "") -> dict[int, tuple]:
        """(state, depends, body, cuts) of the stored stand-in blocks of these event rows, by row id: ``state``
        is the stand-in's (itinerary.storage.views) the block must have been made with."""
        if not ids:
            return {}
        values = {"ids": list(ids), "domain": uid_domain, "language": language}
        rows = self.session.connection().execute(_STANDIN_BLOCKS_OF, values)
        return {row[0]: (tuple(row[1:5]), row[5], row[6], row[7]) for row in rows}

    def put_standins(self, slug: str, index, uid_domain: str, language: str, library: Library | None = None) -> int:
        """Store the missing and stale stand-in blocks of the itinerary's busy events; how many."""
        busy = [row for row in index if any(v == Access.BUSY for _, v in row.access)]
        if not busy:
            return 0
        found = self.standin_blocks([row.id for row in busy], uid_domain, language)
        said_in = language or (library.own if library is not None else DEFAULT)
        # Only a stand-in with a stored state (itinerary.storage.views keeps one for every busy event) is stored.
        stale = [
            row.id
            for row in busy
            if row.id in found
            and found[row.id][1] != depends(standin_version(row, found[row.id][0], said_in, library, slug))
        ]
        if not stale:
            return 0
        events = self.repo.events_by_id(slug, stale)
        settings = _settings(uid_domain, language, library)
        by_id = {row.id: row for row in busy}
        made = {
            id_: (
                busy_standin(events[id_]),
                standin_version(by_id[id_], events[id_].standin_state, said_in, library, slug),
            )
            for id_ in stale
        }
        return self._replace(StandinBlockRow, made, settings, library or Library())

    def _replace(self, table, made: dict[int, tuple[Event, tuple]], settings, library) -> int:
        """Render ``made`` (row id: the event as its block shows it, and the version the block depends on) and
        store its blocks in ``table`` in place of the old ones for the settings' UID domain and language; an
        event whose VEVENTs cannot be cut gets none. How many were stored."""
        values = []
        for id_, (event, version) in made.items():
            try:
                body, cuts = encode(render(event, settings, library))
            except ValueError:
                continue
            values.append({"event_id": id_, "depends": depends(version), "body": body, "cuts": cuts})
        self.session.execute(
            delete(table).where(
                table.event_id.in_(list(made)),
                table.uid_domain == settings.uid_domain,
                table.language == settings.language,
            )
        )
        if values:
            where = {"uid_domain": settings.uid_domain, "language": settings.language}
            self.session.execute(insert(table), [value | where for value in values])
        return len(values)


def standin_version(row, state: tuple | None, language: str, library: Library | None = None, slug: str = "") -> tuple:
    """What a busy event's stand-in block is made of: its row's version, its stand-in's stored state, the
    language it says its label, city and kind in (the itinerary's own, for the feed without one) and its own
    label's text in that language (from ``library``)."""
    # The state's digest covers all that the stand-in shows (itinerary.storage.views): a change to what it hides
    # (its title, people, venue's name) leaves its block as it is.
    label = library.events.get(event_key(slug, row.uid), {}).get("label", {}).get(language, "") if library else ""
    return (row.id, "standin", tuple(state[:4]) if state else None, language, label)


def busy_standin(event):
    """The event's busy stand-in (time, city, label), with its stored SEQUENCE and LAST-MODIFIED."""
    from itinerary import audiences

    return audiences.busy(event)


def _settings(uid_domain: str, language: str, library: Library | None) -> ical.FeedSettings:
    """The settings blocks are rendered with: the UID domain, the language, the itinerary's own language."""
    own = library.own if library is not None else DEFAULT
    return ical.FeedSettings(uid_domain=uid_domain, language=language, own=own)


def render(event, settings: ical.FeedSettings, library: Library | None) -> tuple[bytes, ...]:
    """The event's block with ``settings``: in ``settings.language`` from ``library`` when it names one."""
    if not settings.language:
        # Venues and people are shared by itineraries of every language: theirs in the own one where they have it
        # (a busy stand-in's city, and its neutral label, in the own language too).
        shown = event if library is None else library.event(event, library.own).value
        return ical.event_block(shown, settings=settings, stored=event)
    localized = library.event(event, settings.language)
    return ical.event_block(localized.value, settings=settings, languages=localized.languages)


def refresh(repo, itinerary_ids: Iterable[int], uid_domains: Iterable[str]) -> int:
    """Store missing and stale blocks of these itineraries' events in ``repo``'s transaction; how many."""
    return BlockRepository(repo).refresh(itinerary_ids, uid_domains)


def refresh_all(repo, uid_domains: Iterable[str]) -> int:
    """Store missing and stale blocks of every itinerary's events (a migration, bulk-loaded data); how many."""
    ids = repo.session.scalars(select(ItineraryRow.id)).all()
    return refresh(repo, ids, tuple(uid_domains))


def fill(store) -> int:
    """Store the blocks missing for the store's UID domains (a deployment's first start with a new one); how many.

    A count per domain first, so that a start with every block present costs two light reads. Workers that
    start together may fill at once: the one whose rows clash finds them written by another, and goes on. A
    database that refuses writes (read-only, a standby) stores nothing: its feeds render events on the fly.
    """
    try:
        return _fill(store)
    except DBAPIError:  # a clash (IntegrityError) or a refused write: nothing stored, the service still starts
        return 0


def _fill(store) -> int:
    with store.transaction() as repo:
        session = repo.session
        events = session.scalar(select(func.count(EventRow.id)))
        missing = [
            domain
            for domain in store.block_domains
            if session.scalar(
                select(func.count()).where(EventBlockRow.uid_domain == domain, EventBlockRow.language == "")
            )
            < events
        ]
        return refresh_all(repo, missing) if missing else 0


__all__ = [
    "BlockRepository",
    "decode",
    "depends",
    "encode",
    "fill",
    "refresh",
    "refresh_all",
    "render",
    "version_in",
]
