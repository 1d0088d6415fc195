"""Walk 5 (issue 16): refusals quote what was typed as the page's language quotes ('…' in English, «…», “…”, never
Python's repr), list the choices as it lists names (", ", "、"), name languages in it, and say a draft's unknown city
in it; each refused with nothing stored changed."""

from __future__ import annotations

import pytest

from itinerary import services, texts
from itinerary.drafting.accept import no_city
from itinerary.errors import Choices, LanguageName, Message, Typed
from itinerary.languages import event_key
from tests.web.forms import snapshot, submit
from tests.web.html import parse
from web.domain_words import say

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"

# A typed value on a page: the reader's day, a URL parameter the page refuses
DAY = {
    "en": "day: '2018-13-45' is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08",
    "ru": "day: «2018-13-45» — не дата; укажите её в виде ГГГГ-ММ-ДД, например 2018-06-08",
    "zh": "day：“2018-13-45”不是日期；请按 YYYY-MM-DD 格式填写，例如2018-06-08",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_typed_date_in_a_pages_address_is_quoted_in_the_pages_language(client, app_store, lang):
    before = snapshot(app_store)
    response = client.get(f"{S}/timeline?day=2018-13-45&lang={lang}")
    assert response.status_code == 400
    assert parse(response.data).one(".error-message").text == DAY[lang]
    assert snapshot(app_store) == before


# A feed's plain-text refusal: the typed kind quoted, the kinds listed as the language lists names
KINDS = (
    "talks, ceremony, press, travel, meal, culture, summit-session, summit, arrival, departure, meeting, call, other"
)
FEED_KIND = {
    "en": f"Bad request: kind: unknown kind 'party'; choose one of: {KINDS}\n",
    "ru": f"Неверный запрос: kind: неизвестный вид «party»; выберите один из следующих: {KINDS}\n",
    "zh": f"请求有误：kind：未知类别“party”；请从以下类别中选择：{KINDS.replace(', ', '、')}\n",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_feeds_unknown_kind_is_quoted_and_its_choices_listed_in_the_feeds_lang(client, app_store, lang):
    before = snapshot(app_store)
    response = client.get(f"{S}.ics?kind=party&lang={lang}")
    assert (response.status_code, response.mimetype) == (400, "text/plain")
    assert response.text == FEED_KIND[lang]
    assert snapshot(app_store) == before


FEED_PARTICIPANT = {
    "en": "Bad request: participant: no participant 'nobody' in this itinerary's feed\n",
    "ru": "Неверный запрос: participant: в календаре программы нет участника «nobody»\n",
    "zh": "请求有误：participant：本日程的日历中没有参加者“nobody”\n",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_feeds_unknown_participant_is_refused_in_the_feeds_lang(client, app_store, lang):
    before = snapshot(app_store)
    response = client.get(f"{S}.ics?participant=nobody&lang={lang}")
    assert (response.status_code, response.mimetype) == (400, "text/plain")
    assert response.text == FEED_PARTICIPANT[lang]
    assert snapshot(app_store) == before


# The languages form: the language named in the page's language, the titles counted with its plurals
OWN_LANGUAGE = {
    "en": "Chinese cannot be the own language: 1 title has no text in it (Press statements); add it first",
    "ru": "Язык «китайский» нельзя сделать основным: у 1 названия нет текста на нём (Press statements); "
    "сначала добавьте его",
    "zh": "无法将中文设为原始语言：有1个名称没有该语言的文本（Press statements）；请先添加",
}


def _stored(store):
    return services.get_itinerary(store, SLUG), texts.all_texts(store), services.list_events(store, SLUG)


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_languages_form_names_the_refused_language_in_the_pages_language(client, editor, app_store, lang):
    key = event_key(SLUG, "cn2018-press")
    found, _ = texts.texts_of(app_store, "event", key)
    found["title"].pop("zh")
    texts.save_texts(app_store, "event", key, found)
    before = _stored(app_store)
    client.set_cookie("lang", lang)

    response = submit(client, f"{S}/languages", {"language": "zh", "offered": []})

    assert response.status_code == 400
    assert parse(response.data).one("#language-error").text == OWN_LANGUAGE[lang]
    assert _stored(app_store) == before


# Said in a request in each language (the drafts' review form shows these with the form's own words)
SAID = {
    "en": [
        "no city called 'Cindao' in the gazetteer; write its name in English or Russian, e.g. Qingdao or Циндао",
        "no city called 'Atlantis' in the gazetteer; write its English name, e.g. Qingdao",
        "Russian, English",
        "'a'",
    ],
    "ru": [
        "города «Cindao» нет в справочнике географических названий; укажите его название по-английски или "
        "по-русски, например Qingdao или Циндао",
        "города «Atlantis» нет в справочнике географических названий; укажите его английское название, "
        "например Qingdao",
        "русский, английский",
        "«a»",
    ],
    "zh": [
        "地名录中没有名为“Cindao”的城市；请填写其英文名称或俄文名称，例如 Qingdao 或 Циндао",
        "地名录中没有名为“Atlantis”的城市；请填写其英文名称，例如 Qingdao",
        "俄语、英语",
        "“a”",
    ],
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_drafts_unknown_city_and_typed_values_are_said_in_the_pages_language(app, lang):
    with app.test_request_context(f"/?lang={lang}"):
        from web.domain_words import language_said, listed, quoted

        said = [
            say(no_city("Cindao", "ru")),
            say(no_city("Atlantis")),
            listed([language_said("ru"), language_said("en")]),
            quoted("a"),
        ]
    assert said == SAID[lang]


def test_a_message_with_markup_in_a_typed_value_escapes_it(app):
    message = Message("%(city)s: %(names)s", city=Typed("<b>x</b>"), names=Choices(("a", "<i>")))
    with app.test_request_context("/?lang=ru"):
        assert say(message) == "«<b>x</b>»: a, <i>"  # plain text: the template escapes it where it is shown
        assert say(Message("%(language)s", language=LanguageName("zh", "Chinese"))) == "китайский"


# A slug taken: the typed slug quoted in the page's language
SLUG_TAKEN = {
    "en": f"an itinerary called '{SLUG}' exists already",
    "ru": f"программа с адресом (slug) «{SLUG}» уже существует",
    "zh": f"地址标识为“{SLUG}”的日程已存在",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_taken_slug_is_refused_in_the_pages_language_and_nothing_stored(client, editor, app_store, lang):
    before = snapshot(app_store)
    client.set_cookie("lang", lang)
    values = {"slug": SLUG, "title": "Berlin, 2019", "timezone": "Europe/Berlin", "summary": "Talks."}
    response = submit(client, "/new-itinerary", values)
    assert response.status_code == 400
    assert parse(response.data).one("#slug-error").text == SLUG_TAKEN[lang]
    assert snapshot(app_store) == before
