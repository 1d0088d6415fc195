"""iCalendar (RFC 5545), built and parsed with the ``icalendar`` library: pure functions only.

This package is the only place that speaks RFC 5545 (SUMMARY, DTSTART,
VTIMEZONE...); the rest of the domain says title, start and zone.

- :mod:`~itinerary.ical.export`: domain values to components and bytes;
- :mod:`~itinerary.ical.timezones`: VTIMEZONE, and the years a feed's zones cover;
- :mod:`~itinerary.ical.blocks`: an event's VEVENTs cut into a stored block, and feeds joined from blocks;
- :mod:`~itinerary.ical.parse`: bytes to proposed events, problems and notes.

Nothing here reads or writes storage; :mod:`itinerary.imports` is the import service.
"""

from itinerary.ical.blocks import calendar_head, event_block, feed_bytes, url_line
from itinerary.ical.export import (
    DEFAULT_UID_DOMAIN,
    PRODID,
    FeedSettings,
    _description,
    _feed_span,
    _param,
    _params,
    build_calendar,
    details,
    event_component,
    event_components,
    event_url,
    full_uid,
    to_ics,
)
from itinerary.ical.parse import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_EVENTS,
    MAX_SEQUENCE,
    ImportedEvent,
    InvalidCalendar,
    ParsedCalendar,
    Problem,
    parse_ics,
)
from itinerary.ical.timezones import _year_onsets, feed_years, timezone_component

__all__ = [
    "DEFAULT_UID_DOMAIN",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_EVENTS",
    "MAX_SEQUENCE",
    "PRODID",
    "FeedSettings",
    "ImportedEvent",
    "InvalidCalendar",
    "ParsedCalendar",
    "Problem",
    "_description",
    "_feed_span",
    "_param",
    "_params",
    "_year_onsets",
    "build_calendar",
    "calendar_head",
    "details",
    "event_block",
    "event_component",
    "event_components",
    "event_url",
    "feed_bytes",
    "feed_years",
    "full_uid",
    "parse_ics",
    "timezone_component",
    "to_ics",
    "url_line",
]
