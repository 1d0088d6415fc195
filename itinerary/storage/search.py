"""The SQL search repository (``repo.search``): itineraries, events, venues and participants found by their words.

The index lives in the database and follows every write there, so no write path needs a hook:

- SQLite: the FTS5 table ``search_index`` (trigram tokenizer: case-insensitive substrings of any script,
  Chinese included), filled by triggers on the source tables (migration 0007);
- PostgreSQL: GIN indexes on ``to_tsvector('simple', …)`` of each source table (same migration); the
  query below repeats each indexed expression exactly, so that the planner uses the index.

What a reader may see is decided here, in the query: restricted events and the events of restricted
itineraries are left out unless ``include_restricted``; a venue or participant is found only when an
event the reader may see shows it, and its link goes to the first such event.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Float,
    Integer,
    String,
    Text,
    case,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from itinerary.model import Visibility
from itinerary.storage.tables import (
    EventAudienceRow,
    EventLabelRow,
    EventParticipantRow,
    EventRow,
    ItineraryRow,
    ParticipantRow,
    VenueRow,
)

KINDS = ("itinerary", "event", "venue", "participant")
# The FTS5 table and the shadow tables SQLite keeps for it: not in SCHEMA (SQLAlchemy cannot declare a virtual
# table), so the comparison of models and migrations leaves exactly these out.
FTS_TABLES = frozenset(f"search_index{suffix}" for suffix in ("", "_data", "_idx", "_content", "_docsize", "_config"))
# Rowids of the FTS table: the source row's id times 4 plus the kind's number, so a trigger finds its entry directly.
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
# Substrings shorter than this match nothing through the trigram index; such terms are looked for with LIKE.
TRIGRAM = 3

_PUBLIC = Visibility.PUBLIC.value
_fts = table("search_index", column("rowid", Integer), column("title", Text), column("body", Text))


@dataclass(frozen=True)
class Found:
    """One thing found: its kind, words and where it is shown (an itinerary's slug, an event's UID)."""

    kind: str  # one of KINDS
    title: str
    text: str  # the itinerary's summary, the event's description, the venue's city and country, a person's role
    slug: str  # the itinerary shown (for a venue or participant: that of the first event the reader may see)
    uid: str | None  # the event shown, or None for an itinerary
    rank: float  # larger is better


def pg_document(*columns):
    """The words PostgreSQL indexes for a row: the same expression in the migration's indexes and in the query."""
    text = columns[0]
    for more in columns[1:]:
        text = text.op("||")(literal_column("' '")).op("||")(func.coalesce(more, literal_column("''")))
    return func.to_tsvector(literal_column("'simple'::regconfig"), text)


class Search:
    """Search inside the repository's transaction."""

    def __init__(self, session: Session, *, release: bool = False):
        self.session = session
        self.release = release  # search the itineraries' latest releases (readers), or the drafts (editors)

    def find(self, terms: tuple[str, ...], *, include_restricted: bool, limit: int) -> list[Found]:
        """What matches every term (words of letters and digits only), best first, at most ``limit``."""
        if not terms:
            return []
        dialect = self.session.get_bind().dialect.name
        hits = (
            self._sqlite(terms, include_restricted)
            if dialect == "sqlite"
            else self._postgres(terms, include_restricted)
        )
        found = [self._found(*hit, include_restricted) for hit in self.session.execute(hits.limit(limit)).all()]
        return [f for f in found if f is not None]

    def busy_for_public(self) -> list[tuple[str, str, str, str]]:
        """The slug, UID, own label ("" for none) and kind of the events of public itineraries whose own settings
        make them busy for the public, by start: what a reader's search may find by its stand-in's label."""
        busy = select(EventAudienceRow.event_id).where(
            EventAudienceRow.audience == "public", EventAudienceRow.visibility == "busy"
        )
        rows = self.session.execute(
            select(_SLUG, EventRow.uid, func.coalesce(EventLabelRow.label, ""), EventRow.kind)
            .select_from(EventRow)
            .join(EventRow.itinerary)
            .outerjoin(_DRAFT, _OF)
            .outerjoin(EventLabelRow, EventLabelRow.event_id == EventRow.id)
            .where(
                EventRow.id.in_(busy), EventRow.id.in_(self._visible_events(True)), ItineraryRow.visibility == _PUBLIC
            )
            .order_by(EventRow.start_utc, EventRow.first_day, EventRow.id)
        )
        return [tuple(row) for row in rows]

    def shown_texts(self, include_restricted: bool) -> list[tuple]:
        """What :func:`shown_texts` gives: every thing a reader may see, with its own texts and key of texts."""
        return shown_texts(self, include_restricted)

    # What a reader may see, as sets of row ids

    def _visible_itineraries(self, include_restricted: bool):
        drafts = ItineraryRow.release_of.is_(None)
        # A release is read only while its draft exists (see itinerary.releases).
        stage = (
            ItineraryRow.release_of.in_(select(_DRAFT.id).where(_DRAFT.release_of.is_(None)))
            if self.release
            else drafts
        )
        query = select(ItineraryRow.id).where(stage)
        return query if include_restricted else query.where(ItineraryRow.visibility == _PUBLIC)

    def _visible_events(self, include_restricted: bool):
        query = select(EventRow.id).where(EventRow.itinerary_id.in_(self._visible_itineraries(include_restricted)))
        return query if include_restricted else query.where(EventRow.visibility == _PUBLIC)

    def _visible(self, kind_column, ref_column, include_restricted: bool):
        events = self._visible_events(include_restricted)
        shown_venues = union_all(
            select(EventRow.venue_id).where(EventRow.id.in_(events)),
            select(EventRow.destination_id).where(EventRow.id.in_(events)),
        )
        shown_people = select(EventParticipantRow.participant_id).where(EventParticipantRow.event_id.in_(events))
        return or_(
            (kind_column == "itinerary") & ref_column.in_(self._visible_itineraries(include_restricted)),
            (kind_column == "event") & ref_column.in_(events),
            (kind_column == "venue") & ref_column.in_(shown_venues),
            (kind_column == "participant") & ref_column.in_(shown_people),
        )

    # The two databases

    def _sqlite(self, terms, include_restricted):
        long = [t for t in terms if len(t) >= TRIGRAM]
        short = [t for t in terms if len(t) < TRIGRAM]
        kind = (_fts.c.rowid % len(KINDS)).label("code")
        ref = _fts.c.rowid.op("/")(len(KINDS)).label("ref")  # integer division of integers in SQLite
        kind_name = _kind_name(kind)
        if long:
            # Each term a quoted string: FTS5 operators and punctuation in it are text, never syntax.
            match = " ".join('"' + t.replace('"', '""') + '"' for t in long)
            rank = (-func.bm25(literal_column("search_index"), 4.0, 1.0)).label("rank")
            where = [literal_column("search_index").op("MATCH")(match)]
        else:
            rank = literal(0.0, Float).label("rank")
            where = []
        for t in short:
            pattern = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(or_(_fts.c.title.like(pattern, escape="\\"), _fts.c.body.like(pattern, escape="\\")))
        where.append(self._visible(kind_name, ref, include_restricted))
        return (
            select(kind_name.label("kind"), ref, _fts.c.title, _fts.c.body, rank)
            .where(*where)
            .order_by(rank.desc(), _fts.c.title, _fts.c.rowid)
        )

    def _postgres(self, terms, include_restricted):
        # Terms hold only letters and digits, so quoting them makes each one lexeme with a prefix match.
        query = func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(f"'{t}':*" for t in terms))
        parts = []
        for kind, ref, title, body, document in (
            ("itinerary", ItineraryRow.id, ItineraryRow.title, ItineraryRow.summary,
             pg_document(ItineraryRow.title, ItineraryRow.summary)),
            ("event", EventRow.id, EventRow.title, EventRow.description,
             pg_document(EventRow.title, EventRow.description)),
            ("venue", VenueRow.id, VenueRow.name, _joined(VenueRow.city, VenueRow.country),
             pg_document(VenueRow.name, VenueRow.city, VenueRow.country)),
            ("participant", ParticipantRow.id, ParticipantRow.name,
             _joined(ParticipantRow.role, ParticipantRow.delegation),
             pg_document(ParticipantRow.name, ParticipantRow.role, ParticipantRow.delegation)),
        ):  # fmt: skip
            kind_value = literal(kind, String)
            parts.append(
                select(
                    kind_value.label("kind"),
                    ref.label("ref"),
                    title.label("title"),
                    body.label("body"),
                    func.ts_rank(_weighted(title, body), query).label("rank"),
                ).where(document.op("@@")(query), self._visible(kind_value, ref, include_restricted))
            )
        everything = union_all(*parts).subquery()
        return select(everything).order_by(everything.c.rank.desc(), everything.c.title, everything.c.ref)

    # Where each thing found is shown

    def _found(self, kind, ref, title, body, rank, include_restricted: bool) -> Found | None:
        if kind == "itinerary":
            slug, uid = (
                self.session.scalar(
                    select(_SLUG).select_from(ItineraryRow).outerjoin(_DRAFT, _OF).where(ItineraryRow.id == ref)
                ),
                None,
            )
        elif kind == "event":
            slug, uid = self.session.execute(
                select(_SLUG, EventRow.uid)
                .select_from(EventRow)
                .join(EventRow.itinerary)
                .outerjoin(_DRAFT, _OF)
                .where(EventRow.id == ref)
            ).one()
        else:
            shown = self.session.execute(
                select(_SLUG, EventRow.uid)
                .select_from(EventRow)
                .join(EventRow.itinerary)
                .outerjoin(_DRAFT, _OF)
                .where(EventRow.id.in_(self._events_showing(kind, ref, include_restricted)))
                .order_by(EventRow.start_utc, EventRow.first_day, EventRow.id)
                .limit(1)
            ).first()
            if shown is None:
                return None
            slug, uid = shown
        return Found(kind=kind, title=title, text=body or "", slug=slug, uid=uid, rank=float(rank or 0.0))

    def _events_showing(self, kind, ref, include_restricted: bool):
        events = self._visible_events(include_restricted)
        if kind == "venue":
            return events.where(or_(EventRow.venue_id == ref, EventRow.destination_id == ref))
        return events.where(
            EventRow.id.in_(select(EventParticipantRow.event_id).where(EventParticipantRow.participant_id == ref))
        )


# A release row's slug is its draft's (its own is ``~<id>``; see itinerary.releases).
_DRAFT = aliased(ItineraryRow)
_OF = _DRAFT.id == ItineraryRow.release_of
_SLUG = func.coalesce(_DRAFT.slug, ItineraryRow.slug)


def _kind_name(code):
    return case({number: kind for kind, number in KIND_CODES.items()}, value=code)


def _joined(first, second):
    return first.op("||")(literal_column("', '")).op("||")(second)


def _weighted(title, body):
    """The words of a row with those of its title weighed most, for ranking the rows the index found."""
    simple = literal_column("'simple'::regconfig")
    return func.setweight(func.to_tsvector(simple, title), literal_column("'A'")).op("||")(
        func.to_tsvector(simple, func.coalesce(body, literal_column("''")))
    )


def shown_texts(search: Search, include_restricted: bool) -> list[tuple]:
    """The kind, slug, UID (None for an itinerary), own title, own text, own language (of the itinerary shown)
    and key of texts (see :mod:`itinerary.languages`; an event's is its UID here) of every itinerary, event,
    venue and participant the reader may see (a venue or participant with the first event that shows it):
    what :mod:`itinerary.search` matches against their texts in every language."""
    session = search.session
    itineraries = session.execute(
        select(_SLUG, ItineraryRow.title, ItineraryRow.summary, ItineraryRow.language)
        .select_from(ItineraryRow)
        .outerjoin(_DRAFT, _OF)
        .where(ItineraryRow.id.in_(search._visible_itineraries(include_restricted)))
        .order_by(ItineraryRow.id)
    ).all()
    events = session.execute(
        select(_SLUG, EventRow.uid, EventRow.title, EventRow.description, ItineraryRow.language)
        .select_from(EventRow)
        .join(EventRow.itinerary)
        .outerjoin(_DRAFT, _OF)
        .where(EventRow.id.in_(search._visible_events(include_restricted)))
        .order_by(EventRow.start_utc, EventRow.first_day, EventRow.id)
    ).all()
    found = [("itinerary", slug, None, title, text or "", own, slug) for slug, title, text, own in itineraries] + [
        ("event", slug, uid, title, text or "", own, slug) for slug, uid, title, text, own in events
    ]
    shown = search._visible_events(include_restricted)
    for kind, row, link in (
        ("venue", VenueRow, union_all(
            select(EventRow.venue_id.label("ref"), EventRow.id.label("event_id")).where(EventRow.id.in_(shown)),
            select(EventRow.destination_id, EventRow.id).where(EventRow.id.in_(shown)),
        ).subquery()),
        ("participant", ParticipantRow, select(
            EventParticipantRow.participant_id.label("ref"), EventParticipantRow.event_id.label("event_id")
        ).where(EventParticipantRow.event_id.in_(shown)).subquery()),
    ):  # fmt: skip
        body = (
            _joined(VenueRow.city, VenueRow.country)
            if kind == "venue"
            else _joined(ParticipantRow.role, ParticipantRow.delegation)
        )
        first: dict[int, tuple] = {}
        for ref, key, name, text, slug, uid, own in session.execute(
            select(row.id, row.key, row.name, body, _SLUG, EventRow.uid, ItineraryRow.language)
            .select_from(row)
            .join(link, link.c.ref == row.id)
            .join(EventRow, EventRow.id == link.c.event_id)
            .join(EventRow.itinerary)
            .outerjoin(_DRAFT, _OF)
            .order_by(EventRow.start_utc, EventRow.first_day, EventRow.id)
        ):
            first.setdefault(ref, (kind, slug, uid, name, text or "", own, key))
        found += list(first.values())
    return found
