"""Walk 3, defect 8 (issue 16): Chinese punctuation and Russian grammar of generated text.

Chinese pages join a venue and its city, a person's role and delegation, a label and its value with
full-width marks and no spaces ("人民大会堂，北京", "（俄罗斯总统助理，俄罗斯联邦代表团）",
"俄罗斯联邦代表团：…"), and put no spaces between a name and the Chinese words around it; Russian
durations are counted in the nominative ("31 минута", "89 часов 31 минута") where the sentences put
them; English and Russian separators stay as they were."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itinerary import checks, services
from tests.web.forms import form_on
from tests.web.html import parse
from web.domain_words import say

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"

PLACE_LINES = {
    "en": "Talks, narrow format · Great Hall of the People, Beijing",
    "ru": "Переговоры, в узком составе · Дом народных собраний, Пекин",
    "zh": "会谈，小范围 · 人民大会堂，北京",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_place_line_joins_venue_and_city_with_the_pages_comma(client, lang):
    doc = parse(client.get(f"{S}?lang={lang}").data)
    assert doc.one("li[data-uid=cn2018-talks-narrow] p.details").text == PLACE_LINES[lang]


EVENT_PLACES = {
    "en": "Great Hall of the People, Beijing, China",
    "ru": "Дом народных собраний, Пекин, Китай",
    "zh": "人民大会堂，北京，中国",
}
USHAKOV = {
    "en": "Yuri Ushakov (Presidential aide, Russia)",
    "ru": "Юрий Ушаков (Помощник Президента России, Делегация Российской Федерации)",
    "zh": "尤里·乌沙科夫（俄罗斯总统助理，俄罗斯联邦代表团）",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_event_page_place_and_participant_lines_use_the_pages_comma_and_brackets(client, lang):
    doc = parse(client.get(f"{S}/events/cn2018-talks-narrow?lang={lang}").data)
    assert doc.one("dd.fact-venue").text.startswith(EVENT_PLACES[lang] + ("（" if lang == "zh" else " ("))
    assert USHAKOV[lang] in doc.texts("ul.participants li")


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_participant_filter_line_names_the_person_with_the_pages_brackets(client, lang):
    doc = parse(client.get(f"{S}?participant=yuri-ushakov&lang={lang}").data)
    assert USHAKOV[lang] in doc.one("section.participant-filter p").text


DELEGATION_LINES = {
    "en": "Delegation Russia: Vladimir Putin, Yuri Ushakov",
    "ru": "Делегация Российской Федерации: Владимир Путин, Юрий Ушаков",
    "zh": "俄罗斯联邦代表团：弗拉基米尔·普京、尤里·乌沙科夫",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_delegation_line_lists_its_people_as_the_pages_language_does(client, lang):
    doc = parse(client.get(f"{S}?lang={lang}").data)
    assert DELEGATION_LINES[lang] in doc.texts(".people-filter ul.delegations li")


# Yuri Ushakov added to the hockey match in Tianjin: a finding whose sentence starts with his name.
NO_LEG_START = {
    "ru": "Юрий Ушаков: нет переезда Пекин → Тяньцзинь между «",
    "zh": "尤里·乌沙科夫在“中俄大范围会谈”和“在天津观看青少年冰球比赛”之间没有从北京到天津的行程段：",
}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_finding_puts_no_spaces_around_names_in_chinese(client, editor, lang):
    url = f"{S}/events/cn2018-hockey-tianjin/edit?lang={lang}"
    values = form_on(client, url)
    response = client.post(url, data={**values, "participants": ["vladimir-putin", "xi-jinping", "yuri-ushakov"]})
    assert response.status_code == 409
    message = parse(response.data).one(".warning-summary li.finding .message").text
    assert message.startswith(NO_LEG_START[lang])


DURATIONS = [
    (1, "1 минута", "1分钟"),
    (2, "2 минуты", "2分钟"),
    (5, "5 минут", "5分钟"),
    (21, "21 минута", "21分钟"),
    (31, "31 минута", "31分钟"),
    (2 * 60, "2 часа", "2小时"),
    (5 * 60, "5 часов", "5小时"),
    (21 * 60, "21 час", "21小时"),
    (31 * 60 + 1, "31 час 1 минута", "31小时1分钟"),
    (89 * 60 + 31, "89 часов 31 минута", "89小时31分钟"),
]


@pytest.mark.parametrize(("minutes", "ru", "zh"), DURATIONS)
def test_durations_counted_in_the_nominative_in_russian_and_unspaced_in_chinese(app, minutes, ru, zh):
    duration = checks._minutes(timedelta(minutes=minutes))
    for lang, expected in (("ru", ru), ("zh", zh)):
        with app.test_request_context(f"/?lang={lang}"):
            assert say(duration) == expected


# The change log's recorded values are the texts as saved (the itinerary's own language); the label before them is
# the page's, followed by its language's colon.
VENUE_CHANGE = {
    "ru": "Место проведения: Tianjin ice hockey arena → Great Hall of the People, Beijing",
    "zh": "地点：Tianjin ice hockey arena → Great Hall of the People, Beijing",
}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_change_entry_puts_the_pages_colon_after_its_label(client, app_store, clock, lang):
    clock.now += timedelta(minutes=1)
    services.update_event(app_store, SLUG, "cn2018-hockey-tianjin", venue="great-hall-of-the-people")
    entry = parse(client.get(f"{S}/changes?lang={lang}").data).select("li[data-uid=cn2018-hockey-tianjin]")[0]
    assert entry.texts(".change-fields li") == [VENUE_CHANGE[lang]]


MAP_LEGS = {
    "en": "Flight from Beijing to Qingdao: Beijing → Qingdao, Sat 9 Jun 11:00 Beijing",
    "ru": "Перелёт из Пекина в Циндао: Пекин → Циндао, сб, 9 июн. 11:00 Пекин",
    "zh": "从北京飞往青岛：北京 → 青岛，6月9日周六 11:00 北京",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_map_legs_put_the_pages_colon_and_comma(client, lang):
    legs = parse(client.get(f"{S}/map?lang={lang}").data).texts("ol.legs-list li")
    assert MAP_LEGS[lang] in legs
