"""The domain model: itineraries, events, venues, participants and outcomes.

Objects here are immutable values. Intrinsic invariants are checked where the
value is built (``Timed``, ``AllDay``, ``EventSpec.validated``); rules that need
other events (a child inside its parent) live in :mod:`itinerary.services`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from itinerary.errors import AmbiguousTime, Choices, InvalidEvent, InvalidInput, InvalidItinerary, Message, Typed

MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_NAME = 200
MAX_URL = 2_000
MAX_LIST = 50
MAX_RDATES = 500  # extra dates of a series (RDATE): files from other calendars list many
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UID_RE = re.compile(r"^[\x21-\x2e\x30-\x7e]{1,255}$")  # printable ASCII, no space, no "/"
# Years an event may fall in: every date of these years, a day either side and a zone's offset stay within what
# Python's datetime can hold, and the recurrence horizon (see recurrence.py) is never out of reach.
MIN_YEAR = 1900
MAX_YEAR = 2199
# The largest SEQUENCE (RFC 5545 3.8.7.4: an INTEGER, 0 to 2**31 - 1); see services.update_event for what happens there.
MAX_SEQUENCE = 2_147_483_647
YEARS_MESSAGE = Message("must be in the years %(first)s to %(last)s", first=MIN_YEAR, last=MAX_YEAR)
# The largest integer every supported database stores in an INTEGER column (PostgreSQL's is 32 bits).
MAX_INTEGER = 2**31 - 1
# Control characters other than tab and line breaks: invisible, refused by PostgreSQL (NUL), unsafe in a feed.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_MESSAGE = "must not contain control characters"


def has_control(text: object) -> bool:
    """Whether ``text`` holds a control character other than tab, line feed or carriage return.

    >>> has_control("Talks\\n(narrow)"), has_control("Talks\\x00")
    (False, True)
    """
    return isinstance(text, str) and _CONTROL_RE.search(text) is not None


def in_years(value: date, *, spill: bool = False) -> bool:
    """Whether a date (or a datetime, by its own wall clock) falls in the years an event may use.

    The one rule every path that stores a date keeps (forms, occurrence moves, imports, fixtures, restores).
    With ``spill``, the year after :data:`MAX_YEAR` is allowed too: the end of a span that starts in range,
    as an occurrence starting on the last evening of the last year ends the next morning.

    >>> in_years(date(2018, 6, 8)), in_years(date(1, 1, 1)), in_years(date(2200, 1, 1), spill=True)
    (True, False, True)
    """
    return isinstance(value, date) and MIN_YEAR <= value.year <= MAX_YEAR + (1 if spill else 0)


def check_year(value: date, field_name: str, *, spill: bool = False) -> None:
    """Raise :class:`InvalidEvent` naming ``field_name`` when ``value`` is outside the years (see :func:`in_years`)."""
    if not in_years(value, spill=spill):
        raise InvalidEvent(field_name, YEARS_MESSAGE)


def check_integer(value: object, field_name: str, *, low: int = 0, high: int = MAX_INTEGER) -> int:
    """``value`` when it is an integer from ``low`` to ``high`` (what the database can store), else InvalidInput.

    >>> check_integer(3, "sequence")
    3
    """
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(field_name, Message("must be a whole number from %(low)s to %(high)s", low=low, high=high))
    return value


class Kind(StrEnum):
    """What an event is."""

    TALKS = "talks"
    CEREMONY = "ceremony"
    PRESS = "press"
    TRAVEL = "travel"
    MEAL = "meal"
    CULTURE = "culture"
    SUMMIT_SESSION = "summit-session"
    SUMMIT = "summit"
    ARRIVAL = "arrival"
    DEPARTURE = "departure"
    MEETING = "meeting"
    CALL = "call"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The kind in words, e.g. ``summit session``."""
        return self.value.replace("-", " ")


class Format(StrEnum):
    """How a meeting is held."""

    NONE = "none"
    NARROW = "narrow"
    ENLARGED = "enlarged"
    PLENARY = "plenary"
    BILATERAL = "bilateral"
    ONE_ON_ONE = "one-on-one"

    @property
    def label(self) -> str:
        """The format in words, e.g. ``narrow format``."""
        return {"none": "", "one-on-one": "one-on-one"}.get(self.value, f"{self.value} format")


class Status(StrEnum):
    """Whether an event takes place."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class TravelMode(StrEnum):
    """How a travel leg goes; the feasibility checks read its speed from it (see :mod:`itinerary.checks`)."""

    PLANE = "plane"
    TRAIN = "train"
    CAR = "car"
    HELICOPTER = "helicopter"
    FOOT = "foot"

    @property
    def label(self) -> str:
        """The mode in words, e.g. ``by plane``, ``on foot``."""
        return "on foot" if self is TravelMode.FOOT else f"by {self.value}"


class Visibility(StrEnum):
    """Who may see an event or itinerary."""

    PUBLIC = "public"
    RESTRICTED = "restricted"


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    # "localtime" and "posixrules" are files of the zone database, not zone names.
    return frozenset(available_timezones()) - {"localtime", "posixrules", "Factory"}


def zone(name: str, field_name: str = "timezone") -> ZoneInfo:
    """The IANA zone called ``name``, or :class:`InvalidInput` naming ``field_name``.

    >>> zone("Asia/Shanghai").key
    'Asia/Shanghai'
    """
    if not isinstance(name, str) or name not in _zone_names():
        raise InvalidEvent(field_name, _unknown_zone(name, "Europe/Moscow"))
    return ZoneInfo(name)


def _unknown_zone(name: object, example: str) -> Message:
    """Why ``name`` is no zone: none was chosen, or the name is not in the zone database (named as typed)."""
    if isinstance(name, str) and not name.strip():
        return Message("choose a time zone")
    # At most 60 characters: a whole query string would be echoed otherwise. The template quotes the name, so that
    # each language quotes it its own way; a non-text value is shown as Python writes it.
    shown = name[:60] if isinstance(name, str) else repr(name)
    if example == "Asia/Shanghai":
        return Message("unknown time zone '%(zone)s'; use an IANA name such as Asia/Shanghai", zone=shown)
    return Message("unknown time zone '%(zone)s'; use an IANA name such as Europe/Moscow", zone=shown)


def localize(wall: datetime, tz: ZoneInfo, field_name: str, fold: int | None = None) -> datetime:
    """Attach ``tz`` to a wall-clock time, refusing one that the zone skips (a DST gap).

    A time the zone repeats (the clocks go back) is taken as the first (``fold``
    0) or the second (1); without ``fold`` (and without ``wall.fold`` set) it is
    refused with :class:`~itinerary.errors.AmbiguousTime`, so that no one's
    time is silently picked for them.
    """
    naive = wall.replace(tzinfo=None, fold=0)
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise InvalidEvent(
            field_name,
            Message("%(time)s does not exist in %(zone)s (clocks skip it)", time=f"{wall:%Y-%m-%d %H:%M}", zone=tz.key),
        )
    choices = repeated_choices(naive, tz)
    if choices is None:
        return aware
    if fold is None and not wall.fold:
        raise AmbiguousTime({field_name: choices})
    return choices[1 if fold is None else fold]


def repeated_choices(wall: datetime, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The two instants of a wall-clock time that ``tz`` repeats, first then second; None for any other time.

    >>> first, second = repeated_choices(datetime(2024, 10, 27, 2, 30), ZoneInfo("Europe/Berlin"))
    >>> first.isoformat(), second.isoformat()
    ('2024-10-27T02:30:00+02:00', '2024-10-27T02:30:00+01:00')
    """
    first, second = (wall.replace(tzinfo=tz, fold=fold) for fold in (0, 1))
    if first.utcoffset() == second.utcoffset():
        return None
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall.replace(tzinfo=None, fold=0):
        return None  # a skipped time: its two readings are not both real
    return first, second


def is_repeated(value: datetime) -> bool:
    """Whether an aware time's wall-clock reading happens twice in its zone (either of the two)."""
    return isinstance(value.tzinfo, ZoneInfo) and repeated_choices(value.replace(tzinfo=None), value.tzinfo) is not None


def is_second(value: datetime) -> bool:
    """Whether an aware time is the second of two equal wall-clock times (after the clocks go back)."""
    return bool(value.fold) and is_repeated(value)


def _in_zone(value: datetime, tz: ZoneInfo, field_name: str, fold: int | None = None) -> datetime:
    if not isinstance(value, datetime):
        raise InvalidEvent(field_name, "must be a date and time")
    # Before any zone arithmetic: the year 9999 in New York overflows datetime once turned into UTC.
    check_year(value, field_name)
    # An aware value goes through UTC, so that the instant decides: a zone's skipped or repeated wall-clock reading
    # comes out as the real time it names, with the right fold.
    aware = localize(value, tz, field_name, fold) if value.tzinfo is None else value.astimezone(UTC).astimezone(tz)
    check_year(aware, field_name)  # 1900-01-01 00:00 UTC is still 1899 in New York
    return aware


@dataclass(frozen=True, slots=True)
class Timed:
    """A timed span: aware start and end, each in its IANA zone (a travel leg may end in another)."""

    start: datetime
    end: datetime

    def __post_init__(self):
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(getattr(value, "tzinfo", None), ZoneInfo):
                raise InvalidEvent(name, "must carry an IANA time zone")
        check_year(self.start, "start")
        check_year(self.end, "end", spill=True)
        # An end equal to the start is a moment (a deadline, an arrival): RFC 5545 (3.6.1) reads a
        # VEVENT without DTEND or DURATION so, and such events stay valid here. Instants are compared,
        # since wall clocks repeat an hour.
        if self.end.astimezone(UTC) < self.start.astimezone(UTC):
            raise InvalidEvent("end", "must not be before the start")

    def __eq__(self, other: object) -> bool:
        # Aware datetimes in one zone compare by wall clock alone, so the first and the second 02:30 of the night
        # the clocks go back would be equal; the instants tell them apart.
        if not isinstance(other, Timed):
            return NotImplemented
        return (self.start, self.end, self.instants()) == (other.start, other.end, other.instants())

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    @classmethod
    def of(
        cls,
        start: datetime,
        end: datetime,
        tz: str,
        end_tz: str | None = None,
        *,
        start_fold: int | None = None,
        end_fold: int | None = None,
    ) -> Timed:
        """Build from wall-clock (naive) or aware datetimes and zone names.

        A wall-clock time the zone repeats needs its fold (0 the first, 1 the
        second); both fields that lack one are named in one
        :class:`~itinerary.errors.AmbiguousTime`.
        """
        start_zone = zone(tz, "timezone")
        end_zone = zone(end_tz, "end_timezone") if end_tz else start_zone
        choices: dict = {}
        values = []
        fields = (("start", start, start_zone, start_fold), ("end", end, end_zone, end_fold))
        for name, value, value_zone, fold in fields:
            try:
                values.append(_in_zone(value, value_zone, name, fold))
            except AmbiguousTime as error:
                choices.update(error.choices)
        if choices:
            raise AmbiguousTime(choices)
        return cls(*values)

    @property
    def timezone(self) -> str:
        """The zone of the start."""
        return self.start.tzinfo.key

    @property
    def end_timezone(self) -> str:
        """The zone of the end."""
        return self.end.tzinfo.key

    def instants(self) -> tuple[datetime, datetime]:
        """Start and end in UTC."""
        return self.start.astimezone(UTC), self.end.astimezone(UTC)

    @property
    def duration(self) -> timedelta:
        """Elapsed time from start to end (not the wall-clock difference)."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class AllDay:
    """An all-day range of dates, both inclusive, observed in ``timezone``."""

    first: date
    last: date
    timezone: str

    def __post_init__(self):
        for name in ("first", "last"):
            value = getattr(self, name)
            if isinstance(value, datetime) or not isinstance(value, date):
                raise InvalidEvent(name, "must be a date without a time")
        check_year(self.first, "first")
        check_year(self.last, "last", spill=True)
        if self.last < self.first:
            raise InvalidEvent("last", "must not be before the first day")
        zone(self.timezone)

    @property
    def end_timezone(self) -> str:
        """The zone of the end (the same as the start)."""
        return self.timezone

    def instants(self) -> tuple[datetime, datetime]:
        """Midnight of the first day to midnight after the last, in UTC."""
        start, end = self.midnights()
        return start.astimezone(UTC), end.astimezone(UTC)

    def midnights(self) -> tuple[datetime, datetime]:
        """Midnight of the first day and midnight after the last, in the range's zone."""
        tz = ZoneInfo(self.timezone)
        return (
            datetime.combine(self.first, datetime.min.time(), tz),
            datetime.combine(self.last + timedelta(days=1), datetime.min.time(), tz),
        )

    @property
    def days(self) -> int:
        """How many days the range covers."""
        return (self.last - self.first).days + 1


Timing = Timed | AllDay


def original_start(timing: Timing) -> date | datetime:
    """The start that names an occurrence of a series: its first day, or its start in its own zone."""
    return timing.first if isinstance(timing, AllDay) else timing.start


def occurrence_key(start: date | datetime) -> date | datetime:
    """How an occurrence is told apart from the others of its series: its original start, as an instant in UTC
    when timed (two names of one instant give one key), as a date when all-day.

    >>> occurrence_key(datetime(2018, 6, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai"))).isoformat()
    '2018-06-08T02:00:00+00:00'
    >>> occurrence_key(date(2018, 6, 8))
    datetime.date(2018, 6, 8)
    """
    return start.astimezone(UTC) if isinstance(start, datetime) else start


@dataclass(frozen=True, slots=True)
class Venue:
    """A named place with its zone and coordinates."""

    key: str
    name: str
    city: str
    country: str
    timezone: str
    latitude: float
    longitude: float

    def __post_init__(self):
        errors = {}
        if not isinstance(self.key, str) or not SLUG_RE.match(self.key):
            errors["key"] = "use lower-case letters, digits and hyphens"
        for name in ("name", "city", "country"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
                errors[name] = Message("must be 1 to %(most)s characters", most=MAX_NAME)
            elif has_control(value):
                errors[name] = CONTROL_MESSAGE
        for name, most in (("latitude", 90), ("longitude", 180)):
            value = getattr(self, name)
            # A venue read from a file may come without coordinates: say so, not what Python says of None.
            if isinstance(value, bool) or not isinstance(value, int | float) or not -most <= value <= most:
                errors[name] = Message("must be a number between -%(most)s and %(most)s", most=most)
        try:  # every problem at once: the zone with the rest
            zone(self.timezone)
        except InvalidInput as error:
            errors.update(error.errors)
        if errors:
            raise InvalidInput(errors)

    @property
    def place(self) -> str:
        """Name and city, as a calendar shows a location."""
        return self.name if self.city in self.name else f"{self.name}, {self.city}"


@dataclass(frozen=True, slots=True)
class Participant:
    """A person with a role and a delegation."""

    key: str
    name: str
    role: str = ""
    delegation: str = ""

    def __post_init__(self):
        if not isinstance(self.key, str) or not SLUG_RE.match(self.key):
            raise InvalidInput("key", "use lower-case letters, digits and hyphens")
        if not self.name.strip() or len(self.name) > MAX_NAME:
            raise InvalidInput("name", Message("must be 1 to %(most)s characters", most=MAX_NAME))
        for name in ("name", "role", "delegation"):
            if has_control(getattr(self, name)):
                raise InvalidInput(name, CONTROL_MESSAGE)

    def __str__(self) -> str:
        details = ", ".join(part for part in (self.role, self.delegation) if part)
        return f"{self.name} ({details})" if details else self.name


@dataclass(frozen=True, slots=True)
class Outcome:
    """A document signed or a statement adopted at an event."""

    title: str
    area: str = ""

    def __post_init__(self):
        if not isinstance(self.title, str) or not self.title.strip() or len(self.title) > MAX_TITLE:
            raise InvalidEvent("outcomes", f"each outcome needs a title of 1 to {MAX_TITLE} characters")
        if len(self.area) > MAX_NAME:
            raise InvalidEvent("outcomes", f"an outcome's area is at most {MAX_NAME} characters")
        if has_control(self.title) or has_control(self.area):
            raise InvalidEvent("outcomes", f"an outcome {CONTROL_MESSAGE}")

    def __str__(self) -> str:
        return f"{self.title} ({self.area})" if self.area else self.title


@dataclass(frozen=True, slots=True)
class Itinerary:
    """One programme: a state visit, a summit, a trip."""

    slug: str
    title: str
    timezone: str
    summary: str = ""
    visibility: Visibility = Visibility.PUBLIC
    created: datetime | None = None
    updated: datetime | None = None
    public_changed: datetime | None = None  # when the public feed last changed (whole seconds, never backwards)
    private_changed: datetime | None = None  # when the private (staff) feed last changed
    language: str = "en"  # the itinerary's own language: its texts are in it; others fall back to it

    def __post_init__(self):
        errors = {}
        if self.language not in ("en", "ru", "zh"):  # itinerary.languages.LANGUAGES (which imports this module)
            errors["language"] = f"unknown language {str(self.language)[:20]!r}; choose one of: en, ru, zh"
        if not isinstance(self.slug, str) or not SLUG_RE.match(self.slug) or len(self.slug) > 100:
            errors["slug"] = "use 1 to 100 lower-case letters, digits and single hyphens"
        if not isinstance(self.title, str) or not self.title.strip() or len(self.title) > MAX_TITLE:
            errors["title"] = Message("must be 1 to %(most)s characters", most=MAX_TITLE)
        elif has_control(self.title):
            errors["title"] = CONTROL_MESSAGE
        if not isinstance(self.summary, str) or len(self.summary) > MAX_TEXT:
            errors["summary"] = Message("must be at most %(most)s characters", most=MAX_TEXT)
        elif has_control(self.summary):
            errors["summary"] = CONTROL_MESSAGE
        if self.visibility not in Visibility.__members__.values():
            errors["visibility"] = f"must be one of {', '.join(Visibility)}"
        if self.timezone not in _zone_names():
            errors["timezone"] = _unknown_zone(self.timezone, "Asia/Shanghai")
        if errors:
            raise InvalidItinerary(errors)
        object.__setattr__(self, "visibility", Visibility(self.visibility))


@dataclass(frozen=True, slots=True)
class Override:
    """A change to one occurrence of a recurring event, found by its original start.

    ``recurrence_id`` is the occurrence's original start: an aware datetime for a
    timed event, a date for an all-day one. Fields left None keep the series' value.
    """

    recurrence_id: date | datetime
    timing: Timing | None = None
    status: str | None = None
    title: str | None = None

    def __post_init__(self):
        if isinstance(self.recurrence_id, datetime) and self.recurrence_id.tzinfo is None:
            raise InvalidEvent("overrides", "an occurrence is named by an aware start time")
        if not isinstance(self.recurrence_id, date):
            raise InvalidEvent("overrides", "an occurrence is named by its original start")
        check_year(self.recurrence_id, "overrides")
        if self.status is not None:
            try:
                object.__setattr__(self, "status", Status(self.status))
            except ValueError:
                raise InvalidEvent(
                    "status", f"unknown status {self.status!r}; choose one of: {', '.join(Status)}"
                ) from None
        if self.title is not None and (not self.title.strip() or len(self.title) > MAX_TITLE):
            raise InvalidEvent("title", Message("must be 1 to %(most)s characters", most=MAX_TITLE))
        if has_control(self.title):
            raise InvalidEvent("title", CONTROL_MESSAGE)

    @property
    def key(self) -> date | datetime:
        """The original start as compared with expanded occurrences (see :func:`occurrence_key`)."""
        return occurrence_key(self.recurrence_id)


def _choice(enum: type[StrEnum], value: object, name: str, errors: dict[str, str]):
    try:
        return enum(value)
    except ValueError:
        errors[name] = _unknown(name, Typed(value, 40), Choices(tuple(enum)))
        return None


def _unknown(name: str, value: Typed, choices: Choices) -> str:
    """An unknown value of a choice, as a message the web says in the page's language (one template a field)."""
    if name == "kind":
        return Message("unknown kind %(value)s; choose one of: %(choices)s", value=value, choices=choices)
    if name == "format":
        return Message("unknown format %(value)s; choose one of: %(choices)s", value=value, choices=choices)
    if name == "status":
        return Message("unknown status %(value)s; choose one of: %(choices)s", value=value, choices=choices)
    if name == "visibility":
        return Message("unknown visibility %(value)s; choose one of: %(choices)s", value=value, choices=choices)
    if name == "mode":
        return Message("unknown mode %(value)s; choose one of: %(choices)s", value=value, choices=choices)
    return f"unknown {name} {value!s}; choose one of: {choices}"


@dataclass(frozen=True, slots=True)
class EventSpec:
    """What an editor says about an event, in plain values (keys for venues and people).

    Times are wall-clock (naive, read in ``timezone``) or aware datetimes; an
    all-day event gives ``first`` and ``last`` dates instead.
    """

    title: str
    kind: str = Kind.OTHER
    format: str = Format.NONE
    status: str = Status.CONFIRMED
    visibility: str = Visibility.PUBLIC
    all_day: bool = False
    start: datetime | None = None
    end: datetime | None = None
    timezone: str | None = None
    end_timezone: str | None = None
    first: date | None = None
    last: date | None = None
    # Which of two equal wall-clock times (the clocks go back) the start and end mean: 0 the first, 1 the second.
    start_fold: int | None = None
    end_fold: int | None = None
    description: str = ""
    venue: str | None = None
    destination: str | None = None
    parent: str | None = None
    participants: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    url: str = ""
    rrule: str = ""
    exdates: tuple[date | datetime, ...] = ()
    overrides: tuple[Override, ...] = ()
    rdates: tuple[date | datetime, ...] = ()
    foreign_uid: bool = False
    mode: str | None = None  # a travel leg's TravelMode, or None when not said
    # What each audience sees (see itinerary.audiences): (audience, "full"|"busy"|"hidden") pairs; an
    # audience not named keeps the default of ``visibility``. A "public" entry decides ``visibility``.
    access: tuple[tuple[str, str], ...] = ()
    label: str = ""  # what a busy event is called; empty: the neutral label of its kind

    def timing(self, default_zone: str) -> Timing:
        """The validated timing, with ``default_zone`` where no zone was given."""
        tz = self.timezone or default_zone
        if self.all_day:
            if self.start is not None or self.end is not None:
                raise InvalidEvent("start", "an all-day event has dates (first, last), not times")
            if self.first is None:
                raise InvalidEvent("first", "an all-day event needs its first day")
            return AllDay(self.first, self.last or self.first, zone(tz).key)
        if self.first is not None or self.last is not None:
            raise InvalidEvent("first", "a timed event has a start and an end, not all-day dates")
        if self.start is None:
            raise InvalidEvent("start", "a timed event needs a start")
        if self.end is None:
            raise InvalidEvent("end", "a timed event needs an end")
        return Timed.of(self.start, self.end, tz, self.end_timezone, start_fold=self.start_fold, end_fold=self.end_fold)

    def check(self) -> None:
        """Raise :class:`InvalidEvent` listing every field that breaks a rule of its own."""
        errors: dict[str, str] = {}
        if not isinstance(self.title, str) or not self.title.strip():
            errors["title"] = "must not be empty"
        elif len(self.title) > MAX_TITLE:
            errors["title"] = Message("must be at most %(most)s characters", most=MAX_TITLE)
        elif has_control(self.title):
            errors["title"] = CONTROL_MESSAGE
        if not isinstance(self.description, str) or len(self.description) > MAX_TEXT:
            errors["description"] = Message("must be at most %(most)s characters", most=MAX_TEXT)
        elif has_control(self.description):
            errors["description"] = CONTROL_MESSAGE
        for name in ("start", "end", "first", "last"):
            value = getattr(self, name)
            if isinstance(value, date) and not in_years(value):
                errors[name] = YEARS_MESSAGE
        for name in ("start", "end"):
            if getattr(self, f"{name}_fold") not in (None, 0, 1):
                errors[name] = "say 0 for the first or 1 for the second of two equal clock times"
        kind = _choice(Kind, self.kind, "kind", errors)
        _choice(Format, self.format, "format", errors)
        _choice(Status, self.status, "status", errors)
        _choice(Visibility, self.visibility, "visibility", errors)
        if kind is Kind.TRAVEL:
            if not self.venue:
                errors["venue"] = "a travel leg needs its origin"
            if not self.destination:
                errors["destination"] = "a travel leg needs its destination"
        elif self.destination:
            errors["destination"] = "only a travel leg has a destination"
        if self.mode:
            if kind is not None and kind is not Kind.TRAVEL:
                errors["mode"] = "only a travel leg has a mode of travel"
            else:
                _choice(TravelMode, self.mode, "mode", errors)
        if self.url and (len(self.url) > MAX_URL or not re.match(r"^https?://[^\s\x00-\x1f\x7f-\x9f]+$", self.url)):
            errors["url"] = "must be an http:// or https:// address without spaces"
        for name in ("participants", "categories", "outcomes", "exdates", "overrides"):
            if len(getattr(self, name)) > MAX_LIST:
                errors[name] = f"at most {MAX_LIST} entries"
        if len(self.rdates) > MAX_RDATES:
            errors["rdates"] = f"at most {MAX_RDATES} extra dates"
        for category in self.categories:
            if not category.strip() or len(category) > MAX_NAME or "," in category or has_control(category):
                errors["categories"] = f"each category is 1 to {MAX_NAME} characters without commas"
        if errors:
            raise InvalidEvent(errors)

    def replace(self, **changes) -> EventSpec:
        """A copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a programme, as stored."""

    uid: str
    itinerary: str
    title: str
    timing: Timing
    kind: Kind = Kind.OTHER
    format: Format = Format.NONE
    status: Status = Status.CONFIRMED
    visibility: Visibility = Visibility.PUBLIC
    description: str = ""
    venue: Venue | None = None
    destination: Venue | None = None
    parent: str | None = None
    participants: tuple[Participant, ...] = ()
    categories: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    url: str = ""
    rrule: str = ""
    exdates: tuple[date | datetime, ...] = ()
    overrides: tuple[Override, ...] = ()
    rdates: tuple[date | datetime, ...] = ()
    # A UID that another calendar issued: feeds carry it exactly as written, never with our domain.
    foreign_uid: bool = False
    mode: TravelMode | None = None  # how a travel leg goes (plane, train...), None when not said
    # What each audience sees, only where it differs from ``visibility``'s default (itinerary.audiences).
    access: tuple[tuple[str, str], ...] = ()
    label: str = ""  # the public label a busy event shows; empty: the neutral label of its kind
    sequence: int = 0
    created: datetime | None = None
    updated: datetime | None = None
    children: tuple[str, ...] = field(default=(), compare=False)
    # A busy event's stand-in as an audience sees it (itinerary.audiences.busy): its texts are its label alone,
    # never looked up in other languages by its UID.
    standin: bool = field(default=False, compare=False)
    # A busy event's stand-in as stored (itinerary.storage.views): digest, settings, its own SEQUENCE and
    # LAST-MODIFIED, which move only when what the stand-in shows does. None: the event's own.
    standin_state: tuple | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.access:  # one form for every equal meaning (and ``visibility`` follows the public's entry)
            from itinerary.audiences import normalized

            visibility, access = normalized(self.visibility, self.access)
            object.__setattr__(self, "visibility", visibility)
            object.__setattr__(self, "access", access)

    @property
    def all_day(self) -> bool:
        """Whether the event covers whole days."""
        return isinstance(self.timing, AllDay)

    @property
    def recurring(self) -> bool:
        """Whether the event is a series: a rule, extra dates (RDATE), or both."""
        return bool(self.rrule or self.rdates)

    @property
    def cancelled(self) -> bool:
        """Whether the event was called off (it stays in the programme)."""
        return self.status is Status.CANCELLED

    @property
    def restricted(self) -> bool:
        """Whether only editors and private feeds see the event."""
        return self.visibility is Visibility.RESTRICTED

    def spec(self) -> EventSpec:
        """The plain values this event was made from, for an update."""
        timing = self.timing
        times = (
            {"all_day": True, "first": timing.first, "last": timing.last, "timezone": timing.timezone}
            if isinstance(timing, AllDay)
            else {
                "start": timing.start,
                "end": timing.end,
                "timezone": timing.timezone,
                "end_timezone": timing.end_timezone if timing.end_timezone != timing.timezone else None,
            }
        )
        return EventSpec(
            title=self.title,
            kind=self.kind,
            format=self.format,
            status=self.status,
            visibility=self.visibility,
            description=self.description,
            venue=self.venue.key if self.venue else None,
            destination=self.destination.key if self.destination else None,
            parent=self.parent,
            participants=tuple(p.key for p in self.participants),
            categories=self.categories,
            outcomes=self.outcomes,
            url=self.url,
            rrule=self.rrule,
            exdates=self.exdates,
            overrides=self.overrides,
            rdates=self.rdates,
            foreign_uid=self.foreign_uid,
            mode=self.mode.value if self.mode else None,
            access=self.access,
            label=self.label,
            **times,
        )


def delegation_key(name: str) -> str:
    """A delegation's name as it goes in an address (``?delegation=``): its words, folded to lower case and joined
    by hyphens; the same for every spelling that differs only in case, spaces or punctuation; empty for none.

    >>> delegation_key("Russian Federation")
    'russian-federation'
    >>> delegation_key("  People's Republic of CHINA ")
    'people-s-republic-of-china'
    >>> delegation_key("Россия")
    'россия'
    """
    return "-".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name).casefold()))
