"""Walk 7 (issue 16): an itinerary whose own language is not the one its shared venues and people were entered in.

Venues and participants are shared by itineraries of every language; their columns hold the text they were
entered with (the seed's: English). An itinerary made Russian shows them in Russian on every page in its own
language, as its feed without ``?lang`` does, and a text that falls back is marked with the language it is in.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from itinerary import services, texts
from itinerary.model import Outcome
from tests.web.html import page, parse

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
PUTIN = "Владимир Путин (Президент России, Делегация Российской Федерации)"


@pytest.fixture
def russian(app_store):
    texts.set_languages(app_store, SLUG, "ru", ["en", "zh"])
    return app_store


def test_the_event_page_in_the_own_language_names_people_and_venue_in_it(client, russian):
    doc = page(client, f"{S}/events/cn2018-signing?lang=ru")
    assert doc.texts("ul.participants li")[0] == PUTIN
    assert doc.one(".fact-venue").text.startswith("Дом народных собраний, Пекин, Китай")
    google = next(a.get("href") for a in doc.select(".add-links a"))
    assert parse_qs(urlsplit(google).query)["location"] == ["Дом народных собраний, Пекин, Китай"]


def test_the_itinerary_page_and_its_map_in_the_own_language(client, russian):
    doc = page(client, f"{S}?lang=ru")
    assert {"Пекин", "Циндао", "Тяньцзинь"} <= set(doc.texts(".route-map text"))
    assert "Beijing" not in doc.text


def test_a_venue_without_a_text_in_the_pages_language_is_marked_by_its_script(client, russian):
    """On the English page of the Russian itinerary, the venue's English column is English: never marked Russian."""
    doc = page(client, f"{S}/events/cn2018-signing?lang=en")
    assert doc.one(".fact-venue").text.startswith("Great Hall of the People, Beijing, China")
    assert [span.get("lang") for span in doc.select(".fact-venue span[lang]")] == []
    assert doc.texts("ul.participants li")[0] == "Vladimir Putin (President of Russia, Russia)"


def test_the_event_form_offers_venues_in_the_own_language(client, editor, russian):
    form = parse(client.get(f"{S}/new-event?lang=ru").data)
    assert form.one("#venue option[value=great-hall-of-the-people]").text.startswith("Дом народных собраний")


def test_the_page_and_the_own_feed_agree(client, russian):
    feed = icalendar.Calendar.from_ical(client.get(f"{S}.ics").data)
    signing = next(e for e in feed.walk("VEVENT") if str(e["UID"]).startswith("cn2018-signing"))
    assert str(signing["LOCATION"]) == "Дом народных собраний, Пекин"
    assert PUTIN in str(signing["DESCRIPTION"])


def test_an_area_typed_in_english_stays_english_in_an_itinerary_made_russian(client, app_store, russian):
    services.update_event(app_store, SLUG, "cn2018-signing", outcomes=(Outcome("Меморандум", "fisheries"),))
    item = page(client, f"{S}/events/cn2018-signing?lang=zh").one("ul.outcomes li")
    assert [(span.get("lang"), span.text) for span in item.select("span")] == [
        ("ru", "Меморандум"),
        ("en", "fisheries"),
    ]
    services.update_event(app_store, SLUG, "cn2018-signing", outcomes=(Outcome("Меморандум", "energy"),))
    item = page(client, f"{S}/events/cn2018-signing?lang=zh").one("ul.outcomes li")
    assert item.text == "Меморандум（能源）"  # a known area, said in the page's language


def test_a_busy_events_city_and_label_in_the_own_feed_are_in_the_own_language(client, russian):
    feed = icalendar.Calendar.from_ical(client.get(f"{S}.ics").data)
    lunch = next(e for e in feed.walk("VEVENT") if str(e["UID"]).startswith("cn2018-lunch-narrow"))
    assert str(lunch["LOCATION"]) == "Тяньцзинь"
    assert lunch["CATEGORIES"].cats == ["трапеза"]
