"""The SQL store: an engine, a clock, and one transaction per unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import (
    Select,
    create_engine,
    delete,
    event,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import (
    Session,
    sessionmaker,
)
from sqlalchemy.orm.exc import StaleDataError

from itinerary.audiences import EVERYTHING as _EVERYTHING
from itinerary.audiences import PUBLIC as _PUBLIC
from itinerary.audiences import STAFF as _STAFF
from itinerary.errors import EditConflict
from itinerary.records import SessionState
from itinerary.storage import blocks, views
from itinerary.storage.repository import Repository
from itinerary.storage.statements import (
    _AUDIENCE_CHANGED_BY_SLUG,
    _BLOCKED_UNTIL,
    _LANGUAGE_CHANGED_BY_SLUG,
    _PRIVATE_CHANGED_BY_SLUG,
    _PUBLIC_CHANGED_BY_SLUG,
    _RELEASE_AUDIENCE_CHANGED,
    _RELEASE_LANGUAGE_CHANGED,
    _RELEASE_PRIVATE_CHANGED,
    _RELEASE_PUBLIC_CHANGED,
    _RELEASE_STATE,
    _RELEASE_UPDATED,
    _SESSION,
    _STATE,
    _UPDATED_BY_SLUG,
    _WRITE_PROBE,
)
from itinerary.storage.tables import SessionRow


def utc_now() -> datetime:
    """The current instant in UTC (the default clock)."""
    return datetime.now(UTC)


def aware_now(clock: Callable[[], datetime]) -> datetime:
    """What ``clock`` says now; a ValueError if it returns a naive datetime (both stores' ``now``)."""
    now = clock()
    if now.tzinfo is None:
        raise ValueError("the clock must return an aware datetime")
    return now


class Store:
    """The database: an engine, a clock, and one transaction per unit of work."""

    def __init__(self, url: str, *, clock: Callable[[], datetime] = utc_now, echo: bool = False):
        self.url = url
        self.clock = clock
        # pre_ping: a connection that died with a database server is replaced, not handed
        # out, so the service recovers by itself when the server returns. An SQLite file
        # has no server to lose, and the ping would double the cost of the lightest reads.
        server = not url.startswith("sqlite")
        self.engine: Engine = create_engine(url, echo=echo, pool_pre_ping=server)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._light_reads: dict[int, tuple] = {}  # compiled statements by id(): see light_read
        self._current: ContextVar[Repository | None] = ContextVar(f"transaction-{id(self)}", default=None)
        # Commits that wrote, counted in this process: a cache may trust what it read while this stays put.
        self.generation = 0
        # Event blocks stored at write time (storage/blocks.py): for which UID domains, and whether at all
        # (off: nothing is stored and feeds render every event on the fly; tests prove the blocks matter).
        self.block_domains: tuple[str, ...] = ("itinerary.invalid",)
        self.stored_blocks = True
        # Publish every itinerary's every save at once, whatever its own setting (itinerary.releases).
        self.publish_every_save = False
        self._released = ReleasedStore(self)
        event.listen(self._sessions, "after_flush", _mark_written)
        event.listen(self._sessions, "do_orm_execute", _mark_written_statement)
        event.listen(self._sessions, "after_commit", self._count_write)

    def _count_write(self, session: Session) -> None:
        if session.info.pop("wrote", False):
            self.generation += 1

    def create_schema(self) -> None:
        """Create or upgrade the schema to the newest migration."""
        from itinerary import migrations

        migrations.upgrade(self.engine)

    def now(self) -> datetime:
        """The injected clock's current instant, aware."""
        return aware_now(self.clock)

    release = False  # reads the drafts; :meth:`released` reads the latest releases

    def released(self) -> ReleasedStore:
        """This store as readers see it: every itinerary read by slug is its latest release."""
        return self._released

    @contextmanager
    def transaction(self, *, release: bool = False) -> Iterator[Repository]:
        """A repository whose writes commit together at the end, or not at all.

        Inside another transaction of this store it joins that one, so that
        services can be composed into one larger unit of work. With ``release``
        it reads (and writes) the itineraries' latest releases rather than the drafts.
        """
        current = self._current.get()
        if current is not None:
            yield current.staged(release=release)
            return
        try:
            with self._sessions() as session, session.begin():
                repo = Repository(session, release=release)
                token = self._current.set(repo)
                try:
                    yield repo
                    if session.info.get("feed_stamps_moved"):  # a draft saved may be published at once
                        from itinerary import releases

                        releases.publish_saved(repo, self.now(), every=self.publish_every_save)
                    moved = session.info.get("feed_stamps_moved")
                    if moved:  # each audience's stamp and the stand-ins, by what each audience sees now
                        views.refresh(repo, moved, self.now())
                    if moved and self.stored_blocks:  # blocks written in the same transaction
                        blocks.refresh(repo, {itinerary_id for itinerary_id, _ in moved}, self.block_domains)
                finally:
                    self._current.reset(token)
        except StaleDataError:
            # A row written at commit that another transaction wrote first (its lock_version moved).
            raise EditConflict(
                "an event was changed by someone else while you were saving; reload and try again"
            ) from None

    # The fast read path: reads made on every request, past the ORM (see light_read).

    def published_state(self, slug: str) -> tuple[datetime, int] | None:
        """The itinerary's last change and its latest version's number (0 for none); None without the itinerary."""
        return self.light_read(_STATE, slug=slug)

    def session_state(self, digest: str) -> SessionState | None:
        """The session with this token digest and its editor, or None."""
        found = self.light_read(_SESSION, session=digest)
        return None if found is None else SessionState(*found)

    def drop_session(self, digest: str) -> None:
        """Delete the session at once, past the ORM: not a change that caches must look at."""
        with self.engine.begin() as connection:
            connection.execute(delete(SessionRow).where(SessionRow.id == digest))

    def touch_session(self, digest: str, now: datetime) -> None:
        """Note the session's last use, past the ORM: not a change that caches must look at."""
        with self.engine.begin() as connection:
            connection.execute(update(SessionRow).where(SessionRow.id == digest).values(seen=now))

    def blocked_until(self, keys: list[tuple[str, str]]) -> datetime | None:
        """The latest end of a block among the sign-in counters of ``keys`` (one or two), or None."""
        (scope1, subject1), (scope2, subject2) = keys[0], keys[-1]
        row = self.light_read(_BLOCKED_UNTIL, scope1=scope1, subject1=subject1, scope2=scope2, subject2=subject2)
        return row[0] if row is not None else None

    def itinerary_updated(self, slug: str) -> datetime | None:
        """When the itinerary last changed, or None if there is none: one indexed read, no ORM session.

        What a cached feed is checked against on every request, so it costs as little as a query can.
        """
        row = self.light_read(_UPDATED_BY_SLUG, slug=slug)
        return None if row is None else row[0]

    def feed_changed(self, slug: str, *, private: bool) -> datetime | None:
        """When the itinerary's public (or private) feed last changed, or None if there is no such itinerary.

        One indexed read, no ORM session: what a cached feed is checked against on every request.
        """
        row = self.light_read(_PRIVATE_CHANGED_BY_SLUG if private else _PUBLIC_CHANGED_BY_SLUG, slug=slug)
        return None if row is None else row[0]

    def audience_changed(self, slug: str, audience: str) -> datetime | None:
        """When ``audience``'s answers of the itinerary last changed (its ETag's and Last-Modified's stamp),
        or None if there is no such itinerary: one indexed read, no ORM session (see itinerary.storage.views)."""
        if audience in (_STAFF, _EVERYTHING) or audience == _PUBLIC:
            return self.feed_changed(slug, private=audience != _PUBLIC)
        row = self.light_read(_AUDIENCE_CHANGED_BY_SLUG, slug=slug, audience=audience)
        return None if row is None else row[0]

    def language_changed(self, slug: str, audience: str, language: str) -> datetime | None:
        """When ``audience``'s feed of the itinerary in ``language`` ("" its own) last changed (its ETag's and
        Last-Modified's stamp; see itinerary.storage.views.refresh_languages), the audience's while it has none;
        None if there is no such itinerary. One indexed read, no ORM session."""
        row = self.light_read(_LANGUAGE_CHANGED_BY_SLUG, slug=slug, audience=audience, language=language)
        return row[0] if row is not None else self.audience_changed(slug, audience)

    def light_read(self, statement: Select, **params) -> tuple | None:
        """The first row of ``statement`` (built once, at module level, with ``bindparam`` for ``params``), or None.

        For the reads made on every request, so they cost as little as a query can: the statement is
        compiled once and run on a pooled driver connection, past SQLAlchemy's execution machinery (which
        costs twice the query). Values come out converted by their column types, and driver errors as
        SQLAlchemy's errors, as from any other read.
        """
        compiled = self._light_reads.get(id(statement))
        if compiled is None:
            dialect = self.engine.dialect
            query = statement.compile(dialect=dialect)
            converters = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in statement.selected_columns
            ]
            fixed = {name: value for name, value in query.params.items() if value is not None}  # literals
            compiled = self._light_reads[id(statement)] = (str(query), query.positiontup, fixed, converters)
        sql, names, fixed, converters = compiled
        params = {**fixed, **params}
        values = tuple(params[name] for name in names) if names is not None else params
        dbapi = self.engine.dialect.loaded_dbapi
        connection = None
        try:
            connection = self.engine.raw_connection()
            cursor = connection.cursor()
            cursor.execute(sql, values)
            row = cursor.fetchone()
            cursor.close()
        except dbapi.Error as error:
            if connection is not None and self.engine.dialect.is_disconnect(error, connection.dbapi_connection, None):
                connection.invalidate(error)
            raise DBAPIError.instance(sql, values, error, dbapi.Error) from error
        finally:
            if connection is not None:
                connection.close()  # back to the pool, which ends the read's transaction
        if row is None:
            return None
        return tuple(convert(value) if convert else value for convert, value in zip(converters, row, strict=True))

    def ping(self) -> bool:
        """Whether the database answers."""
        with self.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT 1").scalar() == 1

    def probe_write(self) -> None:
        """Raise the database's error when it would refuse a write (read-only, a standby, a locked or full file).

        An update that matches no row, rolled back: the database still takes the write path (PostgreSQL
        refuses it in a read-only transaction, SQLite takes its write lock), but nothing is written.
        """
        with self.engine.connect() as connection:
            connection.execute(_WRITE_PROBE)
            connection.rollback()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _mark_written(session: Session, _context) -> None:
    session.info["wrote"] = True


def _mark_written_statement(state) -> None:
    if not state.is_select:
        state.session.info["wrote"] = True


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class ReleasedStore:
    """A store as readers see it: every itinerary read by slug is its latest release (see itinerary.releases).

    The same engine, clock and transactions as the store it wraps; the light reads of the fast path read the
    release's row. Keys of cached answers include :attr:`release`, so a draft's answer is never a reader's.
    """

    release = True

    def __init__(self, store: Store):
        self.store = store

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def released(self) -> ReleasedStore:
        return self

    @contextmanager
    def transaction(self, *, release: bool = True) -> Iterator[Repository]:
        """A transaction of the wrapped store, reading the latest releases (the drafts with ``release=False``)."""
        with self.store.transaction(release=release) as repo:
            yield repo

    def published_state(self, slug: str) -> tuple[datetime, int] | None:
        """The release's last change and its number (0 for none yet); None without the itinerary."""
        return self.store.light_read(_RELEASE_STATE, slug=slug)

    def itinerary_updated(self, slug: str) -> datetime | None:
        """When the itinerary's release last changed, or None if there is no such itinerary."""
        row = self.store.light_read(_RELEASE_UPDATED, slug=slug)
        return None if row is None else row[0]

    def feed_changed(self, slug: str, *, private: bool) -> datetime | None:
        """When the release's public (or private) feed last changed, or None if there is no such itinerary."""
        statement = _RELEASE_PRIVATE_CHANGED if private else _RELEASE_PUBLIC_CHANGED
        row = self.store.light_read(statement, slug=slug)
        return None if row is None else row[0]

    def audience_changed(self, slug: str, audience: str) -> datetime | None:
        """When ``audience``'s answers of the release last changed, or None if there is no such itinerary."""
        if audience in (_STAFF, _EVERYTHING) or audience == _PUBLIC:
            return self.feed_changed(slug, private=audience != _PUBLIC)
        row = self.store.light_read(_RELEASE_AUDIENCE_CHANGED, slug=slug, audience=audience)
        return None if row is None else row[0]

    def language_changed(self, slug: str, audience: str, language: str) -> datetime | None:
        """When ``audience``'s feed of the release in ``language`` last changed, the audience's while it has none;
        None if there is no such itinerary."""
        row = self.store.light_read(_RELEASE_LANGUAGE_CHANGED, slug=slug, audience=audience, language=language)
        return row[0] if row is not None else self.audience_changed(slug, audience)
