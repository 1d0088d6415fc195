"""Pages for readers: home, the programme, one event, the printable programme, error pages."""

from __future__ import annotations

import pytest

from itinerary import services
from tests.builders import when
from tests.conftest import put_venue
from tests.web.html import entry, page

CHINA = "/itineraries/china-state-visit-2018"


# Home


# Written of the seed's lunch as a restricted event: see ``lunch_restricted`` in tests/web/conftest.py.
pytestmark = pytest.mark.usefixtures("lunch_restricted")


def test_home_lists_public_itineraries_with_their_dates(client):
    doc = page(client, "/")
    items = doc.select("li.itinerary-item")
    assert [(i.one("h2").text, i.one("h2 a").get("href"), i.one(".dates").text) for i in items] == [
        (
            "Russia-China contacts, 2017-2018",
            "/itineraries/russia-china-contacts-2017-2018",
            "Friday 10 November 2017 to Saturday 26 May 2018",
        ),
        (
            "State visit to China and the SCO summit, June 2018",
            CHINA,
            "Friday 8 June 2018 to Sunday 10 June 2018",
        ),
    ]
    assert doc.texts("h1") == ["Itineraries"]


def test_home_shows_restricted_itineraries_to_editors_only(client, app_store):
    services.create_itinerary(
        app_store, slug="quiet-trip", title="A quiet trip", timezone="Europe/Berlin", visibility="restricted"
    )
    assert "A quiet trip" not in page(client, "/").texts("li.itinerary-item h2")


def test_home_shows_restricted_itinerary_to_editor_with_mark(client, app_store, editor):
    services.create_itinerary(
        app_store, slug="quiet-trip", title="A quiet trip", timezone="Europe/Berlin", visibility="restricted"
    )
    items = {i.one("h2").text: i for i in page(client, "/").select("li.itinerary-item")}
    assert items["A quiet trip"].one(".dates").text == "No events yet"
    assert items["A quiet trip"].one(".badge").text == "Editors only"


# The programme


def test_itinerary_page_shows_days_in_home_zone(client):
    doc = page(client, CHINA)
    assert doc.one("h1").text == "State visit to China and the SCO summit, June 2018"
    assert doc.texts("section.day h2") == ["Friday 8 June 2018", "Saturday 9 June 2018", "Sunday 10 June 2018"]
    first_day = doc.select("section.day")[0]
    assert [(e.one(".when").text, e.one("h3").text) for e in first_day.select("li.entry")] == [
        ("08:30–09:00", "Arrival in Beijing"),
        ("09:45–10:45", "Russian-Chinese talks in narrow format"),
        ("11:00–12:15", "Russian-Chinese talks in enlarged format"),
        ("12:15–12:45", "Signing of documents and adoption of joint statements"),
        ("12:45–13:15", "Press statements"),
        ("14:00–14:35", "Train from Beijing to Tianjin"),
        ("15:00–16:30", "Junior ice hockey match in Tianjin"),
    ]
    assert doc.one("#zone-note").text == (
        "Times are in Beijing (UTC+8). Where a venue is in another zone, its local time is shown too."
    )
    assert entry(doc, "cn2018-talks-narrow").one(".details").text == (
        "Talks, narrow format · Great Hall of the People, Beijing"
    )
    assert entry(doc, "cn2018-arrival-beijing").one("h3 a").get("href") == f"{CHINA}/events/cn2018-arrival-beijing"


def test_itinerary_page_with_zone_shows_both_times(client):
    doc = page(client, f"{CHINA}?tz=Europe/Moscow")
    arrival = entry(doc, "cn2018-arrival-beijing")
    assert arrival.one(".home-time").text == "08:30–09:00 Beijing (UTC+8)"
    assert arrival.one(".reader-time").text == "03:30–04:00 Moscow (UTC+3)"
    assert [t.get("datetime") for t in arrival.select(".other-time time")] == [
        "2018-06-08T03:30:00+03:00",
        "2018-06-08T04:00:00+03:00",
    ]
    assert doc.one("#zone-note").text == (
        "Times are in Beijing (UTC+8), with Moscow (UTC+3) beside them."
        " Where a venue is in another zone, its local time is shown too."
    )
    assert doc.one("select#tz option[selected]").text == "Moscow (UTC+3)"
    assert doc.one("select#tz option[selected]").get("value") == "Europe/Moscow"


def test_itinerary_page_zone_on_another_date_says_which(client):
    doc = page(client, f"{CHINA}?tz=America/New_York")
    assert entry(doc, "cn2018-arrival-beijing").one(".reader-time").text == "20:30–21:00 (Thu 7 Jun) New York (UTC-4)"


def test_itinerary_page_home_zone_asked_shows_one_time(client):
    doc = page(client, f"{CHINA}?tz=Asia/Shanghai")
    assert doc.select(".other-time") == []
    assert entry(doc, "cn2018-arrival-beijing").one(".home-time").text == "08:30–09:00"


def test_zone_switch_is_a_get_form_of_common_and_used_zones(client):
    doc = page(client, CHINA)
    form = doc.one("form.zone-switch")
    assert (form.get("method"), form.get("action")) == ("get", CHINA)
    options = [o.get("value") for o in form.select("option")]
    assert options[0] == ""
    assert {"Europe/Moscow", "UTC", "America/New_York"} <= set(options)
    assert "Asia/Shanghai" not in options
    assert doc.one("label[for=tz]").text == "Show times also in"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("tz=Mars/Base", "tz: unknown time zone 'Mars/Base'; use an IANA name such as Europe/Moscow"),
        ("tz=../../etc/passwd", "tz: unknown time zone '../../etc/passwd'; use an IANA name such as Europe/Moscow"),
    ],
)
def test_itinerary_page_refuses_unknown_zone_with_400_page(client, query, message):
    doc = page(client, f"{CHINA}?{query}", status=400)
    assert doc.one("h1").text == "Bad request"
    assert doc.one(".error-message").text == message
    assert doc.one(".way-back a").get("href") == "/"


def test_summit_sessions_are_nested_under_the_summit(client):
    doc = page(client, CHINA)
    last_day = doc.select("section.day")[2]
    summit = entry(last_day, "sco2018-summit")
    assert summit.select(".when")[0].text == "Day 2 of 2"
    assert [s.get("data-uid") for s in summit.select("ol.sessions li.entry")] == [
        "sco2018-restricted-session",
        "sco2018-enlarged-session",
    ]
    assert [s.one(".when").text for s in summit.select("ol.sessions li.entry")] == ["09:00–10:45", "11:15–13:00"]
    assert entry(doc.select("section.day")[1], "sco2018-summit").select(".when")[0].text == "Day 1 of 2"


def test_travel_leg_shows_origin_and_destination_with_local_times(client, app_store):
    put_venue(app_store, "vnukovo")
    services.create_event(
        app_store,
        "china-state-visit-2018",
        uid="flight-in",
        title="Flight from Moscow to Beijing",
        kind="travel",
        **when("2018-06-07 22:00", "2018-06-08 08:00"),
        venue="vnukovo",
        destination="beijing-capital-airport",
    )
    doc = page(client, CHINA)
    leg = entry(doc, "flight-in")
    assert leg.one(".leg .from").text == "Vnukovo Airport, Moscow, 22:00 Moscow (UTC+3)"
    assert leg.one(".leg .to").text == "Beijing Capital International Airport, 08:00 Beijing (UTC+8)"
    assert leg.one(".when").text == "03:00–08:00"
    assert doc.select("section.day h2")[0].text == "Friday 8 June 2018"


def test_cancelled_event_is_struck_through_with_status_in_words(client, app_store):
    services.cancel_event(app_store, "china-state-visit-2018", "cn2018-press")
    title = entry(page(client, CHINA), "cn2018-press").one("h3")
    assert title.one("del").text == "Press statements"
    assert title.one(".status").text == "Cancelled"
    assert title.text == "Press statements Cancelled"


def test_tentative_event_is_marked(client, app_store):
    services.update_event(app_store, "china-state-visit-2018", "cn2018-hockey-tianjin", status="tentative")
    title = entry(page(client, CHINA), "cn2018-hockey-tianjin").one("h3")
    assert title.select("del") == []
    assert title.text == "Junior ice hockey match in Tianjin Tentative"


def test_restricted_events_hidden_from_readers(client):
    doc = page(client, CHINA)
    assert doc.select("li.entry[data-uid=cn2018-lunch-narrow]") == []
    assert page(client, f"{CHINA}/events/cn2018-lunch-narrow", status=404).one(".error-message").text == (
        "no event 'cn2018-lunch-narrow' in itinerary 'china-state-visit-2018'"
    )


def test_restricted_events_shown_to_editors_marked(client, editor):
    doc = page(client, CHINA)
    assert entry(doc, "cn2018-lunch-narrow").one("h3").text == "Working lunch in narrow format Restricted"
    assert page(client, f"{CHINA}/events/cn2018-lunch-narrow").one(".fact-visibility").text == (
        "Restricted: editors and the private feed only"
    )


def test_restricted_itinerary_is_not_found_for_readers(client, app_store):
    services.create_itinerary(
        app_store, slug="quiet-trip", title="A quiet trip", timezone="Europe/Berlin", visibility="restricted"
    )
    doc = page(client, "/itineraries/quiet-trip", status=404)
    assert doc.one(".error-message").text == "no itinerary with slug 'quiet-trip'"
    page(client, "/itineraries/quiet-trip/print", status=404)


def test_subscribe_box_has_webcal_https_copy_and_download(client):
    doc = page(client, CHINA)
    box = doc.one("section.subscribe")
    assert box.one("#feed-webcal").get("value") == "webcal://localhost/itineraries/china-state-visit-2018.ics"
    assert box.one("#feed-web").get("value") == "http://localhost/itineraries/china-state-visit-2018.ics"
    assert box.one("a.subscribe-link").get("href") == "webcal://localhost/itineraries/china-state-visit-2018.ics"
    download = box.one("a.download-link")
    assert (download.get("href"), "download" in download.attrs) == (
        "http://localhost/itineraries/china-state-visit-2018.ics",
        True,
    )
    # The copy buttons wait for JavaScript; without it they stay hidden.
    assert [(b.get("data-copy"), "hidden" in b.attrs) for b in box.select("button.copy")] == [
        ("feed-webcal", True),
        ("feed-web", True),
    ]
    assert box.texts("label") == ["Calendar app address", "Web address"]


def test_subscribe_links_use_base_url_when_configured(app, client):
    app.config["BASE_URL"] = "https://itinerary.example.org/"
    box = page(client, CHINA).one("section.subscribe")
    assert box.one("#feed-webcal").get("value") == (
        "webcal://itinerary.example.org/itineraries/china-state-visit-2018.ics"
    )
    assert box.one("#feed-web").get("value") == "https://itinerary.example.org/itineraries/china-state-visit-2018.ics"


def test_readers_see_no_editing_controls(client):
    doc = page(client, CHINA)
    assert doc.select("section.private-feed") == []
    assert doc.texts("p.actions a") == ["Printable programme"]
    assert doc.one("nav.account a").text == "Editor sign-in"


def test_itinerary_not_found_is_a_404_page(client):
    doc = page(client, "/itineraries/no-such-trip", status=404)
    assert doc.one("h1").text == "Not found"
    assert doc.one(".error-message").text == "no itinerary with slug 'no-such-trip'"
    assert doc.one(".way-back a").text == "Back to the itineraries"


def test_unknown_address_is_a_404_page(client):
    doc = page(client, "/no/such/page", status=404)
    assert doc.one(".error-message").text == "There is no page at /no/such/page."


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/itineraries/no-such-trip.ics", "Not found: no itinerary with slug 'no-such-trip'\n"),
        (
            "/itineraries/china-state-visit-2018/events/nope.ics",
            "Not found: no event 'nope' in itinerary 'china-state-visit-2018'\n",
        ),
        (
            "/feeds/" + "x" * 43 + ".ics",
            "Not found: no feed at this address; ask an editor for the current private feed link\n",
        ),
        ("/feeds/nothing-here", "Not found: There is no page at /feeds/nothing-here.\n"),
    ],
)
def test_feed_errors_stay_plain_text(client, url, body):
    response = client.get(url)
    assert (response.status_code, response.mimetype, response.text) == (404, "text/plain", body)


# One event


def test_event_page_shows_everything(client):
    doc = page(client, f"{CHINA}/events/cn2018-signing")
    assert doc.one("h1").text == "Signing of documents and adoption of joint statements"
    facts = dict(zip(doc.texts("dl.facts dt"), doc.texts("dl.facts dd"), strict=True))
    assert facts == {
        "Status": "Confirmed",
        "When": "Friday 8 June 2018, 12:15 to 12:45 (Beijing, UTC+8)",
        "Kind": "Ceremony",
        "Venue": "Great Hall of the People, Beijing, China (39.9033° N, 116.3874° E)",
        "Categories": "state visit",
    }
    assert doc.one(".fact-venue a").get("href") == "geo:39.9033,116.3874"
    assert doc.texts("ul.participants li") == [
        "Vladimir Putin (President of Russia, Russia)",
        "Xi Jinping (President of China, China)",
    ]
    assert doc.texts("ul.outcomes li") == [
        "Documents on cooperation in trade",
        "Documents on cooperation in energy",
        "Documents on cooperation in outer space",
        "Documents on intellectual property protection",
        "Joint statements on practical cooperation and international affairs",
    ]  # each title names its area: not repeated (walk 5, finding 3)
    assert doc.one("p.description").text.startswith("A substantial package of documents is signed")
    add = doc.one("a.add-to-calendar")
    assert (add.text, add.get("href")) == ("Add to calendar (.ics)", f"{CHINA}/events/cn2018-signing.ics")
    assert doc.one(".breadcrumb a").get("href") == CHINA


def test_event_page_shows_format_parent_and_home_zone_time(client):
    doc = page(client, f"{CHINA}/events/sco2018-restricted-session")
    facts = dict(zip(doc.texts("dl.facts dt"), doc.texts("dl.facts dd"), strict=True))
    assert facts["Format"] == "Narrow format"
    assert facts["Part of"] == "Summit of the Shanghai Cooperation Organization"
    assert doc.one(".fact-parent a").get("href") == f"{CHINA}/events/sco2018-summit"
    summit = page(client, f"{CHINA}/events/sco2018-summit")
    assert summit.one(".fact-when").text == ("Saturday 9 June 2018 to Sunday 10 June 2018, all day (Beijing time)")
    assert summit.texts("ul.children li") == [
        "Meeting of the SCO heads of state in restricted format",
        "Meeting of the SCO heads of state in enlarged format",
    ]
    assert summit.one(".fact-url a").get("href") == "http://eng.sectsco.org/"


def test_event_in_another_zone_shows_home_zone_time_too(client):
    doc = page(client, "/itineraries/russia-china-contacts-2017-2018/events/contacts-da-nang-2017")
    assert doc.one(".fact-when").text == "Friday 10 November 2017, 16:00 to 17:00 (Ho Chi Minh City, UTC+7)"
    assert doc.one(".fact-home-time").text == "Friday 10 November 2017, 12:00 to 13:00"
    assert doc.one(".fact-format").text == "Bilateral format"


def test_event_page_travel_shows_both_ends(client):
    doc = page(client, f"{CHINA}/events/cn2018-flight-qingdao")
    facts = dict(zip(doc.texts("dl.facts dt"), doc.texts("dl.facts dd"), strict=True))
    assert facts["From"] == "Beijing Capital International Airport, Beijing, China (40.0799° N, 116.6031° E)"
    assert facts["To"] == "Qingdao Liuting International Airport, Qingdao, China (36.2661° N, 120.3744° E)"


def test_event_page_recurrence_in_words_and_status(client, app_store):
    services.create_event(
        app_store,
        "china-state-visit-2018",
        uid="briefing",
        title="Morning briefing",
        kind="meeting",
        status="tentative",
        **when("2018-06-08 07:00", "07:30"),
        rrule="FREQ=DAILY;COUNT=3",
    )
    doc = page(client, f"{CHINA}/events/briefing")
    assert doc.one(".fact-recurrence").text == "Every day, 3 times"
    assert doc.one(".fact-status").text == "Tentative"
    assert doc.one("h1").text == "Morning briefing Tentative"
    programme = page(client, CHINA)
    assert [d.one("h2").text for d in programme.select("section.day") if d.select("li[data-uid=briefing]")] == [
        "Friday 8 June 2018",
        "Saturday 9 June 2018",
        "Sunday 10 June 2018",
    ]


def test_event_not_found_is_a_404_page(client):
    doc = page(client, f"{CHINA}/events/no-such-event", status=404)
    assert doc.one(".error-message").text == "no event 'no-such-event' in itinerary 'china-state-visit-2018'"


# Printable programme


def test_printable_programme_is_one_list_per_day(client, app_store):
    services.cancel_event(app_store, "china-state-visit-2018", "cn2018-press")
    doc = page(client, f"{CHINA}/print")
    assert doc.one("body").get("class") == "printable"
    assert doc.texts("section.print-day h2") == ["Friday 8 June 2018", "Saturday 9 June 2018", "Sunday 10 June 2018"]
    first = doc.select("section.print-day")[0]
    assert first.texts("li.print-entry")[:2] == [
        "08:30–09:00 Arrival in Beijing · Beijing Capital International Airport",
        "09:45–10:45 Russian-Chinese talks in narrow format · Great Hall of the People, Beijing",
    ]
    assert (
        first.texts("li.print-entry")[4]
        == "12:45–13:15 Press statements (cancelled) · Great Hall of the People, Beijing"
    )
    assert doc.select("section.print-day")[1].texts("li.print-entry")[1] == (
        "11:00–12:30 Flight from Beijing to Qingdao · Beijing Capital International Airport"
        " → Qingdao Liuting International Airport"
    )


def test_printable_programme_with_zone(client):
    doc = page(client, f"{CHINA}/print?tz=Europe/Moscow")
    assert doc.select("li.print-entry")[0].text == (
        "08:30–09:00 (03:30–04:00) Arrival in Beijing · Beijing Capital International Airport"
    )


def test_stylesheet_has_print_rules_and_no_remote_resources(client):
    with client.get("/static/style.css") as response:
        assert response.status_code == 200
        css = response.text
    assert "@media print" in css
    assert "http://" not in css and "https://" not in css and "@import" not in css


# What every page keeps


PAGES = ["/", CHINA, f"{CHINA}?tz=Europe/Moscow", f"{CHINA}/events/cn2018-signing", f"{CHINA}/print", "/sign-in"]


@pytest.mark.parametrize("url", [*PAGES, "/itineraries/nope"])
def test_security_headers_on_pages(client, url):
    headers = client.get(url).headers
    assert headers["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_script_or_style_and_no_remote_resource(client, url):
    doc = page(client, url)
    scripts = doc.select("script")
    assert [s.get("src") for s in scripts] == ["/static/app.js"]
    assert all(not s.text for s in scripts)
    assert doc.select("style") == []
    for node in doc.elements():
        assert "style" not in node.attrs
        assert not [name for name in node.attrs if name.startswith("on")]
    stylesheets = [link.get("href") for link in doc.select("link[rel=stylesheet]")]
    assert stylesheets[:2] == ["/static/style.css", "/static/readers.css"]
    assert all(href.startswith("/") and not href.startswith("//") for href in stylesheets)  # our own, never remote
    assert doc.one("html").get("lang") == "en"
    assert doc.one("meta[name=viewport]").get("content") == "width=device-width, initial-scale=1"


@pytest.mark.parametrize("url", PAGES)
def test_every_input_has_a_label(client, url):
    doc = page(client, url)
    labelled = {label.get("for") for label in doc.select("label")}
    for field in [*doc.select("input"), *doc.select("select"), *doc.select("textarea")]:
        if field.get("type") in {"hidden", "submit"}:
            continue
        assert field.get("id") in labelled, field


def test_readers_get_no_session_cookie(client):
    response = client.get(CHINA)
    # Only the reader's last visit to this itinerary, scoped to its address (see web/visits.py).
    assert [c.split("=", 1)[0] for c in response.headers.getlist("Set-Cookie")] == ["last-visit-china-state-visit-2018"]
    assert client.get("/").headers.get("Set-Cookie") is None


def test_editor_pages_are_never_cached(client, editor):
    assert client.get(CHINA).headers["Cache-Control"] == "private, no-store"
    assert client.get(CHINA + ".ics").headers["Cache-Control"].startswith("public")


def test_https_answers_carry_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
