"""Subscribe and add-to-calendar links: exact addresses for each app, and titles that need escaping."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from itinerary.calendar_links import event_links, feed_links, qr_svg, webcal
from itinerary.model import AllDay, Event, Timed, Venue

FEED = "https://itinerary.example.org/itineraries/china-state-visit-2018.ics"
PAGE = "https://itinerary.example.org/itineraries/china-state-visit-2018/events/cn2018-signing"
HALL = Venue("great-hall", "Great Hall of the People", "Beijing", "China", "Asia/Shanghai", 39.9033, 116.3874)
VNUKOVO = Venue("vnukovo", "Vnukovo Airport", "Moscow", "Russia", "Europe/Moscow", 55.5915, 37.2615)
BEIJING_AIRPORT = Venue(
    "beijing-capital-airport",
    "Beijing Capital International Airport",
    "Beijing",
    "China",
    "Asia/Shanghai",
    40.08,
    116.6,
)


def _event(title="Signing of documents", timing=None, **fields) -> Event:
    timing = timing or Timed.of(datetime(2018, 6, 8, 12, 15), datetime(2018, 6, 8, 12, 45), "Asia/Shanghai")
    return Event("cn2018-signing", "china-state-visit-2018", title, timing, **fields)


def test_feed_links_for_each_app_exact():
    links = feed_links(FEED, "State visit to China and the SCO summit, June 2018")
    encoded = "https%3A%2F%2Fitinerary.example.org%2Fitineraries%2Fchina-state-visit-2018.ics"
    name = "State%20visit%20to%20China%20and%20the%20SCO%20summit%2C%20June%202018"
    assert links.web == FEED
    assert links.webcal == "webcal://itinerary.example.org/itineraries/china-state-visit-2018.ics"
    assert links.google == f"https://calendar.google.com/calendar/render?cid={encoded}"
    assert links.outlook_com == f"https://outlook.live.com/calendar/0/addfromweb?url={encoded}&name={name}"
    assert links.microsoft_365 == f"https://outlook.office.com/calendar/0/addfromweb?url={encoded}&name={name}"


def test_feed_link_name_escapes_ampersand_hash_quotes_and_non_ascii():
    links = feed_links(FEED + "?participant=vladimir-putin&kind=talks", 'Talks & "lunch" #1 — Пекин\r\n北京')
    query = urlsplit(links.outlook_com).query
    assert query == (
        "url=https%3A%2F%2Fitinerary.example.org%2Fitineraries%2Fchina-state-visit-2018.ics"
        "%3Fparticipant%3Dvladimir-putin%26kind%3Dtalks"
        "&name=Talks%20%26%20%22lunch%22%20%231%20%E2%80%94%20%D0%9F%D0%B5%D0%BA%D0%B8%D0%BD%20%E5%8C%97%E4%BA%AC"
    )
    # Read back as a server would: exactly two parameters, each whole.
    assert parse_qs(query) == {
        "url": [FEED + "?participant=vladimir-putin&kind=talks"],
        "name": ['Talks & "lunch" #1 — Пекин 北京'],
    }
    assert parse_qs(urlsplit(links.google).query) == {"cid": [FEED + "?participant=vladimir-putin&kind=talks"]}


def test_webcal_refuses_what_is_not_http():
    assert webcal("http://localhost/itineraries/a.ics") == "webcal://localhost/itineraries/a.ics"
    with pytest.raises(ValueError, match="not an http"):
        webcal("ftp://example.org/a.ics")


def test_event_links_timed_exact():
    links = event_links(_event(venue=HALL, description="A package of documents."), _event().timing, PAGE)
    details = "A%20package%20of%20documents.%0A%0A" + PAGE.replace(":", "%3A").replace("/", "%2F")
    assert links.google == (
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Signing%20of%20documents"
        "&dates=20180608T041500Z%2F20180608T044500Z&ctz=Asia%2FShanghai"
        "&location=Great%20Hall%20of%20the%20People%2C%20Beijing%2C%20China"
        f"&details={details}"
    )
    assert links.outlook_com == (
        "https://outlook.live.com/calendar/0/action/compose?rru=addevent&subject=Signing%20of%20documents"
        "&startdt=2018-06-08T12%3A15%3A00%2B08%3A00&enddt=2018-06-08T12%3A45%3A00%2B08%3A00&allday=false"
        "&location=Great%20Hall%20of%20the%20People%2C%20Beijing%2C%20China"
        f"&body={details}"
    )
    assert links.microsoft_365 == links.outlook_com.replace("outlook.live.com", "outlook.office.com")


def test_event_links_title_with_ampersand_hash_quotes_and_non_ascii():
    title = 'Talks & lunch #2 "narrow" — переговоры'
    links = event_links(_event(title), _event().timing, PAGE)
    assert parse_qs(urlsplit(links.google).query)["text"] == [title]
    assert parse_qs(urlsplit(links.outlook_com).query)["subject"] == [title]
    assert "text=Talks%20%26%20lunch%20%232%20%22narrow%22%20%E2%80%94%20" in links.google
    assert "#" not in links.google and "#" not in links.outlook_com  # a fragment would cut the draft short


def test_event_links_travel_leg_across_zones_keeps_each_end_in_its_zone():
    timing = Timed.of(datetime(2018, 6, 7, 23, 0), datetime(2018, 6, 8, 8, 30), "Europe/Moscow", "Asia/Shanghai")
    leg = _event("Flight to Beijing", timing, venue=VNUKOVO, destination=BEIJING_AIRPORT)
    links = event_links(leg, timing, PAGE)
    google = parse_qs(urlsplit(links.google).query)
    outlook = parse_qs(urlsplit(links.outlook_com).query)
    assert google["dates"] == ["20180607T200000Z/20180608T003000Z"]
    assert google["ctz"] == ["Europe/Moscow"]
    assert google["location"] == ["Vnukovo Airport, Moscow, Russia → Beijing Capital International Airport, China"]
    assert (outlook["startdt"], outlook["enddt"]) == (["2018-06-07T23:00:00+03:00"], ["2018-06-08T08:30:00+08:00"])


def test_event_links_all_day_range_ends_the_day_after():
    timing = AllDay(date(2018, 6, 9), date(2018, 6, 10), "Asia/Shanghai")
    links = event_links(_event("SCO summit", timing), timing, PAGE)
    google = parse_qs(urlsplit(links.google).query)
    outlook = parse_qs(urlsplit(links.outlook_com).query)
    assert (google["dates"], google["ctz"]) == (["20180609/20180611"], ["Asia/Shanghai"])
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (["2018-06-09"], ["2018-06-11"], ["true"])
    assert "location" not in google  # no venue, no empty parameter


def test_event_links_description_with_crlf_and_long_text():
    links = event_links(_event(description="Line one\r\nLine two" + "x" * 2000), _event().timing, PAGE)
    details = parse_qs(urlsplit(links.google).query)["details"][0]
    assert details.startswith("Line one\nLine two")
    assert details.endswith("…\n\n" + PAGE)
    assert len(details) == 1000 + 2 + len(PAGE)


def test_qr_svg_is_named_inline_svg():
    svg = qr_svg(FEED, 'QR code of "the programme" & more')
    assert svg.startswith('<svg role="img" aria-label="QR code of &quot;the programme&quot; &amp; more" viewBox="0 0 ')
    assert svg.endswith("</svg>")
    assert "<?xml" not in svg and "http://www.w3.org/2000/svg" not in svg  # inline: no declaration, no namespace


def test_qr_svg_encodes_the_address():
    import segno

    # The same symbol segno makes for the address: decoding needs a camera, comparing needs none.
    symbol = segno.make(FEED, error="m")
    expected = symbol.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr-code", dark="#000", light="#fff")
    assert symbol.designator == "5-M"  # version 5 (37 modules), error correction M: small enough for any phone
    assert qr_svg(FEED, "QR").split(">", 1)[1] == expected.split(">", 1)[1]
