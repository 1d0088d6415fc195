"""What an import says of a file, for the catalogs (issue 16): the notes and refusals of
:mod:`itinerary.ical.parse`, and the rules of :mod:`itinerary.recurrence` and of an event's choices it refuses
by. The domain keeps each as an :class:`itinerary.errors.Message`; :func:`web.domain_words.say` says it in the
page's language. Listed here, once each, so that ``pybabel extract`` finds them; never called."""

from __future__ import annotations

from flask_babel import lazy_gettext

KNOWN = (
    # The file as a whole (nothing is stored)
    lazy_gettext("the file is larger than %(most)s MiB"),
    lazy_gettext("this is not an iCalendar file (it must begin with BEGIN:VCALENDAR)"),
    lazy_gettext("the iCalendar structure is broken: the file must hold exactly one complete VCALENDAR"),
    lazy_gettext("the iCalendar structure is broken: %(error)s"),
    lazy_gettext("the file holds %(count)s events; at most %(most)s at once"),
    lazy_gettext("the file is not UTF-8 text"),
    # An event refused, by its field
    lazy_gettext("the event has no UID"),
    lazy_gettext("a UID we keep is 1 to 255 printable ASCII characters without spaces or '/'"),
    lazy_gettext("%(value)s is not a whole number from 0 to %(most)s"),
    lazy_gettext("%(count)s events in the file have the UID %(uid)s (%(which)s); rename all but one"),
    lazy_gettext("%(title)s at line %(line)s"),
    lazy_gettext("the event has no DTSTART"),
    lazy_gettext("an all-day event (DTSTART is a DATE) ends on a DATE"),
    lazy_gettext("a timed event (DTSTART is a DATE-TIME) ends at a DATE-TIME"),
    lazy_gettext("cannot be read: %(error)s"),
    lazy_gettext("time zone %(zone)s is neither an IANA zone nor defined in the file"),
    lazy_gettext("the event has more than one RRULE; RFC 5545 allows one"),
    lazy_gettext("unknown kind %(value)s; choose one of: %(choices)s"),
    lazy_gettext("unknown format %(value)s; choose one of: %(choices)s"),
    lazy_gettext("unknown status %(value)s; choose one of: %(choices)s"),
    lazy_gettext("unknown visibility %(value)s; choose one of: %(choices)s"),
    lazy_gettext("unknown mode %(value)s; choose one of: %(choices)s"),
    # A repeat rule (RRULE) refused (itinerary/recurrence.py)
    lazy_gettext("write one RRULE value such as FREQ=DAILY;COUNT=3"),
    lazy_gettext("FREQ must be one of DAILY, WEEKLY, MONTHLY or YEARLY"),
    lazy_gettext("give COUNT or UNTIL, not both"),
    lazy_gettext("%(name)s is not supported: an event repeats at most once a day"),
    lazy_gettext("%(name)s needs FREQ=MONTHLY or YEARLY"),
    lazy_gettext("%(name)s needs FREQ=YEARLY"),
    lazy_gettext("%(name)s must be a whole number from 1 to %(most)s"),
    lazy_gettext("does not parse: %(error)s"),
    lazy_gettext("write a single rule"),
    lazy_gettext("produces no occurrence before the end of %(year)s"),
    # What was read differently from the file, or left out (notes)
    lazy_gettext("%(title)s: %(note)s"),
    lazy_gettext("Windows zone %(zone)s read as %(iana)s"),
    lazy_gettext("zone %(zone)s read as %(iana)s"),
    lazy_gettext("zone %(zone)s from the file matches no IANA zone; kept as UTC instants"),
    lazy_gettext("zone %(zone)s from the file read as %(iana)s (the same offsets)"),
    lazy_gettext("%(title)s: floating time placed in %(zone)s"),
    lazy_gettext("%(title)s: the series' end (UNTIL) read as the date %(date)s"),
    lazy_gettext("%(title)s: dropped %(what)s"),
    lazy_gettext("an alarm (VALARM)"),
    lazy_gettext("URL %(url)s (not an absolute http(s) address)"),
    lazy_gettext("%(title)s (line %(line)s) changes an occurrence of a series not in the file; left out"),
)
