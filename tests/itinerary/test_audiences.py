"""Audiences: the projection of an event for an audience, sessions inheriting, storage, releases, the migration,
and validators that a staff-only change leaves alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from itinerary import audiences, feeds, fixtures, ical, migrations, releases, services
from itinerary.audiences import Access
from itinerary.errors import InvalidEvent, ItineraryNotFound
from itinerary.model import EventSpec, Visibility
from itinerary.storage import Store
from tests.conftest import TEST_DATABASE_URL, put_venue

STORES = ("sql", "memory")
SLUG = "trip"
ZONE = "Asia/Shanghai"
START = datetime(2018, 6, 8, 10, 0)


def _trip(store) -> None:
    services.create_itinerary(store, slug=SLUG, title="Trip", timezone=ZONE)
    put_venue(store, "arena", name="Tianjin Ice Arena", city="Tianjin", latitude=39.1234, longitude=117.2345)
    services.put_participant(store, key="putin", name="Vladimir Putin", role="President", delegation="Russia")


def _event(store, uid: str, **fields):
    start = fields.pop("start", START)
    spec = EventSpec(
        title=fields.pop("title", "Working lunch in narrow format"),
        kind=fields.pop("kind", "meal"),
        format="narrow",
        start=start,
        end=fields.pop("end", start + timedelta(hours=1)),
        timezone=ZONE,
        venue="arena",
        participants=("putin",),
        description="Especially sensitive issues",
        outcomes=(("Joint statement", "trade"),),
        categories=("state visit",),
        **fields,
    )
    return services.create_event(store, SLUG, spec, uid=uid)


def test_busy_projection_keeps_time_city_and_label_only(store):
    _trip(store)
    event = _event(store, "lunch", access=(("public", "busy"),), label="Closed working lunch")
    shown = audiences.project(event, "public")
    assert (shown.title, shown.description, shown.participants, shown.outcomes, shown.categories) == (
        "Closed working lunch",
        "",
        (),
        (),
        (),
    )
    assert (shown.venue.name, shown.venue.city, shown.venue.key) == ("Tianjin", "Tianjin", "busy")
    assert (shown.venue.latitude, shown.venue.longitude) == (39.1, 117.2)
    assert shown.timing == event.timing and shown.uid == event.uid and shown.standin
    assert audiences.project(event, "staff") == event


def test_busy_projection_without_label_uses_the_neutral_label_of_its_kind(store):
    _trip(store)
    event = _event(store, "talks", kind="talks", access=(("press", "busy"),))
    assert audiences.project(event, "press").title == "Closed talks"
    assert audiences.project(event, "public") == event  # public, the default of a public event: full


def test_old_visibilities_map_onto_audiences_without_loss(store):
    _trip(store)
    public = _event(store, "open")
    restricted = _event(store, "closed", visibility="restricted")
    assert audiences.access_map(public) == dict.fromkeys(audiences.AUDIENCES, Access.FULL)
    assert audiences.access_map(restricted) == {
        "public": Access.HIDDEN,
        "press": Access.HIDDEN,
        "delegation": Access.HIDDEN,
        "staff": Access.FULL,
    }
    assert (public.access, restricted.access) == ((), ())


def test_public_entry_decides_the_visibility_and_defaults_are_not_kept(store):
    _trip(store)
    event = _event(
        store, "lunch", access=(("public", "busy"), ("press", "busy"), ("delegation", "full"), ("staff", "full"))
    )
    assert event.visibility is Visibility.RESTRICTED
    assert event.access == (("delegation", "full"), ("press", "busy"), ("public", "busy"))


def test_unknown_visibility_for_an_audience_is_refused_by_name(store):
    _trip(store)
    with pytest.raises(InvalidEvent) as refused:
        _event(store, "lunch", access=(("press", "partly"),))
    assert "access-press" in refused.value.errors


def test_sessions_are_hidden_when_their_summit_is_not_shown_in_full(store):
    _trip(store)
    summit = _event(store, "summit", kind="summit", start=START, end=START + timedelta(hours=4))
    session = _event(store, "session", kind="summit-session", parent="summit", start=START + timedelta(hours=1))
    services.update_event(store, SLUG, "summit", access=(("press", "busy"), ("delegation", "hidden")))
    summit = services.get_event(store, SLUG, "summit")
    for audience, shown in (("public", {"summit", "session"}), ("press", {"summit"}), ("delegation", set())):
        assert {e.uid for e in audiences.visible([summit, session], audience)} == shown
    press = audiences.visible([summit, session], "press")
    assert press[0].title == "Closed summit" and press[0].children == ()


def test_audiences_and_label_round_trip_through_storage(store):
    _trip(store)
    _event(store, "lunch", access=(("public", "busy"), ("delegation", "full")), label="Closed working lunch")
    stored = services.get_event(store, SLUG, "lunch")
    assert (stored.access, stored.label) == ((("delegation", "full"), ("public", "busy")), "Closed working lunch")
    assert [e.access for e in services.list_events(store, SLUG)] == [stored.access]
    services.update_event(store, SLUG, "lunch", access=(("public", "full"),), label="")
    assert services.get_event(store, SLUG, "lunch").access == ()
    assert services.get_event(store, SLUG, "lunch").label == ""


def test_release_copies_each_audiences_visibility(store):
    _trip(store)
    _event(store, "lunch", access=(("public", "busy"),), label="Closed working lunch")
    releases.publish(store, SLUG)
    released = services.get_event(store.released(), SLUG, "lunch")
    assert (released.access, released.label) == ((("public", "busy"),), "Closed working lunch")
    services.update_event(store, SLUG, "lunch", access=(("public", "hidden"),))
    assert [c.fields.get("audiences") for c in releases.changes(store, SLUG)] == [("public: busy", "")]


def test_change_staff_alone_sees_leaves_public_feed_validators(store, clock):
    _trip(store)
    _event(store, "open", title="Talks", kind="talks")
    _event(store, "closed", title="Secret talks", visibility="restricted", start=START + timedelta(hours=2))
    releases.publish(store, SLUG)
    before = feeds.itinerary_feed(store.released(), SLUG, ical.FeedSettings())
    staff_before = feeds.itinerary_feed(store.released(), SLUG, ical.FeedSettings(), audience="staff")
    clock.now += timedelta(hours=1)
    services.update_event(store, SLUG, "closed", title="Secret talks moved")
    releases.publish(store, SLUG)
    after = feeds.itinerary_feed(store.released(), SLUG, ical.FeedSettings())
    staff_after = feeds.itinerary_feed(store.released(), SLUG, ical.FeedSettings(), audience="staff")
    assert (after.etag, after.last_modified, after.body) == (before.etag, before.last_modified, before.body)
    assert staff_after.last_modified > staff_before.last_modified and b"Secret talks moved" in staff_after.body


def test_restricted_itinerary_is_staff_alone(store):
    services.create_itinerary(store, slug=SLUG, title="Trip", timezone=ZONE, visibility="restricted")
    for audience in ("public", "press", "delegation"):
        with pytest.raises(ItineraryNotFound):
            feeds.itinerary_feed(store, SLUG, ical.FeedSettings(), audience=audience)
    assert feeds.itinerary_feed(store, SLUG, ical.FeedSettings(), audience="staff").body.startswith(b"BEGIN:")


def test_seed_working_lunch_is_busy_for_public_and_press_full_for_delegation_and_staff(store):
    fixtures.load_seed(store)
    slug, uid = "china-state-visit-2018", "cn2018-lunch-narrow"
    lunch = services.get_event(store, slug, uid)
    shown = {a: audiences.project(lunch, a) for a in audiences.AUDIENCES}
    assert {a: (e.title, e.venue.name, e.participants == ()) for a, e in shown.items() if a in ("public", "press")} == {
        "public": ("Closed working lunch", "Tianjin", True),
        "press": ("Closed working lunch", "Tianjin", True),
    }
    assert shown["delegation"] == lunch == shown["staff"]


def _upgrade_with_data(url: str) -> None:
    """A database at 0011 (before releases and audiences) with a public and a restricted event, upgraded."""
    engine = create_engine(url)
    migrations.upgrade(engine, "0011_ha")
    stamp = datetime(2018, 6, 1, 12)
    columns = (
        "id, itinerary_id, uid, title, description, kind, format, status, visibility, all_day, start_utc, end_utc, "
        "timezone, end_timezone, categories, url, rrule, exdates, overrides, rdates, foreign_uid, travel_mode, "
        "sequence, created, updated"
    )
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO itineraries (id, slug, title, summary, timezone, visibility, created, updated, "
                "public_changed, private_changed, language) VALUES (1, 'old', 'Old trip', '', :z, 'public', "
                ":t, :t, :t, :t, 'en')"
            ),
            {"z": ZONE, "t": stamp},
        )
        for number, (uid, visibility) in enumerate((("open", "public"), ("closed", "restricted")), 1):
            connection.execute(
                text(
                    f"INSERT INTO events ({columns}) VALUES (:id, 1, :uid, :title, '', 'talks', 'narrow', "
                    "'confirmed', :visibility, false, :s, :e, :z, :z, '[]', '', '', '[]', '[]', '[]', false, '', "
                    "0, :t, :t)"
                ),
                {
                    "id": number,
                    "uid": uid,
                    "title": uid.capitalize(),
                    "visibility": visibility,
                    "s": datetime(2018, 6, 8, number),
                    "e": datetime(2018, 6, 8, number + 1),
                    "z": ZONE,
                    "t": stamp,
                },
            )
        if engine.dialect.name == "postgresql":  # rows inserted with their ids, as an old database holds them
            for table in ("itineraries", "events"):
                connection.execute(text(f"SELECT setval('{table}_id_seq', 10)"))
    migrations.upgrade(engine)
    assert migrations.current(engine) == migrations.head()
    engine.dispose()


def _check_upgraded(store: Store) -> None:
    released = store.released()
    assert {e.uid for e in services.list_events(released, "old", audience="public")} == {"open"}
    assert {e.uid for e in services.list_events(released, "old", audience="staff")} == {"open", "closed"}
    assert [v.number for v in releases.releases(store, "old")] == [1]
    services.update_event(store, "old", "closed", access=(("press", "busy"),), label="Closed talks")
    assert services.get_event(store, "old", "closed").access == (("press", "busy"),)


@pytest.mark.sql_only
def test_migration_converts_existing_data_on_sqlite(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    _upgrade_with_data(url)
    store = Store(url, clock=clock)
    _check_upgraded(store)
    store.dispose()


@pytest.mark.sql_only
def test_migration_converts_existing_data_on_the_test_database(tmp_path, clock):
    """On the test database (PostgreSQL in CI, emptied to the state before any migration), else SQLite."""
    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'db.sqlite3'}"
    if TEST_DATABASE_URL:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
    _upgrade_with_data(url)
    store = Store(url, clock=clock)
    _check_upgraded(store)
    store.dispose()


def test_busy_events_in_a_feed_are_rendered_without_their_texts_in_other_languages(store):
    _trip(store)
    _event(store, "lunch", access=(("public", "busy"),), label="Closed working lunch")
    from itinerary import texts

    texts.put_other_texts(store, "event", f"{SLUG}/lunch", {"ru": {"title": "Рабочий обед в узком составе"}})
    body = feeds.itinerary_feed(store, SLUG, ical.FeedSettings(language="ru")).body.decode()
    assert "Closed working lunch" in body and "Рабочий обед" not in body
    assert datetime(2018, 6, 8, 2, tzinfo=UTC) == services.get_event(store, SLUG, "lunch").timing.start


def test_backup_and_restore_keep_audiences_labels_and_events_staff_does_not_see(store, clock):
    from itinerary import backup, lifecycle

    _trip(store)
    _event(store, "lunch", access=(("public", "busy"), ("delegation", "full")), label="Closed working lunch")
    _event(store, "aside", title="Editors' own note", start=START + timedelta(hours=2), access=(("staff", "hidden"),))
    before = {e.uid: e for e in services.list_events(store, SLUG)}
    data = backup.dump(store, ical.FeedSettings())
    lifecycle.delete_itinerary(store, SLUG)
    backup.restore(store, data)
    after = {e.uid: e for e in services.list_events(store, SLUG)}
    assert {uid: (e.access, e.label, e.sequence) for uid, e in after.items()} == {
        uid: (e.access, e.label, e.sequence) for uid, e in before.items()
    }


def test_import_of_a_calendar_file_keeps_each_stored_events_audiences(store):
    from itinerary import imports

    _trip(store)
    _event(store, "lunch", access=(("public", "busy"), ("delegation", "full")), label="Closed working lunch")
    calendar = feeds.itinerary_feed(store, SLUG, ical.FeedSettings(), audience="staff").body
    imports.import_ics(store, SLUG, calendar.replace(b"Working lunch in narrow format", b"Working lunch"))
    lunch = services.get_event(store, SLUG, "lunch")
    assert (lunch.title, lunch.access, lunch.label) == (
        "Working lunch",
        (("delegation", "full"), ("public", "busy")),
        "Closed working lunch",
    )
