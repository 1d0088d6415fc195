"""The change log and published versions of a programme.

Every change to an itinerary's events is recorded, in the same transaction as
the change: when, by which editor, which event, and which fields went from
what to what, as a reader would write them. An editor publishes numbered
versions (releases: what readers see, see :mod:`itinerary.releases`); any two
can be compared field by field, in either order.

Readers who may not see restricted events get the log and the comparisons
with ``include_restricted=False``, which keeps restricted titles out:

- Each entry of the change log records the event's visibility in the state
  the entry leaves it in (for a deletion, the state it was deleted from), so
  what a reader sees depends on what the event was at the time, never on
  what its UID names now (a restricted event deleted and a public one
  imported with the same UID must not bring the old titles out). An entry
  between two public states shows as it is; one that made an event public
  reads as "created", without fields; one that made it restricted reads as
  "deleted", under the title it had while public; entries made while it was
  restricted are never shown.
- A comparison shows an event only if it is public in the newer version, or
  was public in the older one and is gone or restricted in the newer (then
  it reads as "deleted"). One restricted in the older version and public in
  the newer reads as "created", without fields.
- Either way a "parent" change is shown only when both sides name events the
  reader may see.
- An event the public sees busy (restricted, its stand-in shown: see
  :mod:`itinerary.audiences`) shows as its stand-in: an entry records ``busy``
  as its visibility when the change leaves the event so, and the reader gets it
  under the stand-in's label with only the fields a stand-in shows
  (:data:`BUSY_FIELDS`); going from hidden to busy reads as "created", from busy
  to hidden as "deleted". A comparison compares busy events as their stand-ins.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from itinerary import audiences, recurrence
from itinerary.errors import InvalidInput, Message, NotFound
from itinerary.model import AllDay, Event, Kind, Timing, Visibility, is_repeated
from itinerary.records import Change, Version

if TYPE_CHECKING:
    from itinerary.storage import Repository, Store

MAX_NOTE = 500


def _when(timing: Timing) -> tuple[str, str]:
    if isinstance(timing, AllDay):
        return timing.first.isoformat(), timing.last.isoformat() + " (all day)"
    return f"{_clock(timing.start)} {timing.timezone}", f"{_clock(timing.end)} {timing.end_timezone}"


def _clock(value: datetime) -> str:
    # A time in the repeated hour says which of the two it is, so that moving to the other one shows as a change.
    return f"{value:%Y-%m-%d %H:%M} {value.tzname()}" if is_repeated(value) else f"{value:%Y-%m-%d %H:%M}"


def _moment(value: date | datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value.isoformat()


def _year(timing: Timing) -> int:
    return timing.first.year if isinstance(timing, AllDay) else timing.start.year


def readable(event: Event) -> dict[str, str]:
    """An event's fields as a reader would write them, for comparing two states."""
    start, end = _when(event.timing)
    return {
        "title": event.title,
        "start": start,
        "end": end,
        "kind": event.kind.label,
        "format": event.format.value if event.format.value != "none" else "",
        "status": event.status.value,
        "visibility": event.visibility.value,
        "venue": event.venue.place if event.venue else "",
        "destination": event.destination.place if event.destination else "",
        "travel mode": event.mode.label if event.mode else "",
        "parent": event.parent or "",
        "participants": ", ".join(p.name for p in event.participants),
        "categories": ", ".join(event.categories),
        "outcomes": "; ".join(str(o) for o in event.outcomes),
        "description": event.description,
        "url": event.url,
        "recurrence": recurrence.describe(event.rrule, event.timing.timezone, year=_year(event.timing)),
        "exceptions": ", ".join(_moment(d) for d in event.exdates),
        "extra dates": ", ".join(_moment(d) for d in event.rdates),
        "changed occurrences": "; ".join(
            f"{_moment(o.recurrence_id)}: "
            + ", ".join(
                part
                for part in (
                    o.status.value if o.status else "",
                    o.title or "",
                    " to ".join(_when(o.timing)) if o.timing else "",
                )
                if part
            )
            for o in event.overrides
        ),
    } | _audience_fields(event)


def _audience_fields(event: Event) -> dict[str, str]:
    """What audiences see of the event where it differs from its visibility's default, and its public label:
    present only when set, so that snapshots taken before audiences existed compare equal."""
    fields = {}
    if event.access:
        fields["audiences"] = ", ".join(f"{audience}: {value}" for audience, value in event.access)
    if event.label:
        fields["public label"] = event.label
    return fields


def difference(old: dict[str, str], new: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The fields whose text differs, from ``old`` to ``new``."""
    return {
        name: (old.get(name, ""), new.get(name, ""))
        for name in new.keys() | old.keys()
        if old.get(name, "") != new.get(name, "")
    }


def record(repo: Repository, at: datetime, editor: str, old: Event | None, new: Event | None, reason: str = "") -> None:
    """Write one change entry for an event going from ``old`` to ``new`` (None for created or deleted).

    ``reason`` is why the editor saved it despite the checks' warnings ("save anyway").
    """
    event = new or old
    if new is None:
        action, fields = "deleted", {}
    elif old is None:
        action, fields = "created", {}
    else:
        fields = difference(readable(old), readable(new))
        action = "cancelled" if set(fields) == {"status"} and new.cancelled else "changed"
        if not fields:
            return
    change = Change(at, editor or "", event.uid, event.title, action, fields, _recorded_visibility(repo, event), reason)
    repo.changes.add(event.itinerary, change)


def _recorded_visibility(repo: Repository, event: Event) -> str:
    """The event's visibility as a change entry keeps it: :data:`BUSY` when the public sees it busy (its
    parents' limits applied), so that readers get its stand-in's changes (see :func:`_public_changes`)."""
    if (
        event.visibility == Visibility.PUBLIC
        or audiences.own_access(event.visibility, event.access, audiences.PUBLIC) is not audiences.Access.BUSY
    ):
        return event.visibility.value
    parents, uid = {}, event.parent
    while uid and uid not in parents and len(parents) < 50:
        try:
            parents[uid] = repo.event(event.itinerary, uid)
        except NotFound:
            break
        uid = parents[uid].parent
    seen = audiences.accesses([event], audiences.PUBLIC, parents=parents)[event.uid]
    return BUSY if seen is audiences.Access.BUSY else event.visibility.value


def _sorted(fields: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    order = {name: i for i, name in enumerate(_FIELD_ORDER)}
    return dict(sorted(fields.items(), key=lambda item: order.get(item[0], len(order))))


_FIELD_ORDER = (
    "title",
    "start",
    "end",
    "status",
    "kind",
    "format",
    "visibility",
    "venue",
    "destination",
    "travel mode",
    "parent",
    "participants",
    "categories",
    "outcomes",
    "description",
    "url",
    "recurrence",
    "exceptions",
    "changed occurrences",
)


def changes_since(
    store: Store, slug: str, since: datetime | None = None, *, limit: int = 500, include_restricted: bool = True
) -> list[Change]:
    """The itinerary's recorded changes after ``since`` (all without it), newest first.

    Without ``include_restricted``, only what a reader of public events may see (see the module's notes).
    """
    if since is not None and since.tzinfo is None:
        raise InvalidInput("since", "must be an aware date and time")
    with store.transaction() as repo:
        changes = [dataclasses.replace(c, fields=_sorted(c.fields)) for c in repo.changes.since(slug, since, limit)]
        if repo.release:  # readers of the latest release: nothing saved after it was published
            published = repo.changes.versions(slug)
            changes = [c for c in changes if published and c.at <= published[-1].at]
        if include_restricted:
            return changes
        public = repo.event_uids(slug, include_restricted=False)
        events = repo.events(slug)
    return _public_changes(changes, public, _standin_titles(events))


# A change entry's visibility when the change leaves the event busy for the public (restricted, its stand-in
# shown): readers get the entry under the stand-in's label, with only what a stand-in shows.
BUSY = audiences.Access.BUSY.value
# Who sees what is the editors' business: a reader is never told how other audiences see an event.
_SETTINGS_FIELDS = ("audiences", "public label")
# The readable fields a busy event's stand-in shows: its time, status and kind (its city is not a field apart).
BUSY_FIELDS = ("start", "end", "status", "kind", "recurrence", "exceptions", "extra dates")
_OTHER_LABEL = audiences.NEUTRAL_LABELS[Kind.OTHER]


def _standin_titles(events: list[Event]) -> dict[str, str]:
    """What the public calls each event it sees now, by UID: its title, or its label for one it sees busy; for
    an event hidden from it, the neutral label of its kind (never its own label, which the public never saw)."""
    seen = audiences.accesses(events, audiences.PUBLIC)
    return {
        e.uid: e.title
        if seen[e.uid] is audiences.Access.FULL
        else audiences.label_of(e)
        if seen[e.uid] is audiences.Access.BUSY
        else audiences.NEUTRAL_LABELS.get(e.kind, _OTHER_LABEL)
        for e in events
    }


def _says_public_busy(text: str) -> bool:
    """Whether a recorded "audiences" text (``press: busy, public: busy``) makes the event busy for the public."""
    return f"{audiences.PUBLIC}: {BUSY}" in [part.strip() for part in text.split(",")]


def _states(change: Change) -> tuple[audiences.Access, audiences.Access]:
    """What the public saw of the event before the change and after it (see the module's notes)."""
    full, busy, hidden = audiences.Access.FULL, audiences.Access.BUSY, audiences.Access.HIDDEN
    after = full if change.visibility == Visibility.PUBLIC.value else busy if change.visibility == BUSY else hidden
    was = change.fields.get("visibility")
    told = change.fields.get("audiences")
    if was is None and told is None:
        return after, after
    if (was[0] if was else change.visibility) == Visibility.PUBLIC.value:
        return full, after
    return (busy if (_says_public_busy(told[0]) if told else after is busy) else hidden), after


def _public_changes(changes: list[Change], public: set[str], titles: dict[str, str] | None = None) -> list[Change]:
    """The changes a reader may see, each judged by the event's visibility at the time of the change.

    ``public`` (the UIDs of the events public now) only decides whether a "parent" value may be shown;
    ``titles`` (by UID, see :func:`_standin_titles`) what a change the public saw busy is called.
    """
    full, busy = audiences.Access.FULL, audiences.Access.BUSY
    titles = titles or {}
    shown = []
    for change in changes:
        if change.action == "translated":  # texts in other languages (itinerary.texts): for editors only
            continue
        before, after = _states(change)
        standin = dataclasses.replace(change, title=titles.get(change.uid, _OTHER_LABEL), fields={})
        if change.action in {"created", "deleted"}:
            if after is full:  # for a deletion, ``visibility`` is the state it was deleted from
                shown.append(dataclasses.replace(change, fields={}))
            elif after is busy:
                shown.append(standin)
        elif before is full and after is full:
            fields = _public_fields(change.fields, public, public)
            fields = {name: pair for name, pair in fields.items() if name not in _SETTINGS_FIELDS}
            if fields or change.action != "changed":
                shown.append(dataclasses.replace(change, fields=fields))
        elif after is full:
            # Made public: to a reader the event appears now; what it said before stays unsaid.
            shown.append(dataclasses.replace(change, action="created", fields={}))
        elif before is full:
            # Made restricted: to a reader it goes away, under the title it had while public (and its
            # stand-in comes, when the public sees it busy now).
            if after is busy:
                shown.append(dataclasses.replace(standin, action="created"))
            title = change.fields.get("title", (change.title, change.title))[0]
            shown.append(dataclasses.replace(change, title=title, action="deleted", fields={}))
        elif before is busy and after is busy:
            fields = {name: pair for name, pair in change.fields.items() if name in BUSY_FIELDS}
            if fields or change.action != "changed":
                shown.append(dataclasses.replace(standin, fields=fields))
        elif after is busy:
            shown.append(dataclasses.replace(standin, action="created"))
        elif before is busy:
            shown.append(dataclasses.replace(standin, action="deleted"))
    return shown


def _public_fields(
    fields: dict[str, tuple[str, str]], public_before: set[str], public_after: set[str]
) -> dict[str, tuple[str, str]]:
    """``fields`` without a "parent" change unless each side names an event the reader could see on that side."""
    parent = fields.get("parent")
    if parent is None:
        return fields
    old, new = parent
    if (not old or old in public_before) and (not new or new in public_after):
        return fields
    return {name: pair for name, pair in fields.items() if name != "parent"}


def publish_version(store: Store, slug: str, *, editor: str = "", note: str = "") -> Version:
    """Publish the draft as the next numbered release: readers see it at once (see :mod:`itinerary.releases`)."""
    from itinerary import releases  # which imports this module

    return releases.publish(store, slug, editor=editor, note=note)


def versions(store: Store, slug: str) -> list[Version]:
    """The itinerary's published versions, oldest first."""
    with store.transaction() as repo:
        return repo.changes.versions(slug)


def state(store: Store, slug: str) -> tuple[datetime, int] | None:
    """The itinerary's last change and the number of its latest published version (0 for none), in one light
    read; None when there is no such itinerary. Together they change whenever anything shown of it does."""
    return store.published_state(slug)


def compare_versions(
    store: Store, slug: str, older: int, newer: int, *, include_restricted: bool = True
) -> list[Change]:
    """What changed from version ``older`` to version ``newer``, one entry per event, by title.

    Without ``include_restricted``, only what a reader of public events may see (see the module's notes).
    """
    with store.transaction() as repo:
        found = repo.changes.snapshots(slug, (older, newer))
        for number in (older, newer):
            if number not in found:
                raise NotFound(f"version: {slug!r} has no version {number}")
        (_, before), (version, after) = found[older], found[newer]
        at, editor = version.at, version.editor
        # Versions published before rules were recorded in words hold rule text: compare them in words.
        zone = repo.itinerary(slug).timezone
        before, after = (_in_words(snapshot, zone) for snapshot in (before, after))
    return compare_snapshots(before, after, at=at, editor=editor, include_restricted=include_restricted)


def compare_snapshots(
    before: dict, after: dict, *, at: datetime, editor: str, include_restricted: bool = True
) -> list[Change]:
    """What changed from one snapshot (readable fields by UID) to another, one entry per event, by title."""
    if not include_restricted:
        before, after = _public_snapshots(before, after)
    found = []
    for uid in sorted(before.keys() | after.keys()):
        old, new = before.get(uid), after.get(uid)
        title = (new or old)["title"]
        if old is None:
            found.append(Change(at, editor, uid, title, "created", {}))
        elif new is None:
            found.append(Change(at, editor, uid, title, "deleted", {}))
        elif fields := difference(old, new):
            action = "cancelled" if set(fields) == {"status"} and new["status"] == "cancelled" else "changed"
            found.append(Change(at, editor, uid, title, action, _sorted(fields)))
    if not include_restricted:
        # The snapshots hold only public events now: a parent is shown only if public on its own side.
        found = [
            dataclasses.replace(change, fields=_public_fields(change.fields, set(before), set(after)))
            for change in found
        ]
        found = [change for change in found if change.action != "changed" or change.fields]
    return sorted(found, key=lambda change: change.title)


def _in_words(snapshot: dict, timezone: str) -> dict:
    """The snapshot with any recurrence still recorded as rule text (``FREQ=…``) put in words."""
    return {
        uid: {**fields, "recurrence": recurrence.describe(fields["recurrence"], timezone, year=_start_year(fields))}
        if fields.get("recurrence", "").upper().startswith(("FREQ=", "RRULE:"))
        else fields
        for uid, fields in snapshot.items()
    }


def _start_year(fields: dict) -> int | None:
    """The year a snapshot's event starts in (its start reads ``2018-06-08 10:00 Asia/Shanghai``)."""
    year = fields.get("start", "")[:4]
    return int(year) if year.isdigit() else None


def _is_public(fields: dict[str, str] | None) -> bool:
    return fields is not None and fields.get("visibility") == Visibility.PUBLIC.value


def _snapshot_access(snapshot: dict, uid: str, depth: int = 0) -> audiences.Access:
    """What the public sees of the event ``uid`` in a snapshot (readable fields by UID), its parents' limits applied."""
    fields = snapshot[uid]
    if _is_public(fields):
        own = audiences.Access.FULL
    elif _says_public_busy(fields.get("audiences", "")):
        own = audiences.Access.BUSY
    else:
        return audiences.Access.HIDDEN
    parent = fields.get("parent")
    if parent in snapshot and depth < len(snapshot):
        return (
            own if _snapshot_access(snapshot, parent, depth + 1) is audiences.Access.FULL else audiences.Access.HIDDEN
        )
    return own


_KINDS = {kind.label: kind for kind in Kind}


def _standin_fields(fields: dict[str, str], title: str | None = None) -> dict[str, str]:
    """A snapshot's event as its busy stand-in: its label (or ``title``) and the fields a stand-in shows."""
    if title is None:
        kind = _KINDS.get(fields.get("kind", ""), Kind.OTHER)
        title = fields.get("public label") or audiences.NEUTRAL_LABELS.get(kind, _OTHER_LABEL)
    return {"title": title} | {name: fields[name] for name in BUSY_FIELDS if name in fields}


def _public_snapshots(before: dict, after: dict) -> tuple[dict, dict]:
    """The two snapshots as a reader of public events saw them: hidden events absent, busy ones as their stand-ins
    (an event busy on one side and in full on the other compared by what a stand-in shows, under its title)."""
    seen = [{uid: _snapshot_access(snapshot, uid) for uid in snapshot} for snapshot in (before, after)]
    shown: list[dict] = [{}, {}]
    for side, snapshot in enumerate((before, after)):
        for uid, fields in snapshot.items():
            access, other = seen[side][uid], seen[1 - side].get(uid)
            if access is audiences.Access.BUSY:
                shown[side][uid] = _standin_fields(fields)
            elif access is audiences.Access.FULL:
                busy_there = other is audiences.Access.BUSY
                shown[side][uid] = _standin_fields(fields, fields["title"]) if busy_there else fields
    return shown[0], shown[1]


# Changed occurrences in words. The change log records a series' changed occurrences as one text
# ("2018-06-09 07:00: cancelled; 2018-06-10 07:00: 2018-06-10 09:00 Asia/Shanghai to …", see ``readable``),
# and entries written long ago keep it; readers get one sentence per occurrence that changed.

_ITEM_START = re.compile(r"; (?=\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?: ?)")
_ITEM = re.compile(r"(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?): ?(.*)", re.DOTALL)
_STATUS = re.compile(r"(cancelled|tentative|confirmed)(?:, |$)")
_MOVED = re.compile(r"(?:^|, )(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?.*?) to (\d{4}-\d{2}-\d{2}.*)$")


def _items(text: str) -> dict[str, str]:
    """Each occurrence's recorded change by its original start, from the recorded text."""
    found = {}
    for item in _ITEM_START.split(text.strip()) if text.strip() else ():
        match = _ITEM.fullmatch(item)
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


@dataclasses.dataclass(frozen=True)
class Moment:
    """A moment as the change log recorded it: a day and, for a timed one, its clock time as written there
    (``08:00``, ``02:30 CEST`` in a repeated hour) and its zone where given. ``str()`` says it in English.

    >>> str(Moment(date(2026, 11, 30), "08:00")), str(Moment(date(2026, 11, 30)))
    ('30 November 2026, 08:00', '30 November 2026')
    """

    day: date
    clock: str = ""
    zone: str = ""

    def __str__(self) -> str:
        words = f"{self.day.day} {self.day:%B %Y}" + (f", {self.clock}" if self.clock else "")
        return f"{words} {self.zone}" if self.zone else words


def moment_of(text: str) -> Moment | str:
    """``2026-11-30 08:00`` (and a zone or abbreviation after it) as a :class:`Moment`; text that is none stays."""
    day, _, rest = text.partition(" ")
    try:
        value = date.fromisoformat(day)
    except ValueError:
        return text
    clock, _, zone = rest.partition(" ")
    if "/" in zone or zone == "UTC":  # an IANA zone; an abbreviation (the repeated hour's) belongs to the clock
        return Moment(value, clock, zone)
    return Moment(value, rest)


def _moment_words(text: str) -> str:
    """``2026-11-30 08:00`` -> ``30 November 2026, 08:00``; ``2026-11-30`` -> ``30 November 2026``."""
    return str(moment_of(text))


# The occurrence's status as the sentence says it (the templates are said by web/change_words.py).
_STATUS_WORDS = {"cancelled": "cancelled", "tentative": "marked tentative", "confirmed": "marked confirmed"}


def _span(start: str, end: str) -> Message:
    """``2018-06-09 09:00 Asia/Shanghai`` to ``2018-06-09 09:30 Asia/Shanghai``: ``9 June 2018, 09:00–09:30 …``."""
    if end.endswith(" (all day)"):
        first, last = start, end.removesuffix(" (all day)")
        if first == last:
            return Message("%(day)s (all day)", day=moment_of(first))
        return Message("%(first)s to %(last)s (all day)", first=moment_of(first), last=moment_of(last))
    (start_day, start_rest), (end_day, end_rest) = (value.partition(" ")[::2] for value in (start, end))
    start_clock, _, start_zone = start_rest.rpartition(" ")
    end_clock, _, end_zone = end_rest.rpartition(" ")
    if start_day == end_day and start_zone == end_zone and start_clock and end_clock:
        day, first, last = moment_of(start_day), start_clock, end_clock
        return Message("%(day)s, %(start)s–%(end)s %(zone)s", day=day, start=first, end=last, zone=start_zone)
    return Message("%(start)s to %(end)s", start=moment_of(start), end=moment_of(end))


def _span_words(start: str, end: str) -> str:
    """The span in English words (see :func:`_span`)."""
    return str(_span(start, end))


def _joined(words: list[Message]) -> Message:
    """Several things that happened to an occurrence, as one message: ``cancelled, retitled “Dinner”``."""
    return words[0] if len(words) == 1 else Message("%(first)s, %(rest)s", first=words[0], rest=_joined(words[1:]))


def _change_message(text: str) -> Message:
    """One occurrence's recorded change as a message: ``cancelled``, ``retitled “Dinner”``, ``moved to …``."""
    words = []
    status = _STATUS.match(text)
    if status:
        words.append(Message(_STATUS_WORDS[status.group(1)]))
        text = text[status.end() :]
    moved = _MOVED.search(text)
    if moved:
        text = text[: moved.start()]
    if text:
        words.append(Message("retitled “%(title)s”", title=text))
    if moved:
        words.append(Message("moved to %(span)s", span=_span(moved.group(1), moved.group(2))))
    return _joined(words) if words else Message("changed")


def _change_words(text: str) -> str:
    """One occurrence's recorded change in English words (see :func:`_change_message`)."""
    return str(_change_message(text))


def occurrence_messages(old: str, new: str) -> list[tuple[Moment | str, Message]]:
    """What happened to each occurrence between two recorded texts of a series' changed occurrences.

    Pairs of the occurrence (its original start) and what happened to it, by start, as values and message
    templates that the web says in the reader's language (``str()`` of each is English).
    """
    before, after = _items(old or ""), _items(new or "")
    found = []
    for moment in sorted(before.keys() | after.keys()):
        was, now = before.get(moment), after.get(moment)
        if was == now:
            continue
        if now is None:
            what = (
                Message("restored: it takes place again as planned")
                if was == "cancelled"
                else Message("back as the series has it")
            )
        elif was is None:
            what = _change_message(now)
        else:
            what = Message("now %(now)s (was %(was)s)", now=_change_message(now), was=_change_message(was))
        found.append((moment_of(moment), what))
    return found


def occurrence_changes(old: str, new: str) -> list[tuple[str, str]]:
    """What happened to each occurrence between two recorded texts of a series' changed occurrences, in words.

    Pairs of the occurrence (its original start) and what happened to it, by start, in English.

    >>> occurrence_changes("", "2026-11-30 08:00: cancelled")
    [('30 November 2026, 08:00', 'cancelled')]
    >>> occurrence_changes("2026-11-30 08:00: cancelled", "")
    [('30 November 2026, 08:00', 'restored: it takes place again as planned')]
    """
    return [(str(moment), str(what)) for moment, what in occurrence_messages(old, new)]
