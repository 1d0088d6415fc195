"""Walk 5, findings 3-6, 9, 13-15, 20 and 27 (issue 16): the script's words, the outcomes, day links with a year,
separators and the Chinese catalog's wording and spacing, in the page's language."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import refresh

from itinerary import errors, texts
from itinerary.languages import event_key
from itinerary.model import Outcome
from tests.web.forms import csrf_token, snapshot, submit
from tests.web.html import page, parse
from web.domain_words import _time_said
from web.words import outcome_line

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
CONTACTS = "/itineraries/russia-china-contacts-2017-2018"


# Finding 3: the outcomes in the page's language (the seed has them in all three), their area said once

OUTCOMES = {
    "en": [
        "Documents on cooperation in trade",
        "Documents on cooperation in energy",
        "Documents on cooperation in outer space",
        "Documents on intellectual property protection",
        "Joint statements on practical cooperation and international affairs",
    ],
    "ru": [
        "Документы о сотрудничестве в области торговли",
        "Документы о сотрудничестве в области энергетики",
        "Документы о сотрудничестве в космической сфере",
        "Документы о защите интеллектуальной собственности",
        "Совместные заявления о практическом сотрудничестве и международных делах",
    ],
    "zh": [
        "贸易领域合作文件",
        "能源领域合作文件",
        "航天领域合作文件",
        "知识产权保护文件",
        "关于务实合作和国际事务的联合声明",
    ],
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_outcomes_are_listed_once_each_in_the_pages_language(client, lang):
    items = page(client, f"{S}/events/cn2018-signing?lang={lang}").select("ul.outcomes li")
    assert [li.text for li in items] == OUTCOMES[lang]
    assert [li.select("span") for li in items] == [[]] * 5  # none falls back: none marked


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_outcomes_without_a_text_in_the_language_are_the_own_ones_marked(client, app_store, lang):
    texts.put_other_texts(app_store, "event", event_key(SLUG, "cn2018-signing"), {})
    items = page(client, f"{S}/events/cn2018-signing?lang={lang}").select("ul.outcomes li")
    assert [li.text for li in items] == OUTCOMES["en"]
    assert [[span.get("lang") for span in li.select("span")] for li in items] == [["en"]] * 5


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Memorandum of understanding (energy)"),
        ("ru", '<span lang="en">Memorandum of understanding</span> (энергетика)'),
        ("zh", '<span lang="en">Memorandum of understanding</span>（能源）'),
    ],
)
def test_an_outcomes_area_is_said_in_the_pages_language_where_the_title_does_not_name_it(app, lang, expected):
    with app.test_request_context(f"/?lang={lang}"):
        refresh()
        assert str(outcome_line(Outcome("Memorandum of understanding", "energy"), "en")) == expected


def test_an_unknown_area_stays_as_entered_and_marked(app):
    with app.test_request_context("/?lang=zh"):
        refresh()
        line = str(outcome_line(Outcome("Memorandum", "fisheries"), "en"))
    assert line == '<span lang="en">Memorandum</span>（<span lang="en">fisheries</span>）'


# Finding 4: the reader's-zone offer is worded by the page, and names the zone's city in its language

OFFER = {
    "en": ("Show times in {city} ({offset})", "Show times in {city}", "Moscow", "Beijing"),
    "ru": ("Показать время: {city} ({offset})", "Показать время: {city}", "Москва", "Пекин"),
    "zh": ("按{city}时间（{offset}）显示", "按{city}时间显示", "莫斯科", "北京"),
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_zone_offer_carries_its_sentences_and_city_names_in_the_pages_language(client, lang):
    offer = page(client, f"{S}?lang={lang}").one("p.zone-offer")
    names = json.loads(offer.get("data-names"))
    said = (offer.get("data-sentence"), offer.get("data-sentence-utc"), names["Europe/Moscow"], names["Asia/Shanghai"])
    assert said == OFFER[lang]
    assert names["UTC"] == "UTC"


def test_script_holds_no_words_of_its_own():
    script = (Path(__file__).resolve().parents[2] / "web" / "static" / "app.js").read_text(encoding="utf-8")
    code = re.sub(r"//.*", "", script)  # the comments may quote examples
    assert [words for words in ("Copied", "Address copied.", "Select the address", "Show times") if words in code] == []


# Finding 5: the copy buttons' words come from the page, in its language

COPY = {
    "en": ("Copied", "Address copied.", "Select the address and copy it."),
    "ru": ("Скопировано", "Адрес скопирован.", "Выделите адрес и скопируйте его."),
    "zh": ("已复制", "地址已复制。", "请选中地址后复制。"),
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
@pytest.mark.parametrize("url", [S, f"{S}/events/cn2018-signing"])
def test_copy_buttons_carry_their_words_in_the_pages_language(client, lang, url):
    buttons = page(client, f"{url}?lang={lang}").select("button.copy")
    assert len(buttons) == 2
    words = {(b.get("data-copied"), b.get("data-copied-status"), b.get("data-failed-status")) for b in buttons}
    assert words == {COPY[lang]}


def test_private_feeds_copy_button_carries_its_words_too(client, editor):
    client.post(f"{S}/feed-token/rotate", data={"csrf_token": csrf_token(client, S)})
    button = page(client, f"{S}?lang=zh").one("button.copy[data-copy=private-feed-web]")
    assert (button.get("data-copied"), button.get("data-copied-status"), button.get("data-failed-status")) == COPY["zh"]


# Finding 6: day links with a year, as each language writes a short date with its year

DAY_LINKS = {
    "en": ["Fri 10 Nov 2017", "Mon 19 Mar 2018"],
    "ru": ["пт, 10 нояб. 2017 г.", "пн, 19 мар. 2018 г."],
    "zh": ["2017年11月10日周五", "2018年3月19日周一"],
}  # the parsed text's spaces are plain (Babel writes "2017\u202fг.")


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_day_links_across_years_put_the_year_where_the_language_does(client, lang):
    links = page(client, f"{CONTACTS}?lang={lang}").texts("ol.day-jumps a")
    assert links[:2] == DAY_LINKS[lang]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_timeline_links_to_days_of_another_year_with_the_year(client, lang):
    doc = page(client, f"{CONTACTS}/timeline?day=2017-11-10&lang={lang}")
    links = doc.texts("ol.day-links a")
    assert links[0] != DAY_LINKS[lang][0]  # the day shown, in its year: no year
    assert links[1] == DAY_LINKS[lang][1]


# Finding 9: the error summary joins a field's label and its problem with the language's colon

SUMMARY = {
    "en": "Name: must be 1 to 200 characters",
    "ru": "Название: должно содержать от 1 до 200 символов",
    "zh": "名称：必须为1至200个字符",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_error_summary_joins_label_and_problem_with_the_languages_colon(client, app_store, editor, lang):
    before = snapshot(app_store)
    venue = {"name": "", "city": "Beijing", "country": "China", "latitude": "39.9", "longitude": "116.3"}
    response = submit(client, f"/venues/new?lang={lang}", {**venue, "timezone": "Asia/Shanghai"})
    assert response.status_code == 400
    assert parse(response.data).texts(".error-summary li") == [SUMMARY[lang]]
    assert snapshot(app_store) == before


# Finding 13: categories are joined as the language lists names

CATEGORIES = {"en": "state visit, press", "ru": "государственный визит, пресса", "zh": "国事访问、媒体"}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_categories_are_joined_as_the_language_lists_names(client, lang):
    doc = page(client, f"{S}/events/cn2018-press?lang={lang}")
    assert doc.one("dd.fact-categories").text == CATEGORIES[lang]


# Finding 14: a title in a Chinese flash is in quotation marks

ADDED = {"en": "Added Evening walk.", "ru": "Добавлено: Evening walk.", "zh": "已添加“Evening walk”。"}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_flash_after_adding_an_event_quotes_its_title_in_chinese(client, editor, lang):
    values = {"title": "Evening walk", "start_date": "2018-06-08", "start_time": "19:00", "end_time": "20:00"}
    response = submit(client, f"{S}/new-event?lang={lang}", values, follow_redirects=True)
    assert response.status_code == 200
    assert ADDED[lang] in parse(response.data).texts("p.flash")


# Finding 15: a span of days in a Russian sentence: full month names and an en dash


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2018, 6, 8), date(2018, 6, 10), "8–10 июня 2018\u202fг."),
        (date(2018, 5, 30), date(2018, 6, 2), "30 мая – 2 июня 2018\u202fг."),
        (date(2017, 11, 10), date(2018, 3, 19), "10 ноября 2017\u202fг. – 19 марта 2018\u202fг."),
    ],
)
def test_russian_span_of_days_has_full_months_and_an_en_dash(app, start, end, expected):
    with app.test_request_context("/?lang=ru"):
        refresh()
        assert _time_said(errors.Span(start, end, "text")) == expected


# Findings 20 and 27: the Chinese catalog says 日程 and 英语/俄语, and puts no space between Chinese and numbers

CATALOG = Path(__file__).resolve().parents[2] / "web" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff60\u201c\u201d]"
# Placeholders that hold a number, a date or a time (they begin with a digit in Chinese), and literal numbers.
_NUMERIC = (
    *("num", "count", "number", "n", "days", "line", "most", "low", "high", "first", "last", "older", "newer"),
    *("version", "size", "parts", "km", "year", "when", "day", "time", "end", "start", "end_day", "start_day"),
    *("home_day", "home_time", "duration", "needed", "taken", "gap", "more", "moment"),
)
_NUMBER = re.compile(r"%\((?:" + "|".join(_NUMERIC) + r")\)[sd]|%d")
# Those placeholders read as the number they hold; a number after a Latin word keeps its space ("RFC 5545"), and a
# date its space before the time, as CLDR writes it ("2018年6月8日 10:00", "%(day)s %(time)s").
_SPACED = re.compile(rf"{_CJK} (?=-?\d)(?<!日 (?=\d{{1,2}}:))|(?<![A-Za-z\d.-])(?<![A-Za-z] )\d[\d.]* (?={_CJK})")
# Sentences naming a zone are left to the zone names' own fix (walk 5, findings 10 and 18), spaces and all.
_ZONE_SENTENCE = re.compile(r"%\((?:zone|home_zone)\)s")


def _translations():
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if msgid:
            yield msgid, [t for t in (message.string if isinstance(message.string, tuple) else [message.string]) if t]


def test_chinese_catalog_puts_no_space_between_chinese_and_a_number():
    found = [
        (msgid, text)
        for msgid, texts in _translations()
        for text in texts
        if not _ZONE_SENTENCE.search(text) and _SPACED.search(_NUMBER.sub("0", text))
    ]
    assert found == []


def test_chinese_catalog_says_one_word_for_itinerary_and_for_each_language():
    said = {msgid: text for msgid, texts in _translations() for text in texts}
    itinerary = [t for m, t in said.items() if re.search("行程(?!段|路段)", t) and m != "Travel"]
    languages = [t for t in said.values() if re.search("[英俄]文(?!名称)", t)]
    assert (itinerary, languages) == ([], [])
    assert (said["English"], said["Russian"], said["Own language"]) == ("英语", "俄语", "原始语言")


UNPUBLISHED = {
    "en": "1 unpublished change: readers and feeds see release 1 until you publish.",
    "ru": "1 неопубликованное изменение: до публикации читатели и календари видят выпуск 1.",
    "zh": "1项未发布的更改：在您发布之前，读者和订阅看到的是第1版。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_unpublished_changes_line_joins_with_the_languages_colon(client, drafts, editor, lang):
    response = submit(client, f"{S}/events/cn2018-press/edit", {"title": "Joint press statements"})
    assert response.status_code == 302
    assert page(client, f"{S}?lang={lang}").one("p.unpublished").text == UNPUBLISHED[lang]
