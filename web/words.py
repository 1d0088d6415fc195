"""Domain values in the reader's language: kinds, formats, statuses, travel modes, severities, change actions.

:mod:`itinerary` names these values in English for logs and files (``Kind.label``); the pages translate them
here, at the web edge, so that the domain never needs Flask or a catalog.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from itinerary.model import Format, Kind, Status, TravelMode

KINDS = {
    Kind.TALKS: _l("Talks"),
    Kind.CEREMONY: _l("Ceremony"),
    Kind.PRESS: _l("Press event"),
    Kind.TRAVEL: _l("Travel"),
    Kind.MEAL: _l("Meal"),
    Kind.CULTURE: _l("Cultural programme"),
    Kind.SUMMIT_SESSION: _l("Summit session"),
    Kind.SUMMIT: _l("Summit"),
    Kind.ARRIVAL: _l("Arrival"),
    Kind.DEPARTURE: _l("Departure"),
    Kind.MEETING: _l("Meeting"),
    Kind.CALL: _l("Call"),
    Kind.OTHER: _l("Other"),
}

FORMATS = {
    Format.NARROW: _l("narrow format"),
    Format.ENLARGED: _l("enlarged format"),
    Format.PLENARY: _l("plenary format"),
    Format.BILATERAL: _l("bilateral format"),
    Format.ONE_ON_ONE: _l("one-on-one"),
}

STATUSES = {
    Status.CONFIRMED: _l("Confirmed"),
    Status.TENTATIVE: _l("Tentative"),
    Status.CANCELLED: _l("Cancelled"),
}

MODES = {
    TravelMode.PLANE: _l("by plane"),
    TravelMode.TRAIN: _l("by train"),
    TravelMode.CAR: _l("by car"),
    TravelMode.HELICOPTER: _l("by helicopter"),
    TravelMode.FOOT: _l("on foot"),
}

SEVERITIES = {"error": _l("Error"), "warning": _l("Warning")}

ACTIONS = {
    "created": _l("Added"),
    "changed": _l("Changed"),
    "cancelled": _l("Cancelled"),
    "deleted": _l("Deleted"),
}

SEARCH_KINDS = {
    Kind.TALKS: _l("Talks"),
    "itinerary": _l("Itinerary"),
    "event": _l("Event"),
    "venue": _l("Venue"),
    "participant": _l("Person"),
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


def search_kind(kind: str) -> str:
    """What a search result is: ``Itinerary``, ``Event``, ``Venue``, ``Person``."""
    return str(SEARCH_KINDS.get(kind, kind.capitalize()))


def severity(value: str) -> str:
    """``Error`` or ``Warning`` in the page's language."""
    return str(SEVERITIES.get(value, value.capitalize()))


def init_app(app: Flask) -> None:
    """Register the words as template filters."""
    for function in (kind_word, format_word, status_word, mode_word, action_word, search_kind):
        app.add_template_filter(function)
