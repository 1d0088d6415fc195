"""Walk 4's defects 10, 12, 15 and 16: the editors' venue pages, series and translation forms in the page's words."""

from __future__ import annotations

from datetime import datetime

import pytest

from itinerary import places, services
from tests.builders import daily_briefing, when
from tests.web.forms import submit
from tests.web.html import page, parse

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"

# Defect 10: the venues list names countries (Babel), cities (the venue's text) and coordinates in the page's language

KREMLIN = {
    "en": "Moscow, Russia · time: Moscow · 55.7520° N, 37.6175° E",
    "ru": "Москва, Россия · время: Москва · 55,7520° с. ш., 37,6175° в. д.",
    "zh": "莫斯科，俄罗斯 · 时区：莫斯科 · 北纬55.7520°，东经37.6175°",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_venues_list_says_country_city_zone_and_coordinates_in_the_pages_language(client, editor, lang):
    doc = page(client, f"/venues?lang={lang}")
    assert doc.one("li.record[data-key=moscow-kremlin]").one(".record-details").text == KREMLIN[lang]


FALLBACK = {
    "en": ("Ulan-Ude, Russia · time: Irkutsk · 51.8335° N, 107.5841° E", []),
    "ru": ("Ulan-Ude, Россия · время: Иркутск · 51,8335° с. ш., 107,5841° в. д.", ["Ulan-Ude"]),
    "zh": ("Ulan-Ude，俄罗斯 · 时区：伊尔库茨克 · 北纬51.8335°，东经107.5841°", ["Ulan-Ude"]),
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_venues_list_marks_a_city_without_text_in_the_pages_language(client, app_store, editor, lang):
    places.create_venue(
        app_store, name="Buryat Opera", city="Ulan-Ude", country="Russia", latitude=51.8335, longitude=107.5841,
        timezone="Asia/Irkutsk",
    )  # fmt: skip
    details = page(client, f"/venues?lang={lang}").one("li.record[data-key=buryat-opera] .record-details")
    assert (details.text, [span.text for span in details.select("span[lang=en]")]) == FALLBACK[lang]


SUGGESTED = {
    "en": "From the nearest city, Moscow (Russia, 1 km away).",
    "ru": "По ближайшему городу: Moscow (Россия, в 1 км).",
    "zh": "根据最近的城市Moscow（俄罗斯，相距1公里）。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_zone_suggestion_names_the_country_in_the_pages_language(client, editor, lang):
    fields = {"name": "Kremlin Palace", "city": "Moscow", "country": "Russia", "latitude": "55.75", "longitude": "37.6"}
    response = submit(client, f"/venues/new?lang={lang}", {**fields, "timezone": ""})
    assert response.status_code == 200
    said = parse(response.data).one(".check-before-saving p")
    assert said.text.startswith(SUGGESTED[lang])
    assert [span.text for span in said.select("span[lang=en]")] == ([] if lang == "en" else ["Moscow"])


# Defects 12 and 15: a series' occurrences, its moved ones and the move form in the page's language

MOVED = "20180609T230000Z"  # 10 June 2018, 07:00 in Beijing


@pytest.fixture
def moved_briefing(app_store):
    """The daily briefing (8 to 11 June, 07:00 Beijing) with its 10 June occurrence moved to 06:00."""
    daily_briefing(app_store, SLUG)
    services.change_occurrence(
        app_store, SLUG, "briefing", datetime(2018, 6, 10, 7, 0), **when("2018-06-10 06:00", "06:30")
    )
    return "briefing"


OCCURRENCES = {
    "en": (
        "Sunday 10 June 2018, 06:00–06:30 Beijing",
        "(moved from 10 June 2018, 07:00)",
        "Monday 11 June 2018, 07:00–07:30 Beijing",
    ),
    "ru": (
        "воскресенье, 10 июня 2018 г., 06:00–06:30 Пекин",
        "(перенесено с 10 июня 2018 г., 07:00)",
        "понедельник, 11 июня 2018 г., 07:00–07:30 Пекин",
    ),
    "zh": (
        "2018年6月10日星期日 06:00–06:30 北京",
        "（原定2018年6月10日 07:00，已改期）",
        "2018年6月11日星期一 07:00–07:30 北京",
    ),
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_occurrence_list_names_zones_and_the_moved_note_in_the_pages_language(client, editor, moved_briefing, lang):
    items = page(client, f"{S}/events/briefing?lang={lang}").select("li.occurrence")
    moved, then = items[2], items[3]  # 8, 9, 10 (moved) and 11 June
    assert [item.get("data-occurrence") for item in items if "moved" in item.classes] == [MOVED]
    assert (moved.one(".occurrence-when").text, moved.one(".moved-from").text, then.one(".occurrence-when").text) == (
        OCCURRENCES[lang]
    )


MOVE_FORM = {
    "en": "Only this occurrence moves; the rest of the series stays. Times are in Beijing.",
    "ru": "Переносится только это повторение; остальная серия остаётся. Время указано: Пекин.",
    "zh": "仅调整此场次；系列中的其他场次不变。时间均为北京时间。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_move_form_names_the_zone_in_the_pages_language(client, editor, moved_briefing, lang):
    doc = page(client, f"{S}/events/briefing/occurrences/{MOVED}/move?lang={lang}")
    assert doc.select("main p")[2].text == MOVE_FORM[lang]  # after the flash and the breadcrumb


RELEASES = {
    "en": "readers and feeds see the latest. Follow the releases as an Atom feed.",
    "ru": "читатели и календари видят последний. Следить за выпусками через ленту Atom.",
    "zh": "读者和订阅看到的是最新版本。通过 Atom 订阅源关注发布版本。",
}


LINKS = {
    "en": "Follow the releases as an Atom feed",
    "ru": "Следить за выпусками через ленту Atom",
    "zh": "通过 Atom 订阅源关注发布版本",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_releases_sentence_is_punctuated_by_its_own_language(client, lang):
    said = page(client, f"{S}/releases?lang={lang}").select("main p")[1]  # after the breadcrumb
    assert said.text.endswith(RELEASES[lang])
    assert said.one("a").text == LINKS[lang]  # the full stop (zh "。") after the link, from the catalog
    assert said.one("a").get("href") == f"{S}/releases.atom" + ("" if lang == "en" else f"?lang={lang}")  # walk 6, N1


# Defect 16: the venue and participant translation forms go back to the thing's page, and name languages in words

SAVED = {
    "en": "Saved the texts in every language.",
    "ru": "Тексты на всех языках сохранены.",
    "zh": "已保存所有语言的文本。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
@pytest.mark.parametrize(
    ("url", "back", "changes"),
    [
        ("/venues/moscow-kremlin/translations", "/venues/moscow-kremlin", {"city_zh": "莫斯科市"}),
        ("/participants/yuri-ushakov/translations", "/participants/yuri-ushakov", {"role_ru": "Помощник Президента"}),
    ],
)
def test_translation_forms_go_back_to_the_things_page_with_a_flash(client, editor, app_store, lang, url, back, changes):
    response = submit(client, f"{url}?lang={lang}", changes)
    assert (response.status_code, response.location) == (302, back)
    assert parse(client.get(back).data).texts(".flash") == [SAVED[lang]]


def test_venue_page_links_to_its_translation_form(client, editor):
    doc = page(client, "/venues/moscow-kremlin?lang=ru")
    assert [(a.text, a.get("href")) for a in doc.select(".texts-link a")] == [
        ("Изменить тексты на всех языках", "/venues/moscow-kremlin/translations")
    ]


LABELS = {
    "en": ("Title (English, own language)", "Title (Russian)", "Title (Chinese)"),
    "ru": ("Название (английский, основной язык)", "Название (русский)", "Название (китайский)"),
    "zh": ("名称（英语，原始语言）", "名称（俄语）", "名称（中文）"),
}
HINT = {
    "en": "The texts in the itinerary's own language (English) are required; a text left empty in another language "
    "shows the own one instead.",
    "ru": "Тексты на основном языке программы (английский) обязательны; если текст на другом языке оставлен пустым, "
    "вместо него показывается основной.",
    "zh": "日程原始语言（英语）的文本为必填；其他语言的文本留空时，将显示原始语言文本。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_event_translations_form_names_languages_in_the_pages_language(client, editor, lang):
    doc = page(client, f"{S}/events/cn2018-signing/translations?lang={lang}")
    assert tuple(doc.one(f"label[for=title_{code}]").text for code in ("en", "ru", "zh")) == LABELS[lang]
    assert doc.one("main > p.hint").text == HINT[lang]
