"""Walk 5 (issue 16): zones named by their city in every language, a zone's offset and coordinates in the page's
language's brackets (never one pair inside another), Russian sentences that name a zone without "по поясу <city>",
zh dates without spaces around them, and the route map's city names marked with their language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from itinerary import services, texts
from tests.builders import daily_briefing
from tests.web.forms import submit
from tests.web.html import page, parse

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
TRAIN = "cn2018-train-tianjin"

# Defect 1: a zone's offset in the language's brackets; inside brackets already open, after a comma

WHEN = {
    "en": "Friday 8 June 2018, 14:00 to 14:35 (Beijing, UTC+8)",
    "ru": "пятница, 8 июня 2018 г., 14:00 — 14:35 (Пекин, UTC+8)",
    "zh": "2018年6月8日星期五 14:00至14:35（北京，UTC+8）",
}
SWITCH = {
    "en": ("Only Beijing (UTC+8)", "Tokyo (UTC+9)"),
    "ru": ("Только Пекин (UTC+8)", "Токио (UTC+9)"),
    "zh": ("仅北京（UTC+8）", "东京（UTC+9）"),
}
NOW = {
    "en": "At 10:00 Beijing (UTC+8), Friday 8 June 2018",
    "ru": "В 10:00, Пекин (UTC+8), пятница, 8 июня 2018 г.",
    "zh": "2018年6月8日星期五 10:00 北京（UTC+8）",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_zone_offsets_stand_in_the_languages_brackets(client, clock, lang):
    clock.now = datetime(2018, 6, 8, 2, 0, tzinfo=UTC)
    assert page(client, f"{S}/events/{TRAIN}?lang={lang}").one(".fact-when").text == WHEN[lang]
    doc = page(client, f"{S}?lang={lang}")
    assert (doc.select("#tz option")[0].text, doc.one("#tz option[value=Asia/Tokyo]").text) == SWITCH[lang]
    assert doc.one(".now-at").text == NOW[lang]


READER_ROW = {
    "en": "23:00–00:15 (Thu 7 Jun) (ends Fri 8 Jun) New York (UTC-4)",
    "ru": "23:00–00:15 (чт, 7 июн.) (окончание пт, 8 июн.) Нью-Йорк (UTC-4)",
    "zh": "23:00–00:15（6月7日周四）（6月8日周五结束） 纽约（UTC-4）",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_programme_rows_put_other_days_in_the_languages_brackets(client, lang):
    doc = page(client, f"{S}?lang={lang}&tz=America/New_York")
    assert doc.one("li.entry[data-uid=cn2018-talks-enlarged] .reader-time").text == READER_ROW[lang]


PUBLISHED = {
    "en": "Published release 2 (4 June 2018, 17:00 Beijing, UTC+8): readers and feeds see it now.",
    "ru": "Опубликован выпуск 2 (4 июня 2018 г., 17:00 Пекин, UTC+8): читатели и подписки уже видят его.",
    "zh": "已发布第2版（2018年6月4日 17:00 北京，UTC+8）：读者和订阅源现在即可看到。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_publish_flash_puts_the_zone_inside_its_brackets_without_a_second_pair(client, drafts, editor, lang):
    services.update_event(drafts, SLUG, TRAIN, title="Train")
    response = submit(client, f"{S}/publish?lang={lang}", {"note": ""})
    assert response.status_code == 302, response.text
    assert parse(client.get(f"{S}?lang={lang}").data).texts(".flash") == [PUBLISHED[lang]]


# Defect 2: coordinates in the language's brackets and decimal separator

VENUE = {
    "en": "Tianjin Railway Station, Tianjin, China (39.1365° N, 117.2100° E)",
    "ru": "Вокзал Тяньцзиня, Тяньцзинь, Китай (39,1365° с. ш., 117,2100° в. д.)",
    "zh": "天津站，天津，中国（北纬39.1365°，东经117.2100°）",
}
MAPPED = {
    "en": "Tianjin Railway Station, Tianjin, China (39.1365° N, 117.2100° E on OpenStreetMap)",
    "ru": "Вокзал Тяньцзиня, Тяньцзинь, Китай (39,1365° с. ш., 117,2100° в. д. на OpenStreetMap)",
    "zh": "天津站，天津，中国（北纬39.1365°，东经117.2100°，OpenStreetMap 地图）",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_coordinates_stand_in_the_languages_brackets(client, lang):
    event = page(client, f"{S}/events/{TRAIN}?lang={lang}").one(".fact-destination")
    assert event.text == VENUE[lang]
    assert event.one("a").get("href") == "geo:39.1365,117.21"
    place = page(client, f"{S}/map?lang={lang}").one("li[data-venue=tianjin-station]")
    assert place.text == MAPPED[lang]
    assert place.one("a").get("href").startswith("https://www.openstreetmap.org/?mlat=39.13650&mlon=117.21000")


def test_coordinates_keep_a_fallback_place_marked(client, app_store):
    texts.put_other_texts(app_store, "venue", "tianjin-station", {"ru": {"name": "Вокзал Тяньцзиня"}})
    place = page(client, f"{S}/map?lang=zh").one("li[data-venue=tianjin-station]")
    assert place.text == "Tianjin Railway Station，Tianjin，中国（北纬39.1365°，东经117.2100°，OpenStreetMap 地图）"
    assert [(s.get("lang"), s.text) for s in place.select("[lang]")] == [
        ("en", "Tianjin Railway Station"),
        ("en", "Tianjin"),
    ]


# Defect 3: English pages name zones by their city; the IANA name stays where it is chosen or typed

LABELS = ["Start date (Beijing)", "Start time (Beijing)", "End date (Beijing)", "End time (Beijing)"]


def test_english_event_form_names_zones_by_city_and_keeps_the_iana_name_to_choose(client, editor):
    doc = page(client, f"{S}/events/{TRAIN}/edit?lang=en")
    fields = ("start_date", "start_time", "end_date", "end_time")
    assert [doc.one(f"label[for={name}]").text for name in fields] == LABELS
    hall = doc.one("#venue option[value=great-hall-of-the-people]")
    assert (hall.text, hall.get("data-zone"), hall.get("data-zone-name")) == (
        "Great Hall of the People, Beijing",
        "Asia/Shanghai",
        "Beijing",
    )
    beijing = doc.one("#zone-names option[value=Asia/Shanghai]")
    assert beijing.text == "Beijing"
    assert doc.one("input#timezone").get("list") == "zone-names"


VENUES = {
    "en": "Tianjin, China · time: Beijing · 39.1365° N, 117.2100° E",
    "ru": "Тяньцзинь, Китай · время: Пекин · 39,1365° с. ш., 117,2100° в. д.",
    "zh": "天津，中国 · 时区：北京 · 北纬39.1365°，东经117.2100°",
}
LEG = {
    "en": "Train from Beijing to Tianjin: Beijing → Tianjin, Fri 8 Jun 14:00 Beijing",
    "ru": "Поездка на поезде из Пекина в Тяньцзинь: Пекин → Тяньцзинь, пт, 8 июн. 14:00 Пекин",
    "zh": "乘火车从北京前往天津：北京 → 天津，6月8日周五 14:00 北京",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_venues_list_and_map_name_the_zone_by_its_city(client, editor, lang):
    venues = page(client, f"/venues?lang={lang}")
    assert venues.one("li.record[data-key=tianjin-station] .record-details").text == VENUES[lang]
    assert page(client, f"{S}/map?lang={lang}").one(f".legs-list li[data-uid={TRAIN}]").text == LEG[lang]


# Defect 4: Russian sentences around a zone name; defect 6: zh dates without spaces

MOVED = "20180609T230000Z"  # 10 June 2018, 07:00 in Beijing
MOVE_FORM = {
    "en": "Only this occurrence moves; the rest of the series stays. Times are in Beijing.",
    "ru": "Переносится только это повторение; остальная серия остаётся. Время указано: Пекин.",
    "zh": "仅调整此场次；系列中的其他场次不变。时间均为北京时间。",
}
MOVED_FLASH = {
    "en": "Moved the occurrence of Morning briefing that was on 10 June 2018, 07:00.",
    "ru": "Перенесено повторение «Morning briefing», назначенное на 10 июня 2018 г., 07:00.",
    "zh": "已调整“Morning briefing”原定于2018年6月10日 07:00的场次。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_move_form_and_flash_name_the_zone_and_date_as_the_language_writes(client, editor, app_store, lang):
    daily_briefing(app_store, SLUG)
    url = f"{S}/events/briefing/occurrences/{MOVED}/move?lang={lang}"
    assert page(client, url).select("main p")[2].text == MOVE_FORM[lang]  # after the breadcrumb and the title
    moved = {"start_date": "2018-06-10", "start_time": "06:00", "end_date": "2018-06-10", "end_time": "06:30"}
    response = submit(client, url, moved)
    assert response.status_code == 302, response.text
    assert parse(client.get(response.location).data).texts(".flash") == [MOVED_FLASH[lang]]


SHOWN_BACK = {
    "en": "Friday 8 June 2018, 10:00 Moscow (Friday 8 June 2018, 15:00 in Beijing, the programme's zone)",
    "ru": "пятница, 8 июня 2018 г., 10:00 Москва (по поясу программы, Пекин: пятница, 8 июня 2018 г., 15:00)",
    "zh": "2018年6月8日星期五 10:00 莫斯科（日程时区北京：2018年6月8日星期五 15:00）",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_time_read_in_another_zone_says_the_programmes_zone_by_its_city(client, editor, lang):
    fields = {"title": "Call", "start_text": "2018-06-08 10:00", "end_text": "10:30", "timezone": "Europe/Moscow"}
    response = submit(client, f"{S}/new-event?lang={lang}", fields)
    assert response.status_code == 200, response.text  # typed text is shown back before it is stored
    assert parse(response.data).texts(".check-before-saving dd")[0] == SHOWN_BACK[lang]


# Defect 5: the route map's city names carry the language they are in


def test_map_city_names_carry_their_language_where_they_fall_back(client, app_store):
    texts.put_other_texts(app_store, "venue", "tianjin-station", {"ru": {"city": "Тяньцзинь"}})
    texts.put_other_texts(app_store, "venue", "tianjin-ice-arena", {"ru": {"city": "Тяньцзинь"}})
    drawn = page(client, f"{S}/map?lang=zh").select("svg .cities text")
    assert sorted((t.text, t.get("lang")) for t in drawn) == [("Tianjin", "en"), ("北京", None), ("青岛", None)]
    own = page(client, f"{S}/map?lang=en").select("svg .cities text")
    assert [t.get("lang") for t in own] == [None, None, None]
    small = page(client, f"{S}?lang=zh").select("svg .cities text")
    assert ("Tianjin", "en") in [(t.text, t.get("lang")) for t in small]
