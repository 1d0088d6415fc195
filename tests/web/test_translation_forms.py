"""The forms that edit every language of a thing's texts together."""

from __future__ import annotations

from itinerary import services, texts
from itinerary.languages import event_key
from tests.web.forms import form_on, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
EVENT_FORM = f"/itineraries/{SLUG}/events/cn2018-signing/translations"


def test_translations_form_shows_every_language_marked_with_its_lang(client, editor):
    values = form_on(client, EVENT_FORM)
    assert values["title_en"] == "Signing of documents and adoption of joint statements"
    assert values["title_ru"] == "Подписание документов и принятие совместных заявлений"
    assert values["title_zh"] == "签署文件并通过联合声明"
    doc = parse(client.get(EVENT_FORM).data)
    assert doc.one("#description_zh").get("lang") == "zh"
    assert doc.one("label[for=title_en]").text == "Title (English, own language)"


def test_translations_form_round_trips_every_language_with_crlf(client, editor, app_store):
    response = submit(
        client,
        EVENT_FORM,
        {
            "title_en": "Signing of documents",
            "title_ru": "Подписание документов",
            "description_ru": "Первая строка.\r\nВторая строка.",
            "description_zh": "",
        },
    )
    assert response.status_code == 302
    found, own = texts.texts_of(app_store, "event", event_key(SLUG, "cn2018-signing"))
    assert own == "en"
    assert found["title"] == {
        "en": "Signing of documents",
        "ru": "Подписание документов",
        "zh": "签署文件并通过联合声明",
    }
    assert found["description"]["ru"] == "Первая строка.\r\nВторая строка."
    assert "zh" not in found["description"]  # emptied: falls back to the own language
    assert services.get_event(app_store, SLUG, "cn2018-signing").title == "Signing of documents"
    again = form_on(client, EVENT_FORM)
    assert (again["title_ru"], again["description_ru"]) == ("Подписание документов", "Первая строка.\r\nВторая строка.")


def test_translations_form_refuses_an_empty_own_title_naming_it(client, editor, app_store):
    response = submit(client, EVENT_FORM, {"title_en": "", "title_ru": "Новое"})
    assert response.status_code == 400
    assert parse(response.data).one("#title_en-error").text == "must not be empty"
    found, _ = texts.texts_of(app_store, "event", event_key(SLUG, "cn2018-signing"))
    assert found["title"]["ru"] == "Подписание документов и принятие совместных заявлений"  # nothing half-written


def test_venue_translations_form_keeps_the_entered_name(client, editor, app_store):
    url = "/venues/great-hall-of-the-people/translations"
    assert form_on(client, url)["name_zh"] == "人民大会堂"
    assert submit(client, url, {"name_en": "The Great Hall of the People"}).status_code == 302
    found, own = texts.texts_of(app_store, "venue", "great-hall-of-the-people")
    assert own is None
    assert found["name"] == {
        "": "Great Hall of the People",
        "en": "The Great Hall of the People",
        "ru": "Дом народных собраний",
        "zh": "人民大会堂",
    }


def test_itinerary_translations_form_saves_the_summary_in_chinese(client, editor, app_store):
    url = f"/itineraries/{SLUG}/translations"
    assert submit(client, url, {"summary_zh": "新的摘要。"}).status_code == 302
    assert texts.itinerary_in(app_store, SLUG, "zh").value.summary == "新的摘要。"
    assert texts.itinerary_in(app_store, SLUG, "ru").languages == {"title": "ru", "summary": "ru"}


def test_translations_form_round_trips_categories_in_every_language(client, editor, app_store):
    url = f"/itineraries/{SLUG}/events/cn2018-press/translations"
    values = form_on(client, url)
    assert (values["categories_en"], values["categories_ru"]) == ("state visit, press", "государственный визит, пресса")
    sent = {"categories_en": "state visit, press, media", "categories_zh": "国事访问，媒体"}
    assert submit(client, url, sent).status_code == 302
    found, _ = texts.texts_of(app_store, "event", event_key(SLUG, "cn2018-press"))
    assert found["categories"]["zh"] == "国事访问，媒体"  # a full-width comma is part of one name
    assert services.get_event(app_store, SLUG, "cn2018-press").categories == ("state visit", "press", "media")
    shown = texts.event_in(app_store, SLUG, services.get_event(app_store, SLUG, "cn2018-press"), "ru")
    assert shown.value.categories == ("государственный визит", "пресса")


def test_participant_translations_form_saves_the_delegation_per_language(client, editor, app_store):
    url = "/participants/xi-jinping/translations"
    assert form_on(client, url)["delegation_zh"] == "中华人民共和国代表团"
    assert submit(client, url, {"delegation_ru": "Делегация КНР"}).status_code == 302
    found, _ = texts.texts_of(app_store, "participant", "xi-jinping")
    assert found["delegation"] == {"": "China", "ru": "Делегация КНР", "zh": "中华人民共和国代表团"}


LANGUAGES_FORM = f"/itineraries/{SLUG}/languages"


def test_languages_form_shows_the_own_language_and_offers_every_other(client, editor):
    values = form_on(client, LANGUAGES_FORM)
    assert (values["language"], values["offered"]) == ("en", ["ru", "zh"])


def test_languages_form_new_own_language_keeps_every_text(client, editor, app_store):
    before = services.get_event(app_store, SLUG, "cn2018-signing")
    response = submit(client, LANGUAGES_FORM, {"language": "ru", "offered": ["zh"]})
    assert response.status_code == 302
    itinerary = services.get_itinerary(app_store, SLUG)
    assert (itinerary.language, itinerary.title) == ("ru", "Государственный визит в Китай и саммит ШОС, июнь 2018 года")
    found, own = texts.texts_of(app_store, "event", event_key(SLUG, "cn2018-signing"))
    assert own == "ru"
    assert found["title"] == {
        "ru": "Подписание документов и принятие совместных заявлений",
        "en": "Signing of documents and adoption of joint statements",
        "zh": "签署文件并通过联合声明",
    }
    assert found["categories"] == {"ru": "государственный визит", "en": "state visit", "zh": "国事访问"}
    after = services.get_event(app_store, SLUG, "cn2018-signing")
    assert after.title == "Подписание документов и принятие совместных заявлений"
    assert after.categories == ("государственный визит",)
    assert after.sequence == before.sequence + 1  # the feed without a language now says it in Russian
    assert texts.offered_languages(app_store, SLUG) == ("ru", "zh")
    english = texts.itinerary_in(app_store, SLUG, "en")
    assert english.value.title == "State visit to China and the SCO summit, June 2018"
    assert english.languages["title"] == "en"


def _stored(store):
    return services.get_itinerary(store, SLUG), texts.all_texts(store), services.list_events(store, SLUG)


def test_languages_form_refuses_an_own_language_a_title_lacks_and_changes_nothing(client, editor, app_store):
    key = event_key(SLUG, "cn2018-press")
    found, _ = texts.texts_of(app_store, "event", key)
    found["title"].pop("zh")
    texts.save_texts(app_store, "event", key, found)
    before = _stored(app_store)

    response = submit(client, LANGUAGES_FORM, {"language": "zh", "offered": []})

    assert response.status_code == 400
    message = parse(response.data).one("#language-error").text
    assert message == ("Chinese cannot be the own language: 1 title has no text in it (Press statements); add it first")
    assert _stored(app_store) == before


def test_languages_form_keeps_the_languages_offered(client, editor, app_store):
    assert submit(client, LANGUAGES_FORM, {"language": "en", "offered": ["zh"]}).status_code == 302
    assert texts.offered_languages(app_store, SLUG) == ("en", "zh")
    assert form_on(client, LANGUAGES_FORM)["offered"] == "zh"  # one ticked box: one value
