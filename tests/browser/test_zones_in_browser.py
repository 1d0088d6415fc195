"""The itinerary page in Chromium at desktop and phone widths: three zones on a row, the reader's zone offered
from the browser and kept, jump links to the days; axe finds nothing serious."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import serious

CHINA = "/itineraries/china-state-visit-2018"
CONTACTS = "/itineraries/russia-china-contacts-2017-2018"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.fixture(params=sorted(WIDTHS))
def sized(request, page):
    """The page at a desktop or a phone width."""
    page.set_viewport_size(WIDTHS[request.param])
    return page


def test_rows_show_three_zones_and_fit_the_screen(sized, server):
    sized.goto(f"{server}{CONTACTS}?tz=Asia/Tokyo")
    row = sized.locator("li.entry[data-uid=contacts-da-nang-2017]")
    expect(row.locator(".when > .time")).to_have_text(
        ["12:00–13:00 Moscow (UTC+3)", "16:00–17:00 Ho Chi Minh City (UTC+7)", "18:00–19:00 Tokyo (UTC+9)"]
    )
    for zone in row.locator(".when > .time").all():
        expect(zone).to_be_visible()
    width = sized.viewport_size["width"]
    assert sized.evaluate("document.documentElement.scrollWidth") <= width
    assert serious(sized) == []


def test_jump_links_scroll_to_the_day(sized, server):
    sized.goto(server + CONTACTS)
    expect(sized.locator(".window-nav")).to_have_count(0)
    sized.get_by_role("link", name="Thu 17 May 2018").click()
    expect(sized).to_have_url(f"{server}{CONTACTS}#day-2018-05-17")
    expect(sized.locator("h2#day-2018-05-17")).to_be_in_viewport()
    assert serious(sized) == []


def test_browser_zone_is_offered_then_kept_on_the_event_page(sized, server):
    """This browser runs in Asia/Tokyo: the first visit offers it; the choice holds on the next pages."""
    sized.goto(server + CHINA)
    offer = sized.get_by_role("link", name="Show times in Tokyo (UTC+9)")
    expect(offer).to_be_visible()
    assert serious(sized) == []
    offer.click()
    expect(sized).to_have_url(f"{server}{CHINA}?tz=Asia%2FTokyo")
    arrival = sized.locator("li.entry[data-uid=cn2018-arrival-beijing]")
    expect(arrival.locator(".reader-time")).to_have_text("09:30–10:00 Tokyo (UTC+9)")
    expect(sized.locator("p.zone-offer")).to_have_count(0)

    arrival.get_by_role("link", name="Arrival in Beijing").click()
    expect(sized).to_have_url(re.compile(r"/events/cn2018-arrival-beijing\?tz=Asia(/|%2F)Tokyo$"))
    expect(sized.locator(".fact-reader-time")).to_have_text("Friday 8 June 2018, 09:30 to 10:00")

    sized.goto(server + CONTACTS)  # another itinerary, no ?tz=: the cookie keeps the choice
    expect(sized.locator("li.entry[data-uid=contacts-da-nang-2017] .reader-time")).to_have_text(
        "18:00–19:00 Tokyo (UTC+9)"
    )
