"""Readers' pages in Russian and Chinese: no interface text left in English, dates and words as each language says.

Each reader page is rendered in English, Russian and Chinese. Every literal piece of a catalog message that the
English page shows (a whole text or attribute, or a phrase of three words or more inside one) must be gone from the
Russian and Chinese pages: what is left in English there is an unwrapped or untranslated string. Text marked with
a ``lang`` of another language (a content fallback, the language switcher) is left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.web.html import parse
from web import i18n

SLUG = "china-state-visit-2018"
CATALOG = Path(i18n.__file__).parent / "translations" / "ru" / "LC_MESSAGES" / "messages.po"
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
# What stays the same in every language: product names and the names of formats.
SAME_EVERYWHERE = {
    "Outlook.com",
    "Microsoft 365",
    "Outlook",
    "Thunderbird",
    "OpenStreetMap",
    "Natural Earth",
    "Mac",
    "UTC",
}

PAGES = [
    "/",
    f"/itineraries/{SLUG}",
    f"/itineraries/{SLUG}?participant=vladimir-putin",
    f"/itineraries/{SLUG}/events/cn2018-talks-narrow",
    f"/itineraries/{SLUG}/events/cn2018-train-tianjin",
    f"/itineraries/{SLUG}/timeline",
    f"/itineraries/{SLUG}/timeline?day=2018-06-09",
    f"/itineraries/{SLUG}/map",
    f"/itineraries/{SLUG}/print",
    f"/itineraries/{SLUG}/changes",
    f"/itineraries/{SLUG}/changes?since=2018-01-01",
    f"/itineraries/{SLUG}/releases",
    "/search?q=Beijing",
    "/search?q=nothing-like-this",
    "/search",
    "/sign-in",
    "/no/such/page",
]


def _pieces() -> tuple[set[str], set[str]]:
    """The literal pieces of every catalog message: one or two words (matched as a whole text) and phrases of three
    words or more (matched inside a text; shorter ones would match the programme's own English titles)."""
    with CATALOG.open("rb") as file:
        catalog = read_po(file)
    words, phrases = set(), set()
    for message in catalog:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in re.split(r"%\(\w+\)[sd]|<[^>]+>", text or ""):
                piece = piece.strip(" .,:;()–—·“”’")
                if not re.search(r"[A-Za-z]{2}", piece) or piece in SAME_EVERYWHERE:
                    continue
                (phrases if piece.count(" ") >= 2 else words).add(piece)
    return words, phrases


class _Shown(HTMLParser):
    """The texts and shown attributes of a page, leaving out elements marked in another language than the page's."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language, self.stack, self.texts = language, [], []

    def _other(self) -> bool:
        return any(lang not in (None, self.language) for lang in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag not in ("input", "meta", "link", "br", "img", "circle", "rect", "path", "line"):
            self.stack.append(values.get("lang"))
        if not self._other():
            self.texts += [values[name].strip() for name in SHOWN_ATTRIBUTES if values.get(name)]
            if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
                self.texts.append(values["value"].strip())

    def handle_startendtag(self, tag, attrs):
        values = dict(attrs)
        if not self._other():
            self.texts += [values[name].strip() for name in SHOWN_ATTRIBUTES if values.get(name)]

    def handle_endtag(self, tag):
        if tag not in ("input", "meta", "link", "br", "img", "circle", "rect", "path", "line") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._other():
            self.texts.append(text)


def _shown(html: str, language: str) -> list[str]:
    reader = _Shown(language)
    reader.feed(html)
    return reader.texts


def _english_left(texts: list[str], words: set[str], phrases: set[str]) -> set[str]:
    found = {text for text in texts if text.strip(" .,:;()–—·") in words}
    found |= {phrase for phrase in phrases for text in texts if phrase in text}
    return found


@pytest.fixture(scope="module")
def pieces():
    return _pieces()


@pytest.mark.parametrize("lang", ["ru", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_reader_page_has_no_english_interface_text_in_other_languages(client, pieces, path, lang):
    words, phrases = pieces
    joiner = "&" if "?" in path else "?"
    english = client.get(f"{path}{joiner}lang=en")
    shown_in_english = _english_left(_shown(english.text, "en"), words, phrases)
    assert shown_in_english, "the English page shows no catalog text: the check would prove nothing"
    other = client.get(f"{path}{joiner}lang={lang}")
    assert other.status_code == english.status_code
    assert parse(other.data).one("html").get("lang") == lang
    left = _english_left(_shown(other.text, lang), words, phrases) & shown_in_english
    assert left == set()


def _page(client, path: str, lang: str):
    return parse(client.get(f"{path}?lang={lang}").data)


@pytest.mark.parametrize(
    ("lang", "subscribe", "lead", "day", "jump"),
    [
        (
            "en",
            "Subscribe",
            "Add the programme to your calendar: it follows every change.",
            "Friday 8 June 2018",
            "Fri 8 Jun",
        ),
        (
            "ru",
            "Подписаться",
            "Добавьте программу в свой календарь: он будет отражать все изменения.",
            "пятница, 8 июня 2018 г.",  # the page's text with whitespace collapsed: CLDR's narrow no-break space
            "пт, 8 июн.",
        ),
        ("zh", "订阅", "将日程添加到您的日历：日历将随每次更改自动更新。", "2018年6月8日星期五", "6月8日周五"),
    ],
    ids=["en", "ru", "zh"],
)
def test_reader_itinerary_page_subscribe_block_and_days_in_each_language(client, lang, subscribe, lead, day, jump):
    page = _page(client, f"/itineraries/{SLUG}", lang)
    assert page.one("#subscribe-title").text == subscribe
    assert page.one(".subscribe-lead").text == lead
    assert page.one("#day-2018-06-08").text == day
    assert page.select(".day-jumps a")[0].text == jump


@pytest.mark.parametrize(
    ("lang", "zone_note", "details"),
    [
        ("ru", "Время указано: Пекин (UTC+8).", "Переговоры, в узком составе · "),
        ("zh", "时区：北京（UTC+8）。", "会谈，小范围 · "),
    ],
    ids=["ru", "zh"],
)
def test_reader_itinerary_page_zone_and_kinds_in_each_language(client, lang, zone_note, details):
    page = _page(client, f"/itineraries/{SLUG}", lang)
    assert page.one("#zone-note").text.startswith(zone_note)
    narrow = page.one("li.entry[data-uid=cn2018-talks-narrow] .details").text
    assert narrow.startswith(details)


@pytest.mark.parametrize(
    ("lang", "status", "kind", "venue_end"),
    [
        ("en", "Confirmed", "Talks", "(39.9033° N, 116.3874° E)"),
        ("ru", "Подтверждено", "Переговоры", "(39,9033° с. ш., 116,3874° в. д.)"),
        ("zh", "已确认", "会谈", "（北纬39.9033°，东经116.3874°）"),
    ],
    ids=["en", "ru", "zh"],
)
def test_reader_event_page_facts_in_each_language(client, lang, status, kind, venue_end):
    page = _page(client, f"/itineraries/{SLUG}/events/cn2018-talks-narrow", lang)
    assert page.one(".fact-status").text == status
    assert page.one(".fact-kind").text == kind
    assert page.one(".fact-venue").text.endswith(venue_end)


@pytest.mark.parametrize(
    ("lang", "when"),
    [
        ("en", "Friday 8 June 2018, 09:45 to 10:45 (Beijing, UTC+8)"),
        ("ru", "пятница, 8 июня 2018 г., 09:45 — 10:45 (Пекин, UTC+8)"),
        ("zh", "2018年6月8日星期五 09:45至10:45（北京，UTC+8）"),
    ],
    ids=["en", "ru", "zh"],
)
def test_reader_event_page_time_in_each_language(client, lang, when):
    page = _page(client, f"/itineraries/{SLUG}/events/cn2018-talks-narrow", lang)
    assert page.one(".fact-when").text == when


@pytest.mark.parametrize(
    ("lang", "found"),
    [
        ("en", "7 results for Beijing"),
        ("ru", "7 результатов по запросу Beijing"),
        ("zh", "找到7条与Beijing相关的结果"),
    ],
    ids=["en", "ru", "zh"],
)
def test_reader_search_counts_results_in_each_language(client, lang, found):
    page = parse(client.get(f"/search?q=Beijing&lang={lang}").data)
    assert page.one("[role=status]").text == found


def test_reader_error_answers_feeds_in_english_pages_in_the_reader_language(client):
    page = parse(client.get("/no/such/page?lang=zh").data)
    assert page.one(".error-message").text == "地址 /no/such/page 下没有页面。"
    feed = client.get("/feeds/no-such-token.ics", headers={"Accept-Language": "zh"})
    assert feed.status_code == 404 and feed.text.startswith("Not found: ")


@pytest.mark.parametrize(
    ("lang", "stamp"),
    [("en", "Release 1 of "), ("ru", "Выпуск 1 от "), ("zh", "第1版，发布于")],
    ids=["en", "ru", "zh"],
)
def test_reader_print_stamp_in_each_language(client, lang, stamp):
    page = _page(client, f"/itineraries/{SLUG}/print", lang)
    assert page.one(".stamp-release").text.startswith(stamp)


def test_reader_itinerary_page_kept_days_are_kept_per_language(client):
    """The laid-out days are kept by the stored state they show: one reader's language must not serve another's."""
    headings = {lang: _page(client, f"/itineraries/{SLUG}", lang).one("#day-2018-06-09").text for lang in ("en", "ru")}
    headings["zh"] = _page(client, f"/itineraries/{SLUG}", "zh").one("#day-2018-06-09").text
    headings["en again"] = _page(client, f"/itineraries/{SLUG}", "en").one("#day-2018-06-09").text
    assert headings == {
        "en": "Saturday 9 June 2018",
        "ru": "суббота, 9 июня 2018 г.",
        "zh": "2018年6月9日星期六",
        "en again": "Saturday 9 June 2018",
    }
