"""The names inside the checks' findings said in the page's language (issue 16): the people, events, venues and
cities that the event form's warnings and conflicts, the warnings flashed after "Save anyway" and the itinerary's
problems list name, each as the reader pages say it, a name without a text in that language marked with its own
(``<span lang="en">``), every name escaped; their days, times, spans and durations as the page's language writes
them (Babel); the English page and the command line as before."""

from __future__ import annotations

import pytest

from itinerary import services
from tests.builders import when
from tests.web.forms import form_on, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
PRESS = f"{S}/events/cn2018-press"
HOCKEY = f"{S}/events/cn2018-hockey-tianjin"
GUEST = "Guest <b>x</b>"  # no text in another language; shown literally, never as markup

# The press statements moved to 12:30, into the signing: the same people (and the guest) and the same hall.
OVERLAP = {
    "en": "Vladimir Putin, Xi Jinping and Guest <b>x</b> cannot attend both 'Signing of documents and adoption of "
    "joint statements' (8 June 2018 12:15-12:45) and 'Press statements' (8 June 2018 12:30-13:15): they overlap for "
    "15 minutes.",
    "ru": "Владимир Путин, Си Цзиньпин и Guest <b>x</b>: не получится присутствовать на обоих мероприятиях — "
    "«Подписание документов и принятие совместных заявлений» (8 июня 2018 г., 12:15—12:45) и «Заявления для прессы» "
    "(8 июня 2018 г., 12:30—13:15); время пересечения: 15 минут.",
    "zh": "弗拉基米尔·普京、习近平和Guest <b>x</b>无法同时出席“签署文件并通过联合声明”（2018年6月8日 12:15–12:45）"
    "和“共同会见记者”（2018年6月8日 12:30–13:15）：两者重叠15分钟。",
}
SAME_HALL = {
    "en": "'Signing of documents and adoption of joint statements' (8 June 2018 12:15-12:45) and 'Press statements' "
    "(8 June 2018 12:30-13:15) are both at Great Hall of the People, Beijing and overlap for 15 minutes; check that "
    "they use different rooms.",
    "ru": "«Подписание документов и принятие совместных заявлений» (8 июня 2018 г., 12:15—12:45) и «Заявления для "
    "прессы» (8 июня 2018 г., 12:30—13:15) проходят в одном месте (Дом народных собраний, Пекин); время пересечения: "
    "15 минут. Проверьте, что залы разные.",
    "zh": "“签署文件并通过联合声明”（2018年6月8日 12:15–12:45）和“共同会见记者”（2018年6月8日 12:30–13:15）都在"
    "人民大会堂，北京，且重叠15分钟；请确认两者使用不同的场地。",
}
# Yuri Ushakov added to the hockey match in Tianjin: no leg of his from Beijing before it.
NO_LEG = {
    "en": "Yuri Ushakov has no travel leg from Beijing to Tianjin between 'Russian-Chinese talks in enlarged format' "
    "and 'Junior ice hockey match in Tianjin': 'Russian-Chinese talks in enlarged format' ends at 12:15 and 'Junior "
    "ice hockey match in Tianjin' starts at 15:00 on 8 June 2018; add the leg they take.",
    "ru": "Юрий Ушаков: нет переезда Пекин → Тяньцзинь между «Российско-китайские переговоры в расширенном "
    "составе» и «Матч юношеских хоккейных команд в Тяньцзине»: «Российско-китайские переговоры в расширенном составе» "
    "заканчивается в 12:15, а «Матч юношеских хоккейных команд в Тяньцзине» начинается в 15:00, 8 июня 2018 г.; "
    "добавьте этот переезд.",
    "zh": "尤里·乌沙科夫在“中俄大范围会谈”和“在天津观看青少年冰球比赛”之间没有从北京到天津的行程段："
    "“中俄大范围会谈”于2018年6月8日 12:15结束，而“在天津观看青少年冰球比赛”于15:00开始；请添加其所需的行程段。",
}
# A new session of the summit repeated into the day after it: its title has no text in another language.
OUTSIDE = {
    "en": "'Extra session' (11 June 2018 09:00-10:00) lies outside its parent 'Summit of the Shanghai Cooperation "
    "Organization' (9-10 June 2018); move it inside or change the parent.",
    "ru": "«Extra session» (11 июня 2018 г., 09:00—10:00) выходит за рамки родительского мероприятия «Саммит "
    "Шанхайской организации сотрудничества» (9–10 июня 2018 г.); перенесите его внутрь или смените родительское.",
    "zh": "“Extra session”（2018年6月11日 09:00–10:00）超出其上级活动“上海合作组织峰会”（2018年6月9日 – 10日）"
    "的时间范围；请将其移入或更改上级活动。",
}
SESSION = {
    "title": "Extra session",
    "kind": "summit-session",
    "start_date": "2018-06-10",
    "start_time": "09:00",
    "end_time": "10:00",
    "parent": "sco2018-summit",
    "venue": "qingdao-conference-center",
    "recurrence": "custom",
    "rrule_custom": "FREQ=DAILY;COUNT=2",
}
WARNING = {"en": "Warning: ", "ru": "Предупреждение: ", "zh": "警告："}  # a flashed finding's start


@pytest.fixture
def guest(app_store):
    """A guest without texts in other languages at both the signing and the press statements."""
    services.put_participant(app_store, key="guest", name=GUEST, role="Guest", delegation="Russia")
    for uid in ("cn2018-signing", "cn2018-press"):
        event = services.get_event(app_store, SLUG, uid)
        services.update_event(app_store, SLUG, uid, participants=[*(p.key for p in event.participants), "guest"])


def said(doc, selector: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each finding's sentence as read, with the names in it marked with a language: (text, [(lang, name)])."""
    return [
        (li.one(".message").text, [(span.get("lang"), span.text) for span in li.select(".message span[lang]")])
        for li in doc.select(f"{selector} li.finding")
    ]


def marked(lang: str, *names: str) -> list[tuple[str, str]]:
    """The names a page in ``lang`` marks as English (none on an English page)."""
    return [] if lang == "en" else [("en", name) for name in names]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_overlap_warnings_name_people_events_and_venue_in_the_pages_language(client, editor, guest, lang):
    response = submit(client, f"{PRESS}/edit?lang={lang}", {"start_time": "12:30"})
    assert response.status_code == 409
    doc = parse(response.data)
    assert said(doc, ".warning-summary") == [(OVERLAP[lang], marked(lang, GUEST)), (SAME_HALL[lang], [])]
    assert doc.select(".warning-summary b") == []  # the guest's name is text, not markup


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_warnings_after_save_anyway_name_people_events_and_venue_in_the_pages_language(client, editor, guest, lang):
    changes = {"start_time": "12:30", "save_anyway": "Save anyway", "reason": "Short statements"}
    response = submit(client, f"{PRESS}/edit?lang={lang}", changes, follow_redirects=True)
    doc = parse(response.data)
    flashed = doc.select(".flash-warning")
    assert [node.text for node in flashed] == [WARNING[lang] + OVERLAP[lang], WARNING[lang] + SAME_HALL[lang]]
    assert [[(s.get("lang"), s.text) for s in node.select("span[lang]")] for node in flashed] == [
        marked(lang, GUEST),
        [],
    ]
    assert doc.select(".flashes b") == []
    assert said(doc, "#problems") == [(OVERLAP[lang], marked(lang, GUEST)), (SAME_HALL[lang], [])]  # the event page


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_missing_leg_names_person_cities_and_events_in_the_pages_language(client, editor, lang):
    url = f"{HOCKEY}/edit?lang={lang}"
    values = form_on(client, url)
    response = client.post(url, data={**values, "participants": ["vladimir-putin", "xi-jinping", "yuri-ushakov"]})
    assert response.status_code == 409
    assert said(parse(response.data), ".warning-summary") == [(NO_LEG[lang], [])]
    again = {**values, "participants": ["vladimir-putin", "xi-jinping", "yuri-ushakov"]}
    response = client.post(url, data={**again, "save_anyway": "Save anyway", "reason": "He goes by car"})
    assert response.status_code == 302
    problems = said(parse(client.get(f"{S}?lang={lang}").data), "#problems")  # the itinerary's check page
    assert (NO_LEG[lang], []) in problems


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_outside_parent_names_events_in_the_pages_language_a_new_title_marked(client, editor, lang):
    response = submit(client, f"{S}/new-event?lang={lang}", SESSION)
    assert response.status_code == 409
    assert said(parse(response.data), ".error-summary") == [(OUTSIDE[lang], marked(lang, "Extra session"))]


def test_check_command_names_everything_in_english_as_before(app_store, guest):
    services.update_event(app_store, SLUG, "cn2018-press", **when("2018-06-08 12:30", "13:15"))
    lines = [str(finding) for finding in services.check_itinerary(app_store, SLUG)]  # as `itinerary check` prints
    assert f"WARNING: {OVERLAP['en']}" in lines
    assert f"WARNING: {SAME_HALL['en']}" in lines


# The service's refusals that name events (itinerary/services.py): a form saved over a newer version, a parent the
# event does not fit in.
STALE = {
    "en": "'Press statements' was changed by someone else (04 June 09:00 UTC, now version 1); your changes were not "
    "saved: reload the event, then apply them again",
    "ru": "«Заявления для прессы» изменил кто-то другой (4 июня 2018 г., 09:00 UTC, теперь версия 1); ваши изменения "
    "не сохранены: обновите мероприятие и внесите их снова",
    "zh": "“共同会见记者”已被他人修改（UTC 2018年6月4日 09:00，现为第1版）；您的更改未保存："
    "请重新加载该活动，然后再次修改",
}
NOT_IN_PARENT = {
    "en": "the event lies outside its parent 'Summit of the Shanghai Cooperation Organization' "
    "(09 Jun 2018 to 10 Jun 2018)",
    "ru": "мероприятие выходит за рамки родительского «Саммит Шанхайской организации сотрудничества» "
    "(9–10 июня 2018 г.)",
    "zh": "该活动超出其上级活动“上海合作组织峰会”（2018年6月9日 – 10日）的时间范围",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_form_saved_over_a_newer_version_names_the_event_in_the_pages_language(client, app_store, editor, lang):
    url = f"{PRESS}/edit?lang={lang}"
    values = form_on(client, url)
    services.update_event(app_store, SLUG, "cn2018-press", description="Both leaders speak.")
    response = client.post(url, data={**values, "title": "Mine"})
    assert response.status_code == 409
    assert parse(response.data).texts(".error-summary li") == [STALE[lang]]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_parent_refusal_names_the_parent_in_the_pages_language(client, editor, lang):
    response = submit(client, f"{HOCKEY}/edit?lang={lang}", {"parent": "sco2018-summit"})
    assert response.status_code == 400
    error = parse(response.data).one("#parent-error")
    assert (error.text, error.select("span[lang]")) == (NOT_IN_PARENT[lang], [])


# The flight to Qingdao said to go on foot: a leg too short, its span and durations in hours and minutes.
ON_FOOT = {
    "en": "'Flight from Beijing to Qingdao' (9 June 2018 11:00-12:30) takes 90 minutes from Beijing to Qingdao, but "
    "the 537 km need at least 89 hours 31 minutes on foot; check its times or its mode of travel.",
    "ru": "«Перелёт из Пекина в Циндао» (9 июня 2018 г., 11:00—12:30), маршрут Пекин → Циндао: время в пути — "
    "90 минут, а наименьшее время на 537 км (пешком) — 89 часов 31 минута; проверьте время или вид транспорта.",
    "zh": "“从北京飞往青岛”（2018年6月9日 11:00–12:30）从北京到青岛用时90分钟，但537公里步行至少需要"
    "89小时31分钟；请检查其时间或出行方式。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_leg_too_short_says_its_span_and_durations_in_the_pages_language(client, editor, lang):
    response = submit(client, f"{S}/events/cn2018-flight-qingdao/edit?lang={lang}", {"mode": "foot"})
    assert response.status_code == 409
    assert said(parse(response.data), ".warning-summary") == [(ON_FOOT[lang], [])]


def test_check_command_says_days_times_and_durations_in_english_as_before(app_store):
    services.update_event(app_store, SLUG, "cn2018-flight-qingdao", mode="foot")
    lines = [str(finding) for finding in services.check_itinerary(app_store, SLUG)]  # as `itinerary check` prints
    assert f"WARNING: {ON_FOOT['en']}" in lines


# Only Vladimir Putin at the press statements moved into the signing: one person, the Russian sentence reads for one
# as for several (a colon after the names, no verb of theirs).
ONE_PERSON = {
    "en": "Vladimir Putin cannot attend both 'Signing of documents and adoption of joint statements' (8 June 2018 "
    "12:15-12:45) and 'Press statements' (8 June 2018 12:30-13:15): they overlap for 15 minutes.",
    "ru": "Владимир Путин: не получится присутствовать на обоих мероприятиях — «Подписание документов и принятие "
    "совместных заявлений» (8 июня 2018 г., 12:15—12:45) и «Заявления для прессы» (8 июня 2018 г., 12:30—13:15); "
    "время пересечения: 15 минут.",
    "zh": "弗拉基米尔·普京无法同时出席“签署文件并通过联合声明”（2018年6月8日 12:15–12:45）和“共同会见记者”"
    "（2018年6月8日 12:30–13:15）：两者重叠15分钟。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_overlap_of_one_person_reads_in_the_pages_language(client, editor, lang):
    url = f"{PRESS}/edit?lang={lang}"
    values = form_on(client, url)
    response = client.post(url, data={**values, "start_time": "12:30", "participants": ["vladimir-putin"]})
    assert response.status_code == 409
    assert said(parse(response.data), ".warning-summary")[0] == (ONE_PERSON[lang], [])
