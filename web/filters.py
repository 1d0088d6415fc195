"""Jinja filters that show domain values in words: repetition rules, never their RFC 5545 syntax."""

from __future__ import annotations

import re

from flask import Flask

from itinerary import changelog, recurrence
from itinerary.model import AllDay, Event

# A value recorded in the change log before rules were recorded in words ("FREQ=DAILY;COUNT=3").
_RULE_TEXT = re.compile(r"^(RRULE:)?FREQ=[A-Z]+(;[A-Z]+=[A-Z0-9,+\-]+)*$", re.IGNORECASE)


def rule_words(rule: str, timezone: str | None = None, year: int | None = None) -> str:
    """``FREQ=DAILY;COUNT=3`` -> ``every day, 3 times`` (an end date named in ``timezone``)."""
    return recurrence.describe(rule, timezone, year=year)


def repeats(event: Event) -> str:
    """How the event repeats, in words, its end named in the event's zone and without the year it starts in."""
    timing = event.timing
    year = timing.first.year if isinstance(timing, AllDay) else timing.start.year
    return recurrence.describe(event.rrule, timing.timezone, year=year)


def change_value(value: str, name: str, timezone: str | None = None) -> str:
    """A recorded field value as a reader should read it: a rule recorded as rule text is put in words."""
    if name == "recurrence" and value and _RULE_TEXT.match(value.strip()):
        return recurrence.describe(value, timezone)
    return value


def first_upper(text: str) -> str:
    """The text with its first letter upper-case and the rest as it is (Jinja's ``capitalize`` lowers ``June``)."""
    return text[:1].upper() + text[1:]


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(rule_words)
    app.add_template_filter(repeats)
    app.add_template_filter(change_value)
    app.add_template_filter(first_upper)
    app.add_template_global(changelog.occurrence_changes)
