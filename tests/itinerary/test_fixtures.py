"""The seed fixtures load with the expected contents, twice without change, and bad files write nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from itinerary import fixtures, services
from itinerary.errors import FixtureError
from itinerary.model import AllDay, Format, Kind, Visibility


def test_seed_loads_expected_counts(store):
    reports = fixtures.load_seed(store)
    assert [(r.slug, r.created, r.updated, r.unchanged) for r in reports] == [
        ("china-state-visit-2018", 12, 0, 0),
        ("russia-china-contacts-2017-2018", 4, 0, 0),
    ]
    assert len(services.list_venues(store)) == 11
    assert [p.name for p in services.list_participants(store)] == [
        "Vladimir Putin",
        "Wang Qishan",
        "Xi Jinping",
        "Yuri Ushakov",
    ]


def test_seed_loads_twice_without_change(store, clock):
    fixtures.load_seed(store)
    before = {
        slug: services.list_events(store, slug)
        for slug in ("china-state-visit-2018", "russia-china-contacts-2017-2018")
    }
    reports = fixtures.load_seed(store)
    assert [(r.created, r.updated, r.unchanged) for r in reports] == [(0, 0, 12), (0, 0, 4)]
    for slug, events in before.items():
        assert services.list_events(store, slug) == events


def test_seed_visit_contents(seeded):
    events = {e.uid: e for e in services.list_events(seeded, "china-state-visit-2018")}
    hockey = events["cn2018-hockey-tianjin"]
    assert hockey.timing.instants()[0] == datetime(2018, 6, 8, 7, 0, tzinfo=UTC)
    assert hockey.venue.city == "Tianjin"
    train = events["cn2018-train-tianjin"]
    assert (train.kind, train.venue.city, train.destination.city) == (Kind.TRAVEL, "Beijing", "Tianjin")
    lunch = events["cn2018-lunch-narrow"]
    assert (lunch.format, lunch.visibility) == (Format.NARROW, Visibility.RESTRICTED)
    assert "especially sensitive issues" in lunch.description
    summit = events["sco2018-summit"]
    assert summit.timing == AllDay(date(2018, 6, 9), date(2018, 6, 10), "Asia/Shanghai")
    assert sorted(e.format for e in events.values() if e.parent == "sco2018-summit") == [Format.ENLARGED, Format.NARROW]
    areas = {o.area for o in events["cn2018-signing"].outcomes}
    assert {"trade", "energy", "outer space", "intellectual property"} <= areas
    assert [e.kind for e in events.values()][:3] == [Kind.ARRIVAL, Kind.TALKS, Kind.TALKS]


def test_contacts_record_da_nang_as_apec(seeded):
    meeting = services.get_event(seeded, "russia-china-contacts-2017-2018", "contacts-da-nang-2017")
    assert "APEC" in meeting.description and "G20" in meeting.description
    assert meeting.timing.timezone == "Asia/Ho_Chi_Minh"
    call = services.get_event(seeded, "russia-china-contacts-2017-2018", "contacts-phone-call-2018-03-19")
    assert call.kind is Kind.CALL and call.timing.start.date() == date(2018, 3, 19)


def test_fixture_says_times_are_illustrative():
    for path in fixtures.seed_paths():
        assert "ILLUSTRATIVE" in path.read_text(encoding="utf-8")


def test_broken_fixture_writes_nothing(store, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        '[itinerary]\nslug = "bad"\ntitle = "Bad"\ntimezone = "UTC"\n'
        '[[events]]\nuid = "ok"\ntitle = "Fine"\nstart = 2018-01-01T10:00:00\nend = 2018-01-01T11:00:00\n'
        '[[events]]\nuid = "broken"\ntitle = "Backwards"\nstart = 2018-01-01T10:00:00\nend = 2018-01-01T09:00:00\n'
    )
    with pytest.raises(FixtureError, match="end: must not be before the start"):
        fixtures.load(store, path)
    assert services.list_itineraries(store, include_restricted=True) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not toml at all [", "not valid TOML"),
        ("[venues]\n", r"needs an \[itinerary\] table"),
        ('[itinerary]\nslug="a"\ntitle="A"\ntimezone="UTC"\ncolour="red"\n', "unknown field colour"),
        ('[itinerary]\nslug="a"\ntitle="A"\ntimezone="UTC"\n[[events]]\ntitle="x"\n', "needs a uid"),
    ],
)
def test_bad_fixture_is_refused_with_message(store, tmp_path, content, message):
    path = tmp_path / "f.toml"
    path.write_text(content)
    with pytest.raises(FixtureError, match=message):
        fixtures.load(store, path)
    assert services.list_itineraries(store, include_restricted=True) == []
