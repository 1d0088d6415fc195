"""Walk 5, findings 4 and 5 (issue 16): what app.js writes into a page is in the page's language, taken from the
page: the offer of the reader's own zone and the copy buttons' words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import launch

CHINA = "/itineraries/china-state-visit-2018"
OFFER = {
    "en": "Show times in Tokyo (UTC+9)",
    "ru": "Показать время: Токио (UTC+9)",
    "zh": "按东京时间（UTC+9）显示",
}
CITY = {"en": "Tokyo", "ru": "Токио", "zh": "东京"}


@pytest.mark.parametrize("lang", OFFER)
def test_zone_offer_names_the_readers_zone_in_the_pages_language(page, server, lang):
    page.goto(f"{server}{CHINA}?lang={lang}")
    offer = page.locator("p.zone-offer a")
    expect(offer).to_have_text(OFFER[lang])
    expect(offer.locator(".zone-offer-name")).to_have_text(CITY[lang])
    assert offer.locator(".zone-offer-name").get_attribute("lang") is None
    assert offer.get_attribute("href") == f"{CHINA}?tz=Asia%2FTokyo"


def test_zone_offer_marks_a_city_the_page_has_no_name_for(playwright, server, tmp_path):
    context = launch(playwright, tmp_path / "kabul", timezone_id="Asia/Kabul", locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{server}{CHINA}?lang=ru")
        offer = page.locator("p.zone-offer a")
        expect(offer).to_have_text("Показать время: Kabul (UTC+4:30)")
        assert offer.locator(".zone-offer-name").get_attribute("lang") == "en"
    finally:
        context.close()


COPIED = {"ru": ("Скопировано", "Адрес скопирован."), "zh": ("已复制", "地址已复制。")}


@pytest.mark.parametrize("lang", COPIED)
def test_copy_button_says_it_copied_in_the_pages_language(browser, page, server, lang):
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(f"{server}{CHINA}?lang={lang}")
    button = page.locator("button.copy[data-copy=feed-web]")
    button.click()
    expect(button).to_have_text(COPIED[lang][0])
    expect(page.locator("section.subscribe .copy-status").first).to_have_text(COPIED[lang][1])


def test_copy_button_asks_to_copy_by_hand_where_the_clipboard_refuses(page, server):
    page.goto(f"{server}{CHINA}?lang=zh")
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); }")
    button = page.locator("button.copy[data-copy=feed-web]")
    button.click()
    expect(page.locator("section.subscribe .copy-status").first).to_have_text("请选中地址后复制。")
    expect(button).to_have_text("复制地址")
