"""Venues' and participants' names, cities and roles in the page's language, on the editors' pages.

Venues and participants are shared by itineraries of every language: their own columns hold the text they
were entered with, and their texts in other languages are optional (:mod:`itinerary.texts`). A page in a
language a text has none in shows the column's text, marked with the language it is taken to be in: the
itinerary's own on an itinerary's forms, English (what every venue stored before languages was) elsewhere.
"""

from __future__ import annotations

import dataclasses
import functools
from types import SimpleNamespace

from babel import Locale
from babel.lists import format_list
from flask import g
from flask_babel import gettext
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice

from itinerary import texts
from itinerary.errors import Names, Place
from itinerary.languages import DEFAULT, event_key, pick, script_language
from web.app import get_store
from web.forms import _by_time as by_time  # the picker's own wording of an event
from web.forms import zoned_place
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
    # The column holds the text the venue or person was entered with, in whatever itinerary: its script tells.
    said_in = script_language(column) or own
    return column, (said_in if column and said_in != lang else "")


def place_text(kind: str, record, field: str, own: str = DEFAULT) -> Markup:
    """A venue's (``kind`` "venue") or participant's ``field`` in the page's language; the column's text, in a
    ``lang`` span of ``own``, where it has none in it."""
    text, mark = _in_language(kind, record, field, own)
    return Markup('<span lang="{}">{}</span>').format(mark, text) if mark else escape(text)


def event_form_in_language(form, venues, participants, own: str):
    """The event form's venue and participant choices in the page's language (the own one's too: venues and
    people are shared by itineraries of every language), as readers' pages show them; a fallback's option marked
    with the language its text is in."""
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
    place = name if city in name else gettext(", ").join((name, city))  # zh: "人民大会堂，北京"
    render_kw = dict(choice.render_kw or {}) | ({"lang": name_lang or city_lang} if name_lang or city_lang else {})
    label = zoned_place(place, city, venue.timezone)  # the zone only where it is not the venue's city
    return SelectChoice(choice.value, label, render_kw, choice.optgroup)


def _person_label(person, own: str) -> Markup:
    """``Name (role, delegation)`` with each part in the page's language, a fallback in a ``lang`` span."""
    name, role, delegation = (place_text("participant", person, f, own) for f in ("name", "role", "delegation"))
    return with_details(name, [role, delegation])


# Readers' pages: places, people and delegations in the page's language (issue 16)


@functools.cache
def _territory_codes() -> dict[str, str]:
    """Countries' English names (as venues store them) to their codes, from Babel's locale data."""
    return {name.casefold(): code for code, name in Locale("en").territories.items()}


def country_name(country: str) -> Markup:
    """A venue's country in the page's language (Babel's name for it); the stored name, in a ``lang`` span of
    English, where Babel does not know it."""
    lang = language()
    code = _territory_codes().get(country.strip().casefold())
    if lang == DEFAULT or not country:
        return escape(country)
    if code is None:
        return Markup('<span lang="{}">{}</span>').format(DEFAULT, country)
    return escape(Locale.parse(lang).territories.get(code, country))


def full_place(venue) -> Markup:
    """A venue as an event's page names it: its name, its city (once: a busy stand-in's place is named by its city
    alone) and its country."""
    parts = [venue.name] + ([venue.city] if venue.city and venue.city != venue.name else [])
    return joined([*parts, country_name(venue.country)])


def delegation_name(person, own: str = DEFAULT) -> Markup:
    """A delegation named by a member: its name in the page's language where it has one (a full name, such as
    «Делегация Российской Федерации»); else "Delegation X", the stored name X marked with ``own``."""
    text, mark = _in_language("participant", person, "delegation", own)
    if not mark and text != person.delegation:
        return escape(text)
    return Markup(gettext("Delegation %(name)s", name=place_text("participant", person, "delegation", own)))


def person_label(person, own: str = DEFAULT) -> Markup:
    """``Name (role, delegation)`` in the page's language, a fallback in a ``lang`` span of ``own``."""
    return _person_label(person, own)


def use_title(use) -> Markup:
    """The title of an event that uses a venue or participant (:class:`itinerary.places.Use`) in the page's
    language; its own title, in a ``lang`` span of its itinerary's language, where it has none in it."""
    libraries = g.setdefault("use_libraries", {})
    if use.slug not in libraries:
        libraries[use.slug] = texts.library_of(get_store(), use.slug)
    library, lang = libraries[use.slug], language()
    if lang == library.own:
        return escape(use.title)
    found = library.events.get(event_key(use.slug, use.uid), {}).get("title", {}).get(lang)
    return escape(found) if found else Markup('<span lang="{}">{}</span>').format(library.own, use.title)


def use_itinerary(slug: str) -> Markup:
    """The title of the itinerary of an event that uses a venue or participant, in the page's language; its own
    title, in a ``lang`` span of its language, where it has none in it (walk 5, finding 24: not its slug)."""
    titles = g.setdefault("use_itineraries", {})
    if slug not in titles:
        localized = texts.itinerary_in(get_store(), slug, language())
        titles[slug] = (localized.value.title, localized.languages["title"])
    title, lang = titles[slug]
    return escape(title) if lang == language() else Markup('<span lang="{}">{}</span>').format(lang, title)


def parents_in_language(form, slug: str, events, own: str):
    """The event form's parent-event choices with the events' titles in the page's language, where it is not the
    itinerary's own language ``own``; the option of a title without a text in it marked with ``own``."""
    lang = language()
    if lang == own:
        return form
    library, by_uid = texts.library_of(get_store(), slug), {event.uid: event for event in events}
    choices = []
    for choice in form.parent.choices:
        event = by_uid.get(choice.value)
        if event is None:
            choices.append(choice)
            continue
        title, title_lang = pick(event.title, own, library.events.get(event_key(slug, event.uid), {}), "title", lang)
        render_kw = dict(choice.render_kw or {}) | ({"lang": own} if title_lang != lang else {})
        label = by_time(dataclasses.replace(event, title=title))
        choices.append(SelectChoice(choice.value, label, render_kw, choice.optgroup))
    form.parent.choices = choices
    return form


# Texts recorded in the change log: their language ("title (ru)": Russian; "title": the itinerary's own)
_TEXT_FIELDS = {"title", "description", "summary", "categories", "label", "name", "city", "role", "delegation"}


def change_lang(name: str, itinerary=None) -> Markup:
    """A ``lang`` attribute for a recorded old or new text of the field ``name`` that is in another language than
    the page's: ``title (zh)`` in Chinese, a plain ``title`` in the itinerary's own language; else nothing."""
    field, _, said = name.partition(" (")
    lang = said.rstrip(")") if said else (itinerary.language if itinerary is not None else DEFAULT)
    if field not in _TEXT_FIELDS or lang == language():
        return Markup("")
    return Markup(' lang="{}"').format(lang)


def delegation_as_stored(name: str, own: str = DEFAULT) -> Markup:
    """A delegation's stored name inside a sentence that says "the delegation …" (its texts in other languages are
    whole names, "Delegation of …", that do not fit there), marked with ``own`` on a page in another language."""
    return Markup('<span lang="{}">{}</span>').format(own, name) if name and own != language() else escape(name)


def delegation_title(person, name: str, own: str = DEFAULT) -> Markup:
    """The heading of a delegation's programme, named by ``person`` (a member; None for none): its whole name in
    the page's language where it has one ("Программа: Делегация Российской Федерации", "俄罗斯联邦代表团日程");
    else the sentence around its stored ``name``, marked with ``own`` (:func:`delegation_as_stored`)."""
    if person is not None:
        text, mark = _in_language("participant", person, "delegation", own)
        if not mark and text != person.delegation:
            return Markup(escape(gettext("Programme: %(delegation)s"))) % {"delegation": text}
    delegation = delegation_as_stored(name, own)
    return Markup(escape(gettext("The programme of the delegation %(delegation)s"))) % {"delegation": delegation}


# Names inside the domain's messages (itinerary.errors.Named, Place, Names: the checks' findings), said as the
# pages above say them: in the page's language, a fallback in a ``lang`` span of the itinerary's own language.


def named_words(value) -> Markup:
    """A :class:`~itinerary.errors.Named` (or a :class:`~itinerary.errors.Place` or
    :class:`~itinerary.errors.Names`) in the page's language, escaped, a fallback marked with its language."""
    if isinstance(value, Names):
        return _listed([named_words(item) for item in value.items])
    if isinstance(value, Place):
        name, city = named_words(value.name), named_words(value.city)
        return name if city.striptags() in name.striptags() else joined([name, city])
    slug = value.itinerary
    libraries = g.setdefault("use_libraries", {})  # shared with use_title: one library per itinerary and request
    if slug and slug not in libraries:
        libraries[slug] = texts.library_of(get_store(), slug)
    own = libraries[slug].own if slug else DEFAULT
    if value.kind == "event":
        return use_title(SimpleNamespace(slug=slug, uid=value.key, title=value.text)) if slug else escape(value.text)
    kind, field = _NAMED_FIELDS[value.kind]
    return place_text(kind, SimpleNamespace(key=value.key, **{field: value.text}), field, own)


# Where each kind of name keeps its texts in other languages: (the texts' kind, the field)
_NAMED_FIELDS = {
    "participant": ("participant", "name"),
    "delegation": ("participant", "delegation"),
    "venue": ("venue", "name"),
    "city": ("venue", "city"),
}


def _listed(items: list[Markup]) -> Markup:
    """Names joined as the page's language lists them (``A, B и C``, ``A、B和C``; English as the domain says it)."""
    lang = language()
    if len(items) == 1:
        return items[0]
    if lang == DEFAULT:
        return Markup("{} and {}").format(Markup(", ").join(items[:-1]), items[-1])
    # The items are escaped already; CLDR's list patterns hold no markup.
    return Markup(format_list([str(item) for item in items], locale=lang))


def delegation_lines(person, name: str, own: str = DEFAULT) -> tuple[Markup, Markup]:
    """The two lines under a delegation's heading (which events are shown; the feed link's text), naming it as
    :func:`delegation_title` does: its whole name in the page's language where it has one, else the sentence
    around its stored ``name`` marked with ``own`` (walk 3, defect 3: "«Russia»" on Russian and Chinese pages)."""
    if person is not None:
        text, mark = _in_language("participant", person, "delegation", own)
        if not mark and text != person.delegation:
            return (
                Markup(escape(gettext("Only the events where a member of %(delegation)s takes part are shown.")))
                % {"delegation": text},
                Markup(escape(gettext("Subscribe to the programme of %(delegation)s (.ics)"))) % {"delegation": text},
            )
    delegation = delegation_as_stored(name, own)
    return (
        Markup(escape(gettext("Only the events where a member of the delegation %(delegation)s takes part are shown.")))
        % {"delegation": delegation},
        Markup(escape(gettext("Subscribe to the programme of the delegation %(delegation)s (.ics)")))
        % {"delegation": delegation},
    )


def event_titles(titles: dict[str, str], itinerary) -> dict[str, Markup]:
    """The events' titles (``titles``: their stored ones by UID) in the page's language, as the "See:" links under
    the checks' findings name them: the text in it where there is one, else the stored title in a ``lang`` span of
    the itinerary's language (walk 3, defect 2). The itinerary's texts are read once per request (see use_title)."""
    return {uid: use_title(SimpleNamespace(slug=itinerary.slug, uid=uid, title=title)) for uid, title in titles.items()}


def listed(items: list[Markup]) -> Markup:
    """Escaped names (or links) joined as the page's language lists them: ``A and B``, ``A и B``, ``A和B``."""
    return _listed(list(items)) if items else Markup("")


# Separators in the page's language (walk 3, defect 8): Chinese joins a venue's name and city, or a person's role and
# delegation, with a full-width comma and puts details in full-width brackets, without spaces ("人民大会堂，北京",
# "尤里·乌沙科夫（俄罗斯总统助理，俄罗斯联邦代表团）"); English and Russian keep ", " and " (…)".


def calendar_place(event) -> str:
    """Where ``event`` is, as a calendar's location field says it in the page's language: each venue's name (and
    city, unless the name says it) and country, a travel leg's two joined by an arrow ("" without a venue)."""

    def one(venue) -> str:
        parts = [venue.name, *([] if venue.city in venue.name else [venue.city]), country_name(venue.country)]
        return joined(parts).striptags()

    return " → ".join(one(venue) for venue in (event.venue, event.destination) if venue is not None)


def joined(parts) -> Markup:
    """The parts (texts, escaped here, or markup) joined with the page's language's comma: ", ", zh "，"."""
    return Markup(escape(gettext(", "))).join(parts)


def with_details(name, details) -> Markup:
    """``name (detail, detail)`` as the page's language writes it, the empty details left out; the name alone when
    none is left."""
    said = joined(part for part in details if part)
    return Markup(escape(gettext("%(name)s (%(details)s)"))) % {"name": name, "details": said} if said else escape(name)


def venue_place(venue) -> Markup:
    """A venue's name and city (once, where the name holds the city) as :attr:`itinerary.model.Venue.place` says
    them, joined as the page's language joins them."""
    return escape(venue.name) if venue.city in venue.name else joined([venue.name, venue.city])


def person_line(person) -> Markup:
    """A participant (its texts in the page's language already) as a list of them names one: ``Name (role,
    delegation)``, as :class:`itinerary.model.Participant` says it, joined as the page's language joins them."""
    return with_details(person.name, [person.role, person.delegation])


# Readers' pages: a venue's name and city in the page's language, a fallback marked (walk 4, defect 13)


def marked_place(venue, own: str = DEFAULT) -> Markup:
    """A venue as :func:`full_place` names it, its name and city each in a ``lang`` span of ``own`` where it has no
    text in the page's language; a busy stand-in's place (its city, said already by the stand-in) unmarked."""
    from itinerary.audiences import BUSY_VENUE_KEY

    if venue.key == BUSY_VENUE_KEY:
        return full_place(venue)
    name, city = (place_text("venue", venue, field, own) for field in ("name", "city"))
    parts = [name] + ([city] if venue.city and venue.city != venue.name else [])
    return joined([*parts, country_name(venue.country)])


def city_lang(places, city: str, own: str = DEFAULT) -> Markup:
    """A ``lang`` attribute for the route map's name ``city`` (of the ``places`` drawn), where its venues have no
    text of it in the page's language and show ``own``'s; nothing where it is in the page's language. A busy
    stand-in's city (said in the page's language where known) does not decide it."""
    from itinerary.audiences import BUSY_VENUE_KEY

    venues = [p.venue for p in places if p.venue.city == city and p.venue.key != BUSY_VENUE_KEY]
    mark = _in_language("venue", venues[0], "city", own)[1] if venues else ""
    return Markup(' lang="{}"').format(mark) if mark else Markup("")


# The venues list and the venue form (walk 4, defect 10)


def city_and_country(venue) -> Markup:
    """A venue's city (its text in the page's language, a fallback marked) and its country (Babel's name for it in
    the page's language), joined with the page's language's comma: "Пекин, Китай", "北京，中国"."""
    return joined([place_text("venue", venue, "city"), country_name(venue.country)])


def english_text(text: str) -> Markup:
    """A text only known in English (a GeoNames city) marked as English on a page in another language."""
    return escape(text) if language() == DEFAULT else Markup('<span lang="{}">{}</span>').format(DEFAULT, text)
