"""Readers' pages in Russian and Chinese in Chromium, at desktop and phone widths: axe clean, nothing wider than the
screen, the interface in the reader's language (Russian picked by the browser's own language, Chinese by ``?lang=``)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import launch
from tests.browser.test_accessibility import serious

CHINA = "/itineraries/china-state-visit-2018"
# Each page with a text of its own interface that must read in the page's language.
PAGES = {
    "ru": [
        (CHINA, "#subscribe-title", "Подписаться"),
        (CHINA + "/events/cn2018-talks-narrow", ".fact-kind", "Переговоры"),
        (CHINA + "/timeline?day=2018-06-08", "h1", "пятница, 8 июня 2018 г."),
        ("/search?q=Tianjin", ".search-kind", "Место проведения"),
    ],
    "zh": [
        (CHINA, "#subscribe-title", "订阅"),
        (CHINA + "/events/cn2018-talks-narrow", ".fact-kind", "会谈"),
        (CHINA + "/timeline?day=2018-06-08", "h1", "2018年6月8日星期五"),
        ("/search?q=Tianjin", ".search-kind", "地点"),
    ],
}
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
BROWSER_LOCALE = {"ru": "ru-RU", "zh": "en-GB"}  # Russian from Accept-Language; Chinese asked for with ?lang=zh


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", PAGES)
def test_languages_reader_pages_in_browser_are_translated_fit_and_axe_clean(playwright, server, tmp_path, lang, size):
    context = launch(playwright, tmp_path / "profile", viewport=SIZES[size], locale=BROWSER_LOCALE[lang])
    context.set_default_timeout(15_000)
    page = context.pages[0] if context.pages else context.new_page()
    found = {}
    try:
        for path, selector, _expected in PAGES[lang]:
            asked = "" if lang == "ru" else ("&" if "?" in path else "?") + "lang=zh"
            page.goto(server + path + asked)
            shown = " ".join(page.locator(selector).first.text_content().split())
            found[path] = {
                "lang": page.locator("html").get_attribute("lang"),
                "text": shown,
                "wider": page.evaluate("document.documentElement.scrollWidth > window.innerWidth"),
                "axe": serious(page),
            }
    finally:
        context.close()
    assert found == {
        path: {"lang": lang, "text": expected, "wider": False, "axe": []} for path, _selector, expected in PAGES[lang]
    }
