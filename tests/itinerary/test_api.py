"""The JSON API's answers as plain values (itinerary.api), without Flask: exact values for the seed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary import api, fixtures, services
from itinerary.cache import Answers
from itinerary.errors import InvalidInput, InvalidToken, ItineraryNotFound
from itinerary.feeds import FeedFilter
from itinerary.storage import MemoryStore
from tests.builders import CHINA_PUBLIC, daily_briefing, when
from tests.conftest import Clock, restrict_lunch

STORES = ("sql", "memory")
CHINA = "china-state-visit-2018"
CONTACTS = "russia-china-contacts-2017-2018"
BASE = "https://itinerary.example"
SECRET = "cn2018-lunch-narrow"  # the seed's restricted event


def answer(store, slug=CHINA, *, token=None, cache=None, **params) -> dict:
    return json.loads(
        api.itinerary(store, slug, token=token, base_url=BASE, feed_filter=api.read_filter(params), cache=cache).body
    )


def events(found: dict) -> dict[str, dict]:
    return {event["id"]: event for event in found["events"]}


def test_seed_talks_in_beijing_are_given_with_offset_zone_venue_and_participants(seeded):
    talks = events(answer(seeded))["cn2018-talks-narrow"]
    assert talks["start"] == {"datetime": "2018-06-08T09:45:00+08:00", "timezone": "Asia/Shanghai", "date": None}
    assert talks["end"] == {"datetime": "2018-06-08T10:45:00+08:00", "timezone": "Asia/Shanghai", "date": None}
    assert (talks["all_day"], talks["kind"], talks["format"], talks["status"]) == (
        False,
        "talks",
        "narrow",
        "confirmed",
    )
    assert (talks["sequence"], talks["last_modified"], talks["created"]) == (
        0,
        "2018-06-04T09:00:00Z",
        "2018-06-04T09:00:00Z",
    )
    assert talks["venue"] == {
        "key": "great-hall-of-the-people",
        "name": "Great Hall of the People",
        "city": "Beijing",
        "country": "China",
        "timezone": "Asia/Shanghai",
        "latitude": 39.9033,
        "longitude": 116.3874,
    }
    assert talks["participants"][2] == {
        "key": "yuri-ushakov",
        "name": "Yuri Ushakov",
        "role": "Presidential aide",
        "delegation": "Russia",
    }
    assert [p["key"] for p in talks["participants"]] == ["vladimir-putin", "xi-jinping", "yuri-ushakov"]
    assert talks["links"] == {
        "page": f"{BASE}/itineraries/{CHINA}/events/cn2018-talks-narrow",
        "ics": f"{BASE}/itineraries/{CHINA}/events/cn2018-talks-narrow.ics",
    }
    assert talks["recurrence"] is None


# The seeded visit's events by start, without the summit (an all-day event) and the restricted lunch.
CHINA_UIDS = tuple(uid for uid in CHINA_PUBLIC if uid != "sco2018-summit")


@pytest.fixture(autouse=True)
def _lunch_restricted(request):
    """These tests were written of the seed's lunch as a restricted event (now busy for the public: see
    tests/itinerary/test_audiences.py); they keep testing what a restricted event leaves out."""
    if "seeded" in request.fixturenames:
        restrict_lunch(request.getfixturevalue("seeded"))


def test_seed_events_come_by_start_with_the_restricted_lunch_left_out(seeded):
    # The summit comes from midnight in Qingdao on 9 June: 16:00 UTC on the 8th, before the flight there.
    assert list(events(answer(seeded))) == list(CHINA_PUBLIC)


def test_all_day_summit_gives_its_dates_and_an_exclusive_end(seeded):
    summit = events(answer(seeded))["sco2018-summit"]
    assert summit["all_day"] is True
    assert summit["start"] == {
        "datetime": "2018-06-09T00:00:00+08:00",
        "timezone": "Asia/Shanghai",
        "date": "2018-06-09",
    }
    assert summit["end"] == {"datetime": "2018-06-11T00:00:00+08:00", "timezone": "Asia/Shanghai", "date": "2018-06-11"}
    assert summit["children"] == ["sco2018-enlarged-session", "sco2018-restricted-session"]
    assert events(answer(seeded))["sco2018-enlarged-session"]["parent"] == "sco2018-summit"


def test_travel_leg_has_origin_and_destination_with_coordinates(seeded):
    train = events(answer(seeded))["cn2018-train-tianjin"]
    assert (train["venue"]["key"], train["venue"]["latitude"], train["venue"]["longitude"]) == (
        "beijing-south-station",
        39.865,
        116.3786,
    )
    assert (train["destination"]["city"], train["destination"]["latitude"]) == ("Tianjin", 39.1365)


def test_contacts_give_each_event_the_offset_of_its_own_zone(seeded):
    found = events(answer(seeded, CONTACTS))
    assert found["contacts-phone-call-2018-03-19"]["start"]["datetime"] == "2018-03-19T12:00:00+03:00"
    assert found["contacts-da-nang-2017"]["start"] == {
        "datetime": "2017-11-10T16:00:00+07:00",
        "timezone": "Asia/Ho_Chi_Minh",
        "date": None,
    }
    assert found["contacts-eaeu-china-2018"]["outcomes"] == [
        {"title": "Agreement on trade and economic cooperation between the EAEU and China", "area": "trade"}
    ]


def test_private_token_opens_the_restricted_lunch_in_tianjin(seeded):
    token = services.rotate_feed_token(seeded, CHINA)
    lunch = events(answer(seeded, token=token))[SECRET]
    assert (lunch["visibility"], lunch["start"]["datetime"], lunch["venue"]["city"]) == (
        "restricted",
        "2018-06-08T16:45:00+08:00",
        "Tianjin",
    )


def test_a_token_of_another_itinerary_or_none_is_refused_alike(seeded):
    token = services.rotate_feed_token(seeded, CONTACTS)
    with pytest.raises(InvalidToken) as other:
        answer(seeded, token=token)
    with pytest.raises(InvalidToken) as unknown:
        answer(seeded, token="x" * 43)
    assert str(other.value) == str(unknown.value)


def test_a_restricted_itinerary_is_not_found_anonymously_and_found_with_its_token(seeded):
    services.update_itinerary(seeded, CONTACTS, visibility="restricted")
    with pytest.raises(ItineraryNotFound, match="no itinerary with slug 'russia-china-contacts-2017-2018'"):
        answer(seeded, CONTACTS)
    token = services.rotate_feed_token(seeded, CONTACTS)
    assert answer(seeded, CONTACTS, token=token)["visibility"] == "restricted"
    listed = api.itineraries(seeded, token=None, base_url=BASE)
    assert [i["slug"] for i in json.loads(listed.body)["itineraries"]] == [CHINA]
    listed = api.itineraries(seeded, token=token, base_url=BASE)
    assert [i["slug"] for i in json.loads(listed.body)["itineraries"]] == [CONTACTS, CHINA]


def test_a_child_the_caller_may_not_see_is_not_named(seeded):
    services.update_event(seeded, CHINA, "sco2018-restricted-session", visibility="restricted")
    anonymous = events(answer(seeded))
    assert "sco2018-restricted-session" not in anonymous
    assert anonymous["sco2018-summit"]["children"] == ["sco2018-enlarged-session"]
    token = services.rotate_feed_token(seeded, CHINA)
    assert events(answer(seeded, token=token))["sco2018-summit"]["children"] == [
        "sco2018-enlarged-session",
        "sco2018-restricted-session",
    ]


def test_recurring_event_has_its_rule_in_words_and_its_occurrences_in_the_window(seeded):
    daily_briefing(seeded, CHINA, count=4, venue="great-hall-of-the-people")
    services.change_occurrence(
        seeded,
        CHINA,
        "briefing",
        datetime(2018, 6, 9, 23, tzinfo=UTC),
        **when("2018-06-10 08:00", "08:30"),
    )
    briefing = events(answer(seeded, **{"from": "2018-06-09", "to": "2018-06-10"}))["briefing"]
    found = briefing["recurrence"]
    assert (found["rule"], found["text"], found["truncated"]) == ("FREQ=DAILY;COUNT=4", "every day, 4 times", False)
    assert [(o["id"], o["start"]["datetime"], o["moved"]) for o in found["occurrences"]] == [
        ("20180608T230000Z", "2018-06-09T07:00:00+08:00", False),
        ("20180609T230000Z", "2018-06-10T08:00:00+08:00", True),
    ]
    assert found["occurrences"][1]["original_start"]["datetime"] == "2018-06-10T07:00:00+08:00"
    everything = events(answer(seeded))["briefing"]["recurrence"]["occurrences"]
    assert [o["start"]["datetime"][:10] for o in everything] == ["2018-06-08", "2018-06-09", "2018-06-10", "2018-06-11"]


def test_a_rule_without_end_lists_its_first_occurrences_and_says_it_was_cut(seeded):
    services.create_event(
        seeded,
        CHINA,
        uid="daily",
        title="Daily",
        **when("2018-06-08 07:00", "08:00"),
        rrule="FREQ=DAILY",
    )
    found = events(answer(seeded))["daily"]["recurrence"]
    assert (len(found["occurrences"]), found["truncated"], found["text"]) == (api.MAX_OCCURRENCES, True, "every day")
    window = events(answer(seeded, **{"from": "2019-01-01", "to": "2019-01-31"}))["daily"]["recurrence"]
    assert (len(window["occurrences"]), window["truncated"]) == (31, False)
    assert window["occurrences"][0]["start"]["datetime"] == "2019-01-01T07:00:00+08:00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "banquet"}, "kind"),
        ({"from": "2018-13-01"}, "from"),
        ({"from": "2018-06-10", "to": "2018-06-08"}, "to"),
        ({"participant": "nobody"}, "participant"),
        ({"category": "nothing"}, "category"),
        ({"partcipant": "xi-jinping"}, "partcipant"),
    ],
)
def test_bad_filters_are_refused_naming_the_parameter(seeded, params, field):
    with pytest.raises(InvalidInput) as refused:
        answer(seeded, **params)
    assert refused.value.field == field


def test_a_participant_of_restricted_events_only_is_unknown_to_anonymous_callers(seeded):
    services.put_participant(seeded, key="li-hui", name="Li Hui", role="Special envoy", delegation="China")
    services.update_event(seeded, CHINA, SECRET, participants=("xi-jinping", "li-hui"))
    with pytest.raises(InvalidInput, match="participant: no participant 'li-hui' in this itinerary's feed"):
        answer(seeded, participant="li-hui")
    token = services.rotate_feed_token(seeded, CHINA)
    assert list(events(answer(seeded, token=token, participant="li-hui"))) == [SECRET]


def test_filters_choose_what_the_feed_chooses(seeded):
    assert list(events(answer(seeded, participant="yuri-ushakov"))) == [
        "cn2018-arrival-beijing",
        "cn2018-talks-narrow",
        "cn2018-talks-enlarged",
        "cn2018-flight-qingdao",
    ]
    assert list(events(answer(seeded, kind="summit-session", category="SCO summit"))) == [
        "sco2018-restricted-session",
        "sco2018-enlarged-session",
    ]
    assert list(events(answer(seeded, **{"from": "2018-06-10", "to": "2018-06-10"}))) == [
        "sco2018-summit",
        "sco2018-restricted-session",
        "sco2018-enlarged-session",
    ]
    assert answer(seeded, kind="press")["filter"] == {
        "participant": None,
        "kind": "press",
        "category": None,
        "from": None,
        "to": None,
        "delegation": None,
    }


def test_the_cached_answer_follows_the_audiences_stamp(seeded, clock):
    cache = Answers(16)
    token = services.rotate_feed_token(seeded, CHINA)
    public = api.itinerary(seeded, CHINA, token=None, base_url=BASE, cache=cache)
    private = api.itinerary(seeded, CHINA, token=token, base_url=BASE, cache=cache)
    clock.now += timedelta(minutes=5)
    services.update_event(seeded, CHINA, SECRET, title="Working lunch, moved")
    assert api.itinerary(seeded, CHINA, token=None, base_url=BASE, cache=cache) is public
    after = api.itinerary(seeded, CHINA, token=token, base_url=BASE, cache=cache)
    assert after.etag != private.etag
    assert after.last_modified == clock.now  # the change's own time (whole seconds)
    assert after == api.itinerary(seeded, CHINA, token=token, base_url=BASE)  # cached bytes are the fresh bytes


def test_times_of_an_all_day_event_cross_no_zone_boundary(seeded):
    start, end = api.times(services.get_event(seeded, CONTACTS, "contacts-spief-2018").timing)
    assert (start.date, end.date) == (date(2018, 5, 24), date(2018, 5, 27))
    assert start.model_dump(mode="json")["datetime"] == "2018-05-24T00:00:00+03:00"


def test_the_filter_read_from_no_parameters_is_empty():
    assert api.read_filter({}) == FeedFilter()


# Property: whatever is restricted, an anonymous answer holds none of it

FILTERS = ({}, {"participant": "xi-jinping"}, {"from": "2018-06-08", "to": "2018-06-09"}, {"kind": "talks"})


@settings(max_examples=30, deadline=None)
@given(restricted=st.sets(st.sampled_from(CHINA_UIDS)), params=st.sampled_from(FILTERS))
def test_an_anonymous_answer_holds_no_byte_of_any_restricted_event(restricted, params):
    store = MemoryStore(clock=Clock())
    fixtures.load_seed(store)
    restrict_lunch(store)
    for uid in restricted:
        services.update_event(store, CHINA, uid, visibility="restricted")
    hidden = [services.get_event(store, CHINA, uid) for uid in [*restricted, SECRET]]
    try:
        body = api.itinerary(store, CHINA, token=None, base_url=BASE, feed_filter=api.read_filter(params)).body
    except InvalidInput as refused:  # the filter's participant or category is left in restricted events only
        body = str(refused).encode()
    text = body.decode()
    for event in hidden:
        assert [part for part in (event.uid, event.title, event.description) if part and part in text] == []
    if body.startswith(b"{"):
        shown = {e["id"] for e in json.loads(body)["events"]}
        assert shown <= set(CHINA_UIDS) - restricted | {"sco2018-summit"}
