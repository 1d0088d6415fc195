"""Walk 4, defects 1-3 and 13 (issue 16): the readers' pages say the content (titles, places, descriptions) in the
page's language, a text that falls back to the itinerary's own language marked with its ``lang``: the timeline, what
is on now and next, the home list, the event page, the route map, the print page and a subscription's own page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from itinerary import services, subscriptions, texts
from itinerary.languages import event_key
from tests.web.html import parse

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}"
PRESS = event_key(SLUG, "cn2018-press")
HALL = "great-hall-of-the-people"


def _without_chinese(store) -> None:
    """The press statements and the Great Hall with a Russian text only: a Chinese page falls back to English."""
    texts.put_other_texts(store, "event", PRESS, {"ru": {"title": "Заявления", "description": "Для прессы."}})
    texts.put_other_texts(store, "venue", HALL, {"ru": {"name": "Дом народных собраний", "city": "Пекин"}})


def _lang(node) -> list:
    """The ``lang`` of the node and of each element inside it that has one."""
    return [node.get("lang"), *(n.get("lang") for n in node.select("[lang]"))]


# Defect 1: the timeline


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", ["Заявления для прессы", "Дом народных собраний, Пекин", "Из г. Пекин, 14:00"]),
        ("zh", ["共同会见记者", "人民大会堂，北京", "14:00从北京出发"]),
    ],
)
def test_timeline_says_titles_places_and_cities_in_the_pages_language(client, lang, expected):
    doc = parse(client.get(f"{PAGE}/timeline?day=2018-06-08&lang={lang}").data)
    press = doc.one("li.tl-block[data-uid=cn2018-press]")
    train = doc.one("li.tl-block[data-uid=cn2018-train-tianjin]")
    assert [press.one(".tl-title a").text, press.one(".tl-place").text, train.one(".tl-from").text] == expected
    assert doc.select(".tl-blocks [lang]") == []  # the busy lunch's own label too is in the page's language


def test_timeline_marks_a_title_and_place_without_a_text_in_the_language(client, app_store):
    _without_chinese(app_store)
    press = parse(client.get(f"{PAGE}/timeline?day=2018-06-08&lang=zh").data).one("li[data-uid=cn2018-press]")
    title, place = press.one(".tl-title a"), press.one(".tl-place")
    assert (title.text, title.get("lang")) == ("Press statements", "en")
    assert (place.text, place.get("lang")) == ("Great Hall of the People，Beijing", "en")


# Defect 2: now and next


@pytest.mark.parametrize(
    ("lang", "now", "following"),
    [
        (
            "ru",
            "12:15–12:45 Подписание документов и принятие совместных заявлений · Дом народных собраний, Пекин",
            "12:45–13:15 Заявления для прессы · Дом народных собраний, Пекин",
        ),
        ("zh", "12:15–12:45 签署文件并通过联合声明 · 人民大会堂，北京", "12:45–13:15 共同会见记者 · 人民大会堂，北京"),
    ],
)
def test_now_and_next_say_titles_and_places_in_the_pages_language(client, clock, lang, now, following):
    clock.now = datetime(2018, 6, 8, 4, 40, tzinfo=UTC)  # 12:40 in Beijing
    box = parse(client.get(f"{PAGE}?lang={lang}").data).one(".now-next")
    assert (box.texts("dd.now"), box.texts("dd.next")) == ([now], [following])
    assert box.select("dd [lang]") == []


def test_now_and_next_mark_a_title_and_place_without_a_text_in_the_language(client, clock, app_store):
    _without_chinese(app_store)
    clock.now = datetime(2018, 6, 8, 4, 40, tzinfo=UTC)
    following = parse(client.get(f"{PAGE}?lang=zh").data).one(".now-next dd.next")
    assert following.text == "12:45–13:15 Press statements · Great Hall of the People，Beijing"
    assert [(n.text, n.get("lang")) for n in following.select("[lang]")] == [
        ("Press statements", "en"),
        ("Great Hall of the People，Beijing", "en"),
    ]


# Defect 3: the home list


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Государственный визит в Китай и саммит ШОС, июнь 2018 года"),
        ("zh", "对中国进行国事访问并出席上海合作组织峰会（2018年6月）"),
    ],
)
def test_home_list_names_itineraries_in_the_pages_language(client, lang, title):
    items = parse(client.get(f"/?lang={lang}").data).select("li.itinerary-item")
    link = next(item.one("h2 a") for item in items if item.one("h2 a").get("href") == PAGE)
    assert (link.text, link.get("lang")) == (title, None)


def test_home_list_marks_a_title_and_summary_without_a_text_in_the_language(client, app_store):
    texts.put_other_texts(app_store, "itinerary", SLUG, {"ru": {"title": "Визит"}})
    items = parse(client.get("/?lang=zh").data).select("li.itinerary-item")
    item = next(item for item in items if item.one("h2 a").get("href") == PAGE)
    assert (item.one("h2 a").text, item.one("h2 a").get("lang")) == (
        "State visit to China and the SCO summit, June 2018",
        "en",
    )
    assert item.one(".summary").get("lang") == "en"
    assert item.one(".summary").text.startswith("Vladimir Putin")
    russian = parse(client.get("/?lang=ru").data).select("li.itinerary-item")
    assert next(i.one("h2 a") for i in russian if i.one("h2 a").get("href") == PAGE).text == "Визит"


# Defect 13: the event page, the route map, a subscription's page, the print page


def test_event_page_marks_a_description_and_venue_without_a_text_in_the_language(client, app_store):
    _without_chinese(app_store)
    talks = event_key(SLUG, "cn2018-talks-narrow")
    texts.put_other_texts(app_store, "event", talks, {"ru": {"title": "Переговоры", "description": "Для прессы."}})
    doc = parse(client.get(f"{PAGE}/events/cn2018-talks-narrow?lang=zh").data)
    assert (doc.one(".description").text, doc.one(".description").get("lang")) == (
        "Talks at the invitation of Xi Jinping.",
        "en",
    )
    venue = doc.one(".fact-venue")
    assert [(n.text, n.get("lang")) for n in venue.select("span[lang]")] == [
        ("Great Hall of the People", "en"),
        ("Beijing", "en"),
    ]
    assert venue.text.startswith("Great Hall of the People，Beijing，中国")
    russian = parse(client.get(f"{PAGE}/events/cn2018-talks-narrow?lang=ru").data)
    assert (russian.one(".description").text, russian.one(".description").get("lang")) == ("Для прессы.", None)
    assert russian.one(".fact-venue").text.startswith("Дом народных собраний, Пекин, Китай")


@pytest.mark.parametrize(
    ("lang", "parent"), [("ru", "Саммит Шанхайской организации сотрудничества"), ("zh", "上海合作组织峰会")]
)
def test_event_page_names_its_parent_in_the_pages_language(client, lang, parent):
    doc = parse(client.get(f"{PAGE}/events/sco2018-enlarged-session?lang={lang}").data)
    assert (doc.one(".fact-parent a").text, doc.one(".fact-parent a").get("lang")) == (parent, None)


def test_route_map_marks_a_venue_and_a_title_without_a_text_in_the_language(client, app_store):
    _without_chinese(app_store)
    texts.put_other_texts(app_store, "event", event_key(SLUG, "cn2018-train-tianjin"), {"ru": {"title": "Поезд"}})
    doc = parse(client.get(f"{PAGE}/map?lang=zh").data)
    hall = doc.one(f"li[data-venue={HALL}]")
    assert [(n.text, n.get("lang")) for n in hall.select("span[lang]")] == [
        ("Great Hall of the People", "en"),
        ("Beijing", "en"),
    ]
    assert doc.one(f"li[data-venue={HALL}]").text.startswith("Great Hall of the People，Beijing，中国")
    train = doc.one("li[data-uid=cn2018-train-tianjin]")
    assert (train.one("a").text, train.one("a").get("lang")) == ("Train from Beijing to Tianjin", "en")
    assert train.text == "Train from Beijing to Tianjin：北京 → 天津，6月8日周五 14:00 北京"
    russian = parse(client.get(f"{PAGE}/map?lang=ru").data)
    assert russian.one(f"li[data-venue={HALL}]").select("[lang]") == []
    assert russian.one("li[data-uid=cn2018-train-tianjin]").text == "Поезд: Пекин → Тяньцзинь, пт, 8 июн. 14:00 Пекин"


def _view(app_store) -> str:
    services.cancel_event(app_store, SLUG, "cn2018-press")
    return subscriptions.issue(app_store, SLUG, audience="press", name="TASS pool").token


CANCELLED = [
    ("ru", "Заявления для прессы", "Заявления для прессы (отменено) · Дом народных собраний, Пекин"),
    ("zh", "共同会见记者", "共同会见记者（已取消） · 人民大会堂，北京"),
]


@pytest.mark.parametrize(("lang", "title", "entry"), CANCELLED)
def test_subscription_view_says_a_cancelled_title_in_the_pages_language(client, app_store, lang, title, entry):
    token = _view(app_store)
    doc = parse(client.get(f"/view/{token}?lang={lang}").data)
    press = next(li for li in doc.select("li.print-entry") if li.one(".title").text == title)
    assert press.text.endswith(entry)
    assert press.select("[lang]") == []


def test_subscription_view_marks_a_title_and_place_without_a_text_in_the_language(client, app_store):
    token = _view(app_store)
    _without_chinese(app_store)
    doc = parse(client.get(f"/view/{token}?lang=zh").data)
    press = next(li for li in doc.select("li.print-entry") if li.one(".title").text == "Press statements")
    assert press.text.endswith("Press statements（已取消） · Great Hall of the People，Beijing")
    assert [(n.text, n.get("lang")) for n in press.select("[lang]")] == [
        ("Press statements", "en"),
        ("Great Hall of the People，Beijing", "en"),
    ]


@pytest.mark.parametrize(("lang", "title", "entry"), CANCELLED)
def test_print_page_puts_a_cancelled_events_status_in_the_languages_brackets(client, app_store, lang, title, entry):
    services.cancel_event(app_store, SLUG, "cn2018-press")
    doc = parse(client.get(f"{PAGE}/print?lang={lang}").data)
    press = next(li for li in doc.select("li.print-entry") if li.one(".title").text == title)
    assert press.text.endswith(entry)
    assert press.select("[lang]") == []


def test_print_page_marks_a_cancelled_title_alone_as_a_fallback(client, app_store):
    services.cancel_event(app_store, SLUG, "cn2018-press")
    texts.put_other_texts(app_store, "event", PRESS, {"ru": {"title": "Заявления"}})
    doc = parse(client.get(f"{PAGE}/print?lang=zh").data)
    press = next(li for li in doc.select("li.print-entry") if li.one(".title").text == "Press statements")
    assert press.text.startswith("12:45–13:15 Press statements（已取消） · ")
    assert [(n.text, n.get("lang")) for n in press.select("[lang]")] == [("Press statements", "en")]
