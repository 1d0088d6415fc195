"""Services for content in several languages: every language of a thing's texts read and saved together.

An itinerary's and an event's texts in the itinerary's own language are their own fields (required); those
in other languages are optional and fall back to them. Venues and participants, shared by itineraries of
any language, keep the text they were entered with and an optional text per language. A change of a text
in another language moves the feed stamps of the itineraries that show it but no event's SEQUENCE: only the
blocks of that language are made again. Readers see an itinerary's and its events' texts of the latest
release (publishing copies them, see :mod:`itinerary.releases`); a venue's or participant's at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from itinerary import services
from itinerary.errors import Choices, InLanguage, InvalidInput, LanguageName, Message
from itinerary.languages import (
    ENGLISH_NAMES,
    FIELDS,
    LANGUAGES,
    Library,
    Localized,
    categories_of,
    categories_text,
    check_texts,
    event_key,
    event_texts,
    localized_itinerary,
    outcome_titles,
    own_outcomes,
)
from itinerary.languages import language as known_language
from itinerary.model import Itinerary, Visibility
from itinerary.records import Change
from itinerary.storage import Store
from itinerary.storage.translations import library

KINDS = tuple(FIELDS)
OFFERS = "offers"  # rows of the translations table: key = slug, field "languages", one row per offered language


def _own(store: Store, kind: str, key: str) -> tuple[dict[str, str], str | None]:
    """The thing's own texts by field, and the language they are in (None for a venue or participant)."""
    if kind == "itinerary":
        found = services.get_itinerary(store, key)
        return {"title": found.title, "summary": found.summary}, found.language
    if kind == "event":
        slug, _, uid = key.partition("/")
        event = services.get_event(store, slug, uid)
        return event_texts(event), services.get_itinerary(store, slug).language
    with store.transaction() as repo:
        if kind == "venue":
            venue = repo.venue(key)
            return {"name": venue.name, "city": venue.city}, None
        person = repo.participants_by_key([key])[0]
        return {"name": person.name, "role": person.role, "delegation": person.delegation}, None


def texts_of(store: Store, kind: str, key: str) -> tuple[dict[str, dict[str, str]], str | None]:
    """Every text of the thing, ``{field: {language: text}}``, and its own language (None: a venue or
    participant, whose own texts are under ``""``)."""
    own, language = _own(store, kind, key)
    with store.transaction() as repo:
        others = repo.translations.texts(kind, keys=[key]).get(key, {})
    return {field: {language or "": text, **others.get(field, {})} for field, text in own.items()}, language


def save_texts(store: Store, kind: str, key: str, texts: Mapping[str, Mapping[str, str]], *, editor: str = "") -> None:
    """Save every language of the thing's texts at once; ``texts`` as :func:`texts_of` gives them.

    The own language's texts change the thing itself (an event's through :func:`services.update_event`,
    with its SEQUENCE); every other language's replace what was stored. One transaction.
    """
    if kind not in KINDS:
        raise InvalidInput("kind", f"choose one of: {', '.join(KINDS)}")
    with store.transaction() as repo:
        own, language = _own(store, kind, key)
        wanted = {field: dict(by_language) for field, by_language in texts.items()}
        mine = {field: by_language.pop(language or "", own[field]) for field, by_language in wanted.items()}
        others = check_texts(kind, wanted)  # the own language's were taken out above: never stored twice
        changed = {field: text for field, text in mine.items() if text != own[field]}
        if kind == "event":
            _check_outcomes(key, mine.get("outcomes", own.get("outcomes", "")), others)
            changed = _as_event_fields(store, key, changed)
        if changed and kind == "itinerary":
            services.update_itinerary(store, key, **changed)
        elif changed and kind == "event":  # a venue's or participant's own texts change in its own form
            slug, _, uid = key.partition("/")
            services.update_event(store, slug, uid, editor=editor, **changed)
        before = repo.translations.texts(kind, keys=[key]).get(key, {})
        if repo.translations.put(kind, key, others):
            _mark(repo, store, kind, key)
            log_texts(repo, store, kind, key, before, others, editor=editor)


def _check_outcomes(key: str, own: str, others: Mapping[str, Mapping[str, str]]) -> None:
    """Refuse a language's outcomes that have not one title for each of the own language's ``own``."""
    count = len(outcome_titles(own))
    errors = {
        f"outcomes.{lang}": Message.count(
            "give one title per line for each of the %(num)s outcome, in its order, or leave it empty to show the "
            "own language's",
            "give one title per line for each of the %(num)s outcomes, in their order, or leave it empty to show "
            "the own language's",
            count,
        )
        for lang, text in others.get("outcomes", {}).items()
        if len(outcome_titles(text)) != count
    }
    if errors:
        raise InvalidInput(errors)


def _as_event_fields(store: Store, key: str, changed: dict[str, str]) -> dict:
    """An event's own texts that changed, as its fields: categories a tuple of names, outcomes of outcomes (each
    keeping its area by position)."""
    fields: dict = dict(changed)
    if "categories" in fields:  # the own language's categories are the event's own, a tuple of names
        fields["categories"] = categories_of(fields["categories"])
    if "outcomes" in fields:
        slug, _, uid = key.partition("/")
        fields["outcomes"] = own_outcomes(fields["outcomes"], services.get_event(store, slug, uid).outcomes)
    return fields


def _mark(repo, store: Store, kind: str, key: str) -> None:
    """Move the feed stamps of every itinerary whose feeds or pages show the thing's texts."""
    now = store.now()
    # The itinerary's and its events' texts reach the release's readers when the draft is published.
    if kind == "itinerary":
        repo.translations.mark(key, now, public=True, release=False)
        return
    if kind == "event":
        slug, _, uid = key.partition("/")
        repo.translations.mark(slug, now, public=not repo.event(slug, uid).restricted, release=False)
        return
    shown = repo.events_showing(**{kind: key})
    public: dict[str, bool] = {}
    for event in shown.values():
        public[event.itinerary] = public.get(event.itinerary, False) or event.visibility is Visibility.PUBLIC
    for slug, seen in sorted(public.items()):
        repo.translations.mark(slug, now, public=seen)


def library_of(store: Store, slug: str) -> Library:
    """Every text in other languages the itinerary's pages and feeds may show."""
    with store.transaction() as repo:
        return library(repo, repo.itinerary(slug))


def itinerary_in(store: Store, slug: str, lang: str) -> Localized:
    """The itinerary with its title and summary in ``lang`` (its own where it has none), and their languages."""
    with store.transaction() as repo:
        itinerary = repo.itinerary(slug)
        texts = repo.translations.texts("itinerary", keys=[slug]).get(slug, {})
    return localized_itinerary(itinerary, texts, lang)


def all_texts(store: Store) -> list[dict]:
    """Every stored text in another language, for a backup: ``{kind, key, field, language, text}``."""
    with store.transaction() as repo:
        return [
            {"kind": kind, "key": key, "field": field, "language": language, "text": text}
            for kind in (*KINDS, OFFERS)
            for key, fields in repo.translations.texts(kind).items()
            for field, by_language in sorted(fields.items())
            for language, text in sorted(by_language.items())
        ]


def restore_texts(store: Store, rows: list[dict]) -> int:
    """Store the texts of a backup (as :func:`all_texts` wrote them); how many."""
    grouped: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    for row in rows:
        if row.get("kind") not in (*KINDS, OFFERS) or row.get("language") not in LANGUAGES:
            raise InvalidInput("translations", f"unknown kind or language in {row!r:.80}")
        grouped.setdefault((row["kind"], row["key"]), {}).setdefault(row["field"], {})[row["language"]] = row["text"]
    with store.transaction() as repo:
        for (kind, key), texts in grouped.items():
            if kind == OFFERS:  # the languages an itinerary offers: no text to check
                repo.translations.put(kind, key, {"languages": {lang: lang for lang in texts.get("languages", {})}})
            elif repo.translations.put(kind, key, check_texts(kind, texts)):
                _mark(repo, store, kind, key)
    return len(rows)


def event_texts_key(slug: str, uid: str) -> str:
    """The key of an event's texts (see :func:`itinerary.languages.event_key`)."""
    return event_key(slug, uid)


__all__ = [
    "KINDS",
    "all_texts",
    "event_texts_key",
    "itinerary_in",
    "library_of",
    "restore_texts",
    "save_texts",
    "texts_of",
]


def put_other_texts(
    store: Store, kind: str, key: str, by_language: Mapping[str, Mapping[str, str]], *, editor: str | None = None
) -> bool:
    """Replace the thing's texts in other languages with ``{language: {field: text}}`` (fixtures, imports);
    whether anything changed. With ``editor`` (an import's), the change log records what changed."""
    texts: dict[str, dict[str, str]] = {}
    for language, fields in by_language.items():
        if not isinstance(fields, Mapping):
            raise InvalidInput(language, "must be a table of texts (title, summary, name…)")
        for field, text in fields.items():
            if field == "categories" and isinstance(text, list | tuple):  # a fixture's list of names
                text = categories_text(text)
            elif field == "outcomes" and isinstance(text, list | tuple):  # a fixture's list of titles
                text = "\n".join(text)
            texts.setdefault(field, {})[language] = text
    with store.transaction() as repo:
        before = repo.translations.texts(kind, keys=[key]).get(key, {})
        after = check_texts(kind, texts)
        changed = repo.translations.put(kind, key, after)
        if changed:
            _mark(repo, store, kind, key)
            if editor is not None:
                log_texts(repo, store, kind, key, before, after, editor=editor)
    return changed


def occurrences_in(store: Store, slug: str, found: list, lang: str) -> tuple[list, dict[str, dict[str, str]]]:
    """The occurrences with their events' texts in ``lang`` (falling back to the own language), and the
    language each event's texts are really in, by UID."""
    library = library_of(store, slug)
    shown, languages = [], {}
    for occurrence in found:
        localized = library.event(occurrence.event, lang)
        shown.append(dataclasses.replace(occurrence, event=localized.value))
        languages[occurrence.event.uid] = dict(localized.languages)
    return shown, languages


def event_in(store: Store, slug: str, event, lang: str) -> Localized:
    """The event with its texts in ``lang`` (falling back to the own language) and their languages."""
    return library_of(store, slug).event(event, lang)


def add_other_texts(
    store: Store, kind: str, key: str, by_language: Mapping[str, Mapping[str, str]], *, editor: str | None = None
) -> bool:
    """Add (or replace) the thing's texts in these languages, ``{language: {field: text}}``, keeping its others."""
    with store.transaction() as repo:
        stored = repo.translations.texts(kind, keys=[key]).get(key, {})
    merged: dict[str, dict[str, str]] = {}
    for field, languages in stored.items():
        for language, text in languages.items():
            merged.setdefault(language, {})[field] = text
    for language, fields in by_language.items():
        merged.setdefault(language, {}).update(fields)
    return put_other_texts(store, kind, key, merged, editor=editor)


# The itinerary's own language and the other languages it offers.


def offered_languages(store: Store, slug: str) -> tuple[str, ...]:
    """The itinerary's own language, then each other language it offers (every one, until an editor chose)."""
    with store.transaction() as repo:
        own = repo.itinerary(slug).language
        chosen = repo.translations.texts(OFFERS, keys=[slug]).get(slug, {}).get("languages")
    others = [lang for lang in LANGUAGES if lang != own and (chosen is None or lang in chosen)]
    return (own, *others)


def set_languages(store: Store, slug: str, own: str, offered, *, editor: str = "") -> Itinerary:
    """Make ``own`` the itinerary's own language and offer ``offered`` besides it (none: only the own); one
    transaction.

    A new own language keeps every text: the old own texts become that language's, the new language's
    become the own ones (a text it has none of is empty in it). Refused, with nothing changed, when the
    itinerary or an event would have no title in the new own language.
    """
    own = known_language(own, "language")
    offered = sorted({known_language(lang, "offered") for lang in offered} - {own})
    with store.transaction() as repo:
        itinerary = repo.itinerary(slug)
        old = itinerary.language
        if own != old:
            _swap_languages(store, repo, itinerary, old, own, editor)
        # None offered besides the own language is stored as the own language alone: no row at all means
        # "every language", as before an editor chose (walk 5, finding 8).
        chosen = offered or [own]
        if repo.translations.put(OFFERS, slug, {"languages": {lang: lang for lang in chosen}}):
            _mark(repo, store, "itinerary", slug)  # published with the itinerary's texts (itinerary.releases)
        return repo.itinerary(slug)


def _swap_languages(store: Store, repo, itinerary, old: str, own: str, editor: str) -> None:
    slug = itinerary.slug
    events = repo.events(slug, include_restricted=True)
    things = [("itinerary", slug, itinerary.title)] + [("event", event_key(slug, e.uid), e.title) for e in events]
    found = {key: texts_of(store, kind, key)[0] for kind, key, _ in things}
    untitled = [title for _, key, title in things if not found[key]["title"].get(own, "").strip()]
    if untitled:
        raise InvalidInput(
            "language",
            Message.count(
                "%(language)s cannot be the own language: %(num)s title has no text in it (%(titles)s); add it first",
                "%(language)s cannot be the own language: %(num)s titles have no text in it (%(titles)s); "
                "add them first",
                len(untitled),
                language=LanguageName(own, ENGLISH_NAMES[own]),
                # Each title is the old own language's text: the web marks it so (walk 6, N7).
                titles=Choices(tuple(InLanguage(t, old) for t in untitled[:5]) + (("…",) if len(untitled) > 5 else ())),
            ),
        )
    services.update_itinerary(store, slug, language=own)
    for kind, key, _ in things:
        texts = found[key]
        mine = {field: by_language.get(own, "") for field, by_language in texts.items()}
        if kind == "event" and len(outcome_titles(mine["outcomes"])) != len(outcome_titles(texts["outcomes"][old])):
            mine["outcomes"] = texts["outcomes"][old]  # none in the new language: the outcomes stay as they are
        if kind == "event" and not mine["label"].strip():
            mine["label"] = texts["label"][old]  # none in the new language: the public label stays as written
        others = {
            field: {lang: text for lang, text in by_language.items() if lang != own and text}
            for field, by_language in texts.items()
        }
        if kind == "itinerary":
            services.update_itinerary(store, slug, **mine)
        else:
            uid = key.partition("/")[2]
            services.update_event(store, slug, uid, editor=editor, **_as_event_fields(store, key, mine))
        before = {field: {lang: t for lang, t in by.items() if lang != old} for field, by in texts.items()}
        if repo.translations.put(kind, key, others):
            log_texts(repo, store, kind, key, before, others, editor=editor)
    _mark(repo, store, "itinerary", slug)


# The change log of texts in other languages (editors read it in "what changed"; readers never do).

TRANSLATED = "translated"  # the action of a change log entry that changed texts in other languages only


def text_changes(before: Mapping, after: Mapping) -> dict[str, tuple[str, str]]:
    """Each text that differs, as ``{"field (language)": (before, after)}`` ("" where there is none).

    >>> text_changes({"title": {"ru": "Переговоры"}}, {"title": {"ru": "Встреча", "zh": "会谈"}})
    {'title (ru)': ('Переговоры', 'Встреча'), 'title (zh)': ('', '会谈')}
    """
    found = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field, {}), after.get(field, {})
        for lang in sorted(set(old) | set(new)):
            if old.get(lang, "") != new.get(lang, ""):
                found[f"{field} ({lang})"] = (old.get(lang, ""), new.get(lang, ""))
    return found


def log_texts(repo, store: Store, kind: str, key: str, before: Mapping, after: Mapping, *, editor: str = "") -> None:
    """Record which texts in other languages of the thing changed, from what to what, by whom and when: on
    the event (an event's), or on each itinerary that shows the thing (the itinerary's, a venue's, a person's)."""
    fields = text_changes(before, after)
    if not fields:
        return
    now = store.now()
    if kind == "event":
        slug, _, uid = key.partition("/")
        event = repo.event(slug, uid)
        entries = [(slug, uid, event.title, event.visibility.value)]
    elif kind == "itinerary":
        entries = [(key, "", repo.itinerary(key).title, Visibility.PUBLIC.value)]
    else:
        name = repo.venue(key).name if kind == "venue" else repo.participants_by_key([key])[0].name
        slugs = sorted({event.itinerary for event in repo.events_showing(**{kind: key}).values()})
        entries = [(slug, "", name, Visibility.PUBLIC.value) for slug in slugs]
    for slug, uid, title, visibility in entries:
        repo.changes.add(slug, Change(now, editor, uid, title, TRANSLATED, fields, visibility))


def place_texts(store: Store, kind: str) -> dict[str, dict[str, dict[str, str]]]:
    """Every venue's (``kind`` "venue") or participant's texts in other languages, ``{key: {field: {language:
    text}}}``: shared by every itinerary and state, like the venues and participants themselves."""
    if kind not in ("venue", "participant"):
        raise InvalidInput("kind", "choose one of: venue, participant")
    with store.transaction() as repo:
        return repo.translations.texts(kind)
