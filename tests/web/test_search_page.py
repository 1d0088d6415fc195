"""The search page: the box on every page, results with the words marked, nothing restricted for readers."""

from __future__ import annotations

from datetime import datetime

import pytest

from itinerary import services
from tests.web.html import parse

SLUG = "china-state-visit-2018"


def _results(client, query: str) -> list[tuple[str, str, str, list[str]]]:
    """(kind, title, link, marked words) of each result of ``/search?q=query``."""
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    page = parse(response.text)
    return [
        (
            item.one(".search-kind").text,
            item.one("h2").text,
            item.one("h2 a").get("href"),
            [mark.text for mark in item.select("mark")],
        )
        for item in page.select("li.search-result")
    ]


def test_search_box_is_on_every_page(client):
    for url in ("/", f"/itineraries/{SLUG}", f"/itineraries/{SLUG}/events/cn2018-press", "/search?q=x"):
        page = parse(client.get(url).text)
        form = page.one("form[role=search]")
        assert form.get("action") == "/search"
        assert form.one("label").get("for") == form.one("input[name=q]").get("id") == "search-q"


def test_search_hockey_shows_the_match_and_arena_with_the_word_marked(client):
    assert sorted(_results(client, "hockey")) == [
        ("Event", "Junior ice hockey match in Tianjin", f"/itineraries/{SLUG}/events/cn2018-hockey-tianjin",
         ["hockey", "hockey"]),
        ("Venue", "Tianjin ice hockey arena", f"/itineraries/{SLUG}/events/cn2018-hockey-tianjin", ["hockey"]),
    ]  # fmt: skip


def test_search_tianjin_finds_events_venues_and_the_itinerary(client):
    found = _results(client, "Tianjin")
    assert sorted((kind, title) for kind, title, _, _ in found) == [
        ("Event", "Junior ice hockey match in Tianjin"),
        ("Event", "Train from Beijing to Tianjin"),
        ("Itinerary", "State visit to China and the SCO summit, June 2018"),
        ("Venue", "Tianjin Railway Station"),
        ("Venue", "Tianjin ice hockey arena"),
    ]
    assert found[-1][2] == f"/itineraries/{SLUG}"


def test_search_participant_and_venue_by_name(client):
    assert _results(client, "Ushakov") == [
        ("Person", "Yuri Ushakov", f"/itineraries/{SLUG}/events/cn2018-arrival-beijing", ["Ushakov"])
    ]
    assert [title for _, title, _, _ in _results(client, "Great Hall")] == ["Great Hall of the People"]


def test_search_keeps_the_query_in_the_box(client):
    page = parse(client.get("/search?q=hockey").text)
    assert page.one("input[name=q]").get("value") == "hockey"
    assert parse(client.get("/").text).one("input[name=q]").get("value") == ""


@pytest.mark.usefixtures("lunch_restricted")  # busy for readers, the lunch shows as its stand-in
def test_search_restricted_event_hidden_from_readers(client):
    assert _results(client, "lunch") == []
    page = parse(client.get("/search?q=lunch").text)
    assert page.one("[role=status]").text == "Nothing found for lunch."


def test_search_restricted_event_found_by_editors(client, editor):
    assert _results(client, "lunch") == [
        (
            "Event",
            "Working lunch in narrow format",
            f"/itineraries/{SLUG}/events/cn2018-lunch-narrow",
            ["lunch", "lunch"],
        )
    ]


def test_search_restricted_itinerary_hidden_from_readers(client, app_store):
    services.update_itinerary(app_store, SLUG, visibility="restricted")
    assert _results(client, "hockey") == []
    assert all(SLUG not in link for _, _, link, _ in _results(client, "Beijing"))


def test_search_markup_in_a_title_is_shown_as_text(client, app_store):
    title = "<script>alert(1)</script> zeppelin"
    services.create_event(
        app_store, SLUG, uid="markup", title=title, start=datetime(2018, 6, 8, 10), end=datetime(2018, 6, 8, 11)
    )
    response = client.get("/search?q=zeppelin")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>zeppelin</mark>" in response.text


@pytest.mark.parametrize(
    "query", ["", '"', "*", "NEAR(a b)", "-x", "a:b", "%_\\", "'); DROP TABLE events; --", "x" * 5000, "天津", "Путин"]
)
def test_search_page_hostile_query_answers_200(client, query):
    assert client.get("/search", query_string={"q": query}).status_code == 200


def test_search_page_without_words_explains_itself(client):
    page = parse(client.get("/search").text)
    assert page.one("h1").text == "Search"
    assert page.select("li.search-result") == []
    assert page.select("[role=status]") == []


def _in(client, query: str, lang: str) -> list[tuple[str, str, str | None, str]]:
    """(kind, title, the title's lang mark, link) of each result of ``/search?q=query&lang=lang``."""
    page = parse(client.get("/search", query_string={"q": query, "lang": lang}).text)
    return [
        (item.one(".search-kind").text, item.one("h2").text, item.one("h2 a").get("lang"), item.one("h2 a").get("href"))
        for item in page.select("li.search-result")
    ]


def test_search_finds_russian_and_chinese_texts_with_titles_in_the_page_language(client):
    hockey = f"/itineraries/{SLUG}/events/cn2018-hockey-tianjin"
    train = f"/itineraries/{SLUG}/events/cn2018-train-tianjin"
    match_ru = [("Мероприятие", "Матч юношеских хоккейных команд в Тяньцзине", None, hockey)]
    assert _in(client, "хоккей", "ru") == _in(client, "Матч", "ru") == match_ru
    assert _in(client, "冰球", "zh") == [
        ("活动", "在天津观看青少年冰球比赛", None, hockey),
        ("地点", "天津冰球馆", None, hockey),
    ]
    assert _in(client, "天津", "zh") == [
        ("日程", "对中国进行国事访问并出席上海合作组织峰会（2018年6月）", None, f"/itineraries/{SLUG}"),
        ("活动", "乘火车从北京前往天津", None, train),
        ("活动", "在天津观看青少年冰球比赛", None, hockey),
        ("地点", "天津站", None, train),
        ("地点", "天津冰球馆", None, hockey),
    ]
    assert sorted(_in(client, "hockey", "zh")) == [
        ("地点", "天津冰球馆", None, hockey),
        ("活动", "在天津观看青少年冰球比赛", None, hockey),
    ]


def test_search_title_without_a_text_in_the_page_language_is_marked_with_its_own(client, app_store):
    services.create_event(
        app_store,
        SLUG,
        uid="zep",
        title="Zeppelin flight",
        start=datetime(2018, 6, 8, 10),
        end=datetime(2018, 6, 8, 11),
    )
    assert _in(client, "zeppelin", "ru") == [
        ("Мероприятие", "Zeppelin flight", "en", f"/itineraries/{SLUG}/events/zep")
    ]


def test_search_busy_event_other_language_titles_never_match_for_readers(client):
    for query, lang in (("обед", "ru"), ("Рабочий", "ru"), ("чувствительные", "ru"), ("午餐", "zh"), ("敏感", "zh")):
        assert _in(client, query, lang) == []


def test_search_busy_event_other_language_titles_found_by_editors(client, editor):
    lunch = f"/itineraries/{SLUG}/events/cn2018-lunch-narrow"
    assert _in(client, "午餐", "zh") == [("活动", "小范围工作午餐", None, lunch)]
    assert _in(client, "обед", "ru") == [("Мероприятие", "Рабочий обед в узком составе", None, lunch)]
