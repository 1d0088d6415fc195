"""Walk 6, findings N1, N2, N5, N9, 17, 18 and 20 (issue 16): the reader's words in the page's language."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import make_event
from tests.web.conftest import PASSWORD
from tests.web.forms import sign_in
from tests.web.html import page

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
