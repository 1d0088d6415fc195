"""Cross-client agreement: every calendar client lists the same occurrences of our feeds as the service.

For generated itineraries (DST nights in both hemispheres, changes of standard
time, series over years with exception dates, moved, retitled and cancelled
occurrences, all-day spans, travel legs that end in another zone) and for every
foreign file in tests/itinerary/data round-tripped through import and export,
the private feed is expanded by recurring-ical-events, the ``ical`` package and
Mozilla ical.js (with the feed's own VTIMEZONEs, as Thunderbird reads it). All
three must list the same occurrences (UID, RECURRENCE-ID, UTC start and end,
cancelled or not), and the same as the service's own expansion, which the page,
the timeline and the checks show. See :mod:`tests.interop.clients` for how each
is read and compared, and for the few readings left out where the clients differ
by their own design whatever the feed says (ends of occurrences next to a change
of offset; ical.js in a repeated hour).

These tests run once per CI run, in the SQLite pass: what they compare is the
feed's bytes and the expansion of stored events, the same whichever database
stores them, and the sweep of generated itineraries takes minutes. With
ITINERARY_TEST_DATABASE_URL set (the PostgreSQL pass) they are skipped.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings

from itinerary import feeds, ical, services
from itinerary.storage import Store
from tests.conftest import TEST_DATABASE_URL
from tests.interop import clients, strategies

pytestmark = pytest.mark.skipif(
    bool(TEST_DATABASE_URL),
    reason="the agreement sweep compares feeds, not storage: it runs once, in the SQLite pass",
)

DATA = Path(__file__).parents[1] / "itinerary" / "data"
SETTINGS = ical.FeedSettings()
IN_CI = os.environ.get("CI", "").lower() in {"true", "1"}
EXAMPLES = 200 if IN_CI else 30
SHOWN = 25  # disagreements shown in a failure; the rest are counted


def _readers(ical_js: clients.IcalJs) -> dict:
    """The clients by name, the reference (compared with the service) first."""
    return {
        "recurring-ical-events": clients.by_recurring_ical_events,
        "ical": clients.by_ical_timeline,
        "ical.js": ical_js.expand,
    }


def agreement(store: Store, slug: str, window: clients.Window, ical_js: clients.IcalJs) -> str:
    """The disagreements between the clients reading the itinerary's private feed and the service; empty if none."""
    body = feeds.itinerary_feed(store, slug, SETTINGS, private=True).body
    lists = {name: read(body, window) for name, read in _readers(ical_js).items()}
    found = clients.disagreements(body, lists, clients.by_service(store, slug, window, SETTINGS)).splitlines()
    if len(found) > SHOWN:
        found = [*found[:SHOWN], f"  … and {len(found) - SHOWN} more"]
    return "\n".join(found)


# The harness itself: the clients agree where nothing is hard, and a wrong reading is seen.


def test_clients_agree_on_a_plain_itinerary(store, ical_js):
    services.create_itinerary(store, slug="plain", title="Plain", timezone="Europe/Berlin")
    strategies.put_venues(store)
    weekly = services.create_event(
        store,
        "plain",
        title="Weekly planning",
        start=datetime(2018, 1, 8, 10, 0),
        end=datetime(2018, 1, 8, 11, 0),
        rrule="FREQ=WEEKLY;COUNT=8",
    )
    services.create_event(
        store, "plain", title="Forum days", all_day=True, first=date(2018, 2, 1), last=date(2018, 2, 3)
    )
    services.create_event(
        store,
        "plain",
        title="Flight to Moscow",
        kind="travel",
        venue=strategies.venue_key("Europe/Berlin"),
        destination=strategies.venue_key("Europe/Moscow"),
        start=datetime(2018, 2, 5, 9, 0),
        end=datetime(2018, 2, 5, 14, 30),
    )
    found = services.series_occurrences(store, "plain", weekly.uid)
    services.update_event(store, "plain", weekly.uid, exdates=(found[1].recurrence_id,))
    services.change_occurrence(
        store,
        "plain",
        weekly.uid,
        found[2].recurrence_id,
        start=datetime(2018, 1, 23, 15, 0, tzinfo=UTC),
        end=datetime(2018, 1, 23, 16, 0, tzinfo=UTC),
    )
    services.cancel_occurrence(store, "plain", weekly.uid, found[3].recurrence_id)
    window = clients.Window(datetime(2018, 1, 1, tzinfo=UTC), datetime(2019, 1, 1, tzinfo=UTC))
    body = feeds.itinerary_feed(store, "plain", SETTINGS, private=True).body

    listed = ical_js.expand(body, window)

    assert not agreement(store, "plain", window, ical_js)
    uid = ical.full_uid(weekly.uid, SETTINGS)
    assert [seen for seen in listed if seen.uid == uid][:4] == [
        clients.Seen(uid, "20180108T100000", "2018-01-08T09:00:00Z", "2018-01-08T10:00:00Z", False),
        clients.Seen(uid, "20180122T100000", "2018-01-23T15:00:00Z", "2018-01-23T16:00:00Z", False),
        clients.Seen(uid, "20180129T100000", "2018-01-29T09:00:00Z", "2018-01-29T10:00:00Z", True),
        clients.Seen(uid, "20180205T100000", "2018-02-05T09:00:00Z", "2018-02-05T10:00:00Z", False),
    ]
    assert sum(seen.uid == uid for seen in listed) == 7
    assert ("2018-02-01", "2018-02-04") in {(seen.start, seen.end) for seen in listed}
    assert ("2018-02-05T08:00:00Z", "2018-02-05T11:30:00Z") in {(seen.start, seen.end) for seen in listed}


def test_harness_sees_a_client_that_reads_a_zone_wrongly(store, ical_js):
    services.create_itinerary(store, slug="shifted", title="Shifted", timezone="Europe/Berlin")
    event = services.create_event(
        store, "shifted", title="Talks", start=datetime(2018, 7, 2, 10, 0), end=datetime(2018, 7, 2, 11, 0)
    )
    uid = ical.full_uid(event.uid, SETTINGS)
    body = feeds.itinerary_feed(store, "shifted", SETTINGS, private=True).body
    # A VTIMEZONE whose summer offset is an hour off: only ical.js reads it, so only ical.js moves.
    wrong = body.replace(b"TZOFFSETTO:+0200", b"TZOFFSETTO:+0300")
    assert wrong != body
    window = clients.Window(datetime(2018, 1, 1, tzinfo=UTC), datetime(2019, 1, 1, tzinfo=UTC))

    listed = {name: read(wrong, window) for name, read in _readers(ical_js).items()}

    assert listed["ical.js"] != listed["recurring-ical-events"] == listed["ical"]
    assert clients.disagreements(wrong, listed, clients.by_service(store, "shifted", window, SETTINGS)) == (
        f"  recurring-ical-events lists {uid}: 2018-07-02T08:00:00Z to 2018-07-02T09:00:00Z; ical.js does not\n"
        f"  ical.js lists {uid}: 2018-07-02T07:00:00Z to 2018-07-02T08:00:00Z; recurring-ical-events does not\n"
        f"  ical.js lists {uid}: 2018-07-02T07:00:00Z to 2018-07-02T08:00:00Z; the service does not\n"
        f"  the service lists {uid}: 2018-07-02T08:00:00Z to 2018-07-02T09:00:00Z; ical.js does not"
    )


# Itineraries known to be hard, each by name, then generated ones

Timed = strategies.TimedPlan
HARD = {
    # VTIMEZONE with several onsets on one RDATE line: ical.js reads only the first (2023), so the
    # series is an hour late in ical.js from the summer of 2024 on.
    "weekly-berlin-into-its-second-year": strategies.Plan(
        "Europe/Berlin", (Timed("Europe/Berlin", datetime(2023, 1, 2, 9, 0, tzinfo=UTC), 60, "FREQ=WEEKLY;COUNT=80"),)
    ),
    # A yearly series that outlives the VTIMEZONE's years (first start's year - 1 to + 2).
    "yearly-berlin-past-its-vtimezone": strategies.Plan(
        "Europe/Berlin", (Timed("Europe/Berlin", datetime(2023, 7, 1, 8, 0, tzinfo=UTC), 60, "FREQ=YEARLY;COUNT=8"),)
    ),
    # The second 02:30 of a fall-back night, in each hemisphere and at Almaty's change of standard time.
    "second-0230-berlin": strategies.Plan(
        "Europe/Berlin", (Timed("Europe/Berlin", datetime(2023, 10, 29, 1, 30, tzinfo=UTC), 30),)
    ),
    "second-0215-sydney": strategies.Plan(
        "Australia/Sydney", (Timed("Australia/Sydney", datetime(2022, 4, 2, 16, 15, tzinfo=UTC), 30),)
    ),
    "second-2330-almaty-2024": strategies.Plan(
        "Asia/Almaty", (Timed("Asia/Almaty", datetime(2024, 2, 29, 18, 30, tzinfo=UTC), 45),)
    ),
    # A weekly series whose occurrence falls into the skipped hour, and one into the repeated hour.
    "weekly-0230-berlin-into-the-skipped-hour": strategies.Plan(
        "Europe/Berlin", (Timed("Europe/Berlin", datetime(2024, 3, 17, 1, 30, tzinfo=UTC), 60, "FREQ=WEEKLY;COUNT=4"),)
    ),
    "weekly-0230-berlin-into-the-repeated-hour": strategies.Plan(
        "Europe/Berlin", (Timed("Europe/Berlin", datetime(2024, 10, 13, 0, 30, tzinfo=UTC), 60, "FREQ=WEEKLY;COUNT=4"),)
    ),
    # Moscow on summer time for good in 2011, back to +03 in 2014; a travel leg from it to Berlin.
    "moscow-2010-to-2015-with-a-leg-to-berlin": strategies.Plan(
        "Europe/Moscow",
        (
            Timed("Europe/Moscow", datetime(2010, 10, 4, 7, 0, tzinfo=UTC), 90, "FREQ=MONTHLY;COUNT=60"),
            Timed("Europe/Moscow", datetime(2014, 10, 25, 20, 0, tzinfo=UTC), 240, destination="Europe/Berlin"),
        ),
    ),
}


@pytest.mark.parametrize("plan", HARD.values(), ids=HARD.keys())
def test_hard_itineraries_read_alike_in_every_client(store, ical_js, plan):
    strategies.put_venues(store)
    slug = strategies.build(store, plan)

    found = agreement(store, slug, clients.Window(*plan.window()), ical_js)

    assert not found, f"the clients and the service disagree on the feed:\n{found}"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=strategies.plans())
def test_generated_itineraries_read_alike_in_every_client(store, ical_js, plan):
    strategies.put_venues(store)
    slug = strategies.build(store, plan)
    window = clients.Window(*plan.window())

    found = agreement(store, slug, window, ical_js)

    assert not found, f"the clients and the service disagree on the feed:\n{found}"


# Foreign files, round-tripped through import and export


def import_file(store: Store, slug: str, data: bytes):
    """Import with whichever import service this checkout has (``itinerary.imports`` or ``itinerary.ical``)."""
    try:
        from itinerary import imports
    except ImportError:
        imports = ical
    return imports.import_ics(store, slug, data)


def feed_window(body: bytes) -> clients.Window:
    """From a week before the feed's first start to five years after its last."""
    starts = []
    for component in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        start = component.start
        if not isinstance(start, datetime):
            start = datetime.combine(start, datetime.min.time(), UTC)
        starts.append(start.astimezone(UTC))
    return clients.Window(min(starts) - timedelta(days=7), max(starts) + relativedelta(years=5))


@pytest.mark.parametrize("path", sorted(DATA.glob("*.ics")), ids=lambda path: path.name)
def test_foreign_file_round_trip_reads_alike_in_every_client(store, ical_js, path):
    services.create_itinerary(store, slug="imported", title="Imported", timezone="Europe/Berlin")
    import_file(store, "imported", path.read_bytes())
    body = feeds.itinerary_feed(store, "imported", SETTINGS, private=True).body

    found = agreement(store, "imported", feed_window(body), ical_js)

    assert not found, f"the clients and the service disagree on {path.name} after import and export:\n{found}"


@pytest.mark.parametrize("path", sorted(DATA.glob("*.ics")), ids=lambda path: path.name)
def test_foreign_file_keeps_its_occurrences_through_import_and_export(store, path):
    services.create_itinerary(store, slug="imported", title="Imported", timezone="Europe/Berlin")
    import_file(store, "imported", path.read_bytes())
    body = feeds.itinerary_feed(store, "imported", SETTINGS, private=True).body
    window = feed_window(body)

    # The file as recurring-ical-events reads it, in its own zones; floating times have no instant
    # until the import places them (in the itinerary's zone, with a note), so they are not compared.
    data = path.read_bytes()
    floating = {
        str(component["UID"])
        for component in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if isinstance(component.start, datetime) and component.start.tzinfo is None
    }
    original = Counter(seen.times() for seen in clients.by_recurring_ical_events(data, window, skip_floating=True))
    kept = Counter(
        seen.times()
        for seen in clients.by_recurring_ical_events(body, window)
        if ical.full_uid(seen.uid, SETTINGS) not in {ical.full_uid(uid, SETTINGS) for uid in floating}
    )

    lost = [f"  the file has {times}; our feed does not" for times in sorted((original - kept).elements())]
    added = [f"  our feed has {times}; the file does not" for times in sorted((kept - original).elements())]
    assert not lost + added, f"{path.name} changes through import and export:\n" + "\n".join([*lost, *added][:SHOWN])
