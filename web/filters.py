"""Jinja filters that show domain values in words: repetition rules, never their RFC 5545 syntax."""

from __future__ import annotations

import re

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from flask import Flask
from flask_babel import get_locale, gettext, lazy_gettext, ngettext

from itinerary import changelog, recurrence
from itinerary.model import AllDay, Event

# A value recorded in the change log before rules were recorded in words ("FREQ=DAILY;COUNT=3").
_RULE_TEXT = re.compile(r"^(RRULE:)?FREQ=[A-Z]+(;[A-Z]+=[A-Z0-9,+\-]+)*$", re.IGNORECASE)


def rule_words(rule: str, timezone: str | None = None, year: int | None = None) -> str:
    """``FREQ=DAILY;COUNT=3`` -> ``every day, 3 times`` (an end date named in ``timezone``)."""
    return said_rule(rule, timezone, year)


def repeats(event: Event) -> str:
    """How the event repeats, in words, its end named in the event's zone and without the year it starts in."""
    timing = event.timing
    year = timing.first.year if isinstance(timing, AllDay) else timing.start.year
    return said_rule(event.rrule, timing.timezone, year)


def repeats_said_in_english(event: Event) -> bool:
    """Whether :func:`repeats` says the event's rule in English on a page in another language (its ``lang``)."""
    locale = get_locale()
    timing = event.timing
    year = timing.first.year if isinstance(timing, AllDay) else timing.start.year
    english = recurrence.describe(event.rrule, timing.timezone, year=year)
    return locale is not None and locale.language != "en" and repeats(event) == english


def change_value(value: str, name: str, timezone: str | None = None, itinerary=None) -> str:
    """A recorded field value as a reader should read it: a rule recorded as rule text is put in words; the
    audiences of ``itinerary``'s own by their labels."""
    if name == "recurrence" and value and _RULE_TEXT.match(value.strip()):
        return said_rule(value, timezone)
    from web.change_words import value_words  # kinds, statuses, starts… in the page's language

    return value_words(value, name, itinerary)


def first_upper(text: str) -> str:
    """The text with its first letter upper-case and the rest as it is (Jinja's ``capitalize`` lowers ``June``)."""
    return text[:1].upper() + text[1:]


# A rule in words in the page's language (recurrence.describe says it in English): the rules the form writes
# and the common ones imported (an interval, plain weekdays, days of the month, a count, an end date). A rule
# with parts beyond these (numbered weekdays, BYSETPOS, BYMONTH, week or year days) is said in English.
_SAID_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
_ON_DAYS = {
    "MO": lazy_gettext("Mondays"),
    "TU": lazy_gettext("Tuesdays"),
    "WE": lazy_gettext("Wednesdays"),
    "TH": lazy_gettext("Thursdays"),
    "FR": lazy_gettext("Fridays"),
    "SA": lazy_gettext("Saturdays"),
    "SU": lazy_gettext("Sundays"),
}


def _every(freq: str, interval: int) -> str | None:
    if interval == 1:
        words = {
            "DAILY": lazy_gettext("every day"),
            "WEEKLY": lazy_gettext("every week"),
            "MONTHLY": lazy_gettext("every month"),
            "YEARLY": lazy_gettext("every year"),
        }
        return str(words[freq]) if freq in words else None
    if freq == "DAILY":
        return ngettext("every %(num)s day", "every %(num)s days", interval)
    if freq == "WEEKLY":
        return ngettext("every %(num)s week", "every %(num)s weeks", interval)
    if freq == "MONTHLY":
        return ngettext("every %(num)s month", "every %(num)s months", interval)
    if freq == "YEARLY":
        return ngettext("every %(num)s year", "every %(num)s years", interval)
    return None


def _rule_in_language(text: str, timezone: str | None, year: int | None, locale) -> str | None:
    """The rule in the page's language, or None when it has a part said in English only."""
    parts = dict(part.partition("=")[::2] for part in text.split(";"))
    days = parts.get("BYDAY", "").split(",") if parts.get("BYDAY") else []
    monthdays = parts.get("BYMONTHDAY", "").split(",") if parts.get("BYMONTHDAY") else []
    interval = parts.get("INTERVAL", "1")
    if (
        set(parts) - _SAID_PARTS
        or any(day not in _ON_DAYS for day in days)
        or any(not day.isdigit() or not 1 <= int(day) <= 31 for day in monthdays)
        or not interval.isdigit()
        or int(interval) < 1
    ):
        return None
    every = _every(parts.get("FREQ", ""), int(interval))
    if every is None:
        return None
    if sorted(days, key=list(_ON_DAYS).index) == list(_WEEKDAYS) and parts["FREQ"] in ("DAILY", "WEEKLY"):
        words = gettext("every weekday") if interval == "1" else gettext("%(every)s on weekdays", every=every)
    elif days:
        named = [str(_ON_DAYS[day]) for day in sorted(days, key=list(_ON_DAYS).index)]
        words = gettext("%(every)s on %(days)s", every=every, days=format_list(named, locale=locale))
    else:
        words = every
    if monthdays:
        numbers = format_list(sorted(monthdays, key=int), locale=locale)
        words = gettext("%(rule)s on day %(days)s of the month", rule=words, days=numbers)
    if parts.get("COUNT", "").isdigit():
        count = int(parts["COUNT"])
        words = ngettext("%(rule)s, %(num)s time", "%(rule)s, %(num)s times", count, rule=words)
    if parts.get("UNTIL"):
        day = recurrence.until_day(parts["UNTIL"], timezone)
        if day is None:
            return None
        when = format_skeleton("MMMMd", day, locale=locale) if day.year == year else format_date(day, "long", locale)
        words = gettext("%(rule)s until %(day)s", rule=words, day=when)
    return words


def said_rule(text: str, timezone: str | None = None, year: int | None = None) -> str:
    """How a rule repeats, in words, in the page's language: ``every day until 10 June``, ``каждый день до 10 июня
    включительно``, ``每天，直至6月10日``; English where the page is or the rule has parts said in English only."""
    locale = get_locale()
    rule = recurrence.normalize(text)
    if not rule or locale is None or locale.language == "en":
        return recurrence.describe(text, timezone, year=year)
    return _rule_in_language(rule, timezone, year, locale) or recurrence.describe(text, timezone, year=year)


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(rule_words)
    app.add_template_filter(repeats)
    app.add_template_filter(repeats_said_in_english)
    app.add_template_filter(change_value)
    app.add_template_filter(first_upper)
    app.add_template_global(changelog.occurrence_changes)
    # which import web.i18n, set up after these
    from web.change_words import change_title, occurrence_sentences, zone_words

    app.add_template_global(occurrence_sentences)
    app.add_template_filter(zone_words)
    app.add_template_global(change_title)
    from web.place_words import (
        change_lang,
        delegation_as_stored,
        delegation_lines,
        delegation_name,
        delegation_title,
        event_titles,
        full_place,
        listed,
        person_label,
        place_text,
        use_itinerary,
        use_title,
    )

    app.add_template_global(place_text)
    app.add_template_global(delegation_name)
    app.add_template_global(person_label)
    app.add_template_global(use_title)
    app.add_template_global(use_itinerary)
    app.add_template_global(change_lang)
    app.add_template_global(delegation_as_stored)
    app.add_template_global(delegation_title)
    app.add_template_global(delegation_lines)
    app.add_template_global(event_titles)  # the "See:" links under findings in the page's language (walk 3, defect 2)
    app.add_template_global(listed)
    from web import i18n  # the titles of editor pages in the page's language (walk 3, defect 4)

    app.add_template_global(i18n.shown_itinerary, name="shown_itinerary")
    app.add_template_global(i18n.shown_event, name="shown_event")
    app.add_template_filter(full_place)
    from web.place_words import person_line, venue_place  # separators in the page's language (walk 3, defect 8)

    app.add_template_filter(venue_place)
    app.add_template_filter(person_line)
    from web.place_words import marked_place  # a fallback's name and city marked (walk 4, defect 13)

    app.add_template_filter(marked_place)
    from web.place_words import city_and_country, country_name, english_text  # the venues list (walk 4, defect 10)

    app.add_template_global(city_and_country)
    app.add_template_global(country_name)
    app.add_template_global(english_text)
    from web.place_words import city_lang  # the route map's city names, a fallback marked (walk 5, zones)

    app.add_template_global(city_lang)
    from web.domain_words import say  # a check's finding (a Message) in the page's language

    app.add_template_filter(say, "domain_said")
    from web.release_words import release_note  # the service's own release notes in the page's language

    app.add_template_global(release_note)
