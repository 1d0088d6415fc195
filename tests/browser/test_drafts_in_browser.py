"""In Chromium, at desktop and at phone width: paste an announcement, review the proposals, accept some.

Each page is checked for sideways scrolling and with axe.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious

CORPUS = Path(__file__).resolve().parents[1] / "itinerary" / "data" / "drafts"
SEED = (CORPUS / "en-seed-state-visit.txt").read_text(encoding="utf-8")
ALASKA = (CORPUS / "en-alaska-summit.txt").read_text(encoding="utf-8")
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_paste_review_and_accept_into_a_new_itinerary(page, server, width):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, server)
    page.get_by_role("link", name="Draft from an announcement").click()
    assert serious(page) == [] and no_sideways_scroll(page)

    page.get_by_label("Announcement").fill(SEED)
    page.get_by_label("Published on").fill("2018-06-04")
    page.get_by_role("button", name="Propose events").click()

    expect(page.get_by_role("heading", name="Review the proposed events")).to_be_visible()
    proposals = page.locator("li.proposal")
    expect(proposals).to_have_count(8)
    expect(proposals.nth(6).locator("mark")).to_have_text("lunch")
    assert serious(page) == [] and no_sideways_scroll(page)

    for n in (1, 2, 3, 5, 6):
        proposals.nth(n).get_by_label("Accept this proposal").uncheck()
    summit = proposals.nth(7)
    summit.get_by_label("City", exact=True).fill("Qingdao")
    train = proposals.nth(4)
    train.get_by_label("Start", exact=True).fill("14:00")
    train.get_by_label("End", exact=True).fill("14:35")
    page.get_by_label("Slug of the new itinerary").fill(f"visit-{width}")
    page.get_by_label("Title of the new itinerary").fill(f"Visit read in the browser ({width})")
    page.get_by_role("button", name="Accept the ticked proposals").click()

    page.wait_for_url(f"{server}/itineraries/visit-{width}")
    expect(page.locator(".flash-success")).to_have_text(
        f"Added 3 events to Visit read in the browser ({width}), as tentative."
    )
    main = page.locator("main")
    expect(main).to_contain_text("Talks in narrow format")
    expect(main).to_contain_text("Train from Beijing to Tianjin")
    expect(main).to_contain_text("14:00")
    expect(main).to_contain_text("SCO summit")
    assert serious(page) == [] and no_sideways_scroll(page)


def test_accept_into_an_existing_itinerary_and_a_refusal_on_the_way(page, server):
    page.set_viewport_size(WIDTHS["phone"])
    sign_in(page, server)
    page.goto(server + "/itineraries/draft")
    page.get_by_label("Announcement").fill(ALASKA)
    page.get_by_label("Published on").fill("2025-08-12")
    page.get_by_role("button", name="Propose events").click()
    proposals = page.locator("li.proposal")
    expect(proposals).to_have_count(5)
    expect(proposals.nth(1).get_by_label("Start", exact=True)).to_have_value("11:30")

    proposals.nth(1).get_by_label("City", exact=True).fill("Atlantis")
    page.get_by_label("An existing itinerary").check()
    page.get_by_label("Existing itinerary", exact=True).select_option("china-state-visit-2018")
    page.get_by_role("button", name="Accept the ticked proposals").click()

    expect(page.locator(".error-summary")).to_contain_text("Nothing was stored")
    expect(page.locator("#proposals-1-city-error")).to_have_text(
        "no city called 'Atlantis' in the gazetteer; write its English name, e.g. Qingdao"
    )
    assert serious(page) == [] and no_sideways_scroll(page)

    page.locator("li.proposal").nth(1).get_by_label("City", exact=True).fill("Anchorage")
    page.get_by_role("button", name="Accept the ticked proposals").click()
    page.wait_for_url(f"{server}/itineraries/china-state-visit-2018")
    expect(page.locator(".flash-success")).to_have_text(
        "Added 5 events to State visit to China and the SCO summit, June 2018, as tentative."
    )
