"""An itinerary's own audiences: added, relabelled and removed on both stores; subscriptions issued for them;
removal refused (nothing changed) while a subscription uses one."""

from __future__ import annotations

import icalendar
import pytest

from itinerary import ical, lifecycle, own_audiences, releases, subscriptions
from itinerary.errors import AlreadyExists, InUse, InvalidInput, ItineraryNotFound, NotFound
from itinerary.records import ExtraAudience
from tests.conftest import make_event, make_trip

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")
SETTINGS = ical.FeedSettings("itinerary.test", "https://itinerary.test")


@pytest.fixture
def trip(two_talks):
    return two_talks


def _summaries(store, token: str) -> list[str]:
    subscription = subscriptions.by_token(store.released(), token)
    feed = subscriptions.feed_for(store.released(), subscription, SETTINGS)
    return sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.body).walk("VEVENT"))


def test_own_audience_added_relabelled_and_removed(trip):
    added = own_audiences.add(trip, "trip", name=" interpreters ", label=" Interpreters\r\n")
    own_audiences.add(trip, "trip", name="drivers", label="Drivers")

    assert added == ExtraAudience("trip", "interpreters", "Interpreters")
    assert own_audiences.names(trip, "trip") == ("public", "press", "delegation", "staff", "drivers", "interpreters")
    assert own_audiences.relabel(trip, "trip", "interpreters", "Interpreters (pool)").label == "Interpreters (pool)"
    own_audiences.remove(trip, "trip", "drivers")
    assert own_audiences.listed(trip, "trip") == [ExtraAudience("trip", "interpreters", "Interpreters (pool)")]


@pytest.mark.parametrize(
    ("name", "label", "field", "message"),
    [
        ("press", "Press again", "name", "“press” is a built-in audience; choose another name"),
        ("Interpreters", "Interpreters", "name", "an audience is named with 1 to 40 lower-case letters"),
        ("*", "Everything", "name", "an audience is named with 1 to 40 lower-case letters"),
        ("interpreters", "", "label", "must not be empty"),
        ("interpreters", "x" * 101, "label", "must be at most 100 characters"),
        ("interpreters", "Inter\x07preters", "label", "control character"),
    ],
)
def test_own_audience_bad_input_is_refused_naming_the_field_and_nothing_stored(trip, name, label, field, message):
    with pytest.raises(InvalidInput) as refused:
        own_audiences.add(trip, "trip", name=name, label=label)

    assert list(refused.value.errors) == [field]
    assert message in str(refused.value.errors[field])
    assert own_audiences.listed(trip, "trip") == []


def test_own_audience_twice_or_unknown_is_refused(trip):
    own_audiences.add(trip, "trip", name="interpreters", label="Interpreters")

    with pytest.raises(AlreadyExists, match="interpreters"):
        own_audiences.add(trip, "trip", name="interpreters", label="Other")
    with pytest.raises(NotFound, match="security"):
        own_audiences.relabel(trip, "trip", "security", "Security")
    with pytest.raises(NotFound, match="security"):
        own_audiences.remove(trip, "trip", "security")
    assert own_audiences.listed(trip, "trip") == [ExtraAudience("trip", "interpreters", "Interpreters")]


def test_subscription_of_an_own_audience_sees_what_events_say_for_it(trip):
    own_audiences.add(trip, "trip", name="interpreters", label="Interpreters")
    make_event(
        trip, "trip", uid="dinner", title="State dinner", visibility="restricted", access=(("interpreters", "full"),)
    )
    releases.publish(trip, "trip")

    issued = subscriptions.issue(trip, "trip", audience="interpreters", name="Interpreter pool")

    assert issued.subscription.audience == "interpreters"
    assert _summaries(trip, issued.token) == ["State dinner", "Talks"]  # restricted is hidden by default


def test_subscription_of_an_unknown_audience_is_refused(trip):
    with pytest.raises(InvalidInput) as refused:
        subscriptions.issue(trip, "trip", audience="interpreters", name="Interpreter pool")

    assert "must be one of public, press, delegation, staff" in refused.value.errors["audience"]
    assert subscriptions.listed(trip, "trip") == []


def test_own_audience_removal_refused_while_a_subscription_uses_it(trip):
    own_audiences.add(trip, "trip", name="interpreters", label="Interpreters")
    releases.publish(trip, "trip")
    issued = subscriptions.issue(trip, "trip", audience="interpreters", name="Interpreter pool")

    with pytest.raises(InUse) as refused:
        own_audiences.remove(trip, "trip", "interpreters")

    assert refused.value.uses == ("Interpreter pool",)
    assert "Interpreter pool" in str(refused.value)
    assert own_audiences.listed(trip, "trip") == [ExtraAudience("trip", "interpreters", "Interpreters")]
    assert _summaries(trip, issued.token) == ["Talks"]  # still working
    subscriptions.revoke(trip, "trip", issued.subscription.id)
    own_audiences.remove(trip, "trip", "interpreters")
    assert own_audiences.listed(trip, "trip") == []


def test_own_audiences_go_with_their_itinerary(trip):
    own_audiences.add(trip, "trip", name="interpreters", label="Interpreters")
    make_trip(trip, "other", "Other")
    own_audiences.add(trip, "other", name="interpreters", label="Other interpreters")

    lifecycle.delete_itinerary(trip, "trip")

    with pytest.raises(ItineraryNotFound):
        own_audiences.listed(trip, "trip")
    assert own_audiences.listed(trip, "other") == [ExtraAudience("other", "interpreters", "Other interpreters")]
