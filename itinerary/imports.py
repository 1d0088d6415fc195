"""Import: another calendar's file into an itinerary, checked whole before one short write.

:func:`itinerary.ical.parse_ics` reads the bytes into proposed events (pure); this
service checks every proposal against the domain's rules and the stored events
*before* it opens the transaction that writes, so a long file never holds the
database's write lock while it is read. One upload reports every problem at once;
nothing is stored while any event is refused, unless the editor asks, in a second
step, for the accepted events alone (``accepted_only``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from itinerary import audiences, ical, services, texts
from itinerary.errors import InvalidInput, Message, Typed
from itinerary.ical import DEFAULT_UID_DOMAIN, ImportedEvent, InvalidCalendar, Problem
from itinerary.languages import categories_text, event_key, outcomes_text
from itinerary.model import Event, EventSpec, Venue
from itinerary.storage import Store


class ImportRefused(InvalidCalendar):
    """Some events of a file cannot be imported, each named in ``problems``; nothing was stored.

    ``accepted`` is how many events could be imported on their own (see ``accepted_only``).
    """

    def __init__(self, problems: list[Problem], accepted: int):
        self.problems = tuple(sorted(problems, key=lambda p: p.line or 0))  # in the file's order
        self.accepted = accepted
        count = len({(p.uid, p.line) for p in self.problems})
        super().__init__(
            f"{count} event{'s' if count != 1 else ''} cannot be imported, so nothing was stored: "
            + "; ".join(str(p) for p in self.problems)
        )


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, and per event what it read differently from the file."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # the file's version is older than the stored one
    refused: int = 0  # left out on request (``accepted_only``), each named in ``problems``
    notes: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    other: tuple[tuple[str, int], ...] = ()  # components that are not events: ("to-do", 2)

    def __str__(self) -> str:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.skipped:
            counts += f", {self.skipped} skipped"
        if self.refused:
            counts += f", {self.refused} refused"
        for name, count in self.other:
            counts += f", {count} {name}{'s' if count != 1 else ''} skipped"
        return counts


def import_ics(
    store: Store,
    slug: str,
    data: bytes,
    *,
    uid_domain: str = DEFAULT_UID_DOMAIN,
    accepted_only: bool = False,
    editor: str = "",
) -> ImportReport:
    """Create or update the itinerary's events from an iCalendar file, by UID.

    A file event whose SEQUENCE is below the stored one is stale and skipped.
    With any event refused, :class:`ImportRefused` names every problem and nothing
    is written, unless ``accepted_only``: then the accepted events are written and
    the refused ones are reported. The change log names ``editor`` (who uploaded the file) for every change.
    """
    itinerary = services.get_itinerary(store, slug)
    parsed = ical.parse_ics(data, home_zone=itinerary.timezone, uid_domain=uid_domain, language=itinerary.language)
    problems = list(parsed.problems)
    notes = list(parsed.notes)
    stored = {event.uid: event for event in services.list_events(store, slug)}
    accepted: list[tuple[ImportedEvent, EventSpec]] = []
    for event in parsed.events:
        spec, found = _checked(event, itinerary.timezone)
        if found:
            problems.extend(found)
        else:
            accepted.append((event, spec))
    accepted = _with_parents(_without_standins(accepted, notes), stored, notes)
    # A calendar file says nothing of audiences (itinerary.audiences): a stored event keeps its own.
    accepted = [(event, _keeping_audiences(spec, stored.get(event.uid))) for event, spec in accepted]
    if problems and not accepted_only:
        raise ImportRefused(problems, len(accepted))
    plan, other_texts = _in_languages(_plan(accepted, stored, notes), stored, itinerary.language)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": sum(1 for action, *_ in plan if action == "skip")}
    writing: ImportedEvent | None = None
    try:
        with store.transaction():  # writes only: everything was read and checked above
            known = {v.key for v in services.list_venues(store)} | {p.key for p in services.list_participants(store)}
            for event, _ in accepted:
                if dict(event.languages).get("title", itinerary.language) != itinerary.language:
                    # Names read from a feed in another language: never written over the stored ones.
                    event = dataclasses.replace(
                        event,
                        venues=tuple(v for v in event.venues if v.key not in known),
                        participants=tuple(p for p in event.participants if p.key not in known),
                    )
                for venue in event.venues:
                    services.put_venue(store, editor=editor, **{name: getattr(venue, name) for name in Venue.__slots__})
                for person in event.participants:
                    services.put_participant(
                        store,
                        editor=editor,
                        key=person.key,
                        name=person.name,
                        role=person.role,
                        delegation=person.delegation,
                    )
            for action, event, spec in plan:
                writing = event
                if action == "create":
                    services.restore_event(
                        store,
                        slug,
                        event.uid,
                        spec,
                        sequence=event.sequence,
                        created=event.created,
                        updated=event.updated,
                        editor=editor,
                    )
                    counts["created"] += 1
                elif action == "update":
                    current = stored[event.uid]
                    changed = services.update_event(store, slug, event.uid, spec, editor=editor)
                    counts["updated" if changed.sequence != current.sequence else "unchanged"] += 1
            for uid, by_language in other_texts.items():
                texts.add_other_texts(store, "event", event_key(slug, uid), by_language, editor=editor)
    except InvalidInput as error:
        # A rule that depends on the stored programme (a session outside its stored parent…): named, nothing kept.
        if writing is None:
            raise ImportRefused([Problem("", "", None, name, text) for name, text in error.errors.items()], 0) from None
        refused = [writing.problem(name, text) for name, text in error.errors.items()]
        raise ImportRefused(refused, len(plan) - 1) from None
    return ImportReport(
        **counts,
        refused=len({(p.uid, p.line) for p in problems}),
        notes=tuple(notes),
        problems=tuple(sorted(problems, key=lambda p: p.line or 0)),
        other=tuple(parsed.skipped.items()),
    )


def _keeping_audiences(spec: EventSpec, current: Event | None) -> EventSpec:
    if current is None or spec.access or spec.label or not (current.access or current.label):
        return spec
    return spec.replace(access=current.access, label=current.label)


def _in_languages(plan: list, stored: dict[str, Event], own: str) -> tuple[list, dict[str, dict]]:
    """The plan with each title and description read in another language than the itinerary's own (its
    LANGUAGE says so) kept aside as that language's text: a stored event keeps its own text, a new one takes
    it as its own too (it has no other). Texts the file gives besides in other languages (one SUMMARY per
    LANGUAGE) are that language's too. The texts aside by UID, ``{language: {field: text}}``."""
    kept, aside = [], {}
    for action, event, spec in plan:
        if spec is not None:
            for field, lang, text in event.translations:
                if lang != own:
                    aside.setdefault(event.uid, {}).setdefault(lang, {})[field] = text
        foreign = {field: lang for field, lang in event.languages if lang != own}
        if foreign and spec is not None:
            for field, lang in foreign.items():
                text = getattr(spec, field)
                text = categories_text(text) if field == "categories" else text  # one text of names
                text = outcomes_text(text) if field == "outcomes" else text  # one text of titles
                aside.setdefault(event.uid, {}).setdefault(lang, {})[field] = text
            current = stored.get(event.uid)
            if current is not None:
                spec = spec.replace(**{field: getattr(current, field) for field in foreign})
        kept.append((action, event, spec))
    return kept, aside


def _checked(event: ImportedEvent, home_zone: str) -> tuple[EventSpec | None, list[Problem]]:
    """The event's spec checked by every rule that needs no stored state, or its problems by field."""
    try:
        spec = EventSpec(**event.fields)
        services.check_spec(spec, spec.timezone or home_zone)
    except InvalidInput as error:
        return None, [event.problem(name, message) for name, message in error.errors.items()]
    except (TypeError, ValueError, OverflowError) as error:
        return None, [event.problem("event", str(error) or type(error).__name__)]
    return spec, []


def _without_standins(
    accepted: list[tuple[ImportedEvent, EventSpec]], notes: list
) -> list[tuple[ImportedEvent, EventSpec]]:
    """The accepted events without the busy stand-ins a feed of this service shows some audiences (time, city and
    a label only, see :mod:`itinerary.audiences`): read back, one would overwrite the event it stands for."""
    kept = []
    for event, spec in accepted:
        if any(venue.key == audiences.BUSY_VENUE_KEY for venue in event.venues):
            notes.append(
                Message(
                    "%(title)s: an event as an audience sees it when busy (its time, city and label only); "
                    "left as stored",
                    title=Typed(event.title),
                )
            )
            continue
        kept.append((event, spec))
    return kept


def _with_parents(
    accepted: list[tuple[ImportedEvent, EventSpec]], stored: dict[str, Event], notes: list[str]
) -> list[tuple[ImportedEvent, EventSpec]]:
    """The accepted events, each parent (RELATED-TO) kept only if it is in the file or the itinerary."""
    known = {event.uid for event, _ in accepted} | set(stored)
    kept = []
    for event, spec in accepted:
        if spec.parent and spec.parent not in known:
            notes.append(
                Message(
                    "%(title)s: its parent %(parent)s is not in this itinerary; left out",
                    title=Typed(event.title),
                    parent=Typed(spec.parent),
                )
            )
            spec = dataclasses.replace(spec, parent=None)
        kept.append((event, spec))
    return kept


def _plan(
    accepted: list[tuple[ImportedEvent, EventSpec]], stored: dict[str, Event], notes: list[str]
) -> list[tuple[str, ImportedEvent, EventSpec]]:
    """What to do with each event, parents before their children: create, update or skip (stale)."""
    by_uid = {event.uid: (event, spec) for event, spec in accepted}
    ordered: list[tuple[str, ImportedEvent, EventSpec]] = []
    placed: set[str] = set()

    def place(event: ImportedEvent, spec: EventSpec, trail: frozenset[str]) -> None:
        if event.uid in placed:
            return
        parent = by_uid.get(spec.parent or "")
        if parent is not None and parent[0].uid not in trail:
            place(*parent, trail | {event.uid})
        placed.add(event.uid)
        current = stored.get(event.uid)
        if current is None:
            ordered.append(("create", event, spec))
        elif event.sequence < current.sequence:
            notes.append(
                Message("%(title)s: the file's version is older than the stored one; skipped", title=Typed(event.title))
            )
            ordered.append(("skip", event, spec))
        else:
            ordered.append(("update", event, spec))

    for event, spec in accepted:
        place(event, spec, frozenset())
    return ordered
