"""SEQUENCE, LAST-MODIFIED and each audience's feed stamp move with every change its readers see, and only then."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from itinerary import changelog, feeds, ical, imports, services
from itinerary.errors import InvalidEvent
from itinerary.model import MAX_SEQUENCE, EventSpec
from tests.builders import CHANCELLERY, when
from tests.conftest import make_event

SETTINGS = ical.FeedSettings(uid_domain="example.org", base_url="https://itinerary.example.org")


def _vevents(store, slug: str, *, private: bool = True) -> dict[str, list]:
    """The feed's VEVENTs by UID (an event's changed occurrences after it), read back with icalendar."""
    body = feeds.itinerary_feed(store, slug, SETTINGS, private=private).body
    found: dict[str, list] = {}
    for component in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        found.setdefault(str(component["UID"]).removesuffix("@example.org"), []).append(component)
    return found


def _feed(store, slug: str, *, private: bool = False) -> feeds.RenderedFeed:
    return feeds.itinerary_feed(store, slug, SETTINGS, private=private, cache=None)


def test_renamed_venue_raises_sequence_of_events_that_show_it(store, trip, clock):
    at_venue = make_event(store, trip, uid="talks", venue="chancellery")
    leg = make_event(
        store, trip, uid="flight", title="Flight", kind="travel", venue="vnukovo", destination="chancellery"
    )
    series = make_event(store, trip, uid="weekly", title="Briefing", venue="chancellery", rrule="FREQ=WEEKLY;COUNT=3")
    services.cancel_occurrence(store, trip, "weekly", series.timing.start + timedelta(weeks=1))
    elsewhere = make_event(store, trip, uid="elsewhere", title="Elsewhere", venue="vnukovo")
    before = {e.uid: e.sequence for e in services.list_events(store, trip)}

    clock.now += timedelta(minutes=5)
    services.put_venue(store, **{**CHANCELLERY, "name": "Bundeskanzleramt"}, editor="anna")

    after = {e.uid: e for e in services.list_events(store, trip)}
    for uid in (at_venue.uid, leg.uid, series.uid):
        assert (after[uid].sequence, after[uid].updated) == (before[uid] + 1, clock.now)
    assert (after[elsewhere.uid].sequence, after[elsewhere.uid].updated) == (before["elsewhere"], elsewhere.updated)
    vevents = _vevents(store, trip)
    assert [(str(v["LOCATION"]), v["SEQUENCE"], v["LAST-MODIFIED"].dt) for v in vevents["talks"]] == [
        ("Bundeskanzleramt, Berlin", before["talks"] + 1, clock.now)
    ]
    # The changed occurrence's VEVENT shares the series' SEQUENCE.
    assert [(v["SEQUENCE"], v["LAST-MODIFIED"].dt) for v in vevents["weekly"]] == [
        (before["weekly"] + 1, clock.now),
        (before["weekly"] + 1, clock.now),
    ]
    assert vevents["flight"][0]["LOCATION"] == "Vnukovo Airport, Moscow → Bundeskanzleramt, Berlin"
    since = clock.now - timedelta(seconds=1)
    logged = {(c.uid, c.editor): c.fields for c in changelog.changes_since(store, trip, since)}
    assert logged == {
        ("talks", "anna"): {"venue": ("Federal Chancellery, Berlin", "Bundeskanzleramt, Berlin")},
        ("weekly", "anna"): {"venue": ("Federal Chancellery, Berlin", "Bundeskanzleramt, Berlin")},
        ("flight", "anna"): {"destination": ("Federal Chancellery, Berlin", "Bundeskanzleramt, Berlin")},
    }


def test_moved_venue_coordinates_raise_sequence_of_events_that_show_it(store, trip, clock):
    event = make_event(store, trip, uid="talks", venue="chancellery")
    clock.now += timedelta(minutes=5)
    services.put_venue(store, **{**CHANCELLERY, "latitude": 52.52})
    vevent = _vevents(store, trip)["talks"][0]
    assert (vevent["SEQUENCE"], vevent["GEO"].latitude) == (event.sequence + 1, 52.52)


def test_unchanged_venue_saved_again_raises_nothing(store, trip, clock):
    event = make_event(store, trip, uid="talks", venue="chancellery")
    stamps = services.get_itinerary(store, trip)
    clock.now += timedelta(minutes=5)
    services.put_venue(store, **CHANCELLERY)
    assert services.get_event(store, trip, "talks").sequence == event.sequence
    assert services.get_itinerary(store, trip).private_changed == stamps.private_changed


def test_renamed_participant_raises_sequence_of_events_that_show_them(store, trip, clock):
    with_anna = make_event(store, trip, uid="talks", participants=["anna", "boris"])
    without = make_event(store, trip, uid="lunch", title="Lunch", participants=["boris"])

    clock.now += timedelta(minutes=5)
    services.put_participant(store, key="anna", name="Anna Beispiel", role="Chief of protocol", delegation="Germany")

    vevents = _vevents(store, trip)
    assert (vevents["talks"][0]["SEQUENCE"], vevents["talks"][0]["LAST-MODIFIED"].dt) == (
        with_anna.sequence + 1,
        clock.now,
    )
    assert "Anna Beispiel" in str(vevents["talks"][0]["DESCRIPTION"])
    assert vevents["lunch"][0]["SEQUENCE"] == without.sequence
    assert [(c.uid, c.fields) for c in changelog.changes_since(store, trip, clock.now - timedelta(seconds=1))] == [
        ("talks", {"participants": ("Anna Example, Boris Example", "Anna Beispiel, Boris Example")})
    ]


def test_renamed_category_is_an_event_edit_and_raises_sequence(store, trip, clock):
    # Categories are each event's own words, not a shared record: renaming one is editing the event.
    event = make_event(store, trip, uid="talks", categories=["state visit"])
    clock.now += timedelta(minutes=5)
    changed = services.update_event(store, trip, "talks", categories=("official visit",))
    assert (changed.sequence, changed.updated) == (event.sequence + 1, clock.now)
    vevent = _vevents(store, trip)["talks"][0]
    categories = [str(c) for c in vevent.categories]
    assert (vevent["SEQUENCE"], categories) == (event.sequence + 1, ["other", "official visit"])


def test_deleted_parent_raises_sequence_of_its_children(store, trip, clock):
    make_event(store, trip, uid="summit", title="Summit", **when("2018-06-08 09:00", "17:00"))
    child = make_event(store, trip, uid="session", title="Session", parent="summit")
    clock.now += timedelta(minutes=5)
    services.delete_event(store, trip, "summit", editor="anna")
    vevent = _vevents(store, trip)["session"][0]
    assert (vevent["SEQUENCE"], vevent["LAST-MODIFIED"].dt, vevent.get("RELATED-TO")) == (
        child.sequence + 1,
        clock.now,
        None,
    )
    assert changelog.changes_since(store, trip)[0].fields == {"parent": ("summit", "")}


def test_event_at_the_highest_sequence_refuses_an_edit_by_name(store, trip, clock):
    spec = EventSpec(title="Talks", **when("2018-06-08 10:00", "11:00"))
    services.restore_event(store, trip, "maxed", spec, sequence=MAX_SEQUENCE)
    clock.now += timedelta(minutes=5)
    with pytest.raises(InvalidEvent) as raised:
        services.update_event(store, trip, "maxed", title="Talks again")
    assert raised.value.errors == {
        "sequence": "'Talks' (maxed) has been changed 2147483647 times, the most a calendar can count; "
        "it cannot change again: cancel it and add a new event in its place"
    }
    assert services.get_event(store, trip, "maxed").title == "Talks"


def test_event_at_the_highest_sequence_keeps_it_when_its_venue_is_renamed(store, trip, clock):
    spec = EventSpec(title="Talks", venue="chancellery", **when("2018-06-08 10:00", "11:00"))
    services.restore_event(store, trip, "maxed", spec, sequence=MAX_SEQUENCE)
    clock.now += timedelta(minutes=5)
    services.put_venue(store, **{**CHANCELLERY, "name": "Bundeskanzleramt"})
    vevent = _vevents(store, trip)["maxed"][0]
    assert (vevent["SEQUENCE"], vevent["LAST-MODIFIED"].dt) == (MAX_SEQUENCE, clock.now)


def test_sequence_beyond_the_highest_is_refused_by_name(store, trip):
    spec = EventSpec(title="Talks", **when("2018-06-08 10:00", "11:00"))
    with pytest.raises(InvalidEvent) as raised:
        services.restore_event(store, trip, "too-far", spec, sequence=MAX_SEQUENCE + 1)
    assert raised.value.errors == {"sequence": "'Talks' (too-far): must be at most 2147483647, not 2147483648"}
    assert services.list_events(store, trip) == []


# Feed stamps: Last-Modified and DTSTAMP of each audience's feed.


def test_two_edits_within_one_second_change_last_modified(store, trip, clock):
    make_event(store, trip, uid="talks")
    clock.now = datetime(2018, 6, 4, 9, 30, 0, 100_000, tzinfo=UTC)
    services.update_event(store, trip, "talks", title="Talks in narrow format")
    first = _feed(store, trip)
    clock.now = datetime(2018, 6, 4, 9, 30, 0, 900_000, tzinfo=UTC)  # the same second
    services.update_event(store, trip, "talks", title="Talks in enlarged format")
    second = _feed(store, trip)

    assert first.last_modified == datetime(2018, 6, 4, 9, 30, 0, tzinfo=UTC)
    assert second.last_modified == datetime(2018, 6, 4, 9, 30, 1, tzinfo=UTC)
    assert icalendar.Calendar.from_ical(second.body).events[0]["DTSTAMP"].dt == second.last_modified
    # Later changes go on from the true time once it has passed the stamp.
    clock.now = datetime(2018, 6, 4, 9, 31, 0, 500_000, tzinfo=UTC)
    services.update_event(store, trip, "talks", title="Talks")
    assert _feed(store, trip).last_modified == datetime(2018, 6, 4, 9, 31, 0, tzinfo=UTC)


def test_import_with_old_last_modified_does_not_move_feed_last_modified_back(store, trip, clock):
    make_event(store, trip, uid="talks")
    clock.now += timedelta(hours=1)
    services.update_event(store, trip, "talks", title="Talks in narrow format")
    before = _feed(store, trip)
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp.//CalDAV Client//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:old-1@example.com\r\nDTSTAMP:20170101T000000Z\r\n"
        b"LAST-MODIFIED:20170101T000000Z\r\nCREATED:20170101T000000Z\r\nSEQUENCE:3\r\n"
        b"DTSTART;TZID=Europe/Berlin:20180609T100000\r\nDTEND;TZID=Europe/Berlin:20180609T110000\r\n"
        b"SUMMARY:Wreath laying\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    clock.now += timedelta(minutes=1)
    imports.import_ics(store, trip, data, uid_domain="example.org")

    after = _feed(store, trip)
    assert after.last_modified == clock.now.replace(microsecond=0) > before.last_modified
    imported = _vevents(store, trip)["old-1@example.com"][0]
    assert imported["LAST-MODIFIED"].dt == datetime(2017, 1, 1, tzinfo=UTC)  # the event keeps its own history


def test_clock_set_back_does_not_move_feed_last_modified_back(store, trip, clock):
    make_event(store, trip, uid="talks")
    before = _feed(store, trip, private=True).last_modified
    clock.now -= timedelta(hours=1)
    services.update_event(store, trip, "talks", title="Talks in narrow format")
    assert _feed(store, trip, private=True).last_modified == before + timedelta(seconds=1)


def test_one_transaction_moves_the_stamps_once(store, trip, clock):
    before = services.get_itinerary(store, trip)
    clock.now += timedelta(minutes=1)
    with store.transaction():
        for number in range(5):
            make_event(store, trip, uid=f"e{number}", title=f"Event {number}")
    after = services.get_itinerary(store, trip)
    assert after.public_changed == after.private_changed == clock.now.replace(microsecond=0)
    assert after.public_changed > before.public_changed


def test_restricted_edit_keeps_public_feed_validators(store, trip, clock):
    make_event(store, trip, uid="talks")
    make_event(store, trip, uid="narrow", title="Narrow talks", visibility="restricted")
    public, private = _feed(store, trip), _feed(store, trip, private=True)

    clock.now += timedelta(minutes=5)
    services.update_event(store, trip, "narrow", title="Talks in narrow format")

    assert _feed(store, trip) == public  # bytes, ETag, Last-Modified (and so every DTSTAMP)
    changed = _feed(store, trip, private=True)
    assert (changed.etag != private.etag, changed.last_modified) == (True, clock.now.replace(microsecond=0))


@pytest.mark.parametrize(
    "change",
    [
        "made public",
        "made restricted",
        "public deleted",
        "public edited",
        "itinerary retitled",
        "venue of a public event renamed",
    ],
)
def test_public_changes_move_the_public_feed_validators(store, trip, clock, change):
    make_event(store, trip, uid="talks", venue="chancellery")
    make_event(store, trip, uid="narrow", title="Narrow talks", visibility="restricted")
    public = _feed(store, trip)
    clock.now += timedelta(minutes=5)
    {
        "made public": lambda: services.update_event(store, trip, "narrow", visibility="public"),
        "made restricted": lambda: services.update_event(store, trip, "talks", visibility="restricted"),
        "public deleted": lambda: services.delete_event(store, trip, "talks"),
        "public edited": lambda: services.update_event(store, trip, "talks", title="Talks in Berlin"),
        "itinerary retitled": lambda: services.update_itinerary(store, trip, title="Berlin, June"),
        "venue of a public event renamed": lambda: services.put_venue(store, **{**CHANCELLERY, "name": "Kanzleramt"}),
    }[change]()
    after = _feed(store, trip)
    assert (after.etag != public.etag, after.last_modified) == (True, clock.now.replace(microsecond=0))


@pytest.mark.parametrize("change", ["restricted deleted", "restricted venue renamed", "feed token rotated"])
def test_changes_public_readers_do_not_see_keep_the_public_feed_validators(store, trip, clock, change):
    make_event(store, trip, uid="talks", venue="vnukovo")
    make_event(store, trip, uid="narrow", title="Narrow talks", visibility="restricted", venue="chancellery")
    public = _feed(store, trip)
    clock.now += timedelta(minutes=5)
    {
        "restricted deleted": lambda: services.delete_event(store, trip, "narrow"),
        "restricted venue renamed": lambda: services.put_venue(store, **{**CHANCELLERY, "name": "Kanzleramt"}),
        "feed token rotated": lambda: services.rotate_feed_token(store, trip),
    }[change]()
    assert _feed(store, trip) == public


def test_restricted_edit_keeps_public_event_feed_validators(store, trip, clock):
    make_event(store, trip, uid="talks")
    make_event(store, trip, uid="narrow", title="Narrow talks", visibility="restricted")
    before = feeds.event_feed(store, trip, "talks", SETTINGS)
    clock.now += timedelta(minutes=5)
    services.update_event(store, trip, "narrow", title="Talks in narrow format")
    assert feeds.event_feed(store, trip, "talks", SETTINGS) == before
    services.update_event(store, trip, "talks", title="Talks in Berlin")
    after = feeds.event_feed(store, trip, "talks", SETTINGS)
    assert (after.etag != before.etag, after.last_modified) == (True, clock.now.replace(microsecond=0))
