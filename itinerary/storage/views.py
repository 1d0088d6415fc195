"""What each audience sees, kept with its stamp: validators that move exactly when an audience's view does.

An itinerary (its draft row and its release row alike) has a stamp per audience: staff's is
``private_changed`` (every change moves it); every other audience's is its row of ``audience_stamps``,
with a digest of what that audience saw of the events (the public's stamp is mirrored to
``public_changed``). :func:`refresh` runs in every transaction that moved a feed stamp, before it
commits (see :meth:`Store.transaction`): it digests what each audience sees now and moves the stamps
whose digest changed, and all of them after a change every audience sees (the itinerary's own fields, its
texts in other languages: the transaction's ``public`` mark). A change to a busy event's hidden details
(its title, description, people, venue name, outcomes, sessions) thus moves staff's and the delegations'
stamps, never the public's or the press's; a change to an event that an editor-added audience alone sees
moves that audience's. An audience without a row (none yet) answers with ``private_changed``, which
moves with every change: never a stale 304.

Feeds answer with a stamp per audience and language (``language_stamps``, :func:`refresh_languages`): it
moves when a digest of what that audience's feed in that language shows changes, not with the public mark, so
a text in one language moves that language's feeds alone (the audience stamps above still move for the pages).

A busy event's stand-in (time, city, label: :func:`itinerary.audiences.busy`) has a state of its own
(``standins``): a digest of what it shows, its SEQUENCE and its LAST-MODIFIED. Its SEQUENCE starts at the
event's, grows by one when what it shows changes, and rises to the event's when an audience that saw the
event in full sees it busy from now on (its calendar must take the stand-in over the full event); it
never falls. Event reads carry it (:attr:`Event.standin_state`), so every surface shows the same
stand-in; stand-ins' blocks are stored by :mod:`itinerary.storage.blocks`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import insert, select, update

from itinerary import audiences
from itinerary.audiences import Access
from itinerary.model import MAX_SEQUENCE, Event, Visibility
from itinerary.storage.mapping import _next_stamp as next_stamp

STANDIN_FIELDS = ("digest", "access", "sequence", "changed", "version")


def standin_digest(event: Event) -> str:
    """What ``event``'s stand-in shows, its SEQUENCE and stamps aside, as a digest."""
    shown = dataclasses.replace(audiences.busy(event), sequence=0, updated=None, standin_state=None)
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


def access_text(visibility: Visibility | str, access: Iterable[tuple[str, str]]) -> str:
    """An event's own visibility settings as stored beside its stand-in."""
    return json.dumps([str(visibility), [[a, str(v)] for a, v in access]])


def _turned_busy(old: str, event: Event, names: Iterable[str]) -> bool:
    """Whether an audience that saw the event in full (by ``old`` settings) sees it busy now."""
    visibility, access = json.loads(old)
    before = [(a, v) for a, v in access]
    return any(
        audiences.own_access(visibility, before, name) is Access.FULL
        and audiences.own_access(event.visibility, event.access, name) is Access.BUSY
        for name in names
    )


def row_version(row) -> str:
    """What a stand-in's state was computed from: its event row's version, settings and label (unchanged, the
    event is not read again)."""
    return hashlib.sha256(repr((row.version, row.access, row.label)).encode()).hexdigest()[:32]


def next_standin(old: tuple | None, event: Event, names: Sequence[str], version: str = "") -> tuple:
    """The stand-in's state (digest, access, SEQUENCE, LAST-MODIFIED, version) after ``event``'s change."""
    digest, access = standin_digest(event), access_text(event.visibility, event.access)
    if old is None:
        return (digest, access, event.sequence, event.updated, version)
    old_digest, old_access, sequence, changed = old[:4]
    moved = False
    if digest != old_digest:
        sequence, moved = sequence + 1, True
    if old_access != access and _turned_busy(old_access, event, names):
        sequence, moved = max(sequence, event.sequence), True
    if moved and event.updated is not None:
        changed = max(changed, event.updated) if changed is not None else event.updated
    return (digest, access, min(sequence, MAX_SEQUENCE), changed, version)


def audience_names(index, own: Iterable[str]) -> list[str]:
    """Every audience with a stamp of its own: the built-in ones but staff, the itinerary's own, and any an
    event names (an audience removed but still named keeps its readers' answers right)."""
    named = {name for row in index for name, _ in row.access}
    return sorted((set(audiences.AUDIENCES) | set(own) | named) - {audiences.STAFF})


def view_digest(
    index, standins: dict[int, tuple], audience: str, versions: dict[int, bytes] | None = None, seen=None
) -> str:
    """What ``audience`` sees of the events of a feed index: each event it sees in full by its version, each
    busy one by its stand-in's state; hidden ones not at all (a session only when its parent is seen in full).
    ``index`` in UID order; ``versions``: each row's part for a full view, made once for every audience;
    ``seen``: its :func:`seen_rows`, when made already."""
    digest = hashlib.sha256()
    for row, access in seen if seen is not None else seen_rows(index, audience):  # in UID order (refresh_views)
        if access is Access.FULL:
            digest.update(versions[row.id] if versions is not None else repr((row.uid, row.version)).encode())
        else:
            state = standins.get(row.id)
            digest.update(repr((row.uid, "busy", *(state[:4] if state else row.version))).encode())
    return digest.hexdigest()[:32]


def seen_rows(index, audience: str) -> list[tuple]:
    """Each row of a feed index that ``audience`` sees, with how (full or busy), in the index's order; hidden
    ones left out (a session only when its parent is seen in full)."""
    by_id = {row.id: row for row in index}
    seen: dict[int, Access] = {}

    def of(row, depth: int = 0) -> Access:
        found = seen.get(row.id)
        if found is not None:
            return found
        parent = by_id.get(row.version[3]) if row.has_parent else None
        above = of(parent, depth + 1) if parent is not None and depth < len(by_id) else Access.FULL
        visibility = Visibility.RESTRICTED if row.restricted else Visibility.PUBLIC
        own = audiences.own_access(visibility, row.access, audience)
        seen[row.id] = own if above is Access.FULL else Access.HIDDEN
        return seen[row.id]

    return [(row, access) for row in index if (access := of(row)) is not Access.HIDDEN]


def refresh_views(
    io, repo, slug: str, now: datetime, *, everyone: bool, initial: bool = False, keep_index: dict | None = None
) -> None:
    """Bring the stand-ins and audience stamps of one itinerary (one stage: ``repo``'s) up to date.

    ``io`` reads and writes the states (:class:`SqlViews`, or the memory store's). ``everyone``: the
    transaction changed what every audience sees (the public mark). ``initial`` (a migration): a missing
    stamp starts at the public one, what every audience but staff answered with before.
    """
    index = sorted(repo.feed_index(slug), key=lambda row: row.uid)
    if keep_index is not None:
        keep_index[slug] = index  # the blocks' refresh, next in the transaction, reads the same rows
    own = [a.name for a in repo.staged(release=False).audiences.list(slug)]
    names = audience_names(index, own)
    stored = io.standins(slug)
    rows = {row.id: row for row in index}
    ids = sorted({row.id for row in index if any(v == Access.BUSY for _, v in row.access)} | (set(stored) & set(rows)))
    made = {id_: row_version(rows[id_]) for id_ in ids}
    # Only the events whose row changed since their stand-in was last computed are read.
    changed_ids = [id_ for id_ in ids if id_ not in stored or stored[id_][4] != made[id_]]
    events = repo.events_by_id(slug, changed_ids) if changed_ids else {}
    standins: dict[int, tuple] = {id_: stored[id_] for id_ in ids if id_ not in events and id_ in stored}
    for id_, event in events.items():
        state = next_standin(stored.get(id_), event, names, made[id_])
        if state != stored.get(id_):
            io.put_standin(slug, id_, state, new=id_ not in stored)
        standins[id_] = state
    versions = {row.id: repr((row.uid, row.version)).encode() for row in index}  # once for every audience
    public_changed, private_changed = io.base(slug)
    stamps = io.stamps(slug)
    current: dict[str, datetime] = {}  # each audience's stamp from now on, where its languages' start
    seen = {name: seen_rows(index, name) for name in (*names, audiences.STAFF)}  # the languages' too
    for name in names:
        digest = view_digest(index, standins, name, versions, seen[name])
        old = stamps.get(name)
        if old is None:
            if initial:
                changed = public_changed
            elif name == audiences.PUBLIC:
                changed = public_changed if everyone else next_stamp(public_changed, now)
            else:
                changed = private_changed  # moved in this transaction: past what the audience was answered
            io.put_stamp(slug, name, digest, changed, new=True)
        elif initial:
            changed = old[1]
            if digest != old[0]:
                io.put_stamp(slug, name, digest, changed, new=False)
        elif everyone or digest != old[0]:
            changed = next_stamp(old[1], now)
            if name == audiences.PUBLIC and everyone:
                changed = max(changed, public_changed)
            io.put_stamp(slug, name, digest, changed, new=False)
        else:
            changed = old[1]
        if name == audiences.PUBLIC and changed != public_changed:
            io.set_public(slug, changed)
        current[name] = changed
    current[audiences.STAFF] = private_changed
    made = (seen, versions)
    refresh_languages(io, repo, slug, now, index, standins, current, initial=initial, kept=keep_index, made=made)


def _unstamped(itinerary):
    """The itinerary as a feed's head shows it: its stamps (which move with any language's change) aside."""
    return dataclasses.replace(itinerary, created=None, updated=None, public_changed=None, private_changed=None)


def language_digests(
    repo,
    slug: str,
    index,
    standins: dict[int, tuple],
    names: Iterable[str],
    kept: dict | None = None,
    made: tuple | None = None,
) -> dict[tuple, str]:
    """What each audience's feed in each language shows, as a digest by (audience, language): the itinerary as
    its head says it in that language, each event seen in full by what its block in that language is made of
    (:func:`itinerary.storage.blocks.version_in`: its row and its, its venues' and its people's texts in that
    language), each busy one by its stand-in's state and its places' texts. ``language`` "" is the itinerary's
    own; its code stands for the same feed (``?lang=`` of the own language) and has the same digest. ``kept``:
    where the texts and versions read here are left for the blocks' refresh, next in the transaction; ``made``:
    what :func:`refresh_views` made already (each audience's :func:`seen_rows`, each row's own version)."""
    from itinerary import languages
    from itinerary.storage import translations

    itinerary = repo.itinerary(slug)
    seen, own = made if made is not None else ({}, None)
    own = own if own is not None else {row.id: repr((row.uid, row.version)).encode() for row in index}
    texts = translations.library(repo, itinerary)
    names = list(names)
    seen = {name: seen[name] if name in seen else seen_rows(index, name) for name in names}  # in every language
    busy = {row.id: row for rows in seen.values() for row, access in rows if access is Access.BUSY}
    if kept is not None:
        kept[("texts", slug)] = texts
    found: dict[tuple, str] = {}
    for language in ("", *languages.LANGUAGES):
        shown = "" if language == itinerary.language else language
        if shown != language:
            found.update({(name, language): found[(name, "")] for name in names})
            continue
        head = languages.localized_itinerary(itinerary, texts.itinerary, shown) if shown else None
        head_part = repr((_unstamped(itinerary), head and (_unstamped(head.value), head.languages))).encode()
        in_language = versions_in(index, slug, texts, shown)
        if kept is not None:
            kept[("versions", slug, shown)] = in_language
        # Each row's own version once (``own``, as refresh_views made it), then its texts in this language.
        versions = {row.id: own[row.id] + repr(in_language[row.id][1:]).encode() for row in index}
        # A busy event's stand-in says its city in the feed's language: its venues' texts are part of it.
        places = {
            id_: texts.of(slug, row.uid, [v[0] for v in row.version[4:6] if v], (), shown)[1] if shown else ()
            for id_, row in busy.items()
        }
        # Its own label in the feed's language, where it has one.
        labels = {
            id_: texts.events.get(languages.event_key(slug, row.uid), {}).get("label", {}).get(shown, "")
            for id_, row in busy.items()
        }
        busy_parts = {
            id_: repr(
                (row.uid, "busy", *(standins[id_][:4] if id_ in standins else row.version), places[id_], labels[id_])
            )
            for id_, row in busy.items()
        }
        for name in names:
            digest = hashlib.sha256(head_part)
            for row, access in seen[name]:
                digest.update(versions[row.id] if access is Access.FULL else busy_parts[row.id].encode())
            found[(name, language)] = digest.hexdigest()[:32]
    return found


def versions_in(index, slug: str, texts, language: str) -> dict[int, tuple]:
    """Each row's :func:`itinerary.storage.blocks.version_in` in ``language``, by row id: the same values, each
    venue's and participant's texts looked up once for all the rows that name them."""
    language = language or texts.own
    venues: dict[str, tuple] = {}
    people: dict[str, tuple] = {}

    def venue(key: str) -> tuple:
        if key not in venues:
            venues[key] = texts.of(slug, "", (key,), (), language)[1][0]
        return venues[key]

    def person(key: str) -> tuple:
        if key not in people:
            people[key] = texts.of(slug, "", (), (key,), language)[2][0]
        return people[key]

    return {
        row.id: (
            row.version,
            language,
            (
                texts.of(slug, row.uid, (), (), language)[0],
                tuple(venue(v[0]) for v in row.version[4:6] if v),
                tuple(person(p[0]) for p in row.people),
            ),
        )
        for row in index
    }


def refresh_languages(
    io,
    repo,
    slug: str,
    now: datetime,
    index,
    standins: dict[int, tuple],
    current: dict,
    *,
    initial: bool = False,
    kept: dict | None = None,
    made: tuple | None = None,
) -> None:
    """Bring each audience's per-language stamps of one itinerary up to date (after its audience stamps).

    A language's stamp moves when what that language's feed shows does (see :func:`language_digests`), so a
    text changed in one language moves that language's feeds alone, and a change to the itinerary's own
    language or to anything not per language (a time, a venue, a status) moves every language that shows it.
    A missing stamp starts at its audience's (``current``): what that language's feed answered with until now.
    """
    digests = language_digests(repo, slug, index, standins, list(current), kept, made)
    stamps = io.language_stamps(slug)
    moved: dict[tuple, datetime] = {}  # each stamp from now on: the own language's code repeats its "" one
    own = repo.itinerary(slug).language
    for (name, language), digest in sorted(digests.items()):
        old = stamps.get((name, language))
        if language == own and (name, "") in moved:
            changed = moved[(name, "")]
            if old != (digest, changed):
                io.put_language_stamp(slug, name, language, digest, changed, new=old is None)
            continue
        if old is None:
            changed = current[name]
        elif digest != old[0] and not initial and old[0]:  # an empty digest: restored from a backup, adopted
            changed = next_stamp(old[1], now)
        else:
            changed = old[1]
        moved[(name, language)] = changed
        if old != (digest, changed):
            io.put_language_stamp(slug, name, language, digest, changed, new=old is None)


class SqlViews:
    """The states of :func:`refresh_views` in the SQL store, for one itinerary row (draft or release)."""

    def __init__(self, repo, itinerary_id: int):
        self.session = repo.session
        self.itinerary_id = itinerary_id

    def standins(self, slug: str) -> dict[int, tuple]:
        from itinerary.storage.tables import STANDIN_STATE, EventRow, StandinRow

        query = (
            select(
                StandinRow.event_id,
                *STANDIN_STATE,
                StandinRow.version,
            )
            .join(EventRow, EventRow.id == StandinRow.event_id)
            .where(EventRow.itinerary_id == self.itinerary_id)
        )
        return {row[0]: tuple(row[1:]) for row in self.session.execute(query)}

    def put_standin(self, slug: str, event_id: int, state: tuple, *, new: bool) -> None:
        from itinerary.storage.tables import StandinRow

        values = dict(zip(STANDIN_FIELDS, state, strict=True))
        if new:
            self.session.execute(insert(StandinRow).values(event_id=event_id, **values))
        else:
            self.session.execute(update(StandinRow).where(StandinRow.event_id == event_id).values(**values))

    def base(self, slug: str) -> tuple[datetime, datetime]:
        from itinerary.storage.tables import ItineraryRow

        self.session.flush()
        query = select(ItineraryRow.public_changed, ItineraryRow.private_changed).where(
            ItineraryRow.id == self.itinerary_id
        )
        return tuple(self.session.execute(query).one())

    def stamps(self, slug: str) -> dict[str, tuple[str, datetime]]:
        from itinerary.storage.tables import AudienceStampRow

        query = select(AudienceStampRow.audience, AudienceStampRow.digest, AudienceStampRow.changed).where(
            AudienceStampRow.itinerary_id == self.itinerary_id
        )
        return {row[0]: (row[1], row[2]) for row in self.session.execute(query)}

    def put_stamp(self, slug: str, audience: str, digest: str, changed: datetime, *, new: bool) -> None:
        from itinerary.storage.tables import AudienceStampRow

        if new:
            row = {"itinerary_id": self.itinerary_id, "audience": audience, "digest": digest, "changed": changed}
            self.session.execute(insert(AudienceStampRow).values(**row))
        else:
            self.session.execute(
                update(AudienceStampRow)
                .where(AudienceStampRow.itinerary_id == self.itinerary_id, AudienceStampRow.audience == audience)
                .values(digest=digest, changed=changed)
            )

    def language_stamps(self, slug: str) -> dict[tuple[str, str], tuple[str, datetime]]:
        from itinerary.storage.tables import LanguageStampRow as Row

        query = select(Row.audience, Row.language, Row.digest, Row.changed).where(Row.itinerary_id == self.itinerary_id)
        return {(row[0], row[1]): (row[2], row[3]) for row in self.session.execute(query)}

    def put_language_stamp(
        self, slug: str, audience: str, language: str, digest: str, changed: datetime, *, new: bool
    ) -> None:
        from itinerary.storage.tables import LanguageStampRow as Row

        if new:
            values = {"itinerary_id": self.itinerary_id, "audience": audience, "language": language}
            self.session.execute(insert(Row).values(**values, digest=digest, changed=changed))
        else:
            self.session.execute(
                update(Row)
                .where(Row.itinerary_id == self.itinerary_id, Row.audience == audience, Row.language == language)
                .values(digest=digest, changed=changed)
            )

    def set_public(self, slug: str, changed: datetime) -> None:
        from itinerary.storage.tables import ItineraryRow

        row = self.session.get(ItineraryRow, self.itinerary_id)
        row.public_changed = changed
        self.session.flush()


def refresh(repo, moved: Iterable[tuple[int, bool]], now: datetime, *, initial: bool = False) -> None:
    """Refresh the views of the itineraries (row ids) in ``moved``, the SQL transaction's stamp marks."""
    moved = set(moved)
    for itinerary_id in sorted({itinerary_id for itinerary_id, _ in moved}):
        found = _stage(repo, itinerary_id)
        if found is None:
            continue  # deleted in this transaction
        staged, slug = found
        everyone = (itinerary_id, True) in moved
        kept = repo.session.info.setdefault("feed_indexes", {}).setdefault(itinerary_id, {})
        refresh_views(
            SqlViews(repo, itinerary_id), staged, slug, now, everyone=everyone, initial=initial, keep_index=kept
        )


def _stage(repo, itinerary_id: int):
    """The repository of the stage that the itinerary row is in, and the slug that finds it there."""
    from sqlalchemy.orm import aliased

    from itinerary.storage.tables import ItineraryRow

    slug = repo.session.scalar(select(ItineraryRow.slug).where(ItineraryRow.id == itinerary_id))
    if slug is None:
        return None
    if not slug.startswith("~"):  # a draft
        return repo.staged(release=False), slug
    draft = aliased(ItineraryRow)
    slug = repo.session.scalar(
        select(draft.slug)
        .join(ItineraryRow, ItineraryRow.release_of == draft.id)
        .where(ItineraryRow.id == itinerary_id)
    )
    return repo.staged(release=True), slug


def refresh_all(repo) -> None:
    """Stamps and stand-ins for every itinerary as it stands (a migration): no stamp moves."""
    from itinerary.storage.tables import ItineraryRow

    ids = repo.session.scalars(select(ItineraryRow.id)).all()
    now = datetime.min  # never used: ``initial`` starts every missing stamp at the public one
    refresh(repo, [(id_, False) for id_ in ids], now, initial=True)


__all__ = [
    "SqlViews",
    "language_digests",
    "next_standin",
    "refresh",
    "refresh_all",
    "refresh_languages",
    "refresh_views",
    "standin_digest",
    "view_digest",
]
