"""Venues' and participants' names, cities and roles in the page's language, on the editors' pages.

Venues and participants are shared by itineraries of every language: their own columns hold the text they
were entered with, and their texts in other languages are optional (:mod:`itinerary.texts`). A page in a
language a text has none in shows the column's text, marked with the language it is taken to be in: the
itinerary's own on an itinerary's forms, English (what every venue stored before languages was) elsewhere.
"""

from __future__ import annotations

from flask import g
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice

from itinerary import texts
from itinerary.languages import DEFAULT
from web.app import get_store
from web.i18n import language


def _texts(kind: str) -> dict:
    """Every text of venues or participants in other languages, read once per request."""
    cache = g.setdefault("place_texts", {})
    if kind not in cache:
        cache[kind] = texts.place_texts(get_store(), kind)
    return cache[kind]


def _in_language(kind: str, record, field: str, own: str) -> tuple[str, str]:
    """The record's ``field`` in the page's language, and the language to mark it with ("" for none)."""
    lang, column = language(), getattr(record, field)
    found = _texts(kind).get(record.key, {}).get(field, {}).get(lang)
    if found:
        return found, ""
    return column, (own if column and own != lang else "")


def place_text(kind: str, record, field: str, own: str = DEFAULT) -> Markup:
    """A venue's (``kind`` "venue") or participant's ``field`` in the page's language; the column's text, in a
    ``lang`` span of ``own``, where it has none in it."""
    text, mark = _in_language(kind, record, field, own)
    return Markup('<span lang="{}">{}</span>').format(mark, text) if mark else escape(text)


def event_form_in_language(form, venues, participants, own: str):
    """The event form's venue and participant choices in the page's language, where it is not the itinerary's
    own language ``own`` (readers' pages show them alike); a fallback's option marked with ``own``."""
    if language() == own:
        return form
    by_key = {venue.key: venue for venue in venues}
    for field in (form.venue, form.destination):
        field.choices = [_venue_choice(choice, by_key.get(choice.value), own) for choice in field.choices]
    people = {person.key: person for person in participants}
    form.participants.choices = [
        SelectChoice(choice.value, _person_label(people[choice.value], own), choice.render_kw, choice.optgroup)
        if choice.value in people
        else choice
        for choice in form.participants.choices
    ]
    return form


def _venue_choice(choice: SelectChoice, venue, own: str) -> SelectChoice:
    if venue is None:
        return choice
    (name, name_lang), (city, city_lang) = (_in_language("venue", venue, f, own) for f in ("name", "city"))
    place = name if city in name else f"{name}, {city}"
    render_kw = dict(choice.render_kw or {}) | ({"lang": own} if name_lang or city_lang else {})
    return SelectChoice(choice.value, f"{place} ({venue.timezone})", render_kw, choice.optgroup)


def _person_label(person, own: str) -> Markup:
    """``Name (role, delegation)`` with each part in the page's language, a fallback in a ``lang`` span."""
    name, role, delegation = (place_text("participant", person, f, own) for f in ("name", "role", "delegation"))
    details = Markup(", ").join(part for part in (role, delegation) if part)
    return Markup("{} ({})").format(name, details) if details else name
