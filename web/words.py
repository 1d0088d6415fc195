"""Domain values in the reader's language: kinds, formats, statuses, travel modes, severities, change actions.

:mod:`itinerary` names these values in English for logs and files (``Kind.label``); the pages translate them
here, at the web edge, so that the domain never needs Flask or a catalog.
"""

from __future__ import annotations

from babel import Locale
from flask import Flask
from flask_babel import LazyString, get_locale, gettext, lazy_gettext
from markupsafe import Markup, escape

from itinerary.languages import LANGUAGES, script_language
from itinerary.model import Format, Kind, Outcome, Status, TravelMode

KINDS = {
    Kind.TALKS: lazy_gettext("Talks"),
    Kind.CEREMONY: lazy_gettext("Ceremony"),
    Kind.PRESS: lazy_gettext("Press"),
    Kind.TRAVEL: lazy_gettext("Travel"),
    Kind.MEAL: lazy_gettext("Meal"),
    Kind.CULTURE: lazy_gettext("Culture"),
    Kind.SUMMIT_SESSION: lazy_gettext("Summit session"),
    Kind.SUMMIT: lazy_gettext("Summit"),
    Kind.ARRIVAL: lazy_gettext("Arrival"),
    Kind.DEPARTURE: lazy_gettext("Departure"),
    Kind.MEETING: lazy_gettext("Meeting"),
    Kind.CALL: lazy_gettext("Call"),
    Kind.OTHER: lazy_gettext("Other"),
}

FORMATS = {
    Format.NARROW: lazy_gettext("narrow format"),
    Format.ENLARGED: lazy_gettext("enlarged format"),
    Format.PLENARY: lazy_gettext("plenary format"),
    Format.BILATERAL: lazy_gettext("bilateral format"),
    Format.ONE_ON_ONE: lazy_gettext("one-on-one"),
}

STATUSES = {
    Status.CONFIRMED: lazy_gettext("Confirmed"),
    Status.TENTATIVE: lazy_gettext("Tentative"),
    Status.CANCELLED: lazy_gettext("Cancelled"),
}

MODES = {
    TravelMode.PLANE: lazy_gettext("by plane"),
    TravelMode.TRAIN: lazy_gettext("by train"),
    TravelMode.CAR: lazy_gettext("by car"),
    TravelMode.HELICOPTER: lazy_gettext("by helicopter"),
    TravelMode.FOOT: lazy_gettext("on foot"),
}

SEVERITIES = {"error": lazy_gettext("Error"), "warning": lazy_gettext("Warning")}

ACTIONS = {
    "created": lazy_gettext("Added"),
    "changed": lazy_gettext("Changed"),
    "cancelled": lazy_gettext("Cancelled"),
    "deleted": lazy_gettext("Deleted"),
    "translated": lazy_gettext("Translated"),  # texts in other languages only (itinerary.texts.TRANSLATED)
}

# The fields a recorded change names (itinerary.changelog.readable), as the change pages show them.
FIELDS = {
    "title": lazy_gettext("Title"),
    "start": lazy_gettext("Start"),
    "end": lazy_gettext("End"),
    "status": lazy_gettext("Status"),
    "kind": lazy_gettext("Kind"),
    "format": lazy_gettext("Format"),
    "visibility": lazy_gettext("Visibility"),
    "venue": lazy_gettext("Venue"),
    "destination": lazy_gettext("Destination"),
    "travel mode": lazy_gettext("Travel mode"),
    "parent": lazy_gettext("Parent"),
    "participants": lazy_gettext("Participants"),
    "categories": lazy_gettext("Categories"),
    "outcomes": lazy_gettext("Outcomes"),
    "description": lazy_gettext("Description"),
    "url": lazy_gettext("Url"),
    "recurrence": lazy_gettext("Recurrence"),
    "exceptions": lazy_gettext("Exceptions"),
    "extra dates": lazy_gettext("Extra dates"),
    "audiences": lazy_gettext("Audiences"),
    "public label": lazy_gettext("Public label"),
    "label": lazy_gettext("Public label"),  # its text in another language: "label (ru)"
    # The texts in other languages (itinerary.languages.FIELDS), named "title (ru)": see field_word
    "summary": lazy_gettext("Summary"),
    "name": lazy_gettext("Name"),
    "city": lazy_gettext("City"),
    "role": lazy_gettext("Role"),
    "delegation": lazy_gettext("Delegation"),
}

SEARCH_KINDS = {
    Kind.TALKS: lazy_gettext("Talks"),
    "itinerary": lazy_gettext("Itinerary"),
    "event": lazy_gettext("Event"),
    "venue": lazy_gettext("Venue"),
    "participant": lazy_gettext("Person"),
}


def kind_word(kind: Kind) -> str:
    """``Summit session``, ``Сессия саммита``: an event's kind in the page's language."""
    return str(KINDS.get(kind, kind.label.capitalize()))


def format_word(value: Format) -> str:
    """``narrow format``, ``в узком составе``; "" for no format."""
    return str(FORMATS[value]) if value in FORMATS else ""


def status_word(status: Status) -> str:
    """``Confirmed``, ``Подтверждено``."""
    return str(STATUSES.get(status, status.value.capitalize()))


def mode_word(mode: TravelMode) -> str:
    """``by plane``, ``самолётом``."""
    return str(MODES.get(mode, mode.label))


def action_word(action: str) -> str:
    """A change log's action (``created``...) as a reader says it: ``Added``."""
    return str(ACTIONS[action]) if action in ACTIONS else action.capitalize()


def field_word(name: str) -> str:
    """A recorded field's name as a heading: ``Travel mode``, ``Способ передвижения``; a text in another language
    (``title (ru)``) with that language named in the page's: ``Название (русский)``."""
    field, _, lang = name.partition(" (")
    if lang.endswith(")") and field in FIELDS and lang[:-1] in LANGUAGES:
        return gettext("%(field)s (%(language)s)", field=FIELDS[field], language=language_name(lang[:-1]))
    return str(FIELDS[name]) if name in FIELDS else name.capitalize()


def language_name(code: str) -> str:
    """A language as the page's language names it: ``русский``, ``俄文``; its code on an English page (as recorded)."""
    from web.i18n import language  # set up after these words

    page = language()
    return code if page == "en" else Locale.parse(page).languages.get(code, code)


def search_kind(kind: str) -> str:
    """What a search result is: ``Itinerary``, ``Event``, ``Venue``, ``Person``."""
    return str(SEARCH_KINDS.get(kind, kind.capitalize()))


def severity(value: str) -> str:
    """``Error`` or ``Warning`` in the page's language."""
    return str(SEVERITIES.get(value, value.capitalize()))


# The areas of the seed's outcomes (an outcome's area is free text in its itinerary's own language): said in the
# page's language where known, else as entered, marked with that language.
OUTCOME_AREAS = {
    "trade": lazy_gettext("trade"),
    "energy": lazy_gettext("energy"),
    "outer space": lazy_gettext("outer space"),
    "intellectual property": lazy_gettext("intellectual property"),
    "international affairs": lazy_gettext("international affairs"),
}


def outcome_line(outcome: Outcome, own: str, title_language: str = "") -> Markup:
    """An outcome as the event page lists it: its title (in ``title_language``, else the itinerary's own language
    ``own``, marked as such on a page in another) and its area in brackets (in the own language, said in the
    page's where known), left out where the title already names it: ``Documents on cooperation in trade``,
    ``Memorandum (энергетика)``."""
    from web.place_words import with_details  # it imports web.forms, which imports this module

    page = str(get_locale() or "en").split("_")[0]

    def marked(text: str, lang: str) -> Markup:
        return Markup('<span lang="{}">{}</span>').format(lang, text) if lang != page else escape(text)

    title = marked(outcome.title, title_language or own)
    area = outcome.area.strip()
    if not area or area.casefold() in outcome.title.casefold():
        return title
    said_in = script_language(area) or own  # an area typed in English stays English in an itinerary made Russian
    known = OUTCOME_AREAS.get(area.casefold()) if said_in == "en" else None
    return with_details(title, [escape(str(known)) if known is not None else marked(area, said_in)])


def init_app(app: Flask) -> None:
    """Register the words as template filters."""
    for function in (kind_word, format_word, status_word, mode_word, action_word, field_word, search_kind):
        app.add_template_filter(function)
    app.add_template_filter(outcome_line)


# The built-in audiences: as a subscription's audience is chosen (with what each sees) and as a word in a sentence.
AUDIENCE_LABELS = {
    "public": lazy_gettext("Public: what anyone may read"),
    "press": lazy_gettext("Press: the accredited press pool"),
    "delegation": lazy_gettext("Delegation: a delegation's members"),
    "staff": lazy_gettext("Staff: everything, restricted events included"),
}
AUDIENCE_WORDS = {
    "public": lazy_gettext("public"),
    "press": lazy_gettext("press"),
    "delegation": lazy_gettext("delegation"),
    "staff": lazy_gettext("staff"),
}


def audience_heading(name: str) -> LazyString:
    """A built-in audience as a form row names it, its word capitalised (``Press``, ``Пресса``, ``媒体``): the
    audience, never the event kind of the same English word (``Press`` events: ``Мероприятие для прессы``)."""
    return LazyString(lambda: (word := str(AUDIENCE_WORDS[name]))[:1].upper() + word[1:])
