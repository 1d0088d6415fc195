"""People, delegations and cities in the page's language on readers' and editors' pages (issue 16, walk items 3, 5
and 6): the seed's Russian and Chinese texts where it has them, a text in another language marked with its
``lang``."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from itinerary import services, texts
from itinerary.languages import event_key
from tests.web.html import parse

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}"
LUNCH = f"{PAGE}/events/cn2018-lunch-narrow"


@pytest.mark.parametrize(
    ("lang", "delegations", "people"),
    [
        (
            "ru",
            ["Делегация Китайской Народной Республики", "Делегация Российской Федерации"],
            ["Си Цзиньпин", "Владимир Путин", "Юрий Ушаков"],
        ),
        ("zh", ["中华人民共和国代表团", "俄罗斯联邦代表团"], ["习近平", "弗拉基米尔·普京", "尤里·乌沙科夫"]),
    ],
)
def test_people_filter_names_delegations_and_participants_in_the_pages_language(client, lang, delegations, people):
    doc = parse(client.get(f"{PAGE}?lang={lang}").data)
    assert doc.texts(".people-filter .delegation-link") == delegations
    assert doc.texts(".people-filter .participant-link") == people
    assert doc.select(".people-filter [lang]") == []


def test_people_filter_marks_a_name_and_delegation_without_a_text_in_the_language(client, app_store):
    texts.put_other_texts(app_store, "participant", "xi-jinping", {"ru": {"name": "Си Цзиньпин"}})
    doc = parse(client.get(f"{PAGE}?lang=zh").data)
    china = doc.select(".people-filter .delegation-link")[0]
    assert (china.text, [s.get("lang") for s in china.select("span")]) == ("China代表团", ["en"])
    xi = doc.select(".people-filter .participant-link")[0]
    assert (xi.text, [s.get("lang") for s in xi.select("span")]) == ("Xi Jinping", ["en"])


def test_participant_filter_heading_names_the_participant_in_the_pages_language(client):
    doc = parse(client.get(f"{PAGE}?participant=yuri-ushakov&lang=ru").data)
    assert doc.one("#participant-title").text == "Программа: Юрий Ушаков"


@pytest.mark.parametrize(
    ("lang", "city", "label"), [("ru", "Тяньцзинь", "Закрытый рабочий обед"), ("zh", "天津", "非公开工作午餐")]
)
def test_busy_lunch_shows_its_city_and_its_own_label_in_the_pages_language(client, lang, city, label):
    entry = parse(client.get(f"{PAGE}?lang={lang}").data).one("li[data-uid=cn2018-lunch-narrow]")
    title = entry.one("h3.title a")
    assert (title.text, title.get("lang")) == (label, None)
    assert entry.one("p.details").text.endswith(f" · {city}")


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_busy_lunch_without_its_label_in_the_language_shows_it_marked_english(client, app_store, lang):
    key = event_key("china-state-visit-2018", "cn2018-lunch-narrow")
    texts.put_other_texts(app_store, "event", key, {"ru": {"title": "Обед"}, "zh": {"title": "午餐"}})
    title = parse(client.get(f"{PAGE}?lang={lang}").data).one("li[data-uid=cn2018-lunch-narrow] h3.title a")
    assert (title.text, title.get("lang")) == ("Closed working lunch", "en")


@pytest.mark.parametrize(
    ("lang", "place"), [("ru", "Тяньцзинь, Китай"), ("zh", "天津，中国"), ("en", "Tianjin, China")]
)
def test_busy_event_page_names_its_city_once_in_the_pages_language(client, lang, place):
    doc = parse(client.get(f"{LUNCH}?lang={lang}").data)
    assert re.split(r" \(|（", doc.one(".fact-venue").text)[0] == place  # zh brackets: full-width, no space
    assert doc.one("h1.event-title").get("lang") is None  # its own label in the page's language (the seed's)


def test_event_page_names_the_venue_city_and_country_in_the_pages_language(client):
    doc = parse(client.get(f"{PAGE}/events/cn2018-hockey-tianjin?lang=ru").data)
    assert doc.one(".fact-venue").text.partition(" (")[0] == "Ледовая арена Тяньцзиня, Тяньцзинь, Китай"


@pytest.mark.parametrize(("lang", "city"), [("ru", "Тяньцзинь"), ("zh", "天津")])
def test_search_snippet_of_a_busy_event_is_its_city_in_the_pages_language(client, lang, city):
    result = parse(client.get(f"/search?q=Closed&lang={lang}").data).one(".search-result")
    assert result.one(".search-snippet").text == city
    assert result.one(".search-snippet").get("lang") is None
    assert result.one("h2 a").get("lang") == "en"


@pytest.mark.parametrize(
    ("lang", "label", "busy"),
    [
        ("ru", "Карта маршрута программы: Пекин, Тяньцзинь, Циндао", "Тяньцзинь, Китай"),
        ("zh", "日程路线图：北京、天津、青岛", "天津，中国"),
    ],
)
def test_route_map_names_cities_in_the_pages_language(client, lang, label, busy):
    doc = parse(client.get(f"{PAGE}?lang={lang}").data)
    assert doc.one("svg.route-map-small").get("aria-label") == label
    found = parse(client.get(f"{PAGE}/map?lang={lang}").data)
    assert re.split(r" \(|（", found.one(".places-list li[data-venue=busy]").text)[0] == busy


@pytest.mark.parametrize(
    ("lang", "heading", "first", "day"),
    [
        ("ru", "Ледовая арена Тяньцзиня", "Матч юношеских хоккейных команд в Тяньцзине", "пятница, 8 июня 2018 г."),
        ("zh", "天津冰球馆", "在天津观看青少年冰球比赛", "2018年6月8日星期五"),
    ],
)
def test_venue_page_lists_its_events_in_the_pages_language(client, editor, lang, heading, first, day):
    doc = parse(client.get(f"/venues/tianjin-ice-arena?lang={lang}").data)
    assert doc.one("h1").text == heading
    assert doc.texts(".uses li > a")[0] == first
    assert doc.texts(".uses .record-details")[0].partition(" · ")[0] == day  # then the itinerary (walk 5, 24)
    assert doc.select(".uses [lang]") == []


@pytest.mark.parametrize(
    ("lang", "heading", "uses", "first"),
    [
        ("ru", "Юрий Ушаков", "Мероприятия с участием: Юрий Ушаков", "Прибытие в Пекин"),
        ("zh", "尤里·乌沙科夫", "尤里·乌沙科夫出席的活动", "抵达北京"),
    ],
)
def test_participant_page_lists_their_events_in_the_pages_language(client, editor, lang, heading, uses, first):
    doc = parse(client.get(f"/participants/yuri-ushakov?lang={lang}").data)
    assert doc.one("h1").text == heading
    assert doc.one("#uses-title").text == uses
    assert doc.texts(".uses li > a")[0] == first


def test_participant_page_marks_an_event_title_without_a_text_in_the_language(client, editor, app_store):
    texts.put_other_texts(app_store, "event", f"{SLUG}/cn2018-arrival-beijing", {"ru": {"title": "Прибытие в Пекин"}})
    first = parse(client.get("/participants/yuri-ushakov?lang=zh").data).select(".uses li > a")[0]
    assert (first.text, [s.get("lang") for s in first.select("span")]) == ("Arrival in Beijing", ["en"])


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("ru", "Переименовать «Делегация Китайской Народной Республики»"),
        ("zh", "重命名“中华人民共和国代表团”"),
    ],
)
def test_participants_page_renames_a_delegation_named_in_the_pages_language(client, editor, lang, summary):
    doc = parse(client.get(f"/participants?lang={lang}").data)
    assert doc.texts(".rename-delegation summary")[0] == summary
    assert doc.select(".rename-delegation input[name=old]")[0].get("value") == "China"


@pytest.mark.parametrize(
    ("lang", "arrival"), [("ru", "пт, 8 июн., 08:30: Прибытие в Пекин"), ("zh", "6月8日周五, 08:30: 抵达北京")]
)
def test_event_form_offers_parent_events_in_the_pages_language(client, editor, lang, arrival):
    doc = parse(client.get(f"{PAGE}/events/cn2018-press/edit?lang={lang}").data)
    option = doc.one("#parent option[value=cn2018-arrival-beijing]")
    assert (option.text, option.get("lang")) == (arrival, None)


def test_event_form_marks_a_parent_event_without_a_title_in_the_language(client, editor, app_store):
    texts.put_other_texts(app_store, "event", f"{SLUG}/cn2018-arrival-beijing", {"zh": {"title": "抵达北京"}})
    option = parse(client.get(f"{PAGE}/events/cn2018-press/edit?lang=ru").data).one(
        "#parent option[value=cn2018-arrival-beijing]"
    )
    assert (option.text, option.get("lang")) == ("пт, 8 июн., 08:30: Arrival in Beijing", "en")


@pytest.mark.parametrize(
    ("lang", "marks"), [("ru", [("zh", "zh"), ("en", "en")]), ("zh", [(None, None), ("en", "en")])]
)
def test_changes_page_marks_old_and_new_texts_with_their_language(client, editor, app_store, clock, lang, marks):
    clock.now += timedelta(minutes=5)
    found, _ = texts.texts_of(app_store, "event", f"{SLUG}/cn2018-press")
    found["title"] |= {"en": "Joint press statements", "zh": "会见记者"}
    texts.save_texts(app_store, "event", f"{SLUG}/cn2018-press", found, editor="editor")
    doc = parse(client.get(f"{PAGE}/changes?lang={lang}").data)
    fields = doc.select("li.change ul.change-fields li")[:2]
    shown = [(li.one("del").text, li.one("ins").text) for li in fields]
    assert shown == [("共同会见记者", "会见记者"), ("Press statements", "Joint press statements")]
    assert [(li.one("del").get("lang"), li.one("ins").get("lang")) for li in fields] == marks


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("ru", "Программа: Делегация Китайской Народной Республики"),
        ("zh", "中华人民共和国代表团日程"),
        ("en", "The programme of the delegation China"),
    ],
)
def test_delegation_filter_heading_names_the_delegation_in_the_pages_language(client, lang, heading):
    title = parse(client.get(f"{PAGE}?delegation=china&lang={lang}").data).one("#delegation-title")
    assert (title.text, title.select("span")) == (heading, [])


@pytest.mark.parametrize(("lang", "heading"), [("ru", "Программа делегации «Mongolia»"), ("zh", "Mongolia代表团日程")])
def test_delegation_filter_heading_marks_a_stored_name_without_a_text_in_the_pages_language(
    client, app_store, lang, heading
):
    services.put_participant(
        app_store, key="khaltmaagiin-battulga", name="Khaltmaagiin Battulga", role="President", delegation="Mongolia"
    )
    services.update_event(app_store, SLUG, "sco2018-summit", participants=("khaltmaagiin-battulga",))
    title = parse(client.get(f"{PAGE}?delegation=mongolia&lang={lang}").data).one("#delegation-title")
    assert (title.text, [(s.get("lang"), s.text) for s in title.select("span")]) == (heading, [("en", "Mongolia")])


@pytest.mark.parametrize("path", ["changes", "releases", "publish", "versions/compare?from=1&to=1"])
def test_itinerary_pages_of_changes_name_the_itinerary_in_the_pages_language(client, editor, path):
    doc = parse(client.get(f"{PAGE}/{path}{'&' if '?' in path else '?'}lang=zh").data)
    crumb = doc.one(".breadcrumb a")
    assert (crumb.text, crumb.get("lang")) == ("对中国进行国事访问并出席上海合作组织峰会（2018年6月）", None)


def test_changes_page_marks_an_itinerary_title_without_a_text_in_the_language(client, editor, app_store):
    texts.put_other_texts(app_store, "itinerary", SLUG, {"ru": {"title": "Визит"}})
    crumb = parse(client.get(f"{PAGE}/changes?lang=zh").data).one(".breadcrumb a")
    assert (crumb.text, crumb.get("lang")) == ("State visit to China and the SCO summit, June 2018", "en")
