"""Search: what a reader may see of itineraries, events, venues and participants, found by words and highlighted.

The query is cut into terms (runs of letters and digits, so punctuation, quotes and the
operators of FTS5 or PostgreSQL are never syntax), the store finds and ranks, and the words
found are marked here, in plain text parts: nothing from the database is ever treated as HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itinerary import audiences, languages
from itinerary.model import Kind
from itinerary.storage.interface import UnitOfWork

MAX_QUERY = 200  # characters of the query read; the rest is ignored
MAX_TERMS = 8
LIMIT = 30
SNIPPET = 160  # characters of the text shown around the first word found

_TERM = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Part:
    """A piece of text, marked when it is a word searched for."""

    text: str
    marked: bool = False


@dataclass(frozen=True)
class Result:
    """One thing found, as a results page shows it: its kind, title and snippet in parts, and where it leads."""

    kind: str  # itinerary, event, venue, participant
    title: tuple[Part, ...]
    snippet: tuple[Part, ...]
    slug: str  # the itinerary to open
    uid: str | None  # the event to open in it, or None for the itinerary itself
    title_lang: str = ""  # the language the title is in, where it is known to differ from the one asked for
    snippet_lang: str = ""  # the same of the snippet


def terms(query: str) -> tuple[str, ...]:
    """The words searched for: runs of letters and digits, the first few of the query's first characters.

    >>> terms('"Tianjin" NEAR hock* -ice: 天津')
    ('Tianjin', 'NEAR', 'hock', 'ice', '天津')
    """
    found = _TERM.findall((query or "")[:MAX_QUERY])
    return tuple(dict.fromkeys(found))[:MAX_TERMS]


def search(
    store: UnitOfWork, query: str, *, include_restricted: bool = False, limit: int = LIMIT, lang: str = ""
) -> list[Result]:
    """What matches every word of ``query``, best first; restricted content only with ``include_restricted``.
    With ``lang`` (the page's language), busy stand-ins' cities are in it where they have a text in it.

    Without it, the events the public sees busy are found by their stand-ins' labels alone (never by their
    own words), after what the index found; the city is their snippet.
    """
    words = terms(query)
    if not words:
        return []
    marks: dict[tuple[str, str | None], tuple[str, str]] = {}  # stand-ins' texts in other languages than lang
    with store.transaction() as repo:
        found = repo.search.find(words, include_restricted=include_restricted, limit=limit)
        found = _in_languages(repo, words, found, include_restricted, lang, marks)[:limit]
        if not include_restricted and len(found) < limit:
            found += _standins(repo, words, lang, marks)[: limit - len(found)]
    return [
        Result(
            kind=f.kind,
            title=highlight(f.title, words),
            snippet=highlight(snippet(f.text, words), words),
            slug=f.slug,
            uid=f.uid,
            title_lang=marks.get((f.kind, f.slug, f.uid, f.title), marks.get((f.slug, f.uid), ("", "")))[0],
            snippet_lang=marks.get((f.kind, f.slug, f.uid, f.title), marks.get((f.slug, f.uid), ("", "")))[1],
        )
        for f in found
    ]


def _standins(repo, words: tuple[str, ...], lang: str = "", marks: dict | None = None) -> list:
    """The busy stand-ins of public itineraries whose label holds every word (in any case); with ``lang``, their
    cities in it where they have a text in it, and in ``marks`` by (slug, UID) the languages of a label and
    city that are in another."""
    from itinerary.storage.search import Found  # the storage's own record of a thing found

    folded = [w.casefold() for w in words]
    found, cities = [], None
    for slug, uid, label, kind in repo.search.busy_for_public():
        named = label or audiences.NEUTRAL_LABELS.get(Kind(kind), audiences.NEUTRAL_LABELS[Kind.OTHER])
        if not all(w in named.casefold() for w in folded):
            continue  # read whole only when its label matches
        event = repo.event(slug, uid)
        known, above = {uid: event}, event.parent
        while above and above not in known and len(known) < 50:  # its summits' limits apply
            known[above] = repo.event(slug, above)
            above = known[above].parent
        for shown in audiences.visible([event], audiences.PUBLIC, parents=known):
            if shown.standin and all(w in shown.title.casefold() for w in folded):
                city = shown.venue.city if shown.venue else ""
                if lang and marks is not None:
                    cities = cities or languages.cities_of(repo.venues(), repo.translations.texts("venue"))
                    said = cities.get(city, {}).get(lang, "")
                    label_lang = repo.itinerary(slug).language if label else languages.DEFAULT  # neutral: English
                    marks[(slug, uid)] = (
                        label_lang if label_lang != lang else "",
                        languages.DEFAULT if city and not said and lang != languages.DEFAULT else "",
                    )
                    city = said or city
                found.append(Found(kind="event", title=shown.title, text=city, slug=slug, uid=uid, rank=0))
    return found


def _pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


def highlight(text: str, words: tuple[str, ...]) -> tuple[Part, ...]:
    """``text`` in parts, each occurrence of a word (in any case) marked.

    >>> highlight("Junior ice hockey", ("HOCK",))
    (Part(text='Junior ice ', marked=False), Part(text='hock', marked=True), Part(text='ey', marked=False))
    """
    if not text:
        return ()
    parts, at = [], 0
    for match in _pattern(words).finditer(text):
        if match.start() > at:
            parts.append(Part(text[at : match.start()]))
        parts.append(Part(match.group(), marked=True))
        at = match.end()
    if at < len(text):
        parts.append(Part(text[at:]))
    return tuple(parts)


def snippet(text: str, words: tuple[str, ...]) -> str:
    """At most :data:`SNIPPET` characters of ``text``, around the first word found, with "…" where cut."""
    text = " ".join(text.split())
    if len(text) <= SNIPPET:
        return text
    match = _pattern(words).search(text)
    start = max(0, (match.start() if match else 0) - SNIPPET // 4)
    piece = text[start : start + SNIPPET]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(text) else "")


_TEXT_FIELDS = {  # the fields of a thing's title and of its text, by kind
    "itinerary": ("title", ("summary",)),
    "event": ("title", ("description",)),
    "venue": ("name", ("city",)),
    "participant": ("name", ("role", "delegation")),
}


def _in_languages(repo, words, found, include_restricted: bool, lang: str, marks: dict) -> list:
    """``found`` (what the index found in the own texts) and the itineraries, events, venues and participants the
    reader may see whose texts in any language hold every word (a substring, in any case: Chinese has no
    spaces), with their titles and texts in ``lang`` where they have one; in ``marks`` by (slug, UID) the
    languages of those in another. Busy events are never found here by their words (only by their stand-ins',
    see :func:`_standins`)."""
    from itinerary.storage.search import Found

    folded = [w.casefold() for w in words]
    busy = set() if include_restricted else {(slug, uid) for slug, uid, _, _ in repo.search.busy_for_public()}
    texts = {kind: repo.translations.texts(kind) for kind in _TEXT_FIELDS}
    seen = {(f.kind, f.slug, f.uid, f.title) for f in found}
    more, shown = [], {}
    for kind, slug, uid, title, text, own, key in repo.search.shown_texts(include_restricted):
        if kind == "event" and (slug, uid) in busy:
            continue
        own_texts = texts[kind].get(languages.event_key(slug, uid) if kind == "event" else key, {})
        name, fields = _TEXT_FIELDS[kind]
        shown[(kind, slug, uid, title)] = (own_texts, own)
        every = [title, text] + [t for f in (name, *fields) for t in own_texts.get(f, {}).values()]
        if (kind, slug, uid, title) not in seen and all(w in " ".join(every).casefold() for w in folded):
            more.append(Found(kind=kind, title=title, text=text, slug=slug, uid=uid, rank=0))
    result = []
    for f in [*found, *more]:
        if lang and (f.kind, f.slug, f.uid, f.title) in shown:
            own_texts, own = shown[(f.kind, f.slug, f.uid, f.title)]
            name, fields = _TEXT_FIELDS[f.kind]
            title, title_lang = languages.pick(f.title, own, own_texts, name, lang)
            said = [languages.pick("", own, own_texts, field, lang) for field in fields]
            if all(text_lang == lang and text for text, text_lang in said):
                text, text_lang = ", ".join(text for text, _ in said), lang
            else:
                text, text_lang = f.text, own
            marks[(f.kind, f.slug, f.uid, title)] = (
                title_lang if title_lang != lang else "",
                text_lang if text_lang != lang and text else "",
            )
            f = Found(kind=f.kind, title=title, text=text, slug=f.slug, uid=f.uid, rank=f.rank)
        result.append(f)
    return result
