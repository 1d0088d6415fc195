"""Domain errors: every refusal the service makes, with a message a user can act on."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime


class ItineraryError(Exception):
    """Base class of every error the itinerary domain raises."""


# Fields in the words an editor reads on a form (a field not named here reads as its name, capitalized).
FIELD_WORDS = {
    "title": "Title",
    "start": "Start",
    "end": "End",
    "first": "First day",
    "last": "Last day",
    "timezone": "Time zone",
    "end_timezone": "Time zone of the destination",
    "start_fold": "Start",
    "end_fold": "End",
    "url": "Web address",
    "rrule": "Repeats",
    "exdates": "Dates left out of the series",
    "rdates": "Extra dates of the series",
    "overrides": "Changed occurrences",
    "mode": "Mode of travel",
    "reason": "Why save it anyway",
    "new_venue_name": "New venue: name",
    "new_venue_key": "New venue: name",
    "new_venue_city": "New venue: city",
    "new_venue_country": "New venue: country",
    "new_venue_timezone": "New venue: time zone",
    "new_venue_latitude": "New venue: latitude",
    "new_venue_longitude": "New venue: longitude",
}


def field_words(name: str) -> str:
    """A field's name as an editor reads it.

    >>> field_words("end_timezone"), field_words("participants")
    ('Time zone of the destination', 'Participants')
    """
    return FIELD_WORDS.get(name, name.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of an input: the field (as the code names it), the field in plain words, and what is wrong."""

    field: str
    words: str
    message: str

    def __str__(self) -> str:
        return f"{self.words}: {self.message}"


class InvalidInput(ItineraryError, ValueError):
    """Input that breaks a rule; ``errors`` maps each wrong field to its message (every problem, not the first)."""

    def __init__(self, errors: Mapping[str, str] | str, message: str | None = None):
        if isinstance(errors, str):
            errors = {errors: message or "is invalid"}
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{field}: {text}" for field, text in self.errors.items()))

    @property
    def field(self) -> str:
        """The first wrong field."""
        return next(iter(self.errors))

    @property
    def every_problem(self) -> list[Problem]:
        """Every problem, each with its field in plain words."""
        return [Problem(name, field_words(name), message) for name, message in self.errors.items()]


class InvalidEvent(InvalidInput):
    """An event that breaks a rule."""


class AmbiguousTime(InvalidEvent):
    """Wall-clock times that happen twice, because the clocks go back; the editor must say which is meant.

    ``choices`` maps each such field to its two instants, the first (fold 0)
    before the second (fold 1), both aware in the field's zone.
    """

    def __init__(self, choices: Mapping[str, tuple[datetime, datetime]]):
        self.choices: dict[str, tuple[datetime, datetime]] = dict(choices)
        super().__init__(
            {
                name: Message(
                    "%(time)s happens twice in %(zone)s (the clocks go back): choose %(first)s or %(second)s",
                    time=f"{first:%Y-%m-%d %H:%M}",
                    zone=str(first.tzinfo),
                    first=offset_label(first, "first"),
                    second=offset_label(second, "second"),
                )
                for name, (first, second) in self.choices.items()
            }
        )


def offset_label(value: datetime, which: str) -> str:
    """A wall-clock time with its zone's abbreviation and offset, e.g. ``02:30 CET (UTC+01:00, second)``.

    >>> from zoneinfo import ZoneInfo
    >>> offset_label(datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Berlin")), "second")
    '02:30 CET (UTC+01:00, second)'
    """
    offset = value.strftime("%z")
    parts = {"time": f"{value:%H:%M}", "abbr": value.tzname(), "offset": f"{offset[:3]}:{offset[3:]}"}
    if which == "first":  # a Message, so that the web interface says "first" in the reader's language
        return Message("%(time)s %(abbr)s (UTC%(offset)s, first)", **parts)
    if which == "second":
        return Message("%(time)s %(abbr)s (UTC%(offset)s, second)", **parts)
    return f"{value:%H:%M} {value.tzname()} (UTC{offset[:3]}:{offset[3:]}, {which})"


class InvalidItinerary(InvalidInput):
    """An itinerary that breaks a rule."""


class DraftRefused(InvalidInput):
    """An announcement that cannot be read into a draft (too big, binary, no dates); nothing was stored."""


class InvalidRecurrence(InvalidEvent):
    """A recurrence rule that does not parse or cannot be used."""


class NotFound(ItineraryError, LookupError):
    """Something asked for by name that does not exist."""


class ItineraryNotFound(NotFound):
    """No itinerary has this slug."""

    def __init__(self, slug: str):
        self.slug = slug
        super().__init__(Message("no itinerary with slug %(slug)s", slug=Typed(slug)))


class EventNotFound(NotFound):
    """No event of the itinerary has this UID."""

    def __init__(self, slug: str, uid: str):
        self.slug, self.uid = slug, uid
        super().__init__(Message("no event %(uid)s in itinerary %(slug)s", uid=Typed(uid), slug=Typed(slug)))


class FeedNotFound(NotFound):
    """No itinerary has this private feed token (never issued, rotated or revoked)."""

    def __init__(self):
        super().__init__("no feed at this address; ask an editor for the current private feed link")


class EditConflict(ItineraryError):
    """Someone else saved the same thing since it was read; nothing was overwritten."""


class AlreadyExists(ItineraryError):
    """Something with this key exists already; ``errors`` maps the field (where named) to its message.

    >>> AlreadyExists("slug", Message("an itinerary called %(slug)s exists already", slug=Typed("x"))).errors
    {'slug': "an itinerary called 'x' exists already"}
    """

    def __init__(self, field_or_message: object, message: object = None):
        if message is None:  # one sentence, "field: …"
            field, _, message = str(field_or_message).partition(": ")
            super().__init__(field_or_message)
        else:
            field = str(field_or_message)
            super().__init__(f"{field}: {message}")
        self.errors: dict[str, object] = {field: message}


class TooManySignIns(ItineraryError):
    """Sign-in refused unchecked: too many failures lately for this account or address; ``wait`` says how long."""

    def __init__(self, wait):
        self.wait = wait
        seconds = max(1, math.ceil(wait.total_seconds()))
        # A Message with its count, so that the web interface says it in the reader's language and plural.
        if seconds < 60:
            self.message = Message.count(
                "Too many failed sign-ins. Try again in %(num)s second.",
                "Too many failed sign-ins. Try again in %(num)s seconds.",
                seconds,
            )
        else:
            self.message = Message.count(
                "Too many failed sign-ins. Try again in %(num)s minute.",
                "Too many failed sign-ins. Try again in %(num)s minutes.",
                math.ceil(seconds / 60),
            )
        super().__init__(str(self.message))

    @property
    def retry_after(self) -> int:
        """The wait in whole seconds, rounded up (for ``Retry-After``)."""
        return max(1, math.ceil(self.wait.total_seconds()))


class EditorDisabled(ItineraryError):
    """The editor's account is disabled; nobody may sign in to it until it is enabled again."""

    def __init__(self, username: str):
        self.username = username
        super().__init__(f"username: the editor account {username!r} is disabled; ask an administrator")


class FixtureError(ItineraryError, ValueError):
    """A fixture file that cannot be loaded."""


class ScheduleConflict(ItineraryError):
    """A change that would give the programme new errors (see :mod:`itinerary.checks`); nothing was saved.

    ``findings`` are the new error findings, each naming the events involved.
    """

    def __init__(self, findings):
        self.findings = tuple(findings)
        super().__init__("; ".join(finding.message for finding in self.findings) or "the change conflicts")


class InvalidToken(ItineraryError):
    """A bearer token that opens nothing here: never issued, rotated, revoked, or another itinerary's."""

    def __init__(self):
        super().__init__("the bearer token is not valid for this address; ask an editor for the current private link")


class InUse(ItineraryError):
    """A venue or participant that events still use, so it cannot be deleted; ``uses`` names each event."""

    def __init__(self, message: str, uses: tuple[str, ...]):
        self.uses = uses
        super().__init__(message)


class ScheduleWarnings(ScheduleConflict):
    """A change that would give the programme new warnings; nothing was saved until the editor gives a reason.

    ``findings`` are the new warnings (double bookings, tight travel, missing legs…). The same
    change saved again with a short reason ("save anyway") is stored, and the change log keeps
    the reason.
    """


class Message(str):
    """A message in English (``str()`` of it, for logs and the command line) that keeps its template and values.

    The web interface says it in the reader's language by looking the template up in its catalogs
    (``web/domain_words.py``); the domain stays free of any translation machinery. Templates use
    named placeholders, ``%(name)s``, as gettext catalogs do.

    >>> message = Message("must be at most %(most)s characters", most=200)
    >>> str(message), message.template, message.params
    ('must be at most 200 characters', 'must be at most %(most)s characters', {'most': 200})
    """

    template: str
    params: dict
    plural: str | None = None  # with a count: the template for counts other than one (``num`` is the count)

    def __new__(cls, template: str, /, **params):
        self = super().__new__(cls, template % params if params else template)
        self.template, self.params = template, params
        return self

    @classmethod
    def count(cls, singular: str, plural: str, num: int, /, **params) -> Message:
        """A message about ``num`` things, ``%(num)s`` in both templates.

        >>> str(Message.count("%(num)s day", "%(num)s days", 2))
        '2 days'
        """
        self = cls(singular if num == 1 else plural, num=num, **params)
        self.template, self.plural = singular, plural
        return self

    def __reduce__(self):
        return (_message, (self.template, self.params, self.plural))


def _message(template: str, params: dict, plural: str | None = None) -> Message:
    if plural is not None:
        return Message.count(template, plural, params.pop("num"), **params)
    return Message(template, **params)


# Names inside a message (issue 16): a participant, an event, a venue or a city is named by its text in the
# itinerary's own language; the web interface says each in the page's language, as the reader pages do.
NAMED_KINDS = ("participant", "event", "venue", "city", "delegation")


@dataclass(frozen=True, slots=True)
class Named:
    """A name in a message: what it names (``kind``, one of :data:`NAMED_KINDS`), the key of its texts in other
    languages (a participant's or venue's key; a city by its venue's key; an event's UID), and its own text, in
    the language of the itinerary ``itinerary`` (its slug; "" when none). ``str()`` is the own text, so that logs
    and the command line read as before.

    >>> str(Named("participant", "yuri-ushakov", "Yuri Ushakov", "china-state-visit-2018"))
    'Yuri Ushakov'
    """

    kind: str
    key: str
    text: str
    itinerary: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Place:
    """A venue named as a calendar shows its location (``Venue.place``): its name, and its city unless the name
    holds it.

    >>> str(Place(Named("venue", "v", "Great Hall of the People"), Named("city", "v", "Beijing")))
    'Great Hall of the People, Beijing'
    >>> str(Place(Named("venue", "v", "Tianjin Station"), Named("city", "v", "Tianjin")))
    'Tianjin Station'
    """

    name: Named
    city: Named

    def __str__(self) -> str:
        name, city = self.name.text, self.city.text
        return name if city in name else f"{name}, {city}"


@dataclass(frozen=True, slots=True)
class Names:
    """Names listed in a sentence, ``A, B and C`` in English (the web interface joins them in the page's language).

    >>> str(Names((Named("participant", "a", "A"), Named("participant", "b", "B"), Named("participant", "c", "C"))))
    'A, B and C'
    """

    items: tuple[Named, ...]

    def __str__(self) -> str:
        texts = [str(item) for item in self.items]
        return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


# Days, times and spans inside a message (issue 16): the domain keeps what each is (a date, a time, a span of
# them) with its English text; the web interface writes each as the page's language writes dates and times.


@dataclass(frozen=True, slots=True)
class Day:
    """A day in a message. ``str()`` is the English text.

    >>> str(Day(date(2018, 6, 8)))
    '8 June 2018'
    """

    value: date

    def __str__(self) -> str:
        return f"{self.value.day} {self.value:%B %Y}"


@dataclass(frozen=True, slots=True)
class Clock:
    """A time of day in a message, with its zone's abbreviation where ``zoned`` (times in several zones, or an
    hour the clocks repeat).

    >>> from zoneinfo import ZoneInfo
    >>> at = datetime(2018, 6, 8, 12, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> str(Clock(at)), str(Clock(at, zoned=True))
    ('12:15', '12:15 CST')
    """

    value: datetime
    zoned: bool = False

    def __str__(self) -> str:
        return f"{self.value:%H:%M} {self.value.tzname()}" if self.zoned else f"{self.value:%H:%M}"


@dataclass(frozen=True, slots=True)
class Span:
    """A span in a message: whole days (``start`` and ``end`` dates, ``end`` the last day) or a time (datetimes,
    each in its own zone, zones named where ``zoned``); ``text`` is how the domain says it in English (``str()``).

    >>> str(Span(date(2018, 6, 9), date(2018, 6, 10), "9-10 June 2018"))
    '9-10 June 2018'
    """

    start: date
    end: date
    text: str
    zoned: bool = False

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Stamp:
    """A moment in a message (when something was saved), a date and a time; ``text`` is its English (``str()``)."""

    value: datetime
    text: str

    def __str__(self) -> str:
        return self.text


TIMED = (Day, Clock, Span, Stamp)


# Values someone typed, and lists of choices, inside a message (issue 16): the domain says what each is, the web
# interface quotes and joins it as the page's language does.


class Typed(str):
    """A value as someone typed it (a form field, a URL parameter, a line of a file), quoted where a message shows
    it: ``str()`` quotes it as English does, the web interface as the page's language does («…», “…”). Cut to
    ``most`` characters, so that a refusal never repeats a page of text.

    >>> str(Message("%(text)s is not a date", text=Typed("2018-13-45")))
    "'2018-13-45' is not a date"
    >>> Typed("x" * 50, most=3) == "xxx"
    True
    """

    __slots__ = ()

    def __new__(cls, value: object, most: int | None = None):
        text = value if isinstance(value, str) else str(value)
        return super().__new__(cls, text[:most] if most is not None else text)

    def __str__(self) -> str:
        return f"'{str.__str__(self)}'"

    def __getnewargs__(self):
        return (str.__str__(self),)


@dataclass(frozen=True, slots=True)
class LanguageName:
    """A language named in a message: its code, and its English name (``str()``, for logs and the command line); the
    web interface names it in the page's language ("Russian", "русский", "俄语").

    >>> str(LanguageName("ru", "Russian"))
    'Russian'
    """

    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class InLanguage:
    """A text in a message that is in the language ``lang`` whatever the page's (a title an itinerary has only in
    its own language); ``str()`` is the text.

    >>> str(InLanguage("Briefing now", "en"))
    'Briefing now'
    """

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Choices:
    """The values a refusal offers to choose from (codes, languages, names), listed ``a, b, c`` in English; the web
    interface lists them as the page's language lists names ("a、b、c").

    >>> str(Choices(("en", "ru", "zh")))
    'en, ru, zh'
    """

    items: tuple[str, ...]

    def __str__(self) -> str:
        return ", ".join(str(item) for item in self.items)
