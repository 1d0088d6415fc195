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


def test_event_page_in_russian_shows_categories_and_delegations_in_russian(client):
    doc = parse(client.get(f"{PAGE}/events/cn2018-press?lang=ru").data)
    categories = doc.one("dd.fact-categories")
    assert (categories.text, categories.get("lang")) == ("государственный визит, пресса", None)
    people = [li.text for li in doc.select("ul.participants li")]
    assert "Владимир Путин (Президент России, Делегация Российской Федерации)" in people
    assert "Си Цзиньпин (Председатель КНР, Делегация Китайской Народной Республики)" in people


def test_event_page_marks_categories_that_fall_back_with_their_language(client, app_store):
    key = event_key(SLUG, "cn2018-press")
    found, _ = texts.texts_of(app_store, "event", key)
    found["categories"].pop("zh")
    texts.save_texts(app_store, "event", key, found)
    doc = parse(client.get(f"{PAGE}/events/cn2018-press?lang=zh").data)
    categories = doc.one("dd.fact-categories")
    assert (categories.text, categories.get("lang")) == ("state visit, press", "en")
    assert "习近平（中国国家主席，中华人民共和国代表团）" in [li.text for li in doc.select("ul.participants li")]
