"""Flask-WTF forms: they read and check what a browser sends and hand plain values to the services.

Forms check what can be checked without the database (that a date is a date);
the domain checks the rules (that the end comes after the start) and its
messages are shown at the fields they name, with :meth:`DomainErrors.show`.
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import date, datetime, time
from typing import ClassVar
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from dateutil import parser as dateparser
from flask import request
from flask_babel import format_date, get_locale, gettext, lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, TimeInput

from itinerary import audiences, dates, recurrence
from itinerary.errors import AmbiguousTime, InvalidInput, offset_label
from itinerary.model import (
    AllDay,
    Event,
    EventSpec,
    Format,
    Itinerary,
    Kind,
    Participant,
    Status,
    TravelMode,
    Venue,
    Visibility,
    repeated_choices,
    zone,
)
from web.domain_words import field_words, quoted, say, sentence
from web.filters import said_rule
from web.words import KINDS, STATUSES, audience_heading
from web.zone_names import zone_words  # also web/change_words.py's

COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "Asia/Almaty",
    "Asia/Ho_Chi_Minh",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Dubai",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Africa/Johannesburg",
    "Australia/Sydney",
)

AUDIENCE_CHOICES = (
    ("", lazy_gettext("As the visibility says")),
    ("full", lazy_gettext("Full")),
    ("busy", lazy_gettext("Busy: time, city and label")),
    ("hidden", lazy_gettext("Hidden")),
)
RECURRENCE_PRESETS = (
    ("", lazy_gettext("Does not repeat")),
    ("FREQ=DAILY", lazy_gettext("Every day")),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", lazy_gettext("Every weekday (Monday to Friday)")),
    ("FREQ=WEEKLY", lazy_gettext("Every week")),
    ("FREQ=MONTHLY", lazy_gettext("Every month")),
    ("FREQ=YEARLY", lazy_gettext("Every year")),
    ("custom", lazy_gettext("Advanced: a rule written out")),
)
CUSTOM = "custom"
# How a preset repetition ends: with the programme (its last day), on a date, or after a number of times.
WITH_PROGRAMME, ON_DATE, AFTER_COUNT = "programme", "date", "count"
REPEAT_ENDS = (
    (WITH_PROGRAMME, lazy_gettext("With the programme (on its last day)")),
    (ON_DATE, lazy_gettext("On a date")),
    (AFTER_COUNT, lazy_gettext("After a number of times")),
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class DomainErrors:
    """Shows a domain error's messages at the form fields they name."""

    #: domain field name -> form field name, where they differ
    field_map: ClassVar[dict[str, str]] = {}

    def show(self, errors: dict[str, str]) -> None:
        """Attach each message to its field; messages about no field of this form go to ``form_errors``."""
        for name, message in errors.items():
            target = self._field_for(name)
            field = self._fields.get(target)
            if field is None or isinstance(field, SubmitField):
                # plain words, never a code's name
                self.form_errors.append(
                    sentence(gettext("%(field)s: %(message)s"), field=field_words(name), message=say(message))
                )
            else:
                field.errors = [*field.errors, say(message)]
        self._errors = None  # WTForms caches ``errors``; let it see these

    def _field_for(self, name: str) -> str:
        return self.field_map.get(name, name)


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class ChoiceField(SelectField):
    """A select whose refusal says what to do."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", lazy_gettext("choose one of the listed options"))
        super().__init__(*args, **kwargs)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", lazy_gettext("tick only the listed choices"))
        super().__init__(*args, **kwargs)


class LocalDateField(Field):
    """A date input (YYYY-MM-DD) that may be left empty."""

    widget = DateInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if text:
            try:
                self.data = date.fromisoformat(text)
            except ValueError:
                raise ValueError(
                    gettext("%(text)s is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08", text=quoted(text))
                ) from None


class LocalTimeField(Field):
    """A time input (HH:MM) that may be left empty."""

    widget = TimeInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if text:
            try:
                self.data = time.fromisoformat(text).replace(second=0, microsecond=0)
            except ValueError:
                raise ValueError(
                    gettext("%(text)s is not a time; write it as HH:MM, e.g. 09:45", text=quoted(text))
                ) from None


class FoldField(Field):
    """Which of two equal clock times is meant, on the night the clocks go back; asked only then.

    Each choice's value carries the date and time it was made for
    (``1@2024-10-27T02:30``), so that a choice never carries over to a time the
    editor typed afterwards: the question is asked again instead.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices: tuple[tuple[str, str], ...] = ()

    def process_data(self, value):
        self.data = value

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if text:
            fold, _, wall = text.partition("@")
            try:
                self.data = (int(fold), datetime.fromisoformat(wall))
            except ValueError:
                raise ValueError(gettext("choose one of the two times")) from None
            if self.data[0] not in (0, 1):
                self.data = None
                raise ValueError(gettext("choose one of the two times"))

    def _value(self) -> str:
        return "" if self.data is None else self.value_for(*self.data)

    @staticmethod
    def value_for(fold: int, wall: datetime) -> str:
        """The value of a choice: the fold and the wall-clock time it is for."""
        return f"{fold}@{wall:%Y-%m-%dT%H:%M}"

    def offer(self, first: datetime, second: datetime) -> None:
        """Ask which of ``first`` and ``second`` (the same wall-clock time, an hour apart) is meant."""
        wall = first.replace(tzinfo=None)
        self.label.text = gettext(
            "Which %(time)s on %(day)s? The clocks go back that night in %(zone)s, so it happens twice",
            time=f"{wall:%H:%M}",
            day=long_date(wall.date()),
            zone=zone_words(str(first.tzinfo)),
        )
        self.choices = (
            (self.value_for(0, wall), say(offset_label(first, "first"))),
            (self.value_for(1, wall), say(offset_label(second, "second"))),
        )

    def fold_for(self, wall: datetime | None) -> int | None:
        """The chosen fold if it was chosen for ``wall``, else None (the service then asks)."""
        if self.data is None or wall is None or self.data[1] != wall.replace(second=0, microsecond=0):
            return None
        return self.data[0]


class FoldQuestions:
    """Shows the question "which 02:30?" at the start and the end when a typed time happens twice."""

    def ask(self, error: Exception) -> None:
        """Offer the choices an :class:`~itinerary.errors.AmbiguousTime` names (nothing for other errors)."""
        if isinstance(error, AmbiguousTime):
            for name, (first, second) in error.choices.items():
                field = self._fields.get(f"{name}_fold")
                if field is not None:
                    field.offer(first, second)

    def ask_stored(self, start: datetime, end: datetime) -> None:
        """Show the question, with the stored answer chosen, for stored times that happen twice."""
        for name, value in (("start", start), ("end", end)):
            choices = repeated_choices(value.replace(tzinfo=None), value.tzinfo)
            if choices is not None:
                field = self[f"{name}_fold"]
                field.offer(*choices)
                field.data = (1 if value.fold else 0, value.replace(tzinfo=None, fold=0))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


_DEGREES = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def degrees(text: str | None) -> float | None:
    """Degrees as typed: with a decimal point or (a Russian keyboard's) decimal comma, a sign, a degree sign;
    None when it is no number (empty, words, ``nan``).

    >>> degrees("55,7558"), degrees("−37.6173"), degrees("104.2964°"), degrees("55,7,1"), degrees("nan")
    (55.7558, -37.6173, 104.2964, None, None)
    """
    cleaned = (text or "").strip().removesuffix("°").strip().replace("\u2212", "-")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned) if _DEGREES.fullmatch(cleaned) else None


def not_degrees(text: str, example: float) -> str:
    """Why ``text`` is refused as degrees, with an example written in the page's notation (ru: 55,7558)."""
    from babel.numbers import format_decimal

    shown = format_decimal(example, locale=get_locale(), decimal_quantization=False, group_separator=False)
    return gettext("'%(text)s' is not a number; write it in degrees, e.g. %(example)s", text=text, example=shown)


class SignInForm(FlaskForm):
    """An editor's username and password."""

    username = StringField(
        lazy_gettext("Username"), [DataRequired(lazy_gettext("enter your username"))], filters=[_strip]
    )
    password = PasswordField(lazy_gettext("Password"), [DataRequired(lazy_gettext("enter your password"))])
    submit = SubmitField(lazy_gettext("Sign in"))


class ConfirmForm(FlaskForm):
    """A bare POST with its CSRF token: sign out, cancel, delete, rotate or revoke a feed token."""

    submit = SubmitField(lazy_gettext("Confirm"))


class ItineraryForm(DomainErrors, FlaskForm):
    """A new itinerary; the edit form leaves the slug out, since it never changes."""

    slug = StringField(
        lazy_gettext("Slug (the itinerary's address; it never changes)"),
        filters=[_strip],
        description=lazy_gettext("Lower-case letters, digits and hyphens, e.g. berlin-trip-2019."),
    )
    title = StringField(lazy_gettext("Title"), filters=[_strip])
    timezone = StringField(
        lazy_gettext("Home time zone"),
        filters=[_strip],
        description=lazy_gettext("An IANA name such as Asia/Shanghai; the programme is shown in this zone."),
    )
    summary = TextAreaField(lazy_gettext("Summary"), filters=[_strip])
    visibility = ChoiceField(
        lazy_gettext("Visibility"),
        choices=options(
            [
                (Visibility.PUBLIC.value, lazy_gettext("Public: anyone may read it")),
                (Visibility.RESTRICTED.value, lazy_gettext("Editors only")),
            ]
        ),
        default=Visibility.PUBLIC.value,
    )
    publish_on_save = BooleanField(
        lazy_gettext("Publish every save at once"),
        description=lazy_gettext(
            "For the running days of a visit: readers and feeds see each change as soon as it is saved. "
            "Otherwise changes wait as a draft until you publish them."
        ),
    )
    submit = SubmitField(lazy_gettext("Save itinerary"))

    def values(self) -> dict:
        """The plain values for ``create_itinerary`` / ``update_itinerary``."""
        names = ("slug", "title", "timezone", "summary", "visibility")
        return {name: self[name].data for name in names if name in self}

    @classmethod
    def for_edit(cls, itinerary: Itinerary, *, publish_on_save: bool = False) -> ItineraryForm:
        """The form to edit ``itinerary``, without the slug (what was posted wins over what is stored)."""
        form = cls(obj=itinerary, publish_on_save=publish_on_save)
        del form.slug
        return form


# The same words the pages show (web/words.py): one list to translate.
KIND_WORDS = KINDS
FORMAT_WORDS = {
    Format.NONE: lazy_gettext("No particular format"),
    Format.NARROW: lazy_gettext("Narrow format"),
    Format.ENLARGED: lazy_gettext("Enlarged format"),
    Format.PLENARY: lazy_gettext("Plenary format"),
    Format.BILATERAL: lazy_gettext("Bilateral format"),
    Format.ONE_ON_ONE: lazy_gettext("One-on-one"),
}
MODE_WORDS = {
    TravelMode.PLANE: lazy_gettext("By plane"),
    TravelMode.TRAIN: lazy_gettext("By train"),
    TravelMode.CAR: lazy_gettext("By car"),
    TravelMode.HELICOPTER: lazy_gettext("By helicopter"),
    TravelMode.FOOT: lazy_gettext("On foot"),
}
STATUS_WORDS = STATUSES


class EventForm(FoldQuestions, DomainErrors, FlaskForm):
    """Everything an editor says about an event."""

    field_map: ClassVar[dict[str, str]] = {
        "start": "start_time",
        "end": "end_time",
        "first": "start_date",
        "last": "end_date",
        "end_timezone": "destination",
        "exdates": "recurrence",
        "new_venue_key": "new_venue_name",
        "new_destination_key": "new_destination_name",
        "start_fold": "start_time",
        "end_fold": "end_time",
    }

    title = StringField(lazy_gettext("Title"), filters=[_strip])
    kind = ChoiceField(
        lazy_gettext("Kind"), choices=options((k.value, KIND_WORDS[k]) for k in Kind), default=Kind.OTHER.value
    )
    format = ChoiceField(
        lazy_gettext("Format"),
        choices=options((f.value, FORMAT_WORDS[f]) for f in Format),
        default=Format.NONE.value,
    )
    all_day = BooleanField(lazy_gettext("All day (dates only, no clock times)"))
    start_date = LocalDateField(lazy_gettext("Start date"))
    start_time = LocalTimeField(lazy_gettext("Start time"))
    start_text = StringField(
        lazy_gettext("Or type the start"),
        filters=[_strip],
        description=lazy_gettext("For example 8 June 2018 10:00; it replaces the date and time above."),
    )
    end_date = LocalDateField(
        lazy_gettext("End date"),
        description=lazy_gettext("Leave empty for the same day; for an all-day event, the last day."),
    )
    end_time = LocalTimeField(
        lazy_gettext("End time"), description=lazy_gettext("A travel leg's end is read in its destination's zone.")
    )
    start_fold = FoldField(lazy_gettext("Which start time?"))
    end_text = StringField(
        lazy_gettext("Or type the end"), filters=[_strip], description=lazy_gettext("For example 8 June 2018 11:30.")
    )
    end_fold = FoldField(lazy_gettext("Which end time?"))
    timezone = StringField(
        lazy_gettext("Time zone"),
        filters=[_strip],
        description=lazy_gettext("An IANA name such as Asia/Shanghai; leave empty for the venue's zone."),
    )
    venue = ChoiceField(lazy_gettext("Venue (for travel, the origin)"), default="")
    new_venue_name = StringField(lazy_gettext("New venue: name"), filters=[_strip])
    new_venue_city = StringField(lazy_gettext("New venue: city"), filters=[_strip])
    new_venue_country = StringField(lazy_gettext("New venue: country"), filters=[_strip])
    new_venue_timezone = StringField(
        lazy_gettext("New venue: time zone"), filters=[_strip], description=lazy_gettext("e.g. Europe/Moscow")
    )
    new_venue_latitude = StringField(
        lazy_gettext("New venue: latitude"), filters=[_strip], description=lazy_gettext("-90 to 90, e.g. 55.752")
    )
    new_venue_longitude = StringField(
        lazy_gettext("New venue: longitude"), filters=[_strip], description=lazy_gettext("-180 to 180")
    )
    destination = ChoiceField(lazy_gettext("Destination (travel only)"), default="")
    # A travel leg's destination may be new too (itinerary/places.py creates it in the same transaction).
    new_destination_name = StringField(lazy_gettext("New destination: name"), filters=[_strip])
    new_destination_city = StringField(lazy_gettext("New destination: city"), filters=[_strip])
    new_destination_country = StringField(lazy_gettext("New destination: country"), filters=[_strip])
    new_destination_timezone = StringField(
        lazy_gettext("New destination: time zone"),
        filters=[_strip],
        description=lazy_gettext("e.g. Asia/Irkutsk; leave it empty to have it suggested from the coordinates."),
    )
    new_destination_latitude = StringField(
        lazy_gettext("New destination: latitude"), filters=[_strip], description=lazy_gettext("-90 to 90, e.g. 52.268")
    )
    new_destination_longitude = StringField(
        lazy_gettext("New destination: longitude"), filters=[_strip], description=lazy_gettext("-180 to 180")
    )
    mode = ChoiceField(
        lazy_gettext("Mode of travel (travel only)"),
        choices=options([("", lazy_gettext("Not said")), *((m.value, MODE_WORDS[m]) for m in TravelMode)]),
        default="",
        description=lazy_gettext("Sets the speed the checks expect of the leg."),
    )
    parent = ChoiceField(lazy_gettext("Part of"), default="")
    participants = CheckboxesField(lazy_gettext("Participants"), default=())
    status = ChoiceField(
        lazy_gettext("Status"),
        choices=options((s.value, STATUS_WORDS[s]) for s in Status),
        default=Status.CONFIRMED.value,
    )
    visibility = ChoiceField(
        lazy_gettext("Visibility"),
        choices=options(
            [
                (Visibility.PUBLIC.value, lazy_gettext("Public")),
                (Visibility.RESTRICTED.value, lazy_gettext("Restricted: editors only")),
            ]
        ),
        default=Visibility.PUBLIC.value,
    )
    # What each audience sees (itinerary.audiences); empty: as the visibility above says (public: full for
    # everyone; restricted: full for staff only). The public's choice decides the visibility when made.
    access_public = ChoiceField(audience_heading("public"), choices=options(AUDIENCE_CHOICES), default="")
    access_press = ChoiceField(audience_heading("press"), choices=options(AUDIENCE_CHOICES), default="")
    access_delegation = ChoiceField(lazy_gettext("Delegations"), choices=options(AUDIENCE_CHOICES), default="")
    access_staff = ChoiceField(audience_heading("staff"), choices=options(AUDIENCE_CHOICES), default="")
    own_audiences: ClassVar[tuple[str, ...]] = ()  # the itinerary's own audiences' names (see with_own_audiences)
    public_label = StringField(
        lazy_gettext("Public label"),
        filters=[_strip],
        description=lazy_gettext(
            "What audiences that see the event busy read instead of its title; empty: a neutral label."
        ),
    )
    recurrence = ChoiceField(lazy_gettext("Repeats"), choices=options(RECURRENCE_PRESETS), default="")
    repeat_end = ChoiceField(lazy_gettext("Ends"), choices=options(REPEAT_ENDS), default=WITH_PROGRAMME)
    repeat_until = LocalDateField(
        lazy_gettext("Last date"), description=lazy_gettext("The last day it happens, in the event's own zone.")
    )
    repeat_count = StringField(
        lazy_gettext("Number of times"), filters=[_strip], description=lazy_gettext("The first time included.")
    )
    rrule_custom = StringField(
        lazy_gettext("Advanced: the rule written out (RRULE)"),
        filters=[_strip],
        description=lazy_gettext("Only with Advanced, e.g. FREQ=MONTHLY;BYDAY=1MO;COUNT=6."),
    )
    # What the editor was shown under "Check before saving" (times and zones); saving again with it stores them.
    confirmed = HiddenField()
    description = TextAreaField(lazy_gettext("Description"), [Length(max=10_000)])
    url = StringField(lazy_gettext("Web address"), filters=[_strip], description=lazy_gettext("http:// or https://"))
    sequence = HiddenField()  # the version the edit form was filled from, to refuse overwriting a newer one
    # Asked only when the save brings new warnings (a double booking, tight travel): why to save it anyway.
    reason = StringField(
        lazy_gettext("Why save it anyway?"),
        [Length(max=200, message=lazy_gettext("say it in at most 200 characters"))],
        filters=[_strip],
        description=lazy_gettext("A few words for the change log, e.g. The minister leaves the talks early."),
    )
    save_anyway = SubmitField(lazy_gettext("Save anyway"))
    submit = SubmitField(lazy_gettext("Save event"))

    #: The programme's home zone, its span without this event, the day it is today there, the event as stored.
    home_zone: str = "UTC"
    span: dates.Span | None = None
    today: date | None = None
    stored: Event | None = None
    #: What "Check before saving" shows: (label, text) pairs, and the warnings about the dates.
    understood: tuple[tuple[str, str], ...] = ()
    date_warnings: tuple[str, ...] = ()

    def fill_choices(
        self,
        venues: list[Venue],
        participants: list[Participant],
        events: list[Event],
        *,
        itinerary: Itinerary | None = None,
        today: date | None = None,
        stored: Event | None = None,
    ) -> EventForm:
        """Offer the venues, participants and possible parent events that exist.

        With ``itinerary``, typed dates without a year are read near the span of ``events`` (the
        other events), and a date far from it is shown back before it is stored.
        """
        self.venue.choices = venue_choices(gettext("No venue"), venues, events, stored)
        self.destination.choices = venue_choices(gettext("No destination"), venues, events, stored)
        top = gettext("Nothing (a top-level event)")
        self.parent.choices = options([("", top), *[(e.uid, _by_time(e)) for e in events]])
        self.participants.choices = options((p.key, str(p)) for p in participants)
        self._venue_zones = {v.key: v.timezone for v in venues}
        if itinerary is not None:
            self.home_zone = itinerary.timezone
            self.span = dates.span(events, itinerary.timezone)
        self.today, self.stored = today, stored
        if self.span is not None:
            self.repeat_end.choices = options(
                [
                    (
                        WITH_PROGRAMME,
                        gettext("With the programme (on its last day, %(day)s)", day=long_date(self.span.last)),
                    ),
                    *REPEAT_ENDS[1:],
                ]
            )
        elif itinerary is not None:
            # A first event has no programme to end with: the default choice then saves a series without an end
            # (each expansion is capped; the programme's span counts a series by its first occurrence).
            self.repeat_end.choices = options(
                [(WITH_PROGRAMME, gettext("No end yet (the programme has no other events)")), *REPEAT_ENDS[1:]]
            )
        self.label_zones()
        return self

    def zones(self) -> tuple[str, str]:
        """The zones the start and the end are read in, as the services read them.

        The Time zone field, else the venue's zone (a new venue's), else the home zone; a travel
        leg's end is read in its destination's zone.
        """
        venue_zone = self._place_zone("venue", "new_venue")
        start = self.timezone.data or venue_zone or self.home_zone
        destination = self._place_zone("destination", "new_destination")
        end = destination if destination and not self.all_day.data else start
        return start, end

    def _place_zone(self, name: str, new: str) -> str | None:
        """The zone of the venue picked in ``name``, or of the one being created in the ``new`` fields."""
        found = getattr(self, "_venue_zones", {}).get(self[name].data or "")
        if self[f"{new}_name"].data and self[f"{new}_timezone"].data:
            with contextlib.suppress(InvalidInput):  # else refused at its own field when saving
                found = zone(self[f"{new}_timezone"].data).key
        return found

    def label_zones(self) -> None:
        """Name in each date and time label the zone it is read in."""
        start, end = self.zones()
        for name, text in _zone_labels(zone_words(start), zone_words(end), end != start).items():
            self[name].label.text = text

    def script_words(self) -> str:
        """The labels and zone names the form's script uses as the venue changes (JSON; web/static/app.js)."""
        return zone_script_words(self)

    @classmethod
    def for_event(cls, event: Event) -> EventForm:
        """The form filled with ``event`` as stored, wall-clock times in its own zones."""
        timing = event.timing
        values = {
            "title": event.title,
            "kind": event.kind.value,
            "format": event.format.value,
            "all_day": event.all_day,
            "timezone": timing.timezone,
            "venue": event.venue.key if event.venue else "",
            "destination": event.destination.key if event.destination else "",
            "mode": event.mode.value if event.mode else "",
            "parent": event.parent or "",
            "participants": [p.key for p in event.participants],
            "status": event.status.value,
            "visibility": event.visibility.value,
            **{
                f"access_{audience}": value
                for audience, value in event.access
                if audience in (*audiences.AUDIENCES, *cls.own_audiences)
            },
            "public_label": event.label,
            "description": event.description,
            "url": event.url,
            "sequence": str(event.sequence),
        }
        if event.all_day:
            values.update(start_date=timing.first, end_date=timing.last)
        else:
            values.update(
                start_date=timing.start.date(),
                start_time=timing.start.time(),
                end_date=timing.end.date(),
                end_time=timing.end.time(),
            )
        values.update(_preset_of(event))
        form = cls(data=values)
        if not event.all_day and not form.is_submitted():
            form.ask_stored(timing.start, timing.end)
        return form

    # Checks that need several fields

    def validate(self, extra_validators=None) -> bool:
        fine = super().validate(extra_validators)
        self._end_waits = False  # a typed end without a day, waiting for a typed start that could not be read
        self._read_text("start")
        self._read_text("end")
        # One message for one typed mistake: a refused typed start or end is its own message, not also "enter...".
        start_refused, end_refused = bool(self.start_text.errors), bool(self.end_text.errors) or self._end_waits
        if self.start_date.errors or self.start_time.errors or self.end_date.errors or self.end_time.errors:
            self._check_new_venue()
            self._show_domain_problems()
            return False
        if self.start_date.data is None and not start_refused:
            self._error(self.start_date, gettext("enter the start date"))
        if not self.all_day.data:
            if self.start_time.data is None and not start_refused:
                self._error(self.start_time, gettext("enter the start time, or tick All day"))
            if self.end_time.data is None and not end_refused:
                self._error(self.end_time, gettext("enter the end time, or tick All day"))
        if self.recurrence.data == CUSTOM and not self.rrule_custom.data:
            self._error(self.rrule_custom, gettext("write the rule, e.g. FREQ=DAILY;COUNT=3, or pick a preset"))
        self._check_repeat_end()
        self._check_new_venue()
        self._check_removed_audiences()
        self.label_zones()
        if not fine or self.errors:
            self._show_domain_problems()  # every problem in one answer, not the form's first and then the domain's
            return False
        return not self._needs_check()

    def _check_removed_audiences(self) -> None:
        """Refuse a setting sent for an audience this form no longer offers (removed since the form was opened):
        the editor chose it for someone, so saving without it would silently drop that choice. The form shown
        again has no such field, so that saving it again stores what it says for the remaining audiences."""
        for name, value in request.form.items(multi=True):
            audience = name.removeprefix("access_")
            if name.startswith("access_") and name not in self._fields and value:
                self.form_errors.append(
                    gettext(
                        "Audience “%(name)s”: it was removed after this form was opened, so its setting was not "
                        "saved; check the other audiences and save again.",
                        name=audience[:40],
                    )
                )

    def _show_domain_problems(self) -> None:
        """Add the domain's refusals of what the form could read to the form's own, at fields without a message yet."""
        fields, whole = self._readable_fields()
        start_zone, end_zone = self.zones()
        if whole and not fields["all_day"]:
            fields["end_timezone"] = end_zone if end_zone != start_zone else None
        from itinerary import services  # the rules an event keeps on its own, no stored state needed

        for name, error in services.event_problems(EventSpec(**fields), start_zone).items():
            if not whole and name in ("start", "end", "first", "last", "timezone"):
                continue  # the form has said what is missing from the times already
            target = self._fields.get(self._field_for(name))
            if target is None or not target.errors:
                self.show({name: error.errors[name]})

    def _readable_fields(self) -> tuple[dict, bool]:
        """The event's fields as far as the form could read them, and whether its times (and rule) were whole."""
        times_read = all(
            not f.errors for f in (self.start_date, self.start_time, self.end_date, self.end_time, self.repeat_count)
        )
        timed_whole = self.start_time.data is not None and self.end_time.data is not None
        whole = times_read and self.start_date.data is not None and (bool(self.all_day.data) or timed_whole)
        if whole and not (self.repeat_end.errors or self.repeat_until.errors or self.rrule_custom.errors):
            with contextlib.suppress(TypeError, ValueError, AttributeError):
                return self.event_fields(), True
        return self.event_fields(with_times=False), False

    def _check_repeat_end(self) -> None:
        """A preset repetition ends: with the programme, on a date on or after the start, or after 1 to N times."""
        if self.recurrence.data in ("", CUSTOM):
            return
        end = self.repeat_end.data
        if end == AFTER_COUNT:
            text = self.repeat_count.data or ""
            if not (text.isascii() and text.isdigit() and 1 <= int(text) <= recurrence.MAX_COUNT):
                most = recurrence.MAX_COUNT
                message = gettext("write how many times, a whole number from 1 to %(most)s", most=f"{most:,}")
                self._error(self.repeat_count, message)
        elif end == ON_DATE:
            if self.repeat_until.data is None and not self.repeat_until.errors:
                self._error(self.repeat_until, gettext("enter the last date, or choose another end"))
            elif self.start_date.data and self.repeat_until.data and self.repeat_until.data < self.start_date.data:
                self._error(self.repeat_until, gettext("must not be before the start date"))
        # With the programme: on its last day; a first event's series (no span yet) has no end yet, see rule().
        elif end == WITH_PROGRAMME and self.span is not None and self.span.last < (self.start_date.data or date.min):
            self._error(
                self.repeat_end,
                gettext(
                    "the programme ends on %(day)s, before this event starts; choose a date or a number",
                    day=long_date(self.span.last),
                ),
            )

    def rule(self) -> str:
        """The recurrence rule: a preset with its end, the advanced rule as written, or none."""
        preset = self.recurrence.data or ""
        if preset == CUSTOM:
            return self.rrule_custom.data or ""
        if not preset:
            return ""
        if self.repeat_end.data == AFTER_COUNT:
            return f"{preset};COUNT={int(self.repeat_count.data)}"
        if self.repeat_end.data != ON_DATE and self.span is None:
            return preset  # the first event of a programme: no end yet (see fill_choices)
        last = self.repeat_until.data if self.repeat_end.data == ON_DATE else self.span.last
        # A date: the services read it as the end of that day in the event's zone.
        return f"{preset};UNTIL={last:%Y%m%d}"

    # Showing back what was understood

    def _typed(self) -> bool:
        return bool(self.start_text.data or self.end_text.data)

    def _needs_check(self) -> bool:
        """Whether to show "Check before saving" instead of saving: typed text, or a date far from the programme.

        The check is shown once for the times it names; saving again with the same times stores them.
        """
        start_zone, end_zone = self.zones()
        fields = self.event_fields()
        fields["end_timezone"] = end_zone if end_zone != start_zone and not fields["all_day"] else None
        try:
            from itinerary import services  # the rules an event keeps on its own, no stored state needed

            services.check_spec(EventSpec(**fields), start_zone)
        except AmbiguousTime as error:
            self.ask(error)
            self.show(error.errors)
            return True
        except InvalidInput as error:
            self.show(error.errors)
            return True
        warnings_ = self._far_warnings(fields)
        if not self._typed() and not warnings_:
            return False
        shown, key = self._understood(fields, start_zone, end_zone)
        if self.confirmed.data == key:
            return False
        self.understood, self.date_warnings = shown, tuple(warnings_)
        self.confirmed.data = key
        self.confirmed.raw_data = None
        return True

    def _far_warnings(self, fields: dict) -> list[str]:
        day = fields["first"] if fields["all_day"] else fields["start"].date()
        if self.stored is not None:
            timing = self.stored.timing
            if day == (timing.first if isinstance(timing, AllDay) else timing.start.date()):
                return []  # an edit that leaves the date as it was: nothing new to warn about
        warning = dates.far_from(self.span, day)
        return [say(warning)] if warning else []

    def _understood(self, fields: dict, start_zone: str, end_zone: str) -> tuple[tuple[tuple[str, str], ...], str]:
        """What the form read, in words, and the key that says these times were shown."""
        if fields["all_day"]:
            first, last = fields["first"], fields["last"]
            label = gettext("Date") if first == last else gettext("From")
            shown = [
                (label, gettext("%(day)s (all day, %(zone)s)", day=_weekday_date(first), zone=zone_words(start_zone)))
            ]
            if first != last:
                shown.append((gettext("To"), gettext("%(day)s (all day)", day=_weekday_date(last))))
            key = f"{first}|{last}|{start_zone}"
        else:
            shown = []
            moments = []
            for label, wall, name, fold in (
                (gettext("Starts"), fields["start"], start_zone, fields["start_fold"]),
                (gettext("Ends"), fields["end"], end_zone, fields["end_fold"]),
            ):
                aware = wall.replace(tzinfo=ZoneInfo(name), fold=fold or 0)
                text = gettext(
                    "%(day)s, %(time)s %(zone)s",
                    day=_weekday_date(aware.date()),
                    time=f"{aware:%H:%M}",
                    zone=zone_words(name),
                )
                if name != self.home_zone:
                    home = aware.astimezone(ZoneInfo(self.home_zone))
                    text = gettext(
                        "%(day)s, %(time)s %(zone)s "
                        "(%(home_day)s, %(home_time)s in %(home_zone)s, the programme's zone)",
                        day=_weekday_date(aware.date()),
                        time=f"{aware:%H:%M}",
                        zone=zone_words(name),
                        home_day=_weekday_date(home.date()),
                        home_time=f"{home:%H:%M}",
                        home_zone=zone_words(self.home_zone),
                    )
                shown.append((label, text))
                moments.append(f"{wall:%Y-%m-%dT%H:%M}/{fold or 0}/{name}")
            key = "|".join(moments)
        if fields["rrule"]:
            timing_zone = start_zone
            words = said_rule(
                recurrence.with_local_until(fields["rrule"], _probe_timing(fields, timing_zone)), timing_zone
            )
            shown.append((gettext("Repeats"), words))
            key += "|" + fields["rrule"]
        return tuple(shown), key

    def _error(self, field, message: str) -> None:
        field.errors = [*field.errors, message]

    def _read_text(self, which: str) -> None:
        """Read a typed date and time (``8 June 2018 10:00``) into the date and time inputs, and normalize it."""
        text_field = self[f"{which}_text"]
        text = text_field.data
        if not text:
            return
        try:
            value, given = dates.read_typed(text, _language())
        except dateparser.UnknownTimezoneWarning:
            self._error(text_field, gettext("leave the zone out here and give it in the Time zone field"))
            return
        except (ValueError, OverflowError):
            self._error(
                text_field,
                gettext("cannot read %(text)s as a date and time; write e.g. 8 June 2018 10:00", text=quoted(text)),
            )
            return
        if value.tzinfo is not None:
            self._error(text_field, gettext("leave the zone out here and give it in the Time zone field"))
            return
        if not given["day"] or not given["month"]:
            start = self.start_date.data
            if which == "end" and not given["day"] and not given["month"] and not given["year"] and start:
                value = value.replace(year=start.year, month=start.month, day=start.day)  # "11:30": the start's day
            elif which == "end" and not given["day"] and not given["month"] and self.start_text.errors:
                self._end_waits = True  # "11:30" after an unreadable typed start: the start's refusal says it
                return
            else:
                self._error(
                    text_field,
                    gettext("give the day and the month in %(text)s, e.g. 2 December 10:00", text=quoted(text)),
                )
                return
        elif not given["year"]:
            # No default year: the one that puts the date nearest the programme (to today without one).
            if self.span is None and self.today is None:
                self._error(
                    text_field, gettext("give the year in %(text)s, e.g. 2 December 2026 10:00", text=quoted(text))
                )
                return
            value = value.replace(year=dates.nearest_year(value.month, value.day, self.span, self.today))
        typed = dates.named_weekday(text, _language())
        if typed is not None and typed != value.weekday():
            self._error(
                text_field,
                gettext(
                    "%(day)s is a %(weekday)s, not a %(typed)s; check the date",
                    day=long_date(value.date()),
                    weekday=_weekday(value.weekday()),
                    typed=_weekday(typed),
                ),
            )
            return
        date_field, time_field = self[f"{which}_date"], self[f"{which}_time"]
        date_field.data, date_field.raw_data, date_field.errors = value.date(), None, []
        has_time = given["time"]
        if has_time and not self.all_day.data:
            time_field.data, time_field.raw_data, time_field.errors = value.time(), None, []
        text_field.data = value.strftime("%Y-%m-%d %H:%M" if has_time and not self.all_day.data else "%Y-%m-%d")

    def _check_new_venue(self) -> None:
        for prefix in ("new_venue", "new_destination"):
            if self[f"{prefix}_name"].data:
                self._check_new_place(prefix)

    def _check_new_place(self, prefix: str) -> None:
        needs = _NEEDS_VENUE if prefix == "new_venue" else _NEEDS_DESTINATION
        for name in ("city", "country", "latitude", "longitude"):
            field = self[f"{prefix}_{name}"]
            if not field.data:
                self._error(field, str(needs[name]))
        numbers = {}
        for name, example in (("latitude", 55.752), ("longitude", 37.618)):
            field = self[f"{prefix}_{name}"]
            if field.data:
                number = degrees(field.data)
                if number is None:
                    self._error(field, not_degrees(field.data, example))
                else:
                    numbers[name] = number
        field = self[f"{prefix}_timezone"]
        if not field.data:
            from itinerary import places  # the zone of the nearest city: read only when one is asked for

            found = places.suggest_zone(numbers["latitude"], numbers["longitude"]) if len(numbers) == 2 else None
            if found is None:
                self._error(field, str(needs["timezone"]))
            else:
                field.data, field.raw_data = found.timezone, None
                self._error(
                    field,
                    gettext(
                        "suggested from the nearest city, %(city)s (%(country)s): check it and save again",
                        city=found.city,
                        country=found.country,
                    ),
                )
        # The venue's own rules (a latitude within -90 to 90, a known zone) in the same answer as the rest.
        values = {name: self[f"{prefix}_{name}"].data or "" for name in ("name", "city", "country", "timezone")}
        try:
            Venue(
                key="new-venue",
                latitude=numbers.get("latitude", 0.0),
                longitude=numbers.get("longitude", 0.0),
                **values,
            )
        except InvalidInput as error:
            for name, message in error.errors.items():
                field = self._fields.get(f"{prefix}_{name}")
                if field is not None and not field.errors:
                    self._error(field, say(message))

    # Plain values for the services

    def new_venue(self, key: str, prefix: str = "new_venue") -> dict | None:
        """The fields of the venue (or, with ``prefix`` new_destination, the destination) to create first.

        None when the editor picked an existing one.
        """
        if not self[f"{prefix}_name"].data:
            return None
        return {
            "key": key,
            **{name: self[f"{prefix}_{name}"].data for name in ("name", "city", "country", "timezone")},
            **{name: degrees(self[f"{prefix}_{name}"].data) for name in ("latitude", "longitude")},
        }

    def event_fields(
        self, venue_key: str | None = None, destination_key: str | None = None, *, with_times: bool = True
    ) -> dict:
        """The fields of an :class:`~itinerary.model.EventSpec` (all of them that the form edits).

        Without ``with_times`` the times and the rule are left out (the form could not read them).
        """
        all_day = bool(self.all_day.data) and with_times
        times = {"start": None, "end": None, "first": None, "last": None}
        if not with_times:
            pass
        elif all_day:
            times.update(first=self.start_date.data, last=self.end_date.data or self.start_date.data)
        else:
            end_day = self.end_date.data or self.start_date.data
            start = datetime.combine(self.start_date.data, self.start_time.data)
            end = datetime.combine(end_day, self.end_time.data)
            times.update(
                start=start, end=end, start_fold=self.start_fold.fold_for(start), end_fold=self.end_fold.fold_for(end)
            )
        rule = self.rule() if with_times else ""
        # Exception dates are kept as they are, unless the event stops repeating: then they mean nothing.
        no_repeat = {} if rule else {"exdates": ()}
        return {
            **no_repeat,
            "title": self.title.data or "",
            "kind": self.kind.data,
            "format": self.format.data,
            "status": self.status.data,
            "visibility": self.visibility.data,
            "access": tuple(
                (audience, chosen)
                for audience in (*audiences.AUDIENCES, *self.own_audiences)
                if (chosen := getattr(self, f"access_{audience}").data)
            ),
            "label": self.public_label.data or "",
            "all_day": all_day,
            **times,
            "timezone": self.timezone.data or None,
            "end_timezone": None,
            # A new venue (or destination) is named by its key-to-be, so that the checks made before saving see it.
            "venue": venue_key or new_venue_key(self.new_venue_name.data) or self.venue.data or None,
            "destination": (
                destination_key or new_venue_key(self.new_destination_name.data) or self.destination.data or None
            ),
            # Only a leg has a mode: one left chosen on an event that is no longer a leg is dropped.
            "mode": (self.mode.data or None) if self.kind.data == Kind.TRAVEL.value else None,
            "parent": self.parent.data or None,
            "participants": tuple(self.participants.data or ()),
            "description": self.description.data or "",
            "url": self.url.data or "",
            "rrule": rule or "",
        }

    def read_sequence(self) -> int | None:
        """The event's SEQUENCE when the form was filled, or None for a new event (or a tampered value)."""
        text = self.sequence.data or ""
        return int(text) if text.isascii() and text.isdigit() else None  # "²".isdigit(), but int("²") fails

    def _field_for(self, name: str) -> str:
        if name == "rrule":
            return "rrule_custom" if self.recurrence.data == CUSTOM else "recurrence"
        if name == "timezone" and not self.timezone.data and self.new_venue_name.data:
            return "new_venue_timezone"
        if name.startswith("new_venue_") and name not in self._fields:
            return "new_venue_name"
        if name == "end_timezone" and self.new_destination_name.data:
            return "new_destination_timezone"
        if name.startswith("new_destination_") and name not in self._fields:
            return "new_destination_name"
        return super()._field_for(name)


def new_venue_key(name: str | None) -> str | None:
    """The key a venue created inline gets, ``Moscow Kremlin`` -> ``moscow-kremlin``, or None without a name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100] or "venue" if name else None


def venue_choices(empty: str, venues: list[Venue], events: list[Event], stored: Event | None) -> list[SelectChoice]:
    """The venue picker's options: ``empty``, then the venues this itinerary's events use, then the others.

    Each option carries its zone (``data-zone``), so that the form's labels can follow the choice.
    """
    own = {v.key for e in [*events, *([stored] if stored else [])] for v in (e.venue, e.destination) if v is not None}
    groups = (gettext("This itinerary's venues"), gettext("Other venues")) if own else (None, gettext("Venues"))
    return [
        SelectChoice("", empty),
        *(
            SelectChoice(
                v.key,
                zoned_place(v.place, v.city, v.timezone),
                {"data-zone": v.timezone, "data-zone-name": zone_words(v.timezone)},
                groups[v.key not in own],
            )
            for v in sorted(venues, key=lambda v: v.key not in own)
        ),
    ]


def zoned_place(place: str, city: str, zone: str) -> str:
    """A venue option's label: the place, with its zone's city after it only where that is not the venue's own city
    (``Beijing`` alone, not ``Beijing (Beijing)``; ``Baikonur (Almaty)``)."""
    said = zone_words(zone)
    return place if said == city else gettext("%(name)s (%(details)s)", name=place, details=said)  # zh: full-width


def long_date(day: date) -> str:
    """``2 December 2026`` (in Russian and Chinese as Babel writes a long date)."""
    if str(get_locale() or "en") != "en":
        return format_date(day, "long")
    return f"{day.day} {day:%B %Y}"


def _weekday(index: int) -> str:
    """A weekday's name (0 is Monday), as the page's language writes it."""
    if str(get_locale() or "en") != "en":
        return format_date(date(2018, 6, 4 + index), "EEEE")  # 4 June 2018 was a Monday
    return _WEEKDAY_NAMES[index].capitalize()


def _weekday_date(day: date) -> str:
    """``Wednesday 2 December 2026`` (in Russian and Chinese as Babel writes a full date)."""
    if str(get_locale() or "en") != "en":
        return format_date(day, "full")
    return f"{day:%A} {long_date(day)}"


def _language() -> str:
    """The page's language, as the domain's readers of typed text take it: ``en``, ``ru``, ``zh``."""
    return str(get_locale() or "en").split("_")[0]


def _probe_timing(fields: dict, timezone: str):
    """The event's timing as the services will build it, for naming an UNTIL by its local date."""
    return EventSpec(**fields).timing(timezone)


def _preset_of(event: Event) -> dict:
    """The form's repetition fields for a stored rule: a preset with its end where one fits, else Advanced."""
    rule = event.rrule
    if not rule:
        return {"recurrence": ""}
    presets = {value for value, _ in RECURRENCE_PRESETS if value not in ("", CUSTOM)}
    parts = rule.split(";")
    ends = [part for part in parts if part.startswith(("COUNT=", "UNTIL="))]
    base = ";".join(part for part in parts if not part.startswith(("COUNT=", "UNTIL=")))
    if base in presets and len(ends) == 1:
        name, _, value = ends[0].partition("=")
        if name == "COUNT":
            return {"recurrence": base, "repeat_end": AFTER_COUNT, "repeat_count": value}
        timing = event.timing
        try:
            if "T" in value:
                moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
                if value.endswith("Z") and not isinstance(timing, AllDay):
                    moment = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(timing.start.tzinfo)
                last = moment.date()
            else:
                last = datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            return {"recurrence": CUSTOM, "rrule_custom": rule}
        return {"recurrence": base, "repeat_end": ON_DATE, "repeat_until": last}
    return {"recurrence": CUSTOM, "rrule_custom": rule}


class ImportForm(FlaskForm):
    """An .ics file to merge into an itinerary."""

    file = FileField(
        lazy_gettext("Calendar file (.ics)"),
        [
            FileRequired(lazy_gettext("choose an .ics file to import")),
            FileAllowed(["ics"], lazy_gettext("only .ics files can be imported")),
        ],
    )
    submit = SubmitField(lazy_gettext("Import"))


class ImportAcceptedForm(FlaskForm):
    """The second step of a refused import: the kept file, named by its digest, and the editor's explicit choice."""

    digest = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    submit = SubmitField(lazy_gettext("Import the accepted events"))


class PublishForm(DomainErrors, FlaskForm):
    """Publish the draft as the next numbered release, with an optional note: readers see it at once."""

    note = TextAreaField(
        lazy_gettext("Note (optional)"),
        filters=[_strip],
        description=lazy_gettext("What this release is, e.g. Sent to the press pool."),
    )
    submit = SubmitField(lazy_gettext("Publish"))


class MoveOccurrenceForm(FoldQuestions, DomainErrors, FlaskForm):
    """A new start and end for one occurrence of a recurring event, in the event's own zones."""

    field_map: ClassVar[dict[str, str]] = {
        "start": "start_time",
        "end": "end_time",
        "overrides": "start_date",
        "start_fold": "start_time",
        "end_fold": "end_time",
    }

    start_date = LocalDateField(lazy_gettext("New start date"))
    start_time = LocalTimeField(lazy_gettext("New start time"))
    start_fold = FoldField(lazy_gettext("Which start time?"))
    end_date = LocalDateField(lazy_gettext("New end date"), description=lazy_gettext("Leave empty for the same day."))
    end_time = LocalTimeField(lazy_gettext("New end time"))
    end_fold = FoldField(lazy_gettext("Which end time?"))
    submit = SubmitField(lazy_gettext("Move this occurrence"))

    @classmethod
    def for_timing(cls, timing) -> MoveOccurrenceForm:
        """The form filled with the occurrence's current times (what was posted wins)."""
        form = cls(
            data={
                "start_date": timing.start.date(),
                "start_time": timing.start.time(),
                "end_date": timing.end.date(),
                "end_time": timing.end.time(),
            }
        )
        if not form.is_submitted():
            form.ask_stored(timing.start, timing.end)
        return form

    def validate(self, extra_validators=None) -> bool:
        fine = super().validate(extra_validators)
        for field, message in (
            (self.start_date, gettext("enter the new start date")),
            (self.start_time, gettext("enter the new start time")),
            (self.end_time, gettext("enter the new end time")),
        ):
            if field.data is None and not field.errors:
                field.errors = [*field.errors, message]
        return fine and not self.errors

    def times(self) -> tuple[datetime, datetime]:
        """The new start and end as wall-clock times."""
        start = datetime.combine(self.start_date.data, self.start_time.data)
        return start, datetime.combine(self.end_date.data or self.start_date.data, self.end_time.data)

    def folds(self) -> dict[str, int | None]:
        """Which of two equal clock times the start and end mean, where the editor said so for these times."""
        start, end = self.times()
        return {"start_fold": self.start_fold.fold_for(start), "end_fold": self.end_fold.fold_for(end)}


class DuplicateForm(DomainErrors, FlaskForm):
    """A copy of an itinerary as a template for the next visit: its new slug and title, and maybe a new first day."""

    field_map: ClassVar[dict[str, str]] = {"slug": "new_slug"}

    new_slug = StringField(
        lazy_gettext("Slug of the copy (its address; it never changes)"),
        filters=[_strip],
        description=lazy_gettext("Lower-case letters, digits and hyphens, e.g. berlin-trip-2020."),
    )
    title = StringField(lazy_gettext("Title of the copy"), filters=[_strip])
    starting = LocalDateField(
        lazy_gettext("New first day (optional)"),
        description=lazy_gettext(
            "Every event moves by the same number of days, keeping its time of day. Leave empty to keep the dates."
        ),
    )
    submit = SubmitField(lazy_gettext("Make the copy"))

    def values(self) -> dict:
        """The plain values for ``lifecycle.duplicate_itinerary``."""
        return {"new_slug": self.new_slug.data, "title": self.title.data, "starting": self.starting.data}


def _by_time(event: Event) -> str:
    """An event as a picker lists it, its time first in its own zone: ``Fri 8 Jun, 10:00: Talks``."""
    timing = event.timing
    day = timing.first if isinstance(timing, AllDay) else timing.start.date()
    shown = f"{day:%a} {day.day} {day:%b}" if str(get_locale() or "en") == "en" else _short_day(day)
    if isinstance(timing, AllDay):
        return f"{shown}: {event.title}"
    return f"{shown}, {timing.start:%H:%M}: {event.title}"


# What a new venue or destination typed in the event form still needs (one sentence each, for the catalogs).
_NEEDS_VENUE = {
    "city": lazy_gettext("a new venue needs its city"),
    "country": lazy_gettext("a new venue needs its country"),
    "latitude": lazy_gettext("a new venue needs its latitude"),
    "longitude": lazy_gettext("a new venue needs its longitude"),
    "timezone": lazy_gettext("a new venue needs its time zone"),
}
_NEEDS_DESTINATION = {
    "city": lazy_gettext("a new destination needs its city"),
    "country": lazy_gettext("a new destination needs its country"),
    "latitude": lazy_gettext("a new destination needs its latitude"),
    "longitude": lazy_gettext("a new destination needs its longitude"),
    "timezone": lazy_gettext("a new destination needs its time zone"),
}


def _short_day(day: date) -> str:
    """A weekday and date, short, as the page's language writes it: ``пт, 8 июн.``, ``6月8日周五``."""
    return format_skeleton("MMMEd", day, locale=get_locale())


def with_own_audiences(form_class: type[EventForm], own) -> type[EventForm]:
    """The event form with a choice for each of the itinerary's own audiences (``own``: its
    :class:`~itinerary.records.ExtraAudience` values), labelled as the editors labelled them."""
    if not own:
        return form_class
    fields = {f"access_{a.name}": ChoiceField(a.label, choices=options(AUDIENCE_CHOICES), default="") for a in own}
    return type(form_class.__name__, (form_class,), {**fields, "own_audiences": tuple(a.name for a in own)})


def _zone_labels(start: str, end: str, destination: bool) -> dict[str, str]:
    """The date and time fields' labels naming the zones they are read in (already named for the page)."""
    if destination:
        return {
            "start_date": gettext("Start date (%(zone)s)", zone=start),
            "start_time": gettext("Start time (%(zone)s)", zone=start),
            "end_date": gettext("End date (%(zone)s, the destination's zone)", zone=end),
            "end_time": gettext("End time (%(zone)s, the destination's zone)", zone=end),
        }
    return {
        "start_date": gettext("Start date (%(zone)s)", zone=start),
        "start_time": gettext("Start time (%(zone)s)", zone=start),
        "end_date": gettext("End date (%(zone)s)", zone=end),
        "end_time": gettext("End time (%(zone)s)", zone=end),
    }


def zone_script_words(form: EventForm) -> str:
    """What the event form's script needs to label the dates in the page's language as the venue changes (JSON):
    the labels with ``{start}`` and ``{end}`` for the zones, with and without a destination zone, and the name of
    each zone the form offers or is likely to be typed (a zone typed that is not among them is shown as typed)."""
    keys = {form.home_zone, *COMMON_ZONES, *getattr(form, "_venue_zones", {}).values()}
    return json.dumps(
        {
            "same": _zone_labels("{start}", "{end}", False),
            "destination": _zone_labels("{start}", "{end}", True),
            "names": {key: zone_words(key) for key in sorted(keys)},
        },
        ensure_ascii=False,
    )
