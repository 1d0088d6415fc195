"""In Chromium at phone width: search from the box in the header, read the results with the words marked."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious

PHONE = {"width": 360, "height": 740}


def test_reader_searches_from_the_box_at_phone_width(page, server):
    page.set_viewport_size(PHONE)
    page.goto(server + "/itineraries/china-state-visit-2018")
    page.get_by_role("search").get_by_label("Search").fill("hockey")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(f"{server}/search?q=hockey")

    results = page.locator("li.search-result")
    expect(results).to_have_count(2)
    expect(page.get_by_role("status")).to_have_text("2 results for hockey")
    event = results.filter(has=page.get_by_role("link", name="Junior ice hockey match in Tianjin"))
    expect(event.locator("mark")).to_have_text(["hockey", "hockey"])
    expect(page.get_by_role("search").get_by_label("Search")).to_have_value("hockey")
    # Nothing wider than the phone: the box wraps under the brand instead of pushing the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious(page) == []

    event.get_by_role("link").click()
    page.wait_for_url(f"{server}/itineraries/china-state-visit-2018/events/cn2018-hockey-tianjin")


def test_busy_event_found_by_its_label_in_the_browser_and_in_full_only_after_signing_in(page, server):
    page.set_viewport_size(PHONE)
    page.goto(server + "/search?q=lunch")
    expect(page.locator("li.search-result h2")).to_have_text(["Closed working lunch"])  # busy for readers
    page.goto(server + "/search?q=sensitive")
    expect(page.get_by_role("status")).to_have_text("Nothing found for sensitive.")
    sign_in(page, server)
    page.get_by_role("search").get_by_label("Search").fill("lunch")
    page.get_by_role("search").get_by_label("Search").press("Enter")
    page.wait_for_url(f"{server}/search?q=lunch")
    expect(page.locator("li.search-result h2")).to_have_text(["Working lunch in narrow format"])
