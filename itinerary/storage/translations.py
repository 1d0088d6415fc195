"""Texts in languages other than an itinerary's own: ``repo.translations`` (see :mod:`itinerary.languages`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from itinerary.errors import ItineraryNotFound
from itinerary.languages import Library, cities_of, event_key
from itinerary.storage.tables import ReleaseTranslationRow, TranslationRow

# {key: {field: {language: text}}}
Found = dict[str, dict[str, dict[str, str]]]

# The kinds of texts a release holds its own copy of (an itinerary's, its events', the languages it offers),
# copied when the draft is published; venues' and participants' texts are shared by every itinerary and
# state, like the venues and participants themselves (itinerary.releases).
RELEASED_KINDS = ("itinerary", "event", "offers")


def scope(translations, slug: str) -> dict[str, Found]:
    """Every text of the itinerary's own that a release copies, by kind (see :data:`RELEASED_KINDS`)."""
    return {
        "itinerary": translations.texts("itinerary", keys=[slug]),
        "offers": translations.texts("offers", keys=[slug]),
        "event": translations.texts("event", prefix=event_key(slug, "")),
    }


def nest(rows: Iterable[tuple[str, str, str, str]]) -> Found:
    """Rows of (key, field, language, text) as ``{key: {field: {language: text}}}``."""
    found: Found = {}
    for key, field, language, text in rows:
        found.setdefault(key, {}).setdefault(field, {})[language] = text
    return found


def library(repo, itinerary) -> Library:
    """Every text in other languages that the itinerary's feeds and pages may show (see :class:`Library`)."""
    texts = repo.translations
    venues = texts.texts("venue")
    return Library(
        own=itinerary.language,
        itinerary=texts.texts("itinerary", keys=[itinerary.slug]).get(itinerary.slug, {}),
        events={k: v for k, v in texts.texts("event", prefix=event_key(itinerary.slug, "")).items()},
        venues=venues,
        participants=texts.texts("participant"),
        cities=cities_of(repo.venues(), venues),
    )


class Translations:
    """The texts of one kind of thing by key, read and replaced inside the repository's transaction."""

    def __init__(self, repo):
        self.repo = repo
        self.session: Session = repo.session

    def _table(self, kind: str):
        """The draft's texts, or in the release stage a release's own copy (of :data:`RELEASED_KINDS`)."""
        return ReleaseTranslationRow if self.repo.release and kind in RELEASED_KINDS else TranslationRow

    def texts(self, kind: str, *, keys: Iterable[str] | None = None, prefix: str | None = None) -> Found:
        """The texts of things of ``kind``: those with these keys, or whose key starts with ``prefix``, or all."""
        row = self._table(kind)
        query = select(row.key, row.field, row.language, row.text).where(row.kind == kind)
        if keys is not None:
            query = query.where(row.key.in_(list(keys)))
        if prefix is not None:
            query = query.where(row.key.startswith(prefix, autoescape=True))
        return nest(self.session.execute(query.order_by(row.key)).all())

    def put(self, kind: str, key: str, texts: Mapping[str, Mapping[str, str]]) -> bool:
        """Replace every text of the thing with ``texts``; whether anything changed."""
        if self.texts(kind, keys=[key]).get(key, {}) == {f: dict(t) for f, t in texts.items() if t}:
            return False
        row = self._table(kind)
        self.session.execute(delete(row).where(row.kind == kind, row.key == key))
        extra = {"release_id": self.repo.itinerary_row(key.partition("/")[0]).id} if row is not TranslationRow else {}
        rows = [
            {"kind": kind, "key": key, "field": field, "language": language, "text": text} | extra
            for field, by_language in texts.items()
            for language, text in by_language.items()
        ]
        if rows:
            self.session.execute(insert(row), rows)
        return True

    def publish(self, slug: str, now: datetime) -> bool:
        """Make the latest release's texts of the itinerary those of its draft (in publishing's transaction);
        whether any changed. When they did, the release's feed stamps move: its readers see them now."""
        draft, release = self.repo.staged(release=False), self.repo.staged(release=True)
        wanted = scope(draft.translations, slug)
        if scope(release.translations, slug) == wanted:
            return False
        row = release.itinerary_row(slug)
        self.session.execute(delete(ReleaseTranslationRow).where(ReleaseTranslationRow.release_id == row.id))
        rows = [
            {"release_id": row.id, "kind": kind, "key": key, "field": field, "language": language, "text": text}
            for kind, found in wanted.items()
            for key, fields in found.items()
            for field, by_language in fields.items()
            for language, text in by_language.items()
        ]
        if rows:
            self.session.execute(insert(ReleaseTranslationRow), rows)
        release.mark_changed(row, now, public=True)
        return True

    def mark(self, slug: str, now: datetime, *, public: bool, release: bool = True) -> None:
        """Note that the itinerary's feeds show a changed text (their stamps move; no event's SEQUENCE does).

        With ``release``, the latest release's stamps move too: for the texts a release reads live (a
        venue's, a participant's, see :data:`RELEASED_KINDS`), so that its readers' feeds and pages say
        them at once. The itinerary's and its events' texts reach readers when the draft is published.
        """
        self.repo.mark_changed(self.repo.itinerary_row(slug), now, public=public)
        if not release:
            return
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

    def _stored(self, kind: str) -> dict[tuple[str, str, str, str], str]:
        """As :meth:`Translations._table`: the state's ``translations`` or ``released_translations``."""
        return (
            self.repo.state.released_translations
            if self.repo.release and kind in RELEASED_KINDS
            else (self.repo.state.translations)
        )

    def texts(self, kind: str, *, keys: Iterable[str] | None = None, prefix: str | None = None) -> Found:
        """As :meth:`Translations.texts`."""
        wanted = None if keys is None else set(keys)
        stored = self._stored(kind)
        return nest(
            (k[1], k[2], k[3], text)
            for k, text in sorted(stored.items())
            if k[0] == kind and (wanted is None or k[1] in wanted) and (prefix is None or k[1].startswith(prefix))
        )

    def put(self, kind: str, key: str, texts: Mapping[str, Mapping[str, str]]) -> bool:
        """As :meth:`Translations.put`."""
        stored = self._stored(kind)
        new = {(kind, key, f, lang): text for f, by_language in texts.items() for lang, text in by_language.items()}
        old = {k: v for k, v in stored.items() if k[0] == kind and k[1] == key}
        if old == new:
            return False
        for k in old:
            del stored[k]
        stored.update(new)
        self.repo.wrote = True
        return True

    def publish(self, slug: str, now: datetime) -> bool:
        """As :meth:`Translations.publish`."""
        draft, release = self.repo.staged(release=False), self.repo.staged(release=True)
        wanted = scope(draft.translations, slug)
        if scope(release.translations, slug) == wanted:
            return False
        stored = self.repo.state.released_translations
        for old in [k for k in stored if k[0] in RELEASED_KINDS and k[1].partition("/")[0] == slug]:
            del stored[old]
        stored.update(
            ((kind, key, field, language), text)
            for kind, found in wanted.items()
            for key, fields in found.items()
            for field, by_language in fields.items()
            for language, text in by_language.items()
        )
        release.mark_changed(slug, now, public=True)
        return True

    def mark(self, slug: str, now: datetime, *, public: bool, release: bool = True) -> None:
        """As :meth:`Translations.mark`."""
        self.repo.mark_changed(slug, now, public=public)
        if not release:
            return
        released = self.repo.staged(release=not self.repo.release)
        try:
            released.mark_changed(slug, now, public=public)
        except ItineraryNotFound:
            return  # never published
