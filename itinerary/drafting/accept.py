"""Turn reviewed proposals into stored events, through the usual services and checks.

Nothing of a draft is stored until an editor accepts proposals; then, in one
transaction, the itinerary is created (or found), each proposal's city or venue
and its participants are added when they are new, and each event is created with
:func:`itinerary.services.save_checked`, so that every rule and check of a form
applies. Any refusal stores nothing.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from itinerary import checks, services
from itinerary.drafting import gazetteer
from itinerary.drafting.model import Place, Proposal
from itinerary.errors import InvalidInput, Message, ScheduleConflict, Typed
from itinerary.model import Event, EventSpec, Itinerary
from itinerary.texts import add_other_texts, event_texts_key, put_other_texts, texts_of

#: How long a proposal with a start and no end is taken to last.
DEFAULT_MINUTES = 60
DESCRIPTION = "Proposed from the announcement: {source}"
#: The refusal of a proposal for an itinerary in another language than the draft's without a title in its own.
OWN_TITLE_MISSING = "give the title in the itinerary's own language"


class ProposalRefused(InvalidInput):
    """A proposal that breaks a rule; ``index`` is its position among those accepted, ``errors`` name its fields."""

    def __init__(self, index: int, errors: dict[str, str]):
        self.index = index
        super().__init__(errors)


class ProposalConflicts(ScheduleConflict):
    """An accepted proposal that would give the programme a new error; nothing was stored."""

    def __init__(self, index: int, findings):
        self.index = index
        super().__init__(findings)


@dataclass(frozen=True)
class Accepted:
    """What accepting stored: the itinerary, the new events and the warnings to show."""

    itinerary: Itinerary
    events: tuple = ()
    findings: tuple = field(default_factory=tuple)


def slug(text: str, fallback: str = "place") -> str:
    """A key of lower-case ASCII letters, digits and hyphens.

    >>> slug("Great Hall of the People"), slug("Анкоридж", "venue-1")
    ('great-hall-of-the-people', 'venue-1')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-") or fallback


def place_of(name: str | None, places: Sequence[Place] = (), lang: str = "en") -> Place | None:
    """The place called ``name``: by the gazetteer's English name among ``places``, else in the gazetteer, by its
    English name or its name in ``lang`` ("Пекин", "北京")."""
    if not name:
        return None
    for place in places:
        if place.name == name:
            return place
    return gazetteer.find(name, "en") or (gazetteer.find(name, lang) if lang != "en" else None)


def no_city(name: str, lang: str = "en") -> Message:
    """Why a city is refused: the gazetteer knows no city ``name``; saying which languages it reads (English, and the
    announcement's language ``lang``), so that the editor knows how to write it.

    >>> str(no_city("Cindao", "ru"))
    "no city called 'Cindao' in the gazetteer; write its name in English or Russian, e.g. Qingdao or Циндао"
    """
    if lang == "ru":
        return Message(
            "no city called %(city)s in the gazetteer; write its name in English or Russian, e.g. Qingdao or Циндао",
            city=Typed(name, 60),
        )
    if lang == "zh":
        return Message(
            "no city called %(city)s in the gazetteer; write its name in English or Chinese, e.g. Qingdao or 青岛",
            city=Typed(name, 60),
        )
    return Message(
        "no city called %(city)s in the gazetteer; write its English name, e.g. Qingdao", city=Typed(name, 60)
    )


def local_name(proposal: Proposal, lang: str, *, destination: bool = False) -> str | None:
    """The city's name in the draft's language ``lang``, where it is not the gazetteer's English name: as the
    announcement wrote it, or as the editor typed it on the review form."""
    name, written = (
        (proposal.destination, proposal.destination_name) if destination else (proposal.city, proposal.city_name)
    )
    if lang == "en" or not name:
        return None
    if written:
        return written
    return name if gazetteer.find(name, "en") is None and gazetteer.find(name, lang) is not None else None


def venue_texts(proposal: Proposal, places: Sequence[Place], lang: str, *, destination: bool = False) -> dict:
    """The venue's texts in languages other than English ({lang: {field: text}}; empty when there are none):
    its city as the gazetteer names it in each language it knows, in the draft's language ``lang`` as the
    announcement names it, and so its name too where the venue is the city itself."""
    fields = venue_fields(proposal, places, destination=destination, lang=lang)
    if fields is None:
        return {}
    city = place_of(proposal.destination if destination else proposal.city, places, lang)
    cities = dict(gazetteer.names(city))
    local = local_name(proposal, lang, destination=destination)
    if local is not None:
        cities[lang] = local
    both = fields["name"] == fields["city"]
    return {
        language: ({"name": name, "city": name} if both else {"city": name})
        for language, name in cities.items()
        if language != "en"
    }


def venue_fields(
    proposal: Proposal, places: Sequence[Place], *, destination: bool = False, lang: str = "en"
) -> dict | None:
    """The venue a proposal takes place at (or travels to): its named venue, else its city (the gazetteer's
    English name: the own text of a venue shared by itineraries in every language)."""
    city = place_of(proposal.destination if destination else proposal.city, places, lang)
    if city is None:
        return None
    name = proposal.venue if proposal.venue and not destination else city.name
    city_key = slug(city.name)
    key = city_key if name == city.name else f"{city_key}-{slug(name, 'venue')}"
    return {
        "key": key,
        "name": name,
        "city": city.name,
        "country": city.country,
        "timezone": city.timezone,
        "latitude": city.latitude,
        "longitude": city.longitude,
    }


def spec_of(proposal: Proposal, venue: str | None, destination: str | None, participants: tuple[str, ...]) -> EventSpec:
    """The event a proposal becomes: timed when it has a clock time, else for its whole days; tentative."""
    common = {
        "title": proposal.title,
        "kind": proposal.kind,
        "format": proposal.format,
        "status": "tentative",
        "timezone": proposal.timezone,
        "venue": venue,
        "destination": destination,
        "participants": participants,
        "description": DESCRIPTION.format(source=proposal.source) if proposal.source else "",
    }
    if proposal.start is None:
        return EventSpec(all_day=True, first=proposal.date, last=proposal.last, **common)
    start = datetime.combine(proposal.date, proposal.start)
    end = datetime.combine(proposal.date, proposal.end) if proposal.end else start + timedelta(minutes=DEFAULT_MINUTES)
    return EventSpec(start=start, end=end, **common)


def accept(
    store,
    proposals: Sequence[Proposal],
    *,
    into: str | None = None,
    new: dict | None = None,
    places: Sequence[Place] = (),
    editor: str = "",
    settings: checks.CheckSettings | None = None,
    lang: str = "en",
) -> Accepted:
    """Store ``proposals`` as events of the itinerary ``into``, or of a new one made from ``new``'s fields.

    ``lang`` is the announcement's language: a new itinerary's own language (its events' titles are in it), and
    the language of the texts a new venue gets besides its English own text ("Пекин" for Beijing).
    All or nothing: raises :class:`ProposalRefused` or :class:`ProposalConflicts`
    (naming the proposal), or the itinerary's own errors, and then stores nothing.
    """
    if (into is None) == (new is None):
        raise InvalidInput("target", "choose an existing itinerary or give the new one's fields")
    if not proposals:
        raise InvalidInput("proposals", "accept at least one proposal")
    with store.transaction():
        if new is not None:
            itinerary = services.create_itinerary(store, **new)
            if lang != itinerary.language:
                itinerary = services.update_itinerary(store, itinerary.slug, language=lang)
        else:
            itinerary = services.get_itinerary(store, into)
        venues = {v.key for v in services.list_venues(store)}
        people = {p.key for p in services.list_participants(store)}
        events, findings = [], []
        for index, proposal in enumerate(proposals):
            unknown = {
                name: no_city(value, lang)
                for name, value in (("city", proposal.city), ("destination", proposal.destination))
                if value and place_of(value, places, lang) is None
            }
            if unknown:
                raise ProposalRefused(index, unknown)
            # Text in the draft's language is stored as that language's: an itinerary in another needs its own.
            foreign = itinerary.language != lang
            if foreign and not proposal.own_title:
                raise ProposalRefused(index, {"own_title": OWN_TITLE_MISSING})
            keys = []
            for destination in (False, True):
                fields = venue_fields(proposal, places, destination=destination, lang=lang)
                if fields is None:
                    keys.append(None)
                    continue
                texts = venue_texts(proposal, places, lang, destination=destination)
                if fields["key"] not in venues:
                    services.put_venue(store, editor=editor, **fields)
                    if texts:
                        put_other_texts(store, "venue", fields["key"], texts)
                    venues.add(fields["key"])
                elif texts:
                    _add_missing(store, fields["key"], texts)
                keys.append(fields["key"])
            if proposal.kind != "travel":
                keys[1] = None
            for key, name in zip(proposal.participant_keys, proposal.participants, strict=False):
                if key not in people:
                    services.put_participant(store, editor=editor, key=key, name=name)
                    people.add(key)
            own = dataclasses.replace(proposal, title=proposal.own_title) if foreign else proposal
            spec = spec_of(own, keys[0], keys[1], tuple(proposal.participant_keys))
            try:
                event, found = services.save_checked(
                    store,
                    itinerary.slug,
                    lambda spec=spec: services.create_event(store, itinerary.slug, spec, editor=editor),
                    settings,
                )
            except ScheduleConflict as conflict:
                raise ProposalConflicts(index, conflict.findings) from None
            except InvalidInput as error:
                raise ProposalRefused(index, error.errors) from None
            if foreign and proposal.title:
                put_other_texts(
                    store, "event", event_texts_key(itinerary.slug, event.uid), {lang: {"title": proposal.title}}
                )
            events.append(event)
            findings.extend(found)
        return Accepted(itinerary, tuple(events), tuple(findings))


def _add_missing(store, key: str, texts: dict) -> None:
    """Give the existing venue ``key`` the draft's ``texts`` ({lang: {field: text}}) where it has none in that
    language (an editor's text is never replaced)."""
    stored, _ = texts_of(store, "venue", key)
    missing = {
        lang: found
        for lang, fields in texts.items()
        if (found := {name: text for name, text in fields.items() if not stored.get(name, {}).get(lang)})
    }
    if missing:
        add_other_texts(store, "venue", key, missing)


def already_in(store, slug: str, proposals: Sequence[Proposal], lang: str = "en") -> dict[int, Event]:
    """The proposals (by index) whose title, as the itinerary would store it, and start (its wall clock time, or
    its first day) equal an event already in the itinerary ``slug``: accepting the same announcement twice."""
    itinerary = services.get_itinerary(store, slug)
    foreign = itinerary.language != lang
    stored = {}
    for event in services.list_events(store, slug):
        spec = event.spec()
        stored.setdefault((event.title, spec.first if spec.all_day else spec.start), event)
    found = {}
    for index, proposal in enumerate(proposals):
        own = dataclasses.replace(proposal, title=proposal.own_title) if foreign else proposal
        spec = spec_of(own, None, None, ())
        event = stored.get((spec.title, spec.first if spec.all_day else spec.start))
        if event is not None:
            found[index] = event
    return found
