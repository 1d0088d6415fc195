"""Migrations: the schema comes from them alone, matches the models, and upgrades keep data."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text

from itinerary import accounts, changelog, migrations, services
from itinerary.storage import SCHEMA, EventRow, Store
from itinerary.storage.search import FTS_TABLES


def _models_only(name, type_, parent_names) -> bool:
    """Leave out of the comparison the search index (FTS5 tables, which no model can declare) and nothing else."""
    return not (type_ == "table" and name in FTS_TABLES)


def _drift(engine) -> list:
    opts = {"compare_type": True, "include_name": _models_only}
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection, opts=opts), SCHEMA)


def _database_at(tmp_path, revision: str):
    """A SQLite file upgraded to ``revision``: its URL and an engine on it."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    engine = create_engine(url)
    migrations.upgrade(engine, revision)
    return url, engine


def _old_itinerary(connection, timezone: str, stamp: datetime) -> None:
    """Itinerary 1, 'old', as every revision's table holds it (the columns of 0001)."""
    connection.execute(
        text(
            "INSERT INTO itineraries (id, slug, title, summary, timezone, visibility, created, updated) "
            "VALUES (1, 'old', 'Old trip', '', :z, 'public', :t, :t)"
        ),
        {"z": timezone, "t": stamp},
    )


def test_empty_database_is_created_at_head_matching_the_models(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrations.upgrade(engine)
    assert migrations.current(engine) == migrations.head() == "0020_ma"
    assert _drift(engine) == []
    engine.dispose()


def test_upgrade_from_previous_revision_keeps_data(tmp_path):
    url, engine = _database_at(tmp_path, "0001")
    assert "overrides" not in {c["name"] for c in inspect(engine).get_columns("events")}
    stamp = datetime(2018, 6, 1, 12)
    with engine.begin() as connection:
        _old_itinerary(connection, "Europe/Moscow", stamp)
        connection.execute(
            text(
                "INSERT INTO events (id, itinerary_id, uid, title, description, kind, format, status, visibility, "
                "all_day, start_utc, end_utc, timezone, end_timezone, categories, url, rrule, exdates, sequence, "
                "created, updated) VALUES (1, 1, 'talks', 'Talks', '', 'talks', 'narrow', 'confirmed', 'public', 0, "
                ":s, :e, 'Europe/Moscow', 'Europe/Moscow', '[\"a\"]', '', '', '[]', 4, :t, :t)"
            ),
            {"s": datetime(2018, 6, 8, 7), "e": datetime(2018, 6, 8, 8), "t": stamp},
        )
    engine.dispose()

    store = Store(url)
    store.create_schema()
    event = services.get_event(store, "old", "talks")
    assert (event.title, event.sequence, event.categories, event.overrides) == ("Talks", 4, ("a",), ())
    assert event.timing.start.isoformat() == "2018-06-08T10:00:00+03:00"
    assert migrations.current(store.engine) == migrations.head()
    changed = services.update_event(store, "old", "talks", title="Talks in narrow format", editor="anna")
    assert changed.sequence == 5
    assert [c.editor for c in changelog.changes_since(store, "old")] == ["anna"]
    store.dispose()


def test_database_made_before_migrations_is_adopted(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrations.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    migrations.upgrade(engine)
    assert migrations.current(engine) == migrations.head()
    assert _drift(engine) == []
    engine.dispose()


def test_downgrade_and_upgrade_again(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrations.upgrade(engine)
    migrations.downgrade(engine, "0001")
    assert not inspect(engine).has_table("changes")
    migrations.upgrade(engine)
    assert _drift(engine) == []
    engine.dispose()


def test_store_stamps_created_rows_in_utc(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}", clock=lambda: datetime(2018, 6, 1, tzinfo=UTC))
    store.create_schema()
    assert services.create_itinerary(store, slug="x", title="X", timezone="UTC").created == datetime(
        2018, 6, 1, tzinfo=UTC
    )
    store.dispose()


def test_upgrade_to_sessions_keeps_editors_enabled(tmp_path):
    url, engine = _database_at(tmp_path, "0002")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO editors (id, username, password_hash, created) VALUES (1, 'anna', :h, :t)"),
            {"h": accounts.hash_password("correct horse battery staple"), "t": datetime(2018, 6, 1, 12)},
        )
    engine.dispose()
    store = Store(url)
    store.create_schema()
    assert accounts.authenticate(store, "anna", "correct horse battery staple").username == "anna"
    assert accounts.session_editor(store, accounts.start_session(store, "anna")).username == "anna"


def test_upgrade_to_feed_stamps_keeps_events_and_stamps_feeds_with_their_last_change(tmp_path):
    url, engine = _database_at(tmp_path, "0002")
    stamp = datetime(2018, 6, 1, 12, 0, 5)
    with engine.begin() as connection:
        _old_itinerary(connection, "Europe/Moscow", stamp)
        connection.execute(
            text(
                "INSERT INTO events (id, itinerary_id, uid, title, description, kind, format, status, visibility, "
                "all_day, start_utc, end_utc, timezone, end_timezone, categories, url, rrule, exdates, overrides, "
                "sequence, created, updated) VALUES (1, 1, 'talks', 'Talks', '', 'talks', 'narrow', 'confirmed', "
                "'public', 0, :s, :e, 'Europe/Moscow', 'Europe/Moscow', '[]', '', '', '[]', '[]', 4, :t, :t)"
            ),
            {"s": datetime(2018, 6, 8, 7), "e": datetime(2018, 6, 8, 8), "t": stamp},
        )
    engine.dispose()

    store = Store(url, clock=lambda: datetime(2018, 6, 1, 12, 0, 5, tzinfo=UTC))
    store.create_schema()
    itinerary = services.get_itinerary(store, "old")
    assert itinerary.public_changed == itinerary.private_changed == stamp.replace(tzinfo=UTC)
    assert services.get_event(store, "old", "talks").sequence == 4
    services.update_event(store, "old", "talks", title="Talks in narrow format")  # in the same second
    assert services.get_itinerary(store, "old").public_changed == datetime(2018, 6, 1, 12, 0, 6, tzinfo=UTC)
    assert _drift(store.engine) == []
    store.dispose()


def test_upgrade_records_what_each_old_change_left_the_event_as(tmp_path):
    """Entries written before 0006 get the visibility they can be shown to have had; unknown is restricted."""
    url, engine = _database_at(tmp_path, "0002")
    stamp = datetime(2018, 6, 1, 12)
    entries = [
        # A restricted event, deleted; a public one imported with its UID: only the last is known public.
        ("reused", "Secret talks", "created", "{}"),
        ("reused", "Secret talks", "deleted", "{}"),
        ("reused", "Public talks", "created", "{}"),
        # Public now, made public by its second entry: before that it was restricted.
        ("opened", "Briefing", "created", "{}"),
        ("opened", "Briefing", "changed", '{"visibility": ["restricted", "public"]}'),
        ("opened", "Press briefing", "changed", '{"title": ["Briefing", "Press briefing"]}'),
        # Made restricted, then deleted: the deletion was of a restricted event.
        ("closed", "Dinner", "created", "{}"),
        ("closed", "Dinner", "changed", '{"visibility": ["public", "restricted"]}'),
        ("closed", "Dinner", "deleted", "{}"),
    ]
    with engine.begin() as connection:
        _old_itinerary(connection, "Europe/Moscow", stamp)
        for uid in ("reused", "opened"):
            connection.execute(
                text(
                    "INSERT INTO events (itinerary_id, uid, title, description, kind, format, status, visibility, "
                    "all_day, start_utc, end_utc, timezone, end_timezone, categories, url, rrule, exdates, "
                    "sequence, created, updated, overrides, lock_version) VALUES (1, :uid, 'T', '', 'talks', "
                    "'none', 'confirmed', 'public', 0, :s, :e, 'Europe/Moscow', 'Europe/Moscow', '[]', '', '', "
                    "'[]', 0, :t, :t, '[]', 0)"
                ),
                {"uid": uid, "s": datetime(2018, 6, 8, 7), "e": datetime(2018, 6, 8, 8), "t": stamp},
            )
        for minute, (uid, title, action, fields) in enumerate(entries):
            connection.execute(
                text(
                    "INSERT INTO changes (itinerary_id, at, editor, event_uid, event_title, action, fields) "
                    "VALUES (1, :at, '', :uid, :title, :action, :fields)"
                ),
                {"at": stamp.replace(minute=minute), "uid": uid, "title": title, "action": action, "fields": fields},
            )
    migrations.upgrade(engine)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT event_uid, action, visibility FROM changes ORDER BY id")).all()
    assert [tuple(row) for row in found] == [
        ("reused", "created", "restricted"),
        ("reused", "deleted", "restricted"),
        ("reused", "created", "public"),
        ("opened", "created", "restricted"),
        ("opened", "changed", "public"),
        ("opened", "changed", "public"),
        ("closed", "created", "public"),
        ("closed", "changed", "restricted"),
        ("closed", "deleted", "restricted"),
    ]
    assert _drift(engine) == []
    engine.dispose()
    store = Store(url)
    assert [(c.title, c.action) for c in changelog.changes_since(store, "old", include_restricted=False)] == [
        ("Dinner", "deleted"),
        ("Dinner", "created"),
        ("Press briefing", "changed"),
        ("Briefing", "created"),
        ("Public talks", "created"),
    ]
    store.dispose()


def test_upgrade_to_rdates_keeps_participants_outcomes_and_parents(tmp_path):
    """Regression: 0005 copied the events table on SQLite, and dropping the old copy cascaded to every link."""
    url, engine = _database_at(tmp_path, "0004")
    stamp = datetime(2018, 6, 1, 12)
    event = (
        "INSERT INTO events (id, itinerary_id, parent_id, uid, title, description, kind, format, status, visibility, "
        "all_day, start_utc, end_utc, timezone, end_timezone, categories, url, rrule, exdates, overrides, sequence, "
        "created, updated, lock_version) VALUES (:id, 1, :parent, :uid, :uid, '', 'talks', 'none', 'confirmed', "
        "'public', 0, :s, :e, 'Asia/Shanghai', 'Asia/Shanghai', '[]', '', '', '[]', '[]', 0, :t, :t, 1)"
    )
    with engine.begin() as connection:
        _old_itinerary(connection, "Asia/Shanghai", stamp)
        connection.execute(
            text("INSERT INTO participants (id, key, name, role, delegation) VALUES (1, 'xi', 'Xi', '', '')")
        )
        times = {"s": datetime(2018, 6, 8, 2), "e": datetime(2018, 6, 8, 6), "t": stamp}
        connection.execute(text(event), {"id": 1, "parent": None, "uid": "summit", **times})
        connection.execute(text(event), {"id": 2, "parent": 1, "uid": "session", **times})
        connection.execute(text("INSERT INTO event_participants (event_id, participant_id, position) VALUES (2, 1, 0)"))
        connection.execute(
            text("INSERT INTO outcomes (id, event_id, position, title, area) VALUES (1, 2, 0, 'Declaration', '')")
        )
    engine.dispose()

    store = Store(url)  # its connections turn foreign keys on, as the service's do
    store.create_schema()
    session = services.get_event(store, "old", "session")
    assert (session.parent, [p.key for p in session.participants], [o.title for o in session.outcomes]) == (
        "summit",
        ["xi"],
        ["Declaration"],
    )
    assert session.rdates == () and not session.foreign_uid
    store.dispose()


def test_upgrade_to_stored_blocks_renders_every_existing_event(tmp_path, clock, monkeypatch):
    """The upgrade stores the block of every event made before it, so an upgraded database serves feeds
    unserialized (0010_hf makes the blocks' table again with a language in its key; each migration renders
    them once the schema is complete)."""
    from itinerary import feeds, fixtures, ical
    from itinerary.storage import EventBlockRow
    from tests.conftest import TEST_DATABASE_URL, fresh_store

    store = fresh_store(clock) if TEST_DATABASE_URL else Store(f"sqlite:///{tmp_path / 'db.sqlite3'}", clock=clock)
    store.create_schema()
    store.stored_blocks = False  # what the service wrote before 0007: no blocks
    fixtures.load_seed(store)  # with today's code, then the schema taken back under it
    migrations.downgrade(store.engine, "0006")
    assert not inspect(store.engine).has_table("event_blocks")
    store.stored_blocks = True

    store.create_schema()

    with store.transaction() as repo:
        blocks = repo.session.scalars(select(EventBlockRow.event_id)).all()
        events = repo.session.scalars(select(EventRow.id)).all()
    assert sorted(blocks) == sorted(events) and len(events) == 2 * 16  # each event and its release's copy
    slug = "china-state-visit-2018"
    itinerary = services.get_itinerary(store, slug)
    serialized = []
    original = ical.export.event_components
    monkeypatch.setattr(ical.export, "event_components", lambda e, **kw: serialized.append(e.uid) or original(e, **kw))
    body = feeds.itinerary_feed(store, slug, ical.FeedSettings(), private=True).body
    assert serialized == []
    monkeypatch.undo()
    events = services.list_events(store, slug)
    settings = ical.FeedSettings()
    calendar = ical.build_calendar(
        itinerary,
        events,
        now=itinerary.private_changed,
        settings=settings,
        name=f"{itinerary.title} (private)",
        include_restricted=True,
    )
    assert body == ical.to_ics(calendar)
    store.dispose()


def test_upgrade_to_release_translations_keeps_what_readers_read_and_publishes_the_unreleased(tmp_path):
    """At 0015 the texts in other languages were read live by releases: after the upgrade each release holds those
    its readers read, and an itinerary never published is published with its texts (the step of 0013_ha)."""
    from itinerary import texts

    url, engine = _database_at(tmp_path, "0015_hi")
    stamp = datetime(2018, 6, 1, 12)
    rows = [(1, "old", None, "Old trip"), (2, "~1", 1, "Old trip"), (3, "new", None, "New trip")]
    with engine.begin() as connection:
        for id_, slug, release_of, title in rows:
            connection.execute(
                text(
                    "INSERT INTO itineraries (id, slug, title, summary, timezone, visibility, created, updated, "
                    "public_changed, private_changed, language, release_of) VALUES (:id, :slug, :title, '', "
                    "'Europe/Moscow', 'public', :t, :t, :t, :t, 'en', :release_of)"
                ),
                {"id": id_, "slug": slug, "title": title, "release_of": release_of, "t": stamp},
            )
        for key, russian in (("old", "Старая поездка"), ("new", "Новая поездка")):
            connection.execute(
                text(
                    "INSERT INTO translations (kind, key, field, language, text) "
                    "VALUES ('itinerary', :key, 'title', 'ru', :text)"
                ),
                {"key": key, "text": russian},
            )
    engine.dispose()

    store = Store(url)
    store.create_schema()
    readers = store.released()
    assert texts.itinerary_in(readers, "old", "ru").value.title == "Старая поездка"
    assert texts.itinerary_in(readers, "new", "ru").value.title == "Новая поездка"
    assert [v.number for v in changelog.versions(store, "new")] == [1]
    assert _drift(store.engine) == []
    store.dispose()


def test_upgrade_to_language_stamps_keeps_every_feed_byte_identical(tmp_path, monkeypatch):
    """At 0017_hl every language's feed answered with its audience's stamp: after the upgrade each language's
    stamp starts there, so no subscriber's feed changes by a byte (no re-download, no lost 304)."""
    from itinerary import feeds, fixtures, ical
    from itinerary.storage.store import ReleasedStore
    from itinerary.storage.tables import LanguageStampRow

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    store.create_schema()
    fixtures.load_seed(store)
    store.dispose()
    migrations.downgrade(store.engine, "0017_hl")
    readers = store.released()

    def answers() -> dict:
        return {
            (audience, lang): feeds.itinerary_feed(
                readers, "china-state-visit-2018", ical.FeedSettings(language=lang), audience=audience
            ).body
            for audience in ("public", "press", "delegation", "staff")
            for lang in ("", "ru", "zh")
        }

    with monkeypatch.context() as patched:  # 0017_hl's code: every language's feed at its audience's stamp
        patched.setattr(ReleasedStore, "language_changed", lambda self, slug, audience, language: None)
        before = answers()
    migrations.upgrade(store.engine)

    assert answers() == before
    with store.transaction() as repo:
        assert repo.session.scalar(select(func.count()).select_from(LanguageStampRow)) > 0
    store.dispose()


def test_upgrade_to_marked_service_notes_marks_the_service_sentences_alone(tmp_path):
    """Before 0019_jd the service's release notes were stored as their bare English sentences: the upgrade marks
    them as the service's, and leaves an editor's note as typed."""
    from itinerary import fixtures, releases

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    store.create_schema()
    fixtures.load_seed(store)
    releases.publish(store, "china-state-visit-2018", note="Sent to the press pool")
    store.dispose()
    migrations.downgrade(store.engine, "0018_hs")
    with store.engine.connect() as connection:
        notes = connection.execute(text("SELECT note FROM versions ORDER BY id")).scalars().all()
    assert notes == [
        "loaded from china-state-visit-2018.toml",
        "loaded from russia-china-contacts-2017-2018.toml",
        "Sent to the press pool",
    ]

    migrations.upgrade(store.engine)

    assert [v.note for v in releases.releases(store, "china-state-visit-2018")] == [
        "\x1floaded from china-state-visit-2018.toml",
        "Sent to the press pool",
    ]
    assert releases.note_message(releases.releases(store, "china-state-visit-2018")[0].note).params == {
        "file": "china-state-visit-2018.toml"
    }
    store.dispose()
