"""The languages content and interface come in, and content's text per language with fallback.

An itinerary has its own language (required texts are in it); a text in another language is optional
and falls back to the own one. Pure values: storage keeps the texts (:mod:`itinerary.storage.translations`),
feeds and pages ask :func:`localized_event` and friends for what to show in a language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from itinerary import audiences
from itinerary.errors import Choices, InvalidInput, Message, Typed
from itinerary.model import (
    CONTROL_MESSAGE,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    Event,
    Itinerary,
    Kind,
    Outcome,
    Participant,
    Venue,
    has_control,
)

# The languages of the interface and of content: English, Russian, Simplified Chinese.
LANGUAGES = ("en", "ru", "zh")
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "zh": "中文"}
ENGLISH_NAMES = {"en": "English", "ru": "Russian", "zh": "Chinese"}  # in messages (itinerary.errors.LanguageName)
DEFAULT = "en"

# The texts that have a version per language, by kind, with their longest length.
FIELDS = {
    "itinerary": {"title": MAX_TITLE, "summary": MAX_TEXT},
    "event": {
        "title": MAX_TITLE,
        "description": MAX_TEXT,
        "categories": MAX_TEXT,
        "outcomes": MAX_TEXT,
        "label": MAX_TITLE,
    },
    "venue": {"name": MAX_NAME, "city": MAX_NAME},
    "participant": {"name": MAX_NAME, "role": MAX_NAME, "delegation": MAX_NAME},
}
# An event's categories in a language are one text, the names separated by commas (a name holds none).
CATEGORY_SEPARATOR = ", "
# An event's outcomes in a language are one text, a title per line, in the order of the own language's: a
# translation of a document's title, its area being the own one's (the pages say the seed's areas in words).

# Texts of one thing: {field: {language: text}} (languages other than the own one).
Texts = Mapping[str, Mapping[str, str]]


def language(value: object, field_name: str = "lang") -> str:
    """``value`` when it is one of :data:`LANGUAGES`, else :class:`InvalidInput` naming the field.

    >>> language("ru")
    'ru'
    """
    if value not in LANGUAGES:
        shown = value[:20] if isinstance(value, str) else value
        raise InvalidInput(
            field_name,
            Message(
                "unknown language %(given)s; choose one of: %(known)s", given=Typed(shown), known=Choices(LANGUAGES)
            ),
        )
    return value


def event_key(slug: str, uid: str) -> str:
    """The key of an event's texts: its itinerary's slug and its UID (a UID holds no ``/``).

    >>> event_key("china-state-visit-2018", "talks@x")
    'china-state-visit-2018/talks@x'
    """
    return f"{slug}/{uid}"


def check_texts(kind: str, texts: Texts) -> dict[str, dict[str, str]]:
    """The texts with empty ones left out, or :class:`InvalidInput` naming each bad ``field.language``."""
    errors: dict[str, str] = {}
    kept: dict[str, dict[str, str]] = {}
    for field, by_language in texts.items():
        most = FIELDS[kind].get(field)
        if most is None:
            errors[field] = f"{kind} has no text {field!r} per language"
            continue
        for lang, text in by_language.items():
            name = f"{field}.{lang}"
            if lang not in LANGUAGES:
                errors[name] = f"unknown language; choose one of: {', '.join(LANGUAGES)}"
            elif not isinstance(text, str) or len(text) > most:
                errors[name] = f"must be at most {most} characters"
            elif has_control(text):
                errors[name] = CONTROL_MESSAGE
            elif field == "categories" and any(len(c) > MAX_NAME for c in categories_of(text)):
                errors[name] = f"each category is at most {MAX_NAME} characters"
            elif field == "outcomes" and any(len(title) > MAX_TITLE for title in outcome_titles(text)):
                errors[name] = Message("each outcome's title is at most %(most)s characters", most=MAX_TITLE)
            elif text.strip():
                kept.setdefault(field, {})[lang] = text
    if errors:
        raise InvalidInput(errors)
    return kept


def categories_text(categories: Iterable[str]) -> str:
    """An event's categories as the one text a language has of them.

    >>> categories_text(("state visit", "press"))
    'state visit, press'
    """
    return CATEGORY_SEPARATOR.join(categories)


def categories_of(text: str) -> tuple[str, ...]:
    """The category names of a text of them, each stripped, empty ones left out.

    >>> categories_of(" государственный визит ,, пресса")
    ('государственный визит', 'пресса')
    """
    return tuple(name.strip() for name in text.split(",") if name.strip())


def outcomes_text(outcomes: Iterable[Outcome]) -> str:
    """An event's outcomes as the one text a language has of them: their titles, one per line.

    >>> outcomes_text((Outcome("Joint statement", "trade"), Outcome("Action plan")))
    'Joint statement\\nAction plan'
    """
    return "\n".join(outcome.title for outcome in outcomes)


def outcome_titles(text: str) -> tuple[str, ...]:
    """The titles of a text of outcomes, one per line (any line break), each stripped, empty lines left out.

    >>> outcome_titles("  Совместное заявление\\r\\n\\nПлан действий ")
    ('Совместное заявление', 'План действий')
    """
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def outcomes_of(text: str, outcomes: Iterable[Outcome]) -> tuple[Outcome, ...] | None:
    """``outcomes`` with their titles from ``text`` (one per line, in order); None when the text has not one
    title for each (written for other outcomes than the event has now). Each keeps its area (in the own
    language) where its own title does not name it; where it does, the translated title names it too.

    >>> outcomes_of("Совместное заявление", (Outcome("Joint statement", "trade"),))
    (Outcome(title='Совместное заявление', area='trade'),)
    >>> outcomes_of("Документы о торговле", (Outcome("Documents on trade", "trade"),))
    (Outcome(title='Документы о торговле', area=''),)
    >>> outcomes_of("Одно", (Outcome("One"), Outcome("Two"))) is None
    True
    """
    outcomes = tuple(outcomes)
    titles = outcome_titles(text)
    if len(titles) != len(outcomes):
        return None
    return tuple(
        Outcome(title, "" if outcome.area.strip().casefold() in outcome.title.casefold() else outcome.area)
        for outcome, title in zip(outcomes, titles, strict=True)
    )


def own_outcomes(text: str, outcomes: Iterable[Outcome]) -> tuple[Outcome, ...]:
    """The event's own outcomes from a text of them, each title in order. As many lines as outcomes: titles
    edited in place, each keeping its area. Lines added or gone: an outcome keeps its area where its title is
    unchanged; a new one has none.

    >>> old = (Outcome("Trade", "trade"), Outcome("Space", "space"), Outcome("Energy", "energy"))
    >>> own_outcomes("Trade deal\\nSpace\\nEnergy", old)[0]
    Outcome(title='Trade deal', area='trade')
    >>> own_outcomes("Trade\\nEnergy\\nNew\\nMore", old)[1:3]
    (Outcome(title='Energy', area='energy'), Outcome(title='New', area=''))
    """
    outcomes, titles = tuple(outcomes), outcome_titles(text)
    if len(titles) == len(outcomes):
        return tuple(Outcome(title, outcome.area) for title, outcome in zip(titles, outcomes, strict=True))
    areas = {outcome.title: outcome.area for outcome in reversed(outcomes)}
    return tuple(Outcome(title, areas.get(title, "")) for title in titles)


def event_texts(event: Event) -> dict[str, str]:
    """The event's own texts by field, as a language's texts are kept (categories and outcomes as one text)."""
    return {
        "title": event.title,
        "description": event.description,
        "categories": categories_text(event.categories),
        "outcomes": outcomes_text(event.outcomes),
        "label": event.label,  # what the event is called where it is busy (itinerary.audiences)
    }


def pick(own: str, own_language: str, texts: Texts, field: str, lang: str) -> tuple[str, str]:
    """The text of ``field`` in ``lang`` and the language it really is in (the own one when it falls back).

    >>> pick("Talks", "en", {"title": {"ru": "Переговоры"}}, "title", "ru")
    ('Переговоры', 'ru')
    >>> pick("Talks", "en", {}, "title", "zh")
    ('Talks', 'en')
    """
    if lang != own_language:
        text = texts.get(field, {}).get(lang)
        if text:
            return text, lang
    return own, own_text_language(own, own_language, texts, field)


def own_text_language(own: str, own_language: str, texts: Texts, field: str) -> str:
    """The language an own text is really in: the own language, unless the text is word for word another
    language's text and written in that language's script. An import of a text in one language only
    (``SUMMARY;LANGUAGE=ru`` into an English itinerary) keeps it as both, the title being required in the own
    language (walk 5, finding 2); a name written alike in two languages ("G20") stays the own language's.

    >>> own_text_language("Приём", "en", {"title": {"ru": "Приём"}}, "title")
    'ru'
    >>> own_text_language("G20", "en", {"title": {"ru": "G20"}}, "title"), own_text_language("Приём", "en", {}, "title")
    ('en', 'en')
    """
    for lang, text in texts.get(field, {}).items():
        if lang != own_language and text == own and script_language(own) == lang:
            return lang
    return own_language


def script_language(text: str) -> str:
    """The language of ours whose script most of the text's letters are in (Cyrillic: ``ru``, Han: ``zh``, else
    ``en``); "" for a text without letters.

    >>> script_language("Приём 2018"), script_language("招待会"), script_language("G20"), script_language("2018")
    ('ru', 'zh', 'en', '')
    """
    counts = {"ru": 0, "zh": 0, "en": 0}
    for char in text:
        if "\u0400" <= char <= "\u04ff":
            counts["ru"] += 1
        elif "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
            counts["zh"] += 1
        elif char.isalpha():
            counts["en"] += 1
    found = max(counts, key=counts.get)
    return found if counts[found] else ""


@dataclasses.dataclass(frozen=True, slots=True)
class Localized:
    """A value shown in a language, with the language each of its texts is really in (``{field: language}``)."""

    value: object
    languages: Mapping[str, str]


def localized_itinerary(itinerary: Itinerary, texts: Texts, lang: str) -> Localized:
    """The itinerary with its title and summary in ``lang`` (falling back to its own language)."""
    own = itinerary.language
    title, title_lang = pick(itinerary.title, own, texts, "title", lang)
    summary, summary_lang = pick(itinerary.summary, own, texts, "summary", lang)
    value = dataclasses.replace(itinerary, title=title, summary=summary)
    return Localized(value, {"title": title_lang, "summary": summary_lang})


def _other(own: str, texts: Texts, field: str, lang: str) -> str:
    """A venue's or participant's ``field`` in ``lang``, or ``own`` (its column) when it has none."""
    return texts.get(field, {}).get(lang) or own


def localized_venue(venue: Venue | None, texts: Mapping[str, Texts], lang: str) -> Venue | None:
    """The venue with its name and city in ``lang`` where it has them; ``texts`` by venue key.

    Venues and participants are shared by itineraries of different languages: their columns hold the
    text they were entered with, used in any language they have no text for.
    """
    if venue is None or venue.key not in texts:
        return venue
    found = texts[venue.key]
    return dataclasses.replace(
        venue, name=_other(venue.name, found, "name", lang), city=_other(venue.city, found, "city", lang)
    )


def localized_participant(person: Participant, texts: Mapping[str, Texts], lang: str) -> Participant:
    """The participant with name and role in ``lang`` where it has them; ``texts`` by participant key."""
    if person.key not in texts:
        return person
    found = texts[person.key]
    return dataclasses.replace(
        person,
        name=_other(person.name, found, "name", lang),
        role=_other(person.role, found, "role", lang),
        delegation=_other(person.delegation, found, "delegation", lang),
    )


def _in(texts: Texts, lang: str) -> tuple:
    return tuple(sorted((field, by_language[lang]) for field, by_language in texts.items() if lang in by_language))


@dataclasses.dataclass(frozen=True, slots=True)
class Library:
    """Every text in other languages an itinerary's events show: its events', venues' and participants'.

    ``events`` by event key (:func:`event_key`), ``venues`` and ``participants`` by their keys.
    """

    own: str = DEFAULT
    itinerary: Texts = dataclasses.field(default_factory=dict)
    events: Mapping[str, Texts] = dataclasses.field(default_factory=dict)
    venues: Mapping[str, Texts] = dataclasses.field(default_factory=dict)
    participants: Mapping[str, Texts] = dataclasses.field(default_factory=dict)
    # Cities by their own name, ``{city: {language: text}}``: a busy stand-in's place is its venue's city alone.
    cities: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)

    def languages(self) -> set[str]:
        """The languages other than the own one that any of these texts is in."""
        found = {
            lang
            for group in ({"": self.itinerary}, self.events, self.venues, self.participants)
            for texts in group.values()
            for by_language in texts.values()
            for lang in by_language
        }
        return found - {self.own}

    def of(self, slug: str, uid: str, venues: Iterable[str], people: Iterable[str], lang: str) -> tuple:
        """Everything an event's text in ``lang`` is made of besides its own columns: a change to any of it
        changes this value (an event is named by its itinerary, UID, venue keys and participant keys)."""
        own_texts = () if lang == self.own else _in(self.events.get(event_key(slug, uid), {}), lang)
        return (
            own_texts,
            tuple(_in(self.venues.get(key, {}), lang) for key in venues),
            tuple(_in(self.participants.get(key, {}), lang) for key in people),
        )

    def _standin_city(self, event: Event, lang: str) -> Event:
        """The stand-in with its city in ``lang`` where the city has a text in it."""
        return dataclasses.replace(event, venue=_city_in(event.venue, self.cities, lang))

    def event(self, event: Event, lang: str) -> Localized:
        """The event with its texts, venues and participants in ``lang``, and the language of its texts."""
        if event.standin:  # a busy event's label: the event's own texts in any language are not its to show
            label = self.events.get(event_key(event.itinerary, event.uid), {}).get("label", {})
            return _standin(self._standin_city(event, lang), lang, self.own, label)
        texts = self.events.get(event_key(event.itinerary, event.uid), {})
        title, title_lang = pick(event.title, self.own, texts, "title", lang)
        description, description_lang = pick(event.description, self.own, texts, "description", lang)
        categories, categories_lang = pick(categories_text(event.categories), self.own, texts, "categories", lang)
        outcomes, outcomes_lang = pick(outcomes_text(event.outcomes), self.own, texts, "outcomes", lang)
        translated = outcomes_of(outcomes, event.outcomes) if outcomes_lang != self.own else None
        if translated is None:  # none in ``lang``, or written for other outcomes than the event has now
            outcomes_lang = own_text_language(outcomes_text(event.outcomes), self.own, texts, "outcomes")
        venue = localized_venue(event.venue, self.venues, lang)
        changed_place = venue is not None and event.venue is not None and venue.name != event.venue.name
        value = dataclasses.replace(
            event,
            title=title,
            description=description,
            categories=categories_of(categories) if categories_lang != self.own else event.categories,
            outcomes=translated if translated is not None else event.outcomes,
            venue=venue,
            destination=localized_venue(event.destination, self.venues, lang),
            participants=tuple(localized_participant(p, self.participants, lang) for p in event.participants),
        )
        languages = {
            "title": title_lang,
            "description": description_lang,
            "location": lang if changed_place else self.own,
            "categories": categories_lang,
            "outcomes": outcomes_lang,
        }
        return Localized(value, languages)


def _standin(event: Event, lang: str, own: str = DEFAULT, label: Mapping[str, str] | None = None) -> Localized:
    """A busy stand-in in ``lang``: a neutral label in that language; a label of the event's own in ``lang``
    where ``label`` (its texts by language) has it, else as written (in the itinerary's own language ``own``)."""
    neutral = audiences.NEUTRAL_LABELS.get(event.kind, audiences.NEUTRAL_LABELS[Kind.OTHER])
    said = audiences.neutral_label(event.kind, lang)
    if event.title != neutral:
        if lang != own and (label or {}).get(lang):
            return Localized(dataclasses.replace(event, title=label[lang]), {"title": lang})
        return Localized(event, {"title": own})
    if said is None:
        return Localized(event, {})
    return Localized(dataclasses.replace(event, title=said), {"title": lang})


def _city_in(venue: Venue | None, cities: Mapping[str, Mapping[str, str]], lang: str) -> Venue | None:
    """A busy stand-in's place (named by its city alone) with that city in ``lang`` where it has a text in it."""
    said = cities.get(venue.city, {}).get(lang) if venue is not None else None
    return dataclasses.replace(venue, name=said, city=said) if said else venue


def cities_of(venues: Iterable[Venue], texts: Mapping[str, Texts]) -> dict[str, dict[str, str]]:
    """The cities of ``venues`` in other languages, by the city's own name (the first venue's text wins)."""
    found: dict[str, dict[str, str]] = {}
    for venue in venues:
        for lang, text in texts.get(venue.key, {}).get("city", {}).items():
            found.setdefault(venue.city, {}).setdefault(lang, text)
    return found
