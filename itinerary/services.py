"""Services: what the CLI and the web layer ask of the domain, in plain values.

Each service runs in one transaction of the given :class:`~itinerary.storage.Store`:
when it raises, nothing it did is kept.
"""

from __future__ import annotations

import dataclasses
import hmac
import secrets
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime

from itinerary import audiences, changelog, checks, occurrences, recurrence
from itinerary.errors import (
    AlreadyExists,
    AmbiguousTime,
    Day,
    EditConflict,
    FeedNotFound,
    InvalidEvent,
    InvalidInput,
    InvalidItinerary,
    Message,
    Named,
    NotFound,
    ScheduleConflict,
    ScheduleWarnings,
    Span,
    Stamp,
    Typed,
)
from itinerary.model import (
    CONTROL_MESSAGE,
    MAX_SEQUENCE,
    MAX_YEAR,
    MIN_YEAR,
    UID_RE,
    AllDay,
    Event,
    EventSpec,
    Format,
    Itinerary,
    Kind,
    Outcome,
    Override,
    Participant,
    Status,
    Timed,
    Timing,
    TravelMode,
    Venue,
    Visibility,
    check_integer,
    has_control,
    in_years,
    is_second,
    localize,
    occurrence_key,
    original_start,
)
from itinerary.occurrences import Occurrence, SeriesOccurrence
from itinerary.storage import Repository, Store

# Itineraries


def create_itinerary(
    store: Store,
    *,
    slug: str,
    title: str,
    timezone: str,
    summary: str = "",
    visibility: str = "public",
    reuse_deleted: bool = False,
) -> Itinerary:
    """Create an itinerary; its slug must be new, and not a deleted itinerary's unless ``reuse_deleted``.

    A deleted itinerary's slug stays taken (see :mod:`itinerary.lifecycle`): its old subscribers' calendars
    must keep hearing "gone", not receive someone else's programme. Restoring a backup reuses it on purpose.
    """
    itinerary = Itinerary(slug=slug, title=title, timezone=timezone, summary=summary, visibility=visibility)
    with store.transaction() as repo:
        if repo.has_itinerary(slug):
            raise AlreadyExists("slug", Message("an itinerary called %(slug)s exists already", slug=Typed(slug)))
        if (gone := repo.deleted_itinerary(slug)) is not None:
            if not reuse_deleted:
                raise AlreadyExists(
                    "slug",
                    Message(
                        "%(slug)s belonged to %(title)s, deleted on %(day)s; "
                        "its old addresses answer that it is gone, so choose another slug",
                        slug=Typed(slug),
                        title=Typed(gone.title),
                        day=Day(gone.deleted.date()),
                    ),
                )
            repo.forget_deleted(slug)
        return repo.add_itinerary(itinerary, store.now())


def update_itinerary(store: Store, slug: str, /, **changes) -> Itinerary:
    """Change an itinerary's title, summary, zone or visibility (never its slug)."""
    if "slug" in changes and changes["slug"] != slug:
        raise InvalidItinerary("slug", "an itinerary's slug never changes (feeds and links depend on it)")
    with store.transaction() as repo:
        current = repo.itinerary(slug)
        return repo.save_itinerary(dataclasses.replace(current, **changes), store.now())


def get_itinerary(store: Store, slug: str) -> Itinerary:
    """The itinerary with this slug."""
    with store.transaction() as repo:
        return repo.itinerary(slug)


def list_itineraries(store: Store, *, include_restricted: bool = False) -> list[Itinerary]:
    """All itineraries, by title; restricted ones only on request."""
    with store.transaction() as repo:
        return [i for i in repo.itineraries() if include_restricted or i.visibility is Visibility.PUBLIC]


def feed_token(store: Store, slug: str) -> str | None:
    """The itinerary's private feed token, or None when it has none."""
    with store.transaction() as repo:
        return repo.feed_token(slug)


def rotate_feed_token(store: Store, slug: str) -> str:
    """Issue a new private feed token; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    with store.transaction() as repo:
        repo.set_feed_token(slug, token)
    return token


def revoke_feed_token(store: Store, slug: str) -> None:
    """Withdraw the private feed token; its URL then answers "not found"."""
    with store.transaction() as repo:
        repo.set_feed_token(slug, None)


def itinerary_for_token(store: Store, token: str) -> Itinerary:
    """The itinerary whose private feed token this is, or :class:`FeedNotFound`."""
    if not isinstance(token, str) or not 32 <= len(token) <= 128:
        raise FeedNotFound()
    with store.transaction() as repo:
        # Compare every token in constant time, so response timing tells nothing of a guess.
        found = None
        for slug, stored in repo.feed_tokens():
            if hmac.compare_digest(stored.encode(), token.encode()):
                found = slug
        if found is None:
            raise FeedNotFound()
        return repo.itinerary(found)


# Venues and participants


def put_venue(store: Store, *, editor: str = "", **fields) -> Venue:
    """Create or update a venue by its key; every event that shows it changes with it (SEQUENCE, change log)."""
    return _put_shown(store, editor, "venue", Venue(**fields))


def put_participant(store: Store, *, editor: str = "", **fields) -> Participant:
    """Create or update a participant by its key; every event that shows them changes with it."""
    return _put_shown(store, editor, "participant", Participant(**fields))


def _put_shown(store: Store, editor: str, kind: str, record: Venue | Participant):
    """Put a venue or participant (``kind``) and record a change on each event that showed it or now shows it."""
    with store.transaction() as repo:
        before = repo.events_showing(**{kind: record.key})
        saved = getattr(repo, f"put_{kind}")(record, store.now())
        _record_shown(repo, store.now(), editor, before, repo.events_showing(**{kind: record.key}))
        return saved


def _record_shown(repo: Repository, at: datetime, editor: str, before: dict, after: dict) -> None:
    """Log what a renamed venue or participant changed in each event that shows it."""
    for key, old in before.items():
        new = after.get(key)
        if new is not None and new.sequence != old.sequence:
            _written(repo, at, editor, old, new)


def list_venues(store: Store) -> list[Venue]:
    """All venues, by name."""
    with store.transaction() as repo:
        return repo.venues()


def list_participants(store: Store) -> list[Participant]:
    """All participants, by name."""
    with store.transaction() as repo:
        return repo.participants()


# Events


def new_uid() -> str:
    """A fresh event UID, unique and safe in a URL."""
    return uuid.uuid4().hex


def create_event(
    store: Store,
    slug: str,
    spec: EventSpec | None = None,
    *,
    uid: str | None = None,
    editor: str = "",
    reason: str = "",
    **fields,
) -> Event:
    """Add an event to an itinerary, from a spec or from the spec's fields as keywords."""
    spec = spec or EventSpec(**fields)
    uid = uid or new_uid()
    if not UID_RE.match(uid):
        raise InvalidEvent("uid", "must be 1 to 255 printable ASCII characters without spaces or '/'")
    with store.transaction() as repo:
        now = store.now()
        if repo.has_event(slug, uid):
            raise AlreadyExists(f"uid: event {uid!r} exists already in {slug!r}")
        event = _build(repo, slug, uid, spec, sequence=0, created=now, updated=now)
        return _written(repo, store.now(), editor, None, repo.write_event(event, now=now), reason)


def restore_event(
    store: Store,
    slug: str,
    uid: str,
    spec: EventSpec,
    *,
    sequence: int = 0,
    created: datetime | None = None,
    updated: datetime | None = None,
    editor: str = "",
) -> Event:
    """Add an event that already has a history elsewhere (an import), keeping its SEQUENCE and stamps."""
    if not UID_RE.match(uid):
        raise InvalidEvent("uid", "must be 1 to 255 printable ASCII characters without spaces or '/'")
    if isinstance(sequence, int) and sequence > MAX_SEQUENCE:  # SEQUENCE:99999999999999999999 would overflow
        raise InvalidEvent("sequence", f"{spec.title!r} ({uid}): must be at most {MAX_SEQUENCE}, not {sequence}")
    sequence = check_integer(max(sequence, 0), "sequence")
    with store.transaction() as repo:
        now = store.now()
        event = _build(repo, slug, uid, spec, sequence=max(sequence, 0), created=created or now, updated=updated or now)
        # The itinerary's stamps move at ``now`` whatever the event's own (imported) stamps say.
        return _written(repo, store.now(), editor, None, repo.write_event(event, now=now))


def update_event(
    store: Store,
    slug: str,
    uid: str,
    spec: EventSpec | None = None,
    *,
    editor: str = "",
    expected_sequence: int | None = None,
    reason: str = "",
    **changes,
) -> Event:
    """Change an event; SEQUENCE and the updated stamp move only if something a subscriber sees changed.

    With ``expected_sequence`` (the SEQUENCE the editor's form was filled from),
    a change saved by someone else in the meantime raises :class:`EditConflict`
    instead of being overwritten.
    """
    # A write racing another transaction's raises EditConflict from storage.
    return _update_event(store, slug, uid, spec, editor, expected_sequence, changes, reason)


def _update_event(store, slug, uid, spec, editor, expected_sequence, changes, reason="") -> Event:
    with store.transaction() as repo:
        current = repo.event(slug, uid)
        if expected_sequence is not None and expected_sequence != current.sequence:
            values = {"title": _event_named(current), "version": current.sequence}
            if current.updated:
                template = (
                    "'%(title)s' was changed by someone else (%(when)s UTC, now version %(version)s); "
                    "your changes were not saved: reload the event, then apply them again"
                )
                values["when"] = Stamp(current.updated, f"{current.updated:%d %B %H:%M}")
            else:
                template = (
                    "'%(title)s' was changed by someone else (meanwhile, now version %(version)s); "
                    "your changes were not saved: reload the event, then apply them again"
                )
            raise EditConflict(Message(template, **values))
        spec = spec or current.spec().replace(**changes)
        candidate = _build(
            repo, slug, uid, spec, sequence=current.sequence, created=current.created, updated=current.updated
        )
        if _seen(candidate) == _seen(current):
            return current
        _check_children(repo, candidate)
        if current.sequence >= MAX_SEQUENCE:
            # Calendars read SEQUENCE as a 32-bit integer (RFC 5545 3.8.7.4); one past it would break every feed.
            raise InvalidEvent(
                "sequence",
                f"{current.title!r} ({uid}) has been changed {MAX_SEQUENCE} times, the most a calendar can count; "
                "it cannot change again: cancel it and add a new event in its place",
            )
        changed = dataclasses.replace(candidate, sequence=current.sequence + 1, updated=store.now())
        written = repo.write_event(changed, read_sequence=current.sequence, now=store.now())
        return _written(repo, store.now(), editor, current, written, reason)


def cancel_event(store: Store, slug: str, uid: str, *, editor: str = "") -> Event:
    """Mark an event cancelled; it stays in the programme and in feeds so subscribers learn of it."""
    return update_event(store, slug, uid, status=Status.CANCELLED, editor=editor)


def delete_event(store: Store, slug: str, uid: str, *, editor: str = "") -> None:
    """Remove an event for good; subscribers are not told (cancel to tell them)."""
    with store.transaction() as repo:
        children = repo.children(slug, uid)
        _written(repo, store.now(), editor, repo.event(slug, uid), None)
        repo.delete_event(slug, uid, store.now())
        for child in children:  # each loses its parent, and says so in its VEVENT (RELATED-TO) and the log
            _written(repo, store.now(), editor, child, repo.event(slug, child.uid))


def get_event(store: Store, slug: str, uid: str) -> Event:
    """The event with this UID in the itinerary."""
    with store.transaction() as repo:
        return repo.event(slug, uid)


def _audience(include_restricted: bool, audience: str | None) -> str | None:
    """The audience a read is for: ``audience``, or the public's for a read without restricted events
    (which sees busy events as their stand-ins since audiences exist); None: everything, as editors see it."""
    if audience is not None:
        return audiences.check_audience(audience)
    return None if include_restricted else audiences.PUBLIC


def _as_seen(repo: Repository, slug: str, events: list[Event], audience: str | None) -> list[Event]:
    """The events as ``audience`` sees them (None: as they are), their parents' limits applied even when
    a parent is not among them (a window that holds a session but starts after its summit)."""
    if audience is None:
        return events
    known = {event.uid: event for event in events}
    for event in events:
        uid = event.parent
        while uid and uid not in known:
            try:
                known[uid] = repo.event(slug, uid)
            except NotFound:
                break
            uid = known[uid].parent
    return audiences.visible(events, audience, parents=known)


def list_events(
    store: Store, slug: str, *, include_restricted: bool = True, audience: str | None = None
) -> list[Event]:
    """The itinerary's events as stored (recurrences not expanded), by start; as ``audience`` sees them when
    given (busy ones as stand-ins; without restricted events: as the public sees them)."""
    audience = _audience(include_restricted, audience)
    with store.transaction() as repo:
        return _as_seen(repo, slug, repo.events(slug), audience)


def event_span(
    store: Store, slug: str, *, include_restricted: bool = True, audience: str | None = None
) -> tuple[int, datetime | None, datetime | None]:
    """How many events the itinerary has, its first start and its last end, in UTC (None, None when empty)."""
    audience = _audience(include_restricted, audience)
    with store.transaction() as repo:
        if audience is None:
            return repo.event_span(slug)
        seen = _as_seen(repo, slug, repo.events(slug), audience)
    if not seen:
        return 0, None, None
    spans = [event.timing.instants() for event in seen]
    return len(seen), min(s for s, _ in spans), max(e for _, e in spans)


def list_occurrences(
    store: Store,
    slug: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    include_restricted: bool = True,
    limit: int = recurrence.MAX_OCCURRENCES,
    audience: str | None = None,
) -> list[Occurrence]:
    """Every occurrence overlapping [since, until), recurrences expanded and each capped at ``limit``; as
    ``audience`` sees them when given (without restricted events: as the public sees them)."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise InvalidEvent(name, "must be an aware datetime")
    audience = _audience(include_restricted, audience)
    with store.transaction() as repo:  # only the events that may have an occurrence in the window
        events = _as_seen(repo, slug, repo.events(slug, since=since, until=until), audience)
    found = [o for event in events for o in occurrences.expand(event, since=since, until=until, limit=limit)]
    found.sort(key=lambda o: (o.start, o.event.parent is not None, o.event.title))
    return found


def _seen(event: Event) -> tuple:
    """What a subscriber sees of an event: everything but bookkeeping, zones included."""
    timing = event.timing
    return (
        dataclasses.replace(event, sequence=0, created=None, updated=None),
        timing.timezone,
        timing.end_timezone,
    )


def _build(
    repo: Repository, slug: str, uid: str, spec: EventSpec, *, sequence: int, created: datetime, updated: datetime
) -> Event:
    itinerary = repo.itinerary(slug)
    found: dict[str, InvalidInput] = {}  # every problem at once, each by its field
    venue = destination = None
    try:
        venue = _venue(repo, spec.venue, "venue")
    except InvalidEvent as error:
        found["venue"] = error
    try:
        destination = _venue(repo, spec.destination, "destination")
    except InvalidEvent as error:
        found["destination"] = error
    default_zone = venue.timezone if venue else itinerary.timezone
    if destination and spec.end_timezone is None and not spec.all_day:
        spec = spec.replace(end_timezone=destination.timezone)
    found = {**event_problems(spec, default_zone), **found}
    participants: tuple[Participant, ...] = ()
    try:
        participants = tuple(repo.participants_by_key(list(dict.fromkeys(spec.participants))))
    except NotFound as error:
        found["participants"] = InvalidEvent("participants", str(error).partition(": ")[2])
    _raise_all(found)
    timing, rule, rdates = _series(spec, default_zone)
    event = Event(
        uid=uid,
        itinerary=slug,
        title=spec.title.strip(),
        timing=timing,
        kind=Kind(spec.kind),
        format=Format(spec.format),
        status=Status(spec.status),
        visibility=Visibility(spec.visibility),
        description=spec.description,
        venue=venue,
        destination=destination,
        parent=spec.parent or None,
        participants=participants,
        categories=tuple(dict.fromkeys(c.strip() for c in spec.categories)),
        outcomes=tuple(o if isinstance(o, Outcome) else Outcome(*o) for o in spec.outcomes),
        url=spec.url,
        rrule=rule,
        exdates=tuple(sorted({_exdate(value, timing) for value in spec.exdates})),
        overrides=_overrides(spec.overrides, timing, rule, rdates),
        rdates=rdates,
        foreign_uid=bool(spec.foreign_uid),
        mode=TravelMode(spec.mode) if spec.mode else None,
        access=tuple(spec.access.items() if isinstance(spec.access, Mapping) else spec.access),
        label=audiences.check_label(spec.label),
        sequence=sequence,
        created=created,
        updated=updated,
    )
    _check_parent(repo, event)
    return event


def check_spec(spec: EventSpec, default_zone: str) -> None:
    """Every rule of an event that needs no stored state (fields, times, series), or :class:`InvalidEvent`.

    What an import checks of each event before it opens the transaction that writes them. The
    error names every problem at once (see :func:`event_problems`).
    """
    _raise_all(event_problems(spec, default_zone))


def event_problems(spec: EventSpec, default_zone: str) -> dict[str, InvalidInput]:
    """Every problem of an event that needs no stored state, not only the first: the refusal of each rule, by field.

    Its own fields (title, web address, kind…), its times (a zone, an end before its start, a
    time that happens twice) and its series are each checked whatever the others say; a field
    keeps the first problem found with it.
    """
    found: dict[str, InvalidInput] = {}

    def note(error: InvalidInput) -> None:
        for name in error.errors:
            found.setdefault(name, error)

    try:
        spec.check()
    except InvalidInput as error:
        note(error)
    if found.keys() & {"start", "end", "first", "last"}:
        return found  # times that break their own rules (a year, a fold) cannot be read into a timing
    try:
        timing, rule, rdates = _series(spec, default_zone)
        tuple(_exdate(value, timing) for value in spec.exdates)
        _overrides(spec.overrides, timing, rule, rdates)
    except InvalidInput as error:
        note(error)
    return found


def _raise_all(found: dict[str, InvalidInput]) -> None:
    """Raise one :class:`InvalidEvent` naming every problem in ``found`` (an ambiguous time keeps its choices)."""
    if not found:
        return
    distinct = list({id(error): error for error in found.values()}.values())
    if len(distinct) == 1 and set(distinct[0].errors) == set(found):
        raise distinct[0]  # one refusal: as it was raised (InvalidRecurrence, AmbiguousTime…)
    errors = {name: error.errors[name] for name, error in found.items()}
    ambiguous = [error for error in found.values() if isinstance(error, AmbiguousTime)]
    if not ambiguous:
        raise InvalidEvent(errors)
    error = AmbiguousTime(ambiguous[0].choices)
    error.errors.update(errors)
    error.args = ("; ".join(f"{name}: {text}" for name, text in error.errors.items()),)
    raise error


def _series(spec: EventSpec, default_zone: str) -> tuple[Timing, str, tuple[date | datetime, ...]]:
    """The event's checked timing, rule and extra dates."""
    timing = spec.timing(default_zone)
    rule = recurrence.with_local_until(spec.rrule, timing)  # "until 10 June": through that day in the event's zone
    recurrence.parse(rule, timing)
    if rule and isinstance(timing, Timed) and is_second(timing.start):
        # A series repeats its wall-clock time, and calendars read a repeated wall-clock time as the first of the
        # two (RFC 5545, 3.3.5): a series cannot say that it begins at the second one.
        raise InvalidEvent(
            "start",
            f"a repeating event cannot begin in the repeated hour's second {timing.start:%H:%M} "
            f"({timing.start:%Y-%m-%d}, {timing.timezone}); begin the series at the first, or at another time",
        )
    # The start is the series' first instance already (RFC 5545, 3.8.5.2): an extra date equal to it adds nothing.
    first = occurrence_key(original_start(timing))
    extra = {_rdate(value, timing) for value in spec.rdates}
    rdates = tuple(sorted((value for value in extra if occurrence_key(value) != first), key=occurrence_key))
    if spec.exdates and not (rule or rdates):
        raise InvalidEvent("exdates", "only a recurring event has exception dates")
    if spec.overrides and not (rule or rdates):
        raise InvalidEvent("overrides", "only a recurring event has changed occurrences")
    return timing, rule, rdates


def _overrides(overrides: tuple[Override, ...], timing: Timing, rule: str, rdates: tuple = ()) -> tuple[Override, ...]:
    """The overrides checked against the series, named in the event's zone, one per occurrence, in order."""
    checked: dict = {}
    for override in overrides:
        recurrence_id = _exdate(override.recurrence_id, timing)
        original = recurrence.occurrence_at(timing, rule, recurrence_id, rdates)
        if original is None:
            raise InvalidEvent("overrides", f"the series has no occurrence starting {recurrence_id}")
        if override.timing is not None and isinstance(override.timing, AllDay) != isinstance(timing, AllDay):
            raise InvalidEvent("overrides", "a changed occurrence keeps the series' all-day or timed form")
        moved = None if occurrences.same_times(override.timing, original) else override.timing
        if moved is None and override.status is None and override.title is None:
            # Changes nothing (an occurrence our own feed spells out, see ical.event_components): nothing to keep.
            checked.pop(recurrence_id, None)
            continue
        checked[recurrence_id] = dataclasses.replace(override, recurrence_id=recurrence_id, timing=moved)
    return tuple(checked[key] for key in sorted(checked))


def change_occurrence(
    store: Store,
    slug: str,
    uid: str,
    recurrence_id: date | datetime,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    status: str | None = None,
    title: str | None = None,
    start_fold: int | None = None,
    end_fold: int | None = None,
    editor: str = "",
) -> Event:
    """Move, retitle or cancel one occurrence of a recurring event; the series' SEQUENCE moves.

    ``start_fold`` and ``end_fold`` say which of two equal wall-clock times is
    meant (0 the first, 1 the second) when the clocks go back.
    """
    with store.transaction():
        event = get_event(store, slug, uid)
        if not event.recurring:
            raise InvalidEvent("overrides", "only a recurring event has occurrences to change")
        recurrence_id = _exdate(recurrence_id, event.timing)
        timing = None
        if start is not None or end is not None:
            if event.all_day:
                raise InvalidEvent("start", "an all-day occurrence is changed by its status or title only")
            original = recurrence.occurrence_at(event.timing, event.rrule, recurrence_id, event.rdates)
            if original is None:
                raise InvalidEvent("overrides", f"the series has no occurrence starting {recurrence_id}")
            timing = Timed.of(
                start or original.start,
                end or original.end,
                event.timing.timezone,
                event.timing.end_timezone,
                start_fold=start_fold,
                end_fold=end_fold,
            )
        change = Override(recurrence_id, timing, status, title)
        kept = tuple(o for o in event.overrides if o.key != change.key)
        return update_event(store, slug, uid, overrides=(*kept, change), editor=editor)


def cancel_occurrence(store: Store, slug: str, uid: str, recurrence_id: date | datetime, *, editor: str = "") -> Event:
    """Cancel one occurrence of a recurring event; it stays, struck out, so subscribers learn of it."""
    return change_occurrence(store, slug, uid, recurrence_id, status=Status.CANCELLED, editor=editor)


def series_occurrences(
    store: Store, slug: str, uid: str, *, since: datetime | None = None, limit: int = 20
) -> list[SeriesOccurrence]:
    """The first ``limit`` occurrences of a recurring event not over by ``since``, changes applied, by start.

    An event that does not repeat has none. Exception dates are left out (they do not take place).
    """
    return occurrences.series(get_event(store, slug, uid), since=since, limit=limit)


def find_occurrence(store: Store, slug: str, uid: str, recurrence_id: date | datetime) -> SeriesOccurrence:
    """The occurrence of a recurring event named by its original start, or :class:`NotFound`."""
    event = get_event(store, slug, uid)
    if not in_years(recurrence_id):  # none can start there; 9999-12-31 23:00 UTC overflows in a zone east of it
        raise NotFound(f"occurrence: {event.title!r} has no occurrence starting {recurrence_id}")
    timing = (
        recurrence.occurrence_at(event.timing, event.rrule, recurrence_id, event.rdates) if event.recurring else None
    )
    if timing is None or _exdate(recurrence_id, event.timing) in event.exdates:
        raise NotFound(f"occurrence: {event.title!r} has no occurrence starting {recurrence_id}")
    return occurrences.at(event, timing)


def _written(
    repo: Repository, at: datetime, editor: str, old: Event | None, new: Event | None, reason: str = ""
) -> Event | None:
    """Record the change in the log (with the editor's "save anyway" reason), in the same transaction; the new state."""
    changelog.record(repo, at, editor, old, new, reason)
    return new


def _venue(repo: Repository, key: str | None, field_name: str) -> Venue | None:
    if not key:
        return None
    try:
        return repo.venue(key)
    except NotFound:
        raise InvalidEvent(field_name, Message("no venue with key %(key)s", key=Typed(key))) from None


def _exdate(value: date | datetime, timing: Timing) -> date | datetime:
    if not in_years(value):
        raise InvalidEvent("exdates", f"{value.isoformat()} is not in the years {MIN_YEAR} to {MAX_YEAR}")
    if isinstance(timing, AllDay):
        if isinstance(value, datetime):
            raise InvalidEvent("exdates", "an all-day event's exception dates are dates without times")
        return value
    zone = timing.start.tzinfo
    if not isinstance(value, datetime):
        value = datetime.combine(value, timing.start.time().replace(fold=0), zone)
    elif value.tzinfo is None:
        return localize(value, zone, "exdates")
    # Through UTC: an occurrence the clocks skip is named by the time it becomes (02:30 -> 03:30), as stored.
    return value.astimezone(UTC).astimezone(zone)


def _rdate(value: date | datetime, timing: Timing) -> date | datetime:
    """An extra date of the series (RDATE) in the event's form: a date for an all-day event, else an instant."""
    if isinstance(value, datetime) and isinstance(timing, AllDay):
        raise InvalidEvent("rdates", "an all-day event's extra dates are dates without times")
    try:
        return _exdate(value, timing)
    except InvalidEvent as error:
        raise InvalidEvent("rdates", error.errors["exdates"]) from None


def _check_parent(repo: Repository, event: Event) -> None:
    if not event.parent:
        return
    if event.parent == event.uid:
        raise InvalidEvent("parent", "an event cannot be its own parent")
    try:
        parent = repo.event(event.itinerary, event.parent)
    except NotFound:
        raise InvalidEvent("parent", f"no event {event.parent!r} in this itinerary") from None
    ancestor = parent
    while ancestor.parent:
        if ancestor.parent == event.uid:
            raise InvalidEvent("parent", "nesting would make a loop")
        ancestor = repo.event(event.itinerary, ancestor.parent)
    if not _within(event.timing, parent.timing):
        raise InvalidEvent(
            "parent",
            Message(
                "the event lies outside its parent '%(parent)s' (%(span)s)",
                parent=_event_named(parent),
                span=_span(parent.timing),
            ),
        )
    if parent.restricted and not event.restricted:
        # A public part of a restricted event would name it (RELATED-TO) in public feeds.
        raise InvalidEvent(
            "visibility",
            Message("must be restricted, like '%(parent)s' that it is part of", parent=_event_named(parent)),
        )


def _check_children(repo: Repository, event: Event) -> None:
    for child in repo.children(event.itinerary, event.uid):
        if not _within(child.timing, event.timing):
            raise InvalidEvent(
                "start",
                Message(
                    "the session '%(child)s' (%(span)s) would fall outside this event",
                    child=_event_named(child),
                    span=_span(child.timing),
                ),
            )
        if event.restricted and not child.restricted:
            raise InvalidEvent(
                "visibility", Message("the session '%(child)s' is public; restrict it first", child=_event_named(child))
            )


def _within(inner: Timing, outer: Timing) -> bool:
    inner_start, inner_end = inner.instants()
    outer_start, outer_end = outer.instants()
    return outer_start <= inner_start and inner_end <= outer_end


def _span(timing: Timing) -> Span:
    """The timing as a span the web interface writes in the page's language; its English text for the rest."""
    if isinstance(timing, AllDay):
        return Span(timing.first, timing.last, f"{timing.first:%d %b %Y} to {timing.last:%d %b %Y}")
    assert isinstance(timing, Timed)
    text = f"{timing.start:%d %b %Y %H:%M} to {timing.end:%d %b %Y %H:%M} {timing.end.tzname()}"
    return Span(timing.start, timing.end, text, zoned=True)


# Conflicts and feasibility


def check_itinerary(store: Store, slug: str, settings: checks.CheckSettings | None = None) -> list[checks.Finding]:
    """Every conflict and infeasible move in the itinerary, restricted events included (see :mod:`itinerary.checks`)."""
    found = list_occurrences(store, slug, include_restricted=True)
    return checks.find_problems(found, settings or checks.DEFAULT_SETTINGS)


MAX_REASON = 200


def check_reason(reason: str) -> str:
    """A "save anyway" reason, stripped: at most :data:`MAX_REASON` characters on one line, or :class:`InvalidInput`."""
    if not isinstance(reason, str):
        raise InvalidInput("reason", "must be text")
    reason = " ".join(reason.split())  # one line in the change log, whatever the text box sent
    if len(reason) > MAX_REASON:
        raise InvalidInput("reason", Message("must be at most %(most)s characters", most=MAX_REASON))
    if has_control(reason):
        raise InvalidInput("reason", CONTROL_MESSAGE)
    return reason


def save_checked(
    store: Store,
    slug: str,
    write: Callable[[], Event],
    settings: checks.CheckSettings | None = None,
    *,
    ask: bool = False,
    reason: str = "",
) -> tuple[Event, list[checks.Finding]]:
    """Run ``write`` and the checks in one transaction; refuse (roll back) a change that brings new errors.

    ``write`` is a service call that saves one event (``create_event``, ``update_event``,
    ``change_occurrence``…) and returns it. The programme is checked before and after it
    on the would-be state: an error finding about the saved event that was not there
    before (by its code and the events it names, counting repeats) raises
    :class:`ScheduleConflict` carrying those errors, and nothing is stored. With ``ask``,
    new warnings about it raise :class:`ScheduleWarnings` the same way unless ``reason``
    says why to save anyway (``write`` records the reason with the change). Findings that
    were there already never block, so that an editor can fix a programme one event at a
    time. Returns the saved event and every finding that involves it, to show to the editor.
    """
    with store.transaction():
        before = Counter(_finding_key(f) for f in check_itinerary(store, slug, settings))
        event = write()
        involved = [f for f in check_itinerary(store, slug, settings) if event.uid in f.events]
        after = Counter(_finding_key(f) for f in involved)
        grown = {key for key, count in after.items() if count > before[key]}
        new = [f for f in involved if _finding_key(f) in grown]
        if errors := [f for f in new if f.severity is checks.Severity.ERROR]:
            raise ScheduleConflict(errors)
        if ask and new and not reason:
            raise ScheduleWarnings(new)
        return event, involved


def _finding_key(finding: checks.Finding) -> tuple:
    return finding.code, tuple(sorted(finding.events))


def save_event(
    store: Store,
    slug: str,
    fields: dict,
    *,
    uid: str | None = None,
    new_venue: dict | None = None,
    editor: str = "",
    expected_sequence: int | None = None,
    reason: str = "",
) -> tuple[Event, list[checks.Finding]]:
    """Create (or, given ``uid``, update) an event and check the programme in one transaction (:func:`save_checked`).

    ``new_venue`` holds the fields of a venue to create first, in the same
    transaction (the event's ``venue`` names its key); its refusals name the
    fields ``new_venue_<field>``. ``expected_sequence`` is as for :func:`update_event`.
    New warnings refuse the save with :class:`ScheduleWarnings` unless ``reason`` says
    why to save anyway; the change log keeps the reason.
    """
    reason = check_reason(reason)
    with store.transaction():
        if new_venue:
            if any(venue.key == new_venue["key"] for venue in list_venues(store)):
                raise InvalidInput("new_venue_name", "a venue of this name exists already; pick it from the list")
            try:
                put_venue(store, **new_venue)
            except InvalidInput as error:
                raise InvalidInput({f"new_venue_{name}": text for name, text in error.errors.items()}) from None

        def write() -> Event:
            if uid is None:
                return create_event(store, slug, editor=editor, reason=reason, **fields)
            return update_event(
                store, slug, uid, editor=editor, expected_sequence=expected_sequence, reason=reason, **fields
            )

        return save_checked(store, slug, write, ask=True, reason=reason)


def move_occurrence(
    store: Store, slug: str, uid: str, recurrence_id: date | datetime, *, editor: str = "", **changes
) -> tuple[Event, list[checks.Finding]]:
    """Change one occurrence (see :func:`change_occurrence`) and check the programme, in one transaction."""
    return save_checked(
        store, slug, lambda: change_occurrence(store, slug, uid, recurrence_id, editor=editor, **changes)
    )


def restore_occurrence(store: Store, slug: str, uid: str, recurrence_id: date | datetime, *, editor: str = "") -> Event:
    """Undo the cancellation of one occurrence: it takes place again (moved or retitled, it stays so).

    The series' SEQUENCE moves and the change log records it; an occurrence that is not cancelled is refused.
    """
    with store.transaction():
        event = get_event(store, slug, uid)
        if not event.recurring:
            raise InvalidEvent("overrides", "only a recurring event has occurrences to restore")
        key = Override(_exdate(recurrence_id, event.timing)).key
        found = next((o for o in event.overrides if o.key == key and o.status == Status.CANCELLED), None)
        if found is None:
            raise InvalidEvent("overrides", f"the occurrence starting {recurrence_id} is not cancelled")
        kept = tuple(dataclasses.replace(o, status=None) if o is found else o for o in event.overrides)
        return update_event(store, slug, uid, overrides=kept, editor=editor)


def _event_named(event: Event) -> Named:
    """An event named in a message, for the web interface to say its title in the page's language (issue 16)."""
    return Named("event", event.uid, event.title, event.itinerary)
