"""The itinerary page for readers: three zones on each row and the reader's zone kept, jump links and the sparse
listing, one participant's programme, and the editors' links beside each event."""

from __future__ import annotations

from datetime import date

import pytest

from itinerary import services
from tests.builders import when
from tests.web.html import entry, page
from web import viewmodels

CHINA = "/itineraries/china-state-visit-2018"
CONTACTS = "/itineraries/russia-china-contacts-2017-2018"


def times(row):
    return [(" ".join(sorted(span.classes - {"time"})), span.text) for span in row.select(".when > .time")]


# Three zones on every row


def test_row_shows_home_venue_and_reader_zones(client):
    doc = page(client, f"{CONTACTS}?tz=Asia/Tokyo")
    assert times(entry(doc, "contacts-da-nang-2017")) == [
        ("home-time", "12:00–13:00 Moscow (UTC+3)"),
        ("venue-time", "16:00–17:00 Ho Chi Minh City (UTC+7)"),
        ("other-time reader-time", "18:00–19:00 Tokyo (UTC+9)"),
    ]


def test_row_shows_venue_zone_without_a_reader_zone(client):
    doc = page(client, CONTACTS)
    assert times(entry(doc, "contacts-eaeu-china-2018")) == [
        ("home-time", "12:00–12:30 Moscow (UTC+3)"),
        ("venue-time", "15:00–15:30 Almaty (UTC+6)"),
    ]
    assert times(entry(doc, "contacts-phone-call-2018-03-19")) == [("home-time", "12:00–12:30")]


def test_reader_zone_that_is_the_venues_is_shown_once(client):
    doc = page(client, f"{CONTACTS}?tz=Asia/Almaty")
    assert times(entry(doc, "contacts-eaeu-china-2018")) == [
        ("home-time", "12:00–12:30 Moscow (UTC+3)"),
        ("other-time reader-time venue-time", "15:00–15:30 Almaty (UTC+6)"),
    ]


def test_rows_never_show_zone_keys(client):
    for url in (f"{CONTACTS}?tz=America/New_York", f"{CHINA}?tz=Europe/Berlin"):
        doc = page(client, url)
        shown = " ".join(doc.texts("section.day .when") + doc.texts("section.day .leg") + doc.texts("#zone-note"))
        assert "/" not in shown, shown


def test_zone_asked_for_is_kept_in_a_cookie_and_the_links(client):
    doc = page(client, f"{CONTACTS}?tz=Asia/Tokyo")
    assert entry(doc, "contacts-da-nang-2017").one("h3 a").get("href") == (
        f"{CONTACTS}/events/contacts-da-nang-2017?tz=Asia/Tokyo"
    )
    assert doc.one("a.timeline-link").get("href") == f"{CONTACTS}/timeline?tz=Asia/Tokyo"
    assert doc.one(".toolbar .actions a").get("href") == f"{CONTACTS}/print?tz=Asia/Tokyo"
    # The next page, opened without ?tz=, still shows it: the event page too.
    assert page(client, CHINA).one(f"{'li.entry[data-uid=cn2018-arrival-beijing]'} .reader-time").text == (
        "09:30–10:00 Tokyo (UTC+9)"
    )
    event = page(client, f"{CHINA}/events/cn2018-arrival-beijing")
    assert event.one(".fact-reader-time").text == "Friday 8 June 2018, 09:30 to 10:00"
    assert event.one(".breadcrumb a").get("href") == f"{CHINA}?tz=Asia/Tokyo"
    # An empty choice forgets it.
    assert page(client, f"{CHINA}?tz=").select(".reader-time") == []
    assert page(client, CHINA).select(".reader-time") == []


def test_zone_cookie_is_set_for_the_whole_site_and_cleared(client):
    response = client.get(f"{CHINA}?tz=Europe/Berlin")
    cookie = client.get_cookie("tz")
    assert (cookie.value, cookie.path, cookie.http_only, cookie.same_site) == ("Europe/Berlin", "/", True, "Lax")
    assert "Cookie" in response.headers["Vary"]
    client.get(f"{CHINA}?tz=")
    assert client.get_cookie("tz") is None


def test_zone_cookie_that_is_no_zone_is_ignored(client):
    client.set_cookie("tz", "Mars/Base")
    doc = page(client, CHINA)
    assert doc.select(".reader-time") == []


def test_event_page_names_zones_as_people_say_them(client):
    doc = page(client, f"{CONTACTS}/events/contacts-da-nang-2017?tz=America/New_York")
    assert doc.one(".fact-when").text == ("Friday 10 November 2017, 16:00 to 17:00 (Ho Chi Minh City, UTC+7)")
    facts = dict(zip(doc.texts("dl.facts dt"), doc.texts("dl.facts dd"), strict=True))
    assert facts["In Moscow (UTC+3)"] == "Friday 10 November 2017, 12:00 to 13:00"
    assert facts["In New York (UTC-5)"] == "Friday 10 November 2017, 04:00 to 05:00"


def test_first_visit_offers_the_browser_zone_only_without_a_choice(client):
    offer = page(client, CHINA).one("p.zone-offer")
    assert (offer.get("hidden"), offer.get("data-home")) == ("", "Asia/Shanghai")
    assert page(client, f"{CHINA}?tz=Europe/Moscow").select("p.zone-offer") == []


# Jump links and the sparse listing


def test_jump_links_lead_to_each_day(client):
    doc = page(client, CHINA)
    links = doc.select("nav.jump-links a")
    assert [(a.get("href"), a.text) for a in links] == [
        ("#day-2018-06-08", "Fri 8 Jun"),
        ("#day-2018-06-09", "Sat 9 Jun"),
        ("#day-2018-06-10", "Sun 10 Jun"),
    ]
    assert [doc.select(f"section.day h2#{a.get('href')[1:]}") != [] for a in links] == [True] * 3


def test_sparse_programme_lists_only_its_days_on_one_page(client):
    doc = page(client, CONTACTS)
    assert doc.select(".window-nav") == []
    assert doc.texts("nav.jump-links a") == [
        "Fri 10 Nov 2017",
        "Mon 19 Mar 2018",
        "Thu 17 May 2018",
        "Thu 24 May 2018",
        "Fri 25 May 2018",
        "Sat 26 May 2018",
    ]
    assert len(doc.select("section.day")) == 6


@pytest.mark.parametrize(
    ("count", "first", "last", "days", "whole"),
    [
        (6, date(2017, 11, 10), date(2018, 5, 26), 6, True),  # the 2017-18 contacts: 6 days over 28 weeks
        (4, date(2018, 6, 8), date(2018, 6, 10), 3, True),  # a short visit
        (4, date(2018, 6, 8), date(2018, 6, 14), 7, True),  # one week
        (100, date(2018, 6, 8), date(2018, 6, 17), 10, False),  # ten busy days in a row keep week windows
        (20, date(2018, 1, 1), date(2018, 12, 31), 15, False),  # too many days for one page
        (14, date(2018, 1, 1), date(2018, 2, 11), 14, True),  # at the bounds: 14 days of 42, one in three
        (14, date(2018, 1, 1), date(2018, 2, 10), 14, False),  # 14 days of 41: denser than one in three
        (151, date(2017, 11, 10), date(2018, 5, 26), 6, False),  # too many events
        (6, date(2017, 11, 10), date(2018, 5, 26), None, False),  # days not counted: judged by the span
    ],
)
def test_listed_whole_rule(count, first, last, days, whole):
    assert viewmodels.listed_whole(count, first, last, days) is whole


def test_dense_long_programme_keeps_week_windows_with_jump_links(client, app_store):
    from bench import data

    data.add_scaled(app_store, 100)
    doc = page(client, "/itineraries/bench-100?tz=Europe/Moscow")
    assert doc.texts("nav.jump-links a")[:2] == ["Fri 8 Jun", "Sat 9 Jun"]
    assert len(doc.select("nav.jump-links a")) == 7
    assert (
        doc.one(".window-nav-top .later-days").get("href") == "/itineraries/bench-100?tz=Europe/Moscow&from=2018-06-15"
    )


# One participant's programme


def test_participant_filter_shows_their_events_and_feed(client):
    doc = page(client, f"{CONTACTS}?participant=wang-qishan")
    assert {li.get("data-uid") for li in doc.select("li.entry")} == {"contacts-spief-2018"}
    section = doc.one("section.participant-filter")
    assert section.one("h2").text == "The programme of Wang Qishan"
    assert section.one("a.participant-feed").get("href") == f"http://localhost{CONTACTS}.ics?participant=wang-qishan"
    assert section.one("a.everyone").get("href") == CONTACTS
    assert client.get(f"{CONTACTS}.ics?participant=wang-qishan").status_code == 200


def test_participant_filter_keeps_the_zone(client):
    doc = page(client, f"{CHINA}?participant=yuri-ushakov&tz=Europe/Moscow")
    assert doc.one("a.everyone").get("href") == f"{CHINA}?tz=Europe/Moscow"
    assert doc.one("form.zone-switch input[name=participant]").get("value") == "yuri-ushakov"
    assert [li.get("data-uid") for li in doc.select("li.entry")] == [
        "cn2018-arrival-beijing",
        "cn2018-talks-narrow",
        "cn2018-talks-enlarged",
        "cn2018-flight-qingdao",
    ]
    assert entry(doc, "cn2018-talks-narrow").one(".reader-time").text == "04:45–05:45 Moscow (UTC+3)"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nobody", "participant: no participant 'nobody' in this itinerary's programme"),
        ("x" * 201, "participant: is too long"),
    ],
)
def test_participant_filter_refuses_unknown_participant(client, value, message):
    doc = page(client, f"{CHINA}?participant={value}", status=400)
    assert doc.one(".error-message").text == message


def test_participant_of_restricted_events_only_is_unknown_to_readers(app, client, app_store, editor):
    """Whoever appears only at restricted events is not revealed by the page's filter."""
    services.put_participant(app_store, key="aide", name="An aide", delegation="Russia")
    services.create_event(
        app_store,
        "china-state-visit-2018",
        uid="quiet-talk",
        title="A quiet talk",
        kind="talks",
        **when("2018-06-08 20:00", "21:00"),
        participants=["aide"],
        visibility="restricted",
    )
    assert [li.get("data-uid") for li in page(client, f"{CHINA}?participant=aide").select("li.entry")] == ["quiet-talk"]
    doc = page(app.test_client(), f"{CHINA}?participant=aide", status=400)
    assert doc.one(".error-message").text == "participant: no participant 'aide' in this itinerary's programme"


# Editors' links


def test_editors_see_an_edit_link_beside_each_event_readers_none(app, client, editor):
    doc = page(client, CHINA)
    link = entry(doc, "cn2018-signing").one("a.edit-link")
    assert link.get("href") == f"{CHINA}/events/cn2018-signing/edit"
    assert link.text == "Edit “Signing of documents and adoption of joint statements”"
    assert page(app.test_client(), CHINA).select("a.edit-link") == []


def test_empty_programme_offers_editors_the_first_event(app, client, app_store, editor):
    services.create_itinerary(app_store, slug="empty-trip", title="An empty trip", timezone="Europe/Berlin")
    doc = page(client, "/itineraries/empty-trip")
    assert doc.one("a.add-first-event").get("href") == "/itineraries/empty-trip/new-event"
    doc = page(app.test_client(), "/itineraries/empty-trip")
    assert doc.select("a.add-first-event") == []
    assert doc.one("p.no-events").text == (
        "This programme has no published events yet. Subscribe to its feed to see them when they are added."
    )
