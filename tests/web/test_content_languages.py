"""Pages show the content in the page's language, marking a text that falls back with its own ``lang``."""

from __future__ import annotations

from itinerary import texts
from itinerary.languages import event_key
from tests.web.html import parse

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}"


def _entry_link(doc, uid: str):
    return next(a for a in doc.select("h3.title a") if a.get("href").endswith(f"/events/{uid}"))


def test_page_in_russian_shows_russian_content(client):
    doc = parse(client.get(PAGE + "?lang=ru").data)
    assert doc.one("html").get("lang") == "ru"
    assert doc.one("h1").text == "Государственный визит в Китай и саммит ШОС, июнь 2018 года"
    assert doc.one("h1").get("lang") is None  # in the page's language
    link = _entry_link(doc, "cn2018-talks-narrow")
    assert (link.text, link.get("lang")) == ("Российско-китайские переговоры в узком составе", None)


def test_page_marks_a_text_that_falls_back_with_its_language(client, app_store):
    texts.put_other_texts(app_store, "event", event_key(SLUG, "cn2018-press"), {"zh": {"title": "共同会见记者"}})
    doc = parse(client.get(PAGE, headers={"Accept-Language": "ru"}).data)
    link = _entry_link(doc, "cn2018-press")
    assert (link.text, link.get("lang")) == ("Press statements", "en")
    english = parse(client.get(PAGE + "?lang=en").data)
    assert _entry_link(english, "cn2018-press").get("lang") is None
    assert english.one("h1").text == "State visit to China and the SCO summit, June 2018"


def test_event_page_in_chinese(client):
    doc = parse(client.get(f"{PAGE}/events/cn2018-signing?lang=zh").data)
    assert doc.one("h1.event-title").text.startswith("签署文件并通过联合声明")
    assert doc.one("p.breadcrumb a").text == "对中国进行国事访问并出席上海合作组织峰会（2018年6月）"
