"""Feeds: which events a feed holds, and its bytes: a head, the events' stored blocks, the last line.

A feed's bytes are a pure function of the stored itinerary and the feed's
settings: DTSTAMP is when the feed of its audience in its language last changed
(its own stamp, moved only when what that audience sees in that language does,
see :func:`itinerary.storage.views.refresh_languages`; whole seconds, never
backwards), not the clock. So the ETag, a hash of the bytes, changes exactly when the content
does; a change that only editors and staff see (a restricted event) leaves
the public feed's bytes, ETag and Last-Modified as they were; and a rebuilt
feed is byte-identical to a cached one.

Each event's VEVENTs are serialized once, when the event is saved, and stored
as a *block* (:mod:`itinerary.storage.blocks`; DTSTAMP and URL lines cut out,
see :func:`itinerary.ical.event_block`). A feed is its head (name,
VTIMEZONEs, TTL; built each time), then the stored blocks of its events read
``LOAD_CHUNK`` at a time and written out one after the other with the DTSTAMP
and URL lines joined in, then its last line: no worker serializes an event to
serve a feed, however cold. A block missing or stale (its event changed since,
which its ``depends`` shows) is never served: that event is rendered on the
fly. Filtered feeds pick their events from the light index (participants,
kind, categories, start and end); a date window loads only the series it
keeps in question.

One cache sits above: :class:`FeedCache`, the per-process answers keyed by the
stored state they show (itinerary, its audience's stamp, filter, privacy,
settings), bounded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from itinerary import audiences, ical, languages, recurrence, services
from itinerary.cache import Answers
from itinerary.errors import Choices, EventNotFound, InvalidInput, ItineraryNotFound, Message, Typed
from itinerary.model import MAX_YEAR, MIN_YEAR, YEARS_MESSAGE, Event, Itinerary, Kind, Visibility, delegation_key
from itinerary.storage import FeedRow, Store, translations
from itinerary.storage import blocks as stored_blocks

FILTERS = ("participant", "kind", "category", "from", "to", "delegation")
MAX_WINDOW_DAYS = 3660
LOAD_CHUNK = 2000  # stored blocks read at a time: bounds the memory of a cold build


class InvalidFilter(InvalidInput):
    """A feed filter with a value the feed cannot use."""


@dataclass(frozen=True, slots=True)
class FeedFilter:
    """Which events of an itinerary a feed shows; empty means all."""

    participant: str | None = None
    kind: Kind | None = None
    category: str | None = None
    since: date | None = None
    until: date | None = None
    # The delegation as :func:`~itinerary.model.delegation_key` writes its name ("russia"): events where any
    # participant belongs to it. Last, so that the cache key of a filter without it stays as it was.
    delegation: str | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> FeedFilter:
        """Read query parameters (``participant``, ``kind``, ``category``, ``from``, ``to``; dates as YYYY-MM-DD;
        ``delegation``, a delegation's name in any case and spacing, kept as its
        :func:`~itinerary.model.delegation_key`)."""
        errors = {}
        kind = params.get("kind") or None
        if kind is not None:
            try:
                kind = Kind(kind)
            except ValueError:
                errors["kind"] = Message(
                    "unknown kind %(kind)s; choose one of: %(kinds)s", kind=Typed(kind, 40), kinds=Choices(tuple(Kind))
                )
        dates = {}
        for name in ("from", "to"):
            value = params.get(name) or None
            if value is None:
                continue
            try:
                if len(value) != 10:
                    raise ValueError
                dates[name] = date.fromisoformat(value)
            except ValueError:
                errors[name] = Message(
                    "%(text)s is not a date; write YYYY-MM-DD, e.g. 2018-06-08", text=Typed(value, 40)
                )
                continue
            if not MIN_YEAR <= dates[name].year <= MAX_YEAR:
                errors[name] = YEARS_MESSAGE
        since, until = dates.get("from"), dates.get("to")
        if since and until and until < since:
            errors["to"] = "must not be before 'from'"
        elif since and until and (until - since).days > MAX_WINDOW_DAYS:
            errors["to"] = Message("the window is at most %(most)s days", most=MAX_WINDOW_DAYS)
        for name in ("participant", "category", "delegation"):
            if len(params.get(name) or "") > 200:
                errors[name] = "is too long"
        delegation = delegation_key(params.get("delegation") or "") or None
        if params.get("delegation") and delegation is None and "delegation" not in errors:
            errors["delegation"] = Message(
                "%(text)s is not a delegation's name; write it as in 'russia'", text=Typed(params["delegation"], 40)
            )
        if errors:
            raise InvalidFilter(errors)
        return cls(params.get("participant") or None, kind, params.get("category") or None, since, until, delegation)

    def __bool__(self) -> bool:
        return any(getattr(self, name) is not None for name in self.__slots__)

    def key(self) -> str:
        """A stable text form, for cache keys and file names."""
        return "&".join(f"{name}={getattr(self, name)}" for name in self.__slots__ if getattr(self, name) is not None)

    def apply(self, events: list[Event], zone: str) -> list[Event]:
        """The events that pass every filter; a window keeps recurring events with an occurrence inside.

        What :meth:`choose` picks from the feed index, said over whole events (tests hold the two equal).
        """
        chosen = [
            e
            for e in events
            if (self.participant is None or any(p.key == self.participant for p in e.participants))
            and (self.delegation is None or self._in_delegation(p.delegation for p in e.participants))
            and (self.kind is None or e.kind is self.kind)
            and (self.category is None or self.category in e.categories)
        ]
        if self.since is None and self.until is None:
            return chosen
        tz = ZoneInfo(zone)
        start = datetime.combine(self.since, datetime.min.time(), tz) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), datetime.min.time(), tz) if self.until else None
        return [
            e
            for e in chosen
            if next(
                recurrence.occurrences(e.timing, e.rrule, e.exdates, rdates=e.rdates, since=start, until=end, limit=1),
                None,
            )
        ]

    def choose(self, rows: list[FeedRow], load: Callable[[list[int]], dict[int, Event]], zone: str) -> list[FeedRow]:
        """The rows (see :meth:`Repository.feed_index`) whose events pass every filter, as :meth:`apply` chooses.

        Only the series left in question by a date window are read whole, with ``load`` (row ids to events).
        """
        chosen = [
            row
            for row in rows
            if (self.participant is None or any(p[0] == self.participant for p in row.people))
            and (self.delegation is None or self._in_delegation(p[3] for p in row.people))
            and (self.kind is None or row.kind == self.kind.value)
            and (self.category is None or self.category in row.categories)
        ]
        if self.since is None and self.until is None:
            return chosen
        tz = ZoneInfo(zone)
        start = datetime.combine(self.since, datetime.min.time(), tz) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), datetime.min.time(), tz) if self.until else None
        series = load([row.id for row in chosen if row.rrule or row.extra_end_utc])
        return [
            row
            for row in chosen
            if (
                next(
                    recurrence.occurrences(
                        e.timing, e.rrule, e.exdates, rdates=e.rdates, since=start, until=end, limit=1
                    ),
                    None,
                )
                if (e := series.get(row.id)) is not None
                else (start is None or row.end_utc > start) and (end is None or row.start_utc < end)
            )
        ]

    def check_rows(self, rows: list[FeedRow]) -> None:
        """Refuse a participant, delegation or category that no visible event of the itinerary has (rows of its
        feed index)."""
        errors = {}
        if self.participant and not any(p[0] == self.participant for row in rows for p in row.people):
            errors["participant"] = Message(
                "no participant %(key)s in this itinerary's feed", key=Typed(self.participant, 60)
            )
        if self.delegation and self.delegation_name(rows) is None:
            known = sorted({delegation_key(p[3]) for row in rows for p in row.people} - {""})
            errors["delegation"] = (
                Message(
                    "no delegation %(key)s in this itinerary's feed; the delegations are: %(known)s",
                    key=Typed(self.delegation, 60),
                    known=Choices(tuple(known)),
                )
                if known
                else Message(
                    "no delegation %(key)s in this itinerary's feed; it names no delegation",
                    key=Typed(self.delegation, 60),
                )
            )
        if self.category and not any(self.category in row.categories for row in rows):
            errors["category"] = Message("no category %(key)s in this itinerary's feed", key=Typed(self.category, 60))
        if errors:
            raise InvalidFilter(errors)

    def _in_delegation(self, names) -> bool:
        return any(delegation_key(name) == self.delegation for name in names)

    def delegation_name(self, rows) -> str | None:
        """The delegation's name as ``rows``' participants in it write it (the first of its spellings in code point
        order, the same on every database); None when none is in it."""
        return min(
            (p[3] for row in rows for p in row.people if self.delegation and delegation_key(p[3]) == self.delegation),
            default=None,
        )


@dataclass(frozen=True, slots=True)
class RenderedFeed:
    """A feed's bytes with the validators an HTTP layer needs.

    ``extras`` keeps what an HTTP layer derives from the bytes (a gzip body, headers) with the feed itself,
    so that they live and go with it in the one cache of answers.
    """

    body: bytes
    etag: str
    last_modified: datetime
    filename: str
    extras: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


FeedCache = Answers  # the one cache of feeds: built feeds by the stored state they show


def _rendered(body: bytes, last_modified: datetime, filename: str) -> RenderedFeed:
    return RenderedFeed(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', last_modified, filename)


def itinerary_feed(
    store: Store,
    slug: str,
    settings: ical.FeedSettings,
    *,
    feed_filter: FeedFilter = FeedFilter(),
    audience: str = audiences.PUBLIC,
    private: bool = False,
    cache: Answers | None = None,
) -> RenderedFeed:
    """The itinerary's feed as ``audience`` sees it (``private``: as staff, what the private feed shows)."""
    if private:
        audience = audiences.STAFF
    elif audience != audiences.EVERYTHING:
        audience = audiences.check_audience(audience)
    if cache is not None:
        # The common request: a feed already built for the itinerary's current state, found with one light
        # read, or with none when that read is under ``cache.fresh_for`` seconds old and this process wrote nothing.
        lookup = (slug, store.release, feed_filter.key(), audience, settings)
        generation = store.generation
        built = cache.fresh(lookup, generation)
        if built is not None:
            return built
        at = time.monotonic()
        stamp = store.language_changed(slug, audience, settings.language)
        built = cache.get(_feed_key(slug, store.release, stamp, feed_filter, audience, settings))
        if built is not None:
            cache.checked(lookup, generation, built, at)
            return built
    itinerary = _public(services.get_itinerary(store, slug), audience)
    return _itinerary_feed(store, itinerary, settings, feed_filter, audience, cache)


def _public(itinerary: Itinerary, audience: str) -> Itinerary:
    """The itinerary, or "not found" when an audience but staff asks for a restricted itinerary."""
    if not audiences.itinerary_visible(itinerary.visibility, audience):
        raise ItineraryNotFound(itinerary.slug)
    return itinerary


def private_feed(
    store: Store, token: str, settings: ical.FeedSettings, *, cache: Answers | None = None
) -> RenderedFeed:
    """The feed behind a private token, restricted events included."""
    itinerary = services.itinerary_for_token(store, token)
    return _itinerary_feed(store, itinerary, settings, FeedFilter(), audiences.STAFF, cache)


def changed(itinerary: Itinerary, audience: str | bool) -> datetime:
    """When the feed of this audience last changed: its Last-Modified and every VEVENT's DTSTAMP.

    Staff's (the private feed's) moves with every change; every other audience's with each change that
    an audience but staff sees (``audience`` True or False: staff's or the public's, as before audiences).
    """
    private = audience if isinstance(audience, bool) else audiences.stamp_audience(audience)
    return itinerary.private_changed if private else itinerary.public_changed


def audience_stamp(store: Store, itinerary: Itinerary, audience: str) -> datetime:
    """When ``audience``'s answers of the itinerary last changed (see :mod:`itinerary.storage.views`): the
    public's and staff's stamps are the itinerary's own; every other audience's is its own stamp."""
    if audience == audiences.PUBLIC or audiences.stamp_audience(audience):
        return changed(itinerary, audience)
    found = store.audience_changed(itinerary.slug, audience)
    return found if found is not None else itinerary.private_changed


def language_stamp(store: Store, itinerary: Itinerary, audience: str, language: str) -> datetime:
    """When ``audience``'s feed of the itinerary in ``language`` ("" its own) last changed: its DTSTAMP,
    Last-Modified and so its ETag (see :func:`itinerary.storage.views.refresh_languages`); the audience's
    stamp while it has none (a store that has not refreshed the itinerary since it learnt languages)."""
    found = store.language_changed(itinerary.slug, audience, language)
    return found if found is not None else audience_stamp(store, itinerary, audience)


def _feed_key(slug: str, release: bool, stamp, feed_filter: FeedFilter, audience: str, settings) -> tuple:
    # ``release``: a release's stamps and a draft's may be equal; their answers never are the same answer.
    return ("itinerary", slug, release, stamp, feed_filter.key(), audience, settings)


def in_own_language(itinerary: Itinerary, settings: ical.FeedSettings) -> ical.FeedSettings:
    """The settings for the itinerary's feed: a language asked for that is its own read as none (the same
    feed), and its own language named, for the words the feed writes itself."""
    language = "" if settings.language == itinerary.language else settings.language
    return dataclasses.replace(settings, language=language, own=itinerary.language)


def _itinerary_feed(store, itinerary: Itinerary, settings, feed_filter, audience: str, cache) -> RenderedFeed:
    settings = in_own_language(itinerary, settings)
    stamp = language_stamp(store, itinerary, audience, settings.language)
    key = _feed_key(itinerary.slug, store.release, stamp, feed_filter, audience, settings)

    def build() -> RenderedFeed:
        body = _joined_feed(store, itinerary, settings, feed_filter, audience, stamp)
        private = audiences.stamp_audience(audience)
        suffix = (
            "-private"
            if private
            else ("-" + hashlib.sha256(feed_filter.key().encode()).hexdigest()[:8] if feed_filter else "")
        )
        if audience not in (audiences.PUBLIC, audiences.STAFF, audiences.EVERYTHING):
            suffix = f"-{audience}{suffix}"
        language = f"-{settings.language}" if settings.language else ""
        return _rendered(body, stamp, f"{itinerary.slug}{suffix}{language}.ics")

    return cache.get_or_build(key, build) if cache is not None else build()


def _joined_feed(
    store: Store,
    itinerary: Itinerary,
    settings: ical.FeedSettings,
    feed_filter: FeedFilter,
    audience: str,
    stamp: datetime,
) -> bytes:
    """The feed: its head, the stored blocks of the events it shows, its last line.

    Byte-identical to ``ical.to_ics(ical.build_calendar(...))`` of the same events, filtered or not:
    a filter picks rows from the light index (a date window reads the few series it keeps in question).
    """
    with store.transaction() as repo:
        texts = translations.library(repo, itinerary) if settings.language else None
        shown = languages.localized_itinerary(itinerary, texts.itinerary, settings.language) if texts else None
        name = (shown.value.title if shown else itinerary.title) + _name_suffix(audience)
        index = repo.feed_index(itinerary.slug)
        rows = rows_for(index, audience)
        if feed_filter:
            feed_filter.check_rows(rows)
            if feed_filter.participant:
                person = next(p for row in rows for p in row.people if p[0] == feed_filter.participant)
                found = (texts.participants if texts else {}).get(person[0], {})
                name = f"{name}: {found.get('name', {}).get(settings.language) or person[1]}"
            if feed_filter.delegation:
                name = f"{name}: {feed_filter.delegation_name(rows)}"
            rows = feed_filter.choose(rows, lambda ids: repo.events_by_id(itinerary.slug, ids), itinerary.timezone)
        del index
        return _assemble(store, repo, itinerary, rows, name, stamp, settings, texts)


def _name_suffix(audience: str) -> str:
    if audience == audiences.PUBLIC:
        return ""
    return " (private)" if audiences.stamp_audience(audience) else f" ({audience})"


class BusyRow(FeedRow):
    """A feed row that its audience sees busy: its title is its label; no people, no categories."""

    __slots__ = ()


def rows_for(index: list[FeedRow], audience: str) -> list[FeedRow]:
    """The rows of a feed index that ``audience`` sees (see :mod:`itinerary.audiences`): full ones as they
    are, busy ones as :class:`BusyRow` (title the label, no participants or categories), hidden ones left out;
    a session only when its parent is seen in full. :data:`~itinerary.audiences.EVERYTHING`: every row."""
    if audience == audiences.EVERYTHING:
        return list(index)
    by_id = {row.id: row for row in index}
    seen: dict[int, audiences.Access] = {}

    def of(row: FeedRow, depth: int = 0) -> audiences.Access:
        found = seen.get(row.id)
        if found is not None:
            return found
        parent = by_id.get(row.version[3]) if row.has_parent else None
        above = of(parent, depth + 1) if parent is not None and depth < len(by_id) else audiences.Access.FULL
        visibility = Visibility.RESTRICTED if row.restricted else Visibility.PUBLIC
        own = audiences.own_access(visibility, row.access, audience)
        seen[row.id] = own if above is audiences.Access.FULL else audiences.Access.HIDDEN
        return seen[row.id]

    shown: list[FeedRow] = []
    for row in index:
        access = of(row)
        if access is audiences.Access.FULL:
            shown.append(row)
        elif access is audiences.Access.BUSY:
            label = row.label or audiences.NEUTRAL_LABELS.get(row.kind, audiences.NEUTRAL_LABELS[Kind.OTHER])
            version = (*row.version[:6], None)  # no participants: the participant filter never finds them
            shown.append(BusyRow(*row._replace(title=label, categories_json=None, version=version)))
    return shown


def _assemble(
    store: Store, repo, itinerary: Itinerary, rows: list[FeedRow], name: str, stamp, settings, texts=None
) -> bytes:
    """Head, blocks in the feed's order, last line: the one path that makes a feed's bytes.

    In a language (``settings.language``), the texts come from ``texts`` (a :class:`~itinerary.languages.Library`).
    """
    # The order of Repository.events, sorted here so that it never depends on the database's collation.
    rows.sort(key=_feed_order)
    zones = {zone for row in rows if not row.all_day for zone in (row.timezone, row.end_timezone)}
    years = ical.feed_years(
        (row.start_utc, max(row.end_utc, row.extra_end_utc or row.end_utc), row.rrule, row.timezone, row.all_day)
        for row in rows
    )
    shown = languages.localized_itinerary(itinerary, texts.itinerary, settings.language) if texts else None
    head = ical.calendar_head(
        shown.value if shown else itinerary,
        settings=settings,
        name=name,
        zones=zones,
        years=years,
        languages=shown.languages if shown else None,
    )
    base_url = settings.base_url
    return ical.feed_bytes(
        head,
        # Blocks in the own language too read the texts: its venues' and people's own-language names.
        _blocks(
            repo,
            itinerary.slug,
            settings,
            rows,
            stored=store.stored_blocks,
            texts=texts or translations.library(repo, itinerary),
        ),
        now=stamp,
        links=lambda path: ical.url_line(base_url, path),
    )


def _feed_order(row: FeedRow) -> tuple:
    return (row.start_utc, row.has_parent, row.title, row.uid)


def _blocks(repo, slug: str, settings: ical.FeedSettings, rows: list[FeedRow], *, stored: bool, texts=None):
    """Each row's block in order: its stored one, read ``LOAD_CHUNK`` at a time; rendered on the fly when
    missing or stale (or with ``stored`` off). In a language, the blocks of that language."""
    blocks = stored_blocks.BlockRepository(repo) if stored else None
    language = settings.language
    for start in range(0, len(rows), LOAD_CHUNK):
        chunk = rows[start : start + LOAD_CHUNK]
        found = blocks.blocks([row.id for row in chunk], settings.uid_domain, language) if stored else {}
        busy = [row.id for row in chunk if isinstance(row, BusyRow)]
        standins = blocks.standin_blocks(busy, settings.uid_domain, language) if stored and busy else {}
        kept: list = []
        missing: list[int] = []
        for row in chunk:
            if isinstance(row, BusyRow):
                # Its stand-in's block, stored with the stand-in's state (itinerary.storage.views) when it was made.
                block = standins.get(row.id)
                if block is not None and block[1] == stored_blocks.depends(
                    stored_blocks.standin_version(row, block[0], settings.language or settings.own, texts, slug)
                ):
                    kept.append(stored_blocks.decode(block[2], block[3]))
                else:
                    kept.append(None)
                    missing.append(row.id)
                continue
            block = found.get(row.id)
            wanted = stored_blocks.version_in(row, slug, texts, language)
            if block is not None and block[0] == stored_blocks.depends(wanted):
                kept.append(stored_blocks.decode(block[1], block[2]))
            else:
                kept.append(None)
                missing.append(row.id)
        del found
        events = repo.events_by_id(slug, missing) if missing else {}
        for row, block in zip(chunk, kept, strict=True):
            if isinstance(row, BusyRow) and block is not None:
                yield block
            elif isinstance(row, BusyRow):
                # The event's texts in other languages are not its to show: only a neutral label is said in the
                # feed's language (itinerary.languages.Library.event), a label of its own stays as written.
                yield stored_blocks.render(audiences.busy(events.pop(row.id)), settings, texts or languages.Library())
            else:
                yield block if block is not None else stored_blocks.render(events.pop(row.id), settings, texts)


def event_feed(
    store: Store,
    slug: str,
    uid: str,
    settings: ical.FeedSettings,
    *,
    audience: str = audiences.PUBLIC,
    cache: Answers | None = None,
) -> RenderedFeed:
    """One event as ``audience`` sees it, as a calendar, for "add to calendar" (not found when hidden)."""
    itinerary = _public(services.get_itinerary(store, slug), audience)
    settings = in_own_language(itinerary, settings)
    stamp = language_stamp(store, itinerary, audience, settings.language)
    key = ("event", slug, store.release, uid, stamp, audience, settings)

    def build() -> RenderedFeed:
        with store.transaction() as repo:
            rows = [row for row in rows_for(repo.feed_index(slug), audience) if row.uid == uid]
            if not rows:
                raise EventNotFound(slug, uid)
            texts = translations.library(repo, itinerary) if settings.language else None
            name = rows[0].title
            if texts and not isinstance(rows[0], BusyRow):
                own = {"title": {itinerary.language: name}}
                found = texts.events.get(languages.event_key(slug, uid), own)
                name = languages.pick(name, itinerary.language, found, "title", settings.language)[0]
            body = _assemble(store, repo, itinerary, rows, name, stamp, settings, texts)
        return _rendered(body, stamp, f"{uid}.ics")

    return cache.get_or_build(key, build) if cache is not None else build()
