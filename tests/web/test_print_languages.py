"""The print page's content in the page's language (issue 16): the itinerary's title, each event's title and its
place, with the own language's text marked where a language has none."""

from __future__ import annotations

from itinerary import texts
from itinerary.languages import event_key
from tests.web.html import parse

SLUG = "china-state-visit-2018"
PRINT = f"/itineraries/{SLUG}/print"


def _entry(doc, title_start: str):
    return next(li for li in doc.select("li.print-entry") if li.one(".title").text.startswith(title_start))


def test_print_page_says_titles_and_places_in_russian(client):
    doc = parse(client.get(f"{PRINT}?lang=ru").data)
    assert doc.one("h1").text == "Государственный визит в Китай и саммит ШОС, июнь 2018 года"
    assert doc.one("h1").get("lang") is None
    press = _entry(doc, "Заявления для прессы")
    assert press.one(".place").text == "· Дом народных собраний, Пекин"
    assert (press.one(".title").get("lang"), press.one(".place").get("lang")) == (None, None)


def test_print_page_marks_a_title_without_a_text_in_the_language(client, app_store):
    texts.put_other_texts(app_store, "event", event_key(SLUG, "cn2018-press"), {"ru": {"title": "Заявления"}})
    doc = parse(client.get(f"{PRINT}?lang=zh").data)
    press = _entry(doc, "Press statements")
    assert press.one(".title").get("lang") == "en"
    english = parse(client.get(f"{PRINT}?lang=en").data)
    assert _entry(english, "Press statements").one(".title").get("lang") is None
