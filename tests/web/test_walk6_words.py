"""Walk 6, findings N1, N2, N5, N9, 17, 18 and 20 (issue 16): the reader's words in the page's language."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from flask_babel import refresh

from itinerary import services
from tests.conftest import make_event
from tests.web.conftest import PASSWORD
from tests.web.forms import csrf_token, sign_in
from tests.web.html import form_values, page, parse
from web.readers import PrintStamp

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
CONTACTS = "russia-china-contacts-2017-2018"
ZH_PO = Path(__file__).parents[2] / "web/translations/zh/LC_MESSAGES/messages.po"
ATOM = f"{S}/releases.atom"


# N1: the releases feed's links carry the page's language where the itinerary offers it, as the .ics links do


@pytest.mark.parametrize(("lang", "href"), [("en", ATOM), ("ru", f"{ATOM}?lang=ru"), ("zh", f"{ATOM}?lang=zh")])
def test_releases_atom_links_carry_the_pages_language(client, lang, href):
    releases = page(client, f"{S}/releases?lang={lang}")
    assert [link.get("href") for link in releases.select('link[type="application/atom+xml"]')] == [href]
    assert [a.get("href") for a in releases.select('main a[type="application/atom+xml"]')] == [href]


@pytest.mark.parametrize(("lang", "href"), [("en", ATOM), ("ru", f"{ATOM}?lang=ru"), ("zh", f"{ATOM}?lang=zh")])
def test_programme_releases_atom_link_carries_the_pages_language(client, editor, lang, href):
    sign_in(client, editor, PASSWORD)
    programme = page(client, f"{S}?lang={lang}")
    assert [a.get("href") for a in programme.select('a[type="application/atom+xml"]')] == [href]


# N2: the editor's hidden "Edit" text names the event as its heading does


@pytest.mark.parametrize(("lang", "marked"), [("en", None), ("ru", "en"), ("zh", "en")])
def test_edit_links_hidden_title_is_the_headings_with_its_fallback_marked(client, app_store, editor, lang, marked):
    start, end = datetime(2018, 6, 9, 2), datetime(2018, 6, 9, 3)
    make_event(app_store, SLUG, uid="night", title="Night shift", start=start, end=end)  # no text but its own
    sign_in(client, editor, PASSWORD)
    programme = page(client, f"{S}?lang={lang}")
    shown = []
    for entry in programme.select("li.entry"):
        heading = entry.select("h3.title a")[0]
        hidden = entry.select(".edit-link .visually-hidden span")[0]
        assert (hidden.text, hidden.get("lang")) == (heading.text, heading.get("lang"))
        shown.append((hidden.text, hidden.get("lang")))
    assert ("Night shift", marked) in shown
    assert (TRAIN[lang], None) in shown


TRAIN = {
    "en": "Train from Beijing to Tianjin",
    "ru": "Поездка на поезде из Пекина в Тяньцзинь",
    "zh": "乘火车从北京前往天津",
}


# Finding 20: the Chinese catalog calls the itinerary's own language 原始语言 everywhere, as the languages form does


def test_languages_form_hint_says_the_own_language_as_its_field_does(client, editor):
    sign_in(client, editor, PASSWORD)
    form = page(client, f"{S}/languages?lang=zh")
    hint = "更改原始语言时保留所有文本：此前原始语言的文本成为译文。每个标题须先有新原始语言的文本。"
    assert form.texts("p.hint")[0] == hint


def test_no_chinese_entry_says_ben_yuyan():
    with open(ZH_PO, encoding="utf-8") as po:
        catalog = read_po(po)
    assert [m.id for m in catalog if m.id and "本语言" in str(m.string)] == []
    said = {m.id: m.string for m in catalog if m.id}
    assert said["Title in the itinerary's own language"] == "日程原始语言的标题"
    assert said["give the title in the itinerary's own language"] == "请填写日程原始语言的标题"


# N5: the flash after drafting into an existing itinerary names it as its pages do, the count's plural right

CORPUS = Path(__file__).resolve().parents[1] / "itinerary" / "data" / "drafts"
ADDED = {
    "en": "Added 2 events to State visit to China and the SCO summit, June 2018, as tentative.",
    "ru": "В программу «Государственный визит в Китай и саммит ШОС, июнь 2018 года» добавлены 2 мероприятия"
    " со статусом «предварительно».",
    "zh": "已向日程“对中国进行国事访问并出席上海合作组织峰会（2018年6月）”添加2项活动，状态为“暂定”。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_draft_into_an_existing_itinerary_flash_names_it_in_the_pages_language(client, editor, lang):
    sign_in(client, editor, PASSWORD)
    text = (CORPUS / "en-alaska-summit.txt").read_text(encoding="utf-8")
    url = f"/itineraries/draft?lang={lang}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "text": text, "published": "2025-08-12"})
    values = form_values(parse(response.data).one("form.review-form"))
    for n in range(2, 5):
        values.pop(f"proposals-{n}-accept")
    values |= {"target": "existing", "existing": SLUG}
    response = client.post(f"/itineraries/draft/accept?lang={lang}", data=values)
    assert response.status_code == 302, response.text
    flash = page(client, f"{S}?lang={lang}").one(".flash")
    assert (flash.text, flash.select("span")) == (ADDED[lang], [])


def test_draft_flash_marks_the_own_title_where_the_page_has_none(client, editor, app_store):
    title = "Visit read in a test"  # no Russian text
    sign_in(client, editor, PASSWORD)
    services.create_itinerary(app_store, slug="plain", title=title, timezone="Europe/Moscow")
    text = (CORPUS / "en-alaska-summit.txt").read_text(encoding="utf-8")
    url = "/itineraries/draft?lang=ru"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "text": text, "published": "2025-08-12"})
    values = form_values(parse(response.data).one("form.review-form"))
    for n in range(1, 5):
        values.pop(f"proposals-{n}-accept")
    values |= {"target": "existing", "existing": "plain"}
    response = client.post("/itineraries/draft/accept?lang=ru", data=values)
    assert response.status_code == 302, response.text
    flash = page(client, "/itineraries/plain?lang=ru").one(".flash")
    assert flash.text == f"В программу «{title}» добавлено 1 мероприятие со статусом «предварительно»."
    assert [(span.text, span.get("lang")) for span in flash.select("span")] == [(title, "en")]


# Finding 18: the print stamp says its zone as the other zone sentences do, its offset beside the city

PRINTED = {
    "en": "Printed 1 December 2026, 14:22 (Beijing, UTC+8)",
    "ru": "Напечатано 1 декабря 2026 г., 14:22 (Пекин, UTC+8)",
    "zh": "打印于2026年12月1日 14:22（北京，UTC+8）",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_print_stamp_names_the_zone_with_its_offset_in_the_pages_language(app, lang):
    printed = datetime(2026, 12, 1, 14, 22, tzinfo=ZoneInfo("Asia/Shanghai"))
    with app.test_request_context(f"/?lang={lang}"):
        refresh()
        said = PrintStamp(None, printed).printed_text("Asia/Shanghai")
    assert " ".join(said.split()) == PRINTED[lang]  # as a reader sees it (CLDR: a narrow no-break space before «г.»)


# N9: a span in one zone names the zone once, after it; a span across zones keeps each end's

SIGNING = {
    "en": "Friday 8 June 2018, 12:15 to 12:45 (Beijing, UTC+8)",
    "ru": "пятница, 8 июня 2018 г., 12:15 — 12:45 (Пекин, UTC+8)",
    "zh": "2018年6月8日星期五 12:15至12:45（北京，UTC+8）",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_event_span_in_one_zone_names_it_once(client, lang):
    when = page(client, f"{S}/events/cn2018-signing?lang={lang}").one("dd.fact-when")
    assert when.text == SIGNING[lang]
    assert [t.get("datetime") for t in when.select("time")] == [
        "2018-06-08T12:15:00+08:00",
        "2018-06-08T12:45:00+08:00",
    ]


# Finding 17: a venue's zone is said as a zone, and an option names it only where it is not the venue's city

TIME = {"en": "time: Almaty", "ru": "время: Алматы", "zh": "时区：阿拉木图"}
OPTIONS = {  # three in Beijing (the zone's city), then one in Qingdao on Beijing's clocks
    "en": [
        "Beijing Capital International Airport",
        "Beijing South Railway Station",
        "Great Hall of the People, Beijing",
        "Qingdao International Conference Center (Beijing)",
    ],
    "ru": [
        "Международный аэропорт Пекин Шоуду",
        "Южный вокзал Пекина",
        "Дом народных собраний, Пекин",
        "Международный конференц-центр Циндао (Пекин)",
    ],
    "zh": ["北京首都国际机场", "北京南站", "人民大会堂，北京", "青岛国际会议中心（北京）"],
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_venues_list_says_the_zone_is_a_zone(client, editor, lang):
    sign_in(client, editor, PASSWORD)
    details = page(client, f"/venues?lang={lang}").texts(".record-details")
    assert details[1].split(" · ")[1] == TIME[lang]  # Astana, its clocks on Almaty's
    assert {d.split(" · ")[1].split(" ")[0][:3] for d in details} == {TIME[lang][:3]}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_venue_options_name_the_zone_only_where_it_is_not_the_city(client, editor, lang):
    sign_in(client, editor, PASSWORD)
    form = page(client, f"{S}/events/cn2018-signing/edit?lang={lang}")
    labels = [o.text for o in form.select("select#venue option")]
    assert labels[1:5] == OPTIONS[lang]
