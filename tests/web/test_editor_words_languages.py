"""What editors read said in the page's language (issue 16, the browser walk's items 1, 2, 4, 7 and 9): the
problems list, the change log's actions, fields and values on the changes and publish pages, the audiences'
rows in the event form, zone names on the print, subscription and releases pages, the saved message."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from itinerary import services, subscriptions, texts
from tests.web.forms import form_on
from tests.web.html import parse

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
HOCKEY = "cn2018-hockey-tianjin"

# The seed's first problem: a participant with no travel leg between two cities (itinerary/checks.py). Its
# names, titles and cities are content (said by their own pages); the sentence around them is the catalog's, its
# day as the page's language writes a date.
NO_LEG = {
    "en": r"(.+) has no travel leg from (.+) to (.+) between '(.+)' and '(.+)': '\4' ends at 12:15 and '\5' "
    r"starts at 16:45 on 8 June 2018; add the leg they take\.",
    "ru": r"(.+): нет переезда (.+) → (.+) между «(.+)» и «(.+)»: «\4» заканчивается в 12:15, а «\5» "
    r"начинается в 16:45, 8 июня 2018 г\.; добавьте этот переезд\.",
    "zh": r"(.+)在“(.+)”和“(.+)”之间没有从(.+)到(.+)的行程段："
    r"“\2”于2018年6月8日 12:15结束，而“\3”于16:45开始；请添加其所需的行程段。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_problems_list_in_the_pages_language(client, editor, lang):
    doc = parse(client.get(f"{S}?lang={lang}").data)
    first = doc.texts("#problems .finding .message")[0]
    assert re.fullmatch(NO_LEG[lang], first), first
    assert doc.texts("#problems .finding .severity")[0] == {"en": "Warning", "ru": "Предупреждение", "zh": "警告"}[lang]


def _changes(store, clock) -> None:
    """Three unpublished changes of the hockey match: what audiences see, its Russian title, its times."""
    event = services.get_event(store, SLUG, HOCKEY)
    clock.now += timedelta(minutes=1)
    services.update_event(store, SLUG, HOCKEY, access=(("press", "hidden"), ("staff", "busy")))
    clock.now += timedelta(minutes=1)
    found, _ = texts.texts_of(store, "event", f"{SLUG}/{HOCKEY}")
    texts.save_texts(store, "event", f"{SLUG}/{HOCKEY}", {**found, "title": {**found["title"], "ru": "Хоккей"}})
    clock.now += timedelta(minutes=1)
    later = timedelta(minutes=30)
    services.update_event(store, SLUG, HOCKEY, start=event.timing.start + later, end=event.timing.end + later)


OLD_RU_TITLE = "Матч юношеских хоккейных команд в Тяньцзине"
FIELDS = {
    "en": [
        "Start: 8 June 2018, 15:00 Beijing → 8 June 2018, 15:30 Beijing",
        "End: 8 June 2018, 16:30 Beijing → 8 June 2018, 17:00 Beijing",
        f"Title (ru): {OLD_RU_TITLE} → Хоккей",
        "Audiences: (none) → press: hidden and staff: busy",
    ],
    "ru": [
        "Начало: 8 июня 2018 г., 15:00 Пекин → 8 июня 2018 г., 15:30 Пекин",
        "Окончание: 8 июня 2018 г., 16:30 Пекин → 8 июня 2018 г., 17:00 Пекин",
        f"Название (русский): {OLD_RU_TITLE} → Хоккей",
        "Аудитории: (нет) → пресса: скрыто и штаб: занято",
    ],
    "zh": [
        "开始：2018年6月8日 15:00 北京 → 2018年6月8日 15:30 北京",
        "结束：2018年6月8日 16:30 北京 → 2018年6月8日 17:00 北京",
        f"名称（俄语）：{OLD_RU_TITLE} → Хоккей",
        "受众：（无） → 媒体：隐藏和工作人员：忙碌",
    ],
}
ACTIONS = {"en": ["Changed", "Translated"], "ru": ["Изменено", "Переведено"], "zh": ["已更改", "已翻译"]}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_change_log_labels_and_values_in_the_pages_language(client, editor, drafts, clock, lang):
    _changes(drafts, clock)
    changes = parse(client.get(f"{S}/changes?lang={lang}").data).select(f"li[data-uid={HOCKEY}]")
    said = [(c.one(".action").text, c.texts(".change-fields li")) for c in changes[:3]]
    changed, translated = ACTIONS[lang]
    assert said == [(changed, FIELDS[lang][:2]), (translated, FIELDS[lang][2:3]), (changed, FIELDS[lang][3:])]
    publish = parse(client.get(f"{S}/publish?lang={lang}").data).select(f"li[data-uid={HOCKEY}]")
    said = [(c.one(".action").text, c.texts(".change-fields li")) for c in publish]
    assert said == [(changed, [*FIELDS[lang][:2], FIELDS[lang][3]]), (translated, FIELDS[lang][2:3])]


AUDIENCE_ROWS = {
    "en": ["Public", "Press", "Delegations", "Staff"],
    "ru": ["Публика", "Пресса", "Делегации", "Штаб"],
    "zh": ["公众", "媒体", "代表团", "工作人员"],
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_event_form_audience_rows_name_audiences_not_event_kinds(client, editor, lang):
    doc = parse(client.get(f"{S}/events/{HOCKEY}/edit?lang={lang}").data)
    rows = [doc.one(f"label[for=access_{name}]").text for name in ("public", "press", "delegation", "staff")]
    assert rows == AUDIENCE_ROWS[lang]
    assert doc.one("select#kind option[value=press]").text == {"en": "Press", "ru": "Мероприятие для прессы"}.get(
        lang, "记者会"
    )


ZONES = {
    "en": (
        "Printed 4 June 2018, 17:00 (Beijing, UTC+8)",
        "Published 4 June 2018, 17:00 (Beijing)",
        "Times in Beijing.",
    ),
    "ru": (
        "Напечатано 4 июня 2018 г., 17:00 (Пекин, UTC+8)",
        "Опубликован 4 июня 2018 г., 17:00 (Пекин)",
        "Время указано: Пекин.",
    ),
    "zh": ("打印于2018年6月4日 17:00（北京，UTC+8）", "发布于2018年6月4日 17:00（北京）", "时间以北京表示。"),
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_zone_names_in_the_pages_language_on_print_releases_and_subscription_pages(app, app_store, lang):
    token = subscriptions.issue(app_store, SLUG, audience="press", name="TASS pool").token
    reader = app.test_client()
    printed = parse(reader.get(f"{S}/print?lang={lang}").data).one(".stamp-printed").text
    released = parse(reader.get(f"{S}/releases?lang={lang}").data).one(".release-at").text
    viewed = parse(reader.get(f"/view/{token}?lang={lang}").data).one(".zone-note").text
    assert (printed, released.split(" loaded from")[0], viewed) == ZONES[lang]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Saved Junior ice hockey match in Tianjin."),
        ("ru", "Сохранено: Матч юношеских хоккейных команд в Тяньцзине."),
        ("zh", "已保存“在天津观看青少年冰球比赛”。"),
    ],
)
def test_saved_message_names_the_event_by_its_title_in_the_pages_language(client, editor, lang, said):
    url = f"{S}/events/{HOCKEY}/edit?lang={lang}"
    response = client.post(url, data=form_on(client, url), follow_redirects=True)
    assert parse(response.data).texts(".flash-success") == [said]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "published 4 June 2018, 17:00 (Beijing)"),
        ("ru", "опубликована 4 июня 2018 г., 17:00 (Пекин)"),
        ("zh", "发布于2018年6月4日 17:00（北京）"),
    ],
)
def test_compare_page_names_the_zone_in_the_pages_language(app, app_store, lang, said):
    services.update_event(app_store, SLUG, HOCKEY, description="Two teams.")  # published at once: release 2
    doc = parse(app.test_client().get(f"{S}/versions/compare?from=1&to=2&lang={lang}").data)
    note = {"en": "loaded from", "ru": "загружено из файла", "zh": "从文件"}[lang]
    assert doc.one("dd.version-1").text.startswith(f"{said}: {note} china-state-visit-2018.toml")  # the seed's note


OWN_AUDIENCES_FIELD = {
    "en": "Audiences: (none) → Interpreters: hidden, press: busy, and staff: busy",
    "ru": "Аудитории: (нет) → Interpreters: скрыто, пресса: занято и штаб: занято",
    "zh": "受众：（无） → Interpreters：隐藏、媒体：忙碌和工作人员：忙碌",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_change_log_names_own_audiences_by_label_and_joins_lists_as_the_language_does(
    client, editor, drafts, clock, lang
):
    from itinerary import own_audiences

    own_audiences.add(drafts, SLUG, name="interpreters", label="Interpreters")
    clock.now += timedelta(minutes=1)
    access = (("interpreters", "hidden"), ("press", "busy"), ("staff", "busy"))
    services.update_event(drafts, SLUG, HOCKEY, access=access)

    change = parse(client.get(f"{S}/changes?lang={lang}").data).select(f"li[data-uid={HOCKEY}]")[0]
    assert change.texts(".change-fields li") == [OWN_AUDIENCES_FIELD[lang]]
    marked = [(span.get("lang"), span.text) for span in change.select(".change-fields ins span[lang]")]
    assert marked == ([] if lang == "en" else [("en", "Interpreters")])  # the label, in the itinerary's language
