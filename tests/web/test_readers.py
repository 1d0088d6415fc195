"""Readers' views through the Flask test client: the subscribe block, add-to-calendar links, the day timeline,
the route map and the print stamp, with restricted events hidden from readers who are not signed in."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from itinerary import changelog, services
from tests.web.html import page, parse

CHINA = "/itineraries/china-state-visit-2018"
CONTACTS = "/itineraries/russia-china-contacts-2017-2018"
FEED = "http://localhost/itineraries/china-state-visit-2018.ics"
FEED_ENCODED = "http%3A%2F%2Flocalhost%2Fitineraries%2Fchina-state-visit-2018.ics"
TITLE_ENCODED = "State%20visit%20to%20China%20and%20the%20SCO%20summit%2C%20June%202018"


# Subscribe


# Written of the seed's lunch as a restricted event: see ``lunch_restricted`` in tests/web/conftest.py.
pytestmark = pytest.mark.usefixtures("lunch_restricted")


def test_subscribe_block_comes_first_with_one_link_per_app(client):
    doc = page(client, CHINA)
    main = doc.one("main")
    sections = [n.get("class") for n in main.select("section")]
    assert sections[0] == "subscribe"  # before the programme, what changed and the versions
    box = doc.one("section.subscribe")
    assert [(a.text, a.get("href")) for a in box.select(".subscribe-apps a")] == [
        ("Google Calendar", f"https://calendar.google.com/calendar/render?cid={FEED_ENCODED}"),
        ("Outlook.com", f"https://outlook.live.com/calendar/0/addfromweb?url={FEED_ENCODED}&name={TITLE_ENCODED}"),
        ("Microsoft 365", f"https://outlook.office.com/calendar/0/addfromweb?url={FEED_ENCODED}&name={TITLE_ENCODED}"),
        ("Apple Calendar", "webcal://localhost/itineraries/china-state-visit-2018.ics"),
        ("Download the .ics file", FEED),
    ]
    assert "download" in box.one("a.download-link").attrs
    assert box.one("#feed-web").get("value") == FEED
    assert "readonly" in box.one("#feed-web").attrs
    assert box.texts("details > summary") == ["Steps for each app", "Subscribe on a phone (QR code)"]
    assert box.texts("details.subscribe-steps h3") == [
        "Google Calendar",
        "Outlook.com and Microsoft 365",
        "Apple Calendar (iPhone, iPad, Mac)",
        "Thunderbird and other apps",
    ]
    qr = box.one("details.subscribe-qr svg.qr-code")
    assert (qr.get("role"), qr.get("aria-label")) == ("img", "QR code of the web address of the programme")
    assert len(doc.select("section.subscribe")) == 1  # one place only: the old box at the bottom is gone


def test_subscribe_block_uses_base_url_for_every_app(app, client):
    app.config["BASE_URL"] = "https://itinerary.example.org/"
    box = page(client, CHINA).one("section.subscribe")
    google = box.one("a.app-google").get("href")
    assert parse_qs(urlsplit(google).query) == {
        "cid": ["https://itinerary.example.org/itineraries/china-state-visit-2018.ics"]
    }
    assert box.one("a.app-apple").get("href") == "webcal://itinerary.example.org/itineraries/china-state-visit-2018.ics"


def test_other_views_linked_from_the_itinerary_page_with_a_small_map(client):
    doc = page(client, CHINA)
    aside = doc.one("aside.other-views")
    assert [(a.text, a.get("href")) for a in aside.select(".view-links a")] == [
        ("Day timeline", f"{CHINA}/timeline"),
        ("Route map", f"{CHINA}/map"),
    ]
    small = aside.one("a.small-map")
    assert small.get("href") == f"{CHINA}/map"
    svg = small.one("svg")
    assert (svg.get("role"), svg.get("aria-label")) == ("img", "Route map of the programme: Beijing, Qingdao, Tianjin")
    assert len(svg.select("circle")) == 7
    assert len(svg.select("line.leg-line")) == 2


def test_event_page_has_add_links_and_its_own_feed(client):
    doc = page(client, f"{CHINA}/events/cn2018-signing")
    google, outlook, office = (a.get("href") for a in doc.select(".add-links a"))
    assert doc.texts(".add-links a") == ["Add to Google Calendar", "Add to Outlook", "Add to Outlook (Microsoft 365)"]
    query = parse_qs(urlsplit(google).query)
    assert query["text"] == ["Signing of documents and adoption of joint statements"]
    assert query["dates"] == ["20180608T041500Z/20180608T044500Z"]
    assert query["ctz"] == ["Asia/Shanghai"]
    assert query["location"] == ["Great Hall of the People, Beijing, China"]
    assert query["details"][0].endswith(f"\n\nhttp://localhost{CHINA}/events/cn2018-signing")
    assert parse_qs(urlsplit(outlook).query)["startdt"] == ["2018-06-08T12:15:00+08:00"]
    assert office.startswith("https://outlook.office.com/calendar/0/action/compose?rru=addevent&subject=Signing")
    box = doc.one("section.subscribe")
    assert box.one(".subscribe-lead").text == "Add this event to your calendar: it follows every change."
    assert box.one("#feed-web").get("value") == f"http://localhost{CHINA}/events/cn2018-signing.ics"
    assert (
        box.one("a.app-outlook")
        .get("href")
        .endswith("&name=Signing%20of%20documents%20and%20adoption%20of%20joint%20statements")
    )
    assert doc.one("a.add-to-calendar").get("href") == f"{CHINA}/events/cn2018-signing.ics"  # the .ics stays


def test_all_day_event_add_links_end_the_day_after(client):
    doc = page(client, f"{CHINA}/events/sco2018-summit")
    query = parse_qs(urlsplit(doc.one("a.add-google").get("href")).query)
    assert query["dates"] == ["20180609/20180611"]


def test_restricted_event_offers_no_add_links_or_subscription_even_to_editors(client, editor):
    doc = page(client, f"{CHINA}/events/cn2018-lunch-narrow")
    assert doc.select(".add-links") == []
    assert doc.select("section.subscribe") == []


def test_cancelled_event_offers_no_add_links(client, app_store):
    services.cancel_event(app_store, "china-state-visit-2018", "cn2018-press")
    doc = page(client, f"{CHINA}/events/cn2018-press")
    assert doc.select(".add-links") == []
    assert len(doc.select("section.subscribe")) == 1  # its feed tells subscribers it is off


# Day timeline


def blocks(doc) -> list[tuple[str, str]]:
    return [
        (li.get("data-uid"), (li.select(".tl-when") or li.select(".tl-from"))[0].text)
        for li in doc.select("li.tl-block")
    ]


def test_timeline_opens_on_the_first_day_with_day_links(client):
    doc = page(client, f"{CHINA}/timeline")  # the clock says 4 June 2018: before the programme
    assert doc.one("h1").text == "Friday 8 June 2018"
    assert doc.one(".zone-note").text == "Timeline of the day. Times in Beijing (UTC+8)."
    assert [(a.text, a.get("href"), a.get("aria-current")) for a in doc.select(".day-links a")] == [
        ("Fri 8 Jun", f"{CHINA}/timeline?day=2018-06-08", "page"),
        ("Sat 9 Jun", f"{CHINA}/timeline?day=2018-06-09", None),
        ("Sun 10 Jun", f"{CHINA}/timeline?day=2018-06-10", None),
    ]
    assert doc.select("a.previous-day") == []
    assert (doc.one("a.next-day").text, doc.one("a.next-day").get("href")) == (
        "Next day: Sat 9 Jun",
        f"{CHINA}/timeline?day=2018-06-09",
    )
    assert doc.texts(".tl-hours li") == [f"{h:02}:00" for h in range(8, 17)]
    assert blocks(doc) == [
        ("cn2018-arrival-beijing", "08:30–09:00"),
        ("cn2018-talks-narrow", "09:45–10:45"),
        ("cn2018-talks-enlarged", "11:00–12:15"),
        ("cn2018-signing", "12:15–12:45"),
        ("cn2018-press", "12:45–13:15"),
        ("cn2018-train-tianjin", "From Beijing, 14:00"),
        ("cn2018-hockey-tianjin", "15:00–16:30"),
    ]
    train = doc.one("li.tl-block[data-uid=cn2018-train-tianjin]")
    assert train.one(".tl-to").text == "To Tianjin, 14:35"
    assert train.one(".tl-title a").get("href") == f"{CHINA}/events/cn2018-train-tianjin"
    assert train.get("class").split() == [
        "tl-block", "tl-r73", "tl-s7", "tl-c1", "tl-w60", "tl-depth-0", "kind-travel", "status-confirmed", "tl-short"
    ]  # fmt: skip


def test_timeline_hides_restricted_events_from_readers(client):
    doc = page(client, f"{CHINA}/timeline?day=2018-06-08")
    assert "cn2018-lunch-narrow" not in [uid for uid, _ in blocks(doc)]
    assert "Working lunch" not in doc.one("main").text


def test_timeline_shows_restricted_events_to_editors(client, editor):
    doc = page(client, f"{CHINA}/timeline?day=2018-06-08")
    lunch = doc.one("li.tl-block[data-uid=cn2018-lunch-narrow]")
    assert lunch.one(".tl-title").text == "Working lunch in narrow format Restricted"
    assert "restricted" in lunch.get("class").split()


def test_timeline_summit_frames_its_sessions(client):
    doc = page(client, f"{CHINA}/timeline?day=2018-06-10")
    frame = doc.one("li.tl-block[data-uid=sco2018-summit]")
    assert {"tl-frame", "tl-holds", "tl-before", "tl-r1", "tl-s48"} <= set(frame.get("class").split())
    assert frame.one(".tl-when").text == "All day, Sat 9 Jun to Sun 10 Jun"
    sessions = doc.select("li.tl-depth-1")
    assert [(s.get("data-uid"), s.one(".tl-when").text) for s in sessions] == [
        ("sco2018-restricted-session", "09:00–10:45"),
        ("sco2018-enlarged-session", "11:15–13:00"),
    ]
    assert all({"tl-c25", "tl-w36"} <= set(s.get("class").split()) for s in sessions)
    assert doc.one("a.previous-day").get("href") == f"{CHINA}/timeline?day=2018-06-09"


def test_timeline_lists_all_day_events_without_sessions_above_the_hours(client):
    doc = page(client, f"{CHINA}/timeline?day=2018-06-09")
    assert doc.texts(".tl-all-day li") == [
        "Summit of the Shanghai Cooperation Organization · Qingdao International Conference Center"
    ]
    assert blocks(doc) == [("cn2018-flight-qingdao", "From Beijing, 11:00")]


def test_timeline_sparse_programme_links_only_days_with_events(client):
    doc = page(client, f"{CONTACTS}/timeline?day=2018-01-01")
    assert doc.one(".empty").text == "No events on this day."
    days = [a.get("href").rpartition("=")[2] for a in doc.select(".day-links a")]
    assert len(days) == 6 and days == sorted(days)
    assert doc.one("a.previous-day").get("href").endswith("day=" + max(d for d in days if d < "2018-01-01"))
    assert doc.one("a.next-day").get("href").endswith("day=" + min(d for d in days if d > "2018-01-01"))
    assert doc.texts(".day-links a")[0] == "Fri 10 Nov 2017"  # another year than the day shown says so


def test_timeline_bad_day_names_the_field(client):
    response = client.get(f"{CHINA}/timeline?day=8 June")
    assert response.status_code == 400
    assert parse(response.data).one(".error-message").text == (
        "day: '8 June' is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08"
    )


def test_timeline_of_restricted_itinerary_is_not_found_for_readers(client, app_store):
    services.create_itinerary(
        app_store, slug="quiet-trip", title="A quiet trip", timezone="Europe/Berlin", visibility="restricted"
    )
    for view in ("timeline", "map", "print-stamp.css"):
        assert client.get(f"/itineraries/quiet-trip/{view}").status_code == 404


def test_timeline_grid_css_places_every_slot_and_column(client):
    response = client.get("/timeline-grid.css")
    assert (response.status_code, response.mimetype) == (200, "text/css")
    rules = response.text.splitlines()[1:]
    assert rules[0] == ".tl-r1{grid-row-start:1}"
    assert ".tl-r300{grid-row-start:300}" in rules and ".tl-s300{grid-row-end:span 300}" in rules
    assert rules[-1] == ".tl-w60{grid-column-end:span 60}"
    assert len(rules) == 300 + 300 + 60 + 60
    again = client.get("/timeline-grid.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


# Route map


def test_map_draws_venues_legs_and_links_each_venue_to_openstreetmap(client):
    doc = page(client, f"{CHINA}/map")
    svg = doc.one("svg.route-map")
    assert svg.get("viewbox") == "0 0 960 600"  # the HTML parser lower-cases attribute names
    links = svg.select(".places a")
    assert links[0].get("aria-label") == "Beijing Capital International Airport on OpenStreetMap"
    assert links[0].get("href") == (
        "https://www.openstreetmap.org/?mlat=40.07990&mlon=116.60310#map=16/40.07990/116.60310"
    )
    assert len(links) == 7  # the restricted lunch's arena is also the hockey match's
    assert len(svg.select("line.leg-line")) == 2
    assert svg.texts(".cities text") == ["Beijing", "Qingdao", "Tianjin"]
    assert doc.texts(".legs-list li") == [
        "Train from Beijing to Tianjin: Beijing → Tianjin, Fri 8 Jun 14:00 Beijing",
        "Flight from Beijing to Qingdao: Beijing → Qingdao, Sat 9 Jun 11:00 Beijing",
    ]
    assert doc.texts(".places-list li")[0] == (
        "Beijing Capital International Airport, Beijing, China (40.0799° N, 116.6031° E on OpenStreetMap)"
    )


def _restricted_dinner_in_weihai(store) -> None:
    """A restricted event at a venue in Weihai, a city nothing else in the seed is in."""
    services.put_venue(
        store, key="secret-villa", name="Secret villa", city="Weihai", country="China",
        timezone="Asia/Shanghai", latitude=37.5, longitude=122.1,
    )  # fmt: skip
    services.create_event(
        store, "china-state-visit-2018", title="Quiet dinner", start=datetime(2018, 6, 9, 20, 0),
        end=datetime(2018, 6, 9, 21, 0), venue="secret-villa", visibility="restricted",
    )  # fmt: skip


def test_map_leaves_out_venues_of_restricted_events(client, app_store):
    _restricted_dinner_in_weihai(app_store)
    assert "Weihai" not in page(client, f"{CHINA}/map").one("main").text
    assert "Weihai" not in page(client, CHINA).one("aside.other-views").text


def test_map_shows_restricted_venues_to_editors(client, app_store, editor):
    _restricted_dinner_in_weihai(app_store)
    assert "Weihai" in page(client, f"{CHINA}/map").texts(".cities text")


# Print


def test_print_page_has_button_title_release_and_time(client):
    doc = page(client, f"{CHINA}/print")
    button = doc.one("button.print-button")
    assert (button.text, "hidden" in button.attrs) == ("Print", True)  # shown by the script, which can print
    assert doc.texts(".print-stamp span") == [
        "State visit to China and the SCO summit, June 2018",
        "Release 2 of 4 June 2018, 17:00",  # the seed (release 1), then the lunch restricted (_lunch_restricted)
        "Printed 4 June 2018, 17:00 (Beijing, UTC+8)",
    ]
    stylesheets = [link.get("href") for link in doc.select("link[rel=stylesheet]")]
    assert f"{CHINA}/print-stamp.css" in stylesheets


def test_print_stamp_names_the_latest_published_version(client, app_store, clock):
    clock.now = datetime(2018, 6, 5, 10, 30, tzinfo=clock.now.tzinfo)
    changelog.publish_version(app_store, "china-state-visit-2018", note="Second")
    clock.now = datetime(2018, 6, 6, 1, 0, tzinfo=clock.now.tzinfo)
    doc = page(client, f"{CHINA}/print")
    assert doc.texts(".print-stamp span")[1:] == [
        "Release 3 of 5 June 2018, 18:30",
        "Printed 6 June 2018, 09:00 (Beijing, UTC+8)",
    ]
    css = client.get(f"{CHINA}/print-stamp.css")
    assert (css.mimetype, css.headers["Cache-Control"]) == ("text/css", "no-store")
    assert css.text == (
        "@media print {\n"
        "  @page {\n"
        "    margin: 14mm 12mm 18mm;\n"
        '    @bottom-left { content: "State visit to China and the SCO summit, June 2018"; '
        "font: 8pt sans-serif; color: #333; }\n"
        '    @bottom-right { content: "Release 3 of 5 June 2018, 18:30 · Printed 6 June 2018, 09:00 (Beijing, UTC+8)"; '
        "font: 8pt sans-serif; color: #333; }\n"
        "  }\n"
        "}\n"
    )  # fmt: skip


def test_print_stamp_css_escapes_the_title(client, app_store):
    services.update_itinerary(app_store, "china-state-visit-2018", title='Visit "to China" \\ June')
    css = client.get(f"{CHINA}/print-stamp.css").text
    assert '@bottom-left { content: "Visit \\"to China\\" \\\\ June";' in css


def test_reader_views_have_no_inline_script_or_style_and_no_remote_resource(client):
    # The policy allows neither: the timeline places its blocks with classes, the map draws with attributes.
    for url in (f"{CHINA}/timeline?day=2018-06-10", f"{CHINA}/map", f"{CHINA}/print"):
        doc = page(client, url)
        assert [s.get("src") for s in doc.select("script")] == ["/static/app.js"]
        assert doc.select("style") == []
        for node in doc.elements():
            assert "style" not in node.attrs, (url, node.tag)
            assert not [name for name in node.attrs if name.startswith("on")]
        stylesheets = [link.get("href") for link in doc.select("link[rel=stylesheet]")]
        assert all(href.startswith("/") and not href.startswith("//") for href in stylesheets)


def test_timeline_opens_on_today_while_the_programme_is_under_way(client, clock):
    clock.now = datetime(2018, 6, 9, 2, 0, tzinfo=clock.now.tzinfo)  # 10:00 on 9 June in Beijing
    assert page(client, f"{CHINA}/timeline").one("h1").text == "Saturday 9 June 2018"


def test_timeline_opens_on_the_next_day_with_events_between_days_of_a_sparse_programme(client, clock):
    clock.now = datetime(2018, 1, 15, 9, 0, tzinfo=clock.now.tzinfo)
    doc = page(client, f"{CONTACTS}/timeline")
    current = doc.one(".day-links a[aria-current=page]").get("href").rpartition("=")[2]
    days = [a.get("href").rpartition("=")[2] for a in doc.select(".day-links a")]
    assert current == min(d for d in days if d >= "2018-01-15")
