"""Texts in languages other than an itinerary's own: ``repo.translations`` (see :mod:`itinerary.languages`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from itinerary.errors import ItineraryNotFound
from itinerary.languages import Library, event_key
from itinerary.storage.tables import TranslationRow

# {key: {field: {language: text}}}
Found = dict[str, dict[str, dict[str, str]]]


def nest(rows: Iterable[tuple[str, str, str, str]]) -> Found:
    """Rows of (key, field, language, text) as ``{key: {field: {language: text}}}``."""
    found: Found = {}
    for key, field, language, text in rows:
        found.setdefault(key, {}).setdefault(field, {})[language] = text
    return found


def library(repo, itinerary) -> Library:
    """Every text in other languages that the itinerary's feeds and pages may show (see :class:`Library`)."""
    texts = repo.translations
    return Library(
        own=itinerary.language,
        itinerary=texts.texts("itinerary", keys=[itinerary.slug]).get(itinerary.slug, {}),
        events={k: v for k, v in texts.texts("event", prefix=event_key(itinerary.slug, "")).items()},
        venues=texts.texts("venue"),
        participants=texts.texts("participant"),
    )


class Translations:
    """The texts of one kind of thing by key, read and replaced inside the repository's transaction."""

    def __init__(self, repo):
        self.repo = repo
        self.session: Session = repo.session

    def texts(self, kind: str, *, keys: Iterable[str] | None = None, prefix: str | None = None) -> Found:
        """The texts of things of ``kind``: those with these keys, or whose key starts with ``prefix``, or all."""
        query = select(TranslationRow.key, TranslationRow.field, TranslationRow.language, TranslationRow.text).where(
            TranslationRow.kind == kind
        )
        if keys is not None:
            query = query.where(TranslationRow.key.in_(list(keys)))
        if prefix is not None:
            query = query.where(TranslationRow.key.startswith(prefix, autoescape=True))
        return nest(self.session.execute(query.order_by(TranslationRow.key)).all())

    def put(self, kind: str, key: str, texts: Mapping[str, Mapping[str, str]]) -> bool:
        """Replace every text of the thing with ``texts``; whether anything changed."""
        if self.texts(kind, keys=[key]).get(key, {}) == {f: dict(t) for f, t in texts.items() if t}:
            return False
        self.session.execute(delete(TranslationRow).where(TranslationRow.kind == kind, TranslationRow.key == key))
        rows = [
            {"kind": kind, "key": key, "field": field, "language": language, "text": text}
            for field, by_language in texts.items()
            for language, text in by_language.items()
        ]
        if rows:
            self.session.execute(insert(TranslationRow), rows)
        return True

    def mark(self, slug: str, now: datetime, *, public: bool) -> None:
        """Note that the itinerary's feeds show a changed text (their stamps move; no event's SEQUENCE does).

        The texts are read live by the draft and by its latest release alike (they are not part of a
        release): the release's stamps move too, so that its readers' feeds and pages say them at once.
        """
        self.repo.mark_changed(self.repo.itinerary_row(slug), now, public=public)
        released = self.repo.staged(release=not self.repo.release)
        try:
            row = released.itinerary_row(slug)
        except ItineraryNotFound:
            return  # never published
        released.mark_changed(row, now, public=public)


class MemoryTranslations:
    """The same in memory: the state's ``translations`` ``{(kind, key, field, language): text}``."""

    def __init__(self, repo):
        self.repo = repo

    def texts(self, kind: str, *, keys: Iterable[str] | None = None, prefix: str | None = None) -> Found:
        """As :meth:`Translations.texts`."""
        wanted = None if keys is None else set(keys)
        stored = self.repo.state.translations
        return nest(
            (k[1], k[2], k[3], text)
            for k, text in sorted(stored.items())
            if k[0] == kind and (wanted is None or k[1] in wanted) and (prefix is None or k[1].startswith(prefix))
        )

    def put(self, kind: str, key: str, texts: Mapping[str, Mapping[str, str]]) -> bool:
        """As :meth:`Translations.put`."""
        stored = self.repo.state.translations
        new = {(kind, key, f, lang): text for f, by_language in texts.items() for lang, text in by_language.items()}
        old = {k: v for k, v in stored.items() if k[0] == kind and k[1] == key}
        if old == new:
            return False
        for k in old:
            del stored[k]
        stored.update(new)
        self.repo.wrote = True
        return True

    def mark(self, slug: str, now: datetime, *, public: bool) -> None:
        """As :meth:`Translations.mark`."""
        self.repo.mark_changed(slug, now, public=public)
        released = self.repo.staged(release=not self.repo.release)
        try:
            released.mark_changed(slug, now, public=public)
        except ItineraryNotFound:
            return  # never published
