"""In Chromium at 375 px: the changes page reads as sentences without sideways scroll; the new confirmation,
copy and delete pages pass axe (issue 14)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from itinerary import accounts, fixtures, services
from itinerary.storage import Store
from tests.browser.conftest import PASSWORD, USERNAME, serving, sign_in
from tests.browser.test_accessibility import serious
from tests.builders import when
from tests.conftest import Clock
from web import create_app

PHONE = {"width": 375, "height": 740}
CHINA = "/itineraries/china-state-visit-2018"
LONG = "Reception-for-the-delegations-of-the-Shanghai-Cooperation-Organisation-member-states"


@pytest.fixture
def summit(tmp_path):
    """A real server on a free loopback port: the seed, one editor, and a daily breakfast changed three times."""
    clock = Clock()
    store = Store(f"sqlite:///{tmp_path / 'browser.sqlite3'}", clock=clock)
    app = create_app(
        {"STORE": store, "SECRET_KEY": "browser-test", "DATABASE_URL": "unused", "SESSION_COOKIE_SECURE": False}
    )
    fixtures.load_seed(store)
    accounts.create_editor(store, USERNAME, PASSWORD)
    slug = "china-state-visit-2018"
    services.create_event(
        store,
        slug,
        uid="breakfast",
        title=f"Breakfast {LONG}",
        rrule="FREQ=DAILY;COUNT=3",
        url=f"https://example.org/{LONG}/{LONG}",
        **when("2018-06-08 07:00", "07:30"),
    )
    clock.now += timedelta(minutes=1)
    services.cancel_occurrence(store, slug, "breakfast", datetime(2018, 6, 9, 7), editor=USERNAME)
    clock.now += timedelta(minutes=1)
    services.update_event(store, slug, "breakfast", rrule="FREQ=DAILY;COUNT=4", description=LONG * 3, editor=USERNAME)

    with serving(app) as base:
        yield base
    store.dispose()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_changes_page_reads_as_sentences_on_a_phone(page, summit):
    page.set_viewport_size(PHONE)
    sign_in(page, summit)
    page.goto(f"{summit}{CHINA}/changes")
    # Nothing wider than the phone: long names and addresses wrap instead of pushing the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    entry = page.locator("li.change[data-uid=breakfast]")
    expect(entry).to_have_count(3)
    expect(entry.nth(1).locator("li.occurrence-change")).to_have_text("The occurrence of 9 June 2018, 07:00: cancelled")
    expect(entry.nth(0).locator(".change-fields li").last).to_have_text(
        "Recurrence: every day, 3 times → every day, 4 times"
    )
    expect(entry.nth(0).locator(".change-editor")).to_have_text("by editor")
    assert serious(page) == []


def test_restoring_an_occurrence_and_the_confirmations_in_the_browser(page, summit):
    page.set_viewport_size(PHONE)
    sign_in(page, summit)
    page.goto(f"{summit}{CHINA}/events/breakfast")
    page.get_by_role("button", name="Restore this occurrence of Saturday 9 June 2018, 07:00").click()
    expect(page.locator(".flash")).to_have_text(f"Restored the occurrence of Breakfast {LONG} on 9 June 2018, 07:00.")
    page.get_by_role("link", name="Cancel this occurrence of Sunday 10 June 2018, 07:00").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the occurrence of 10 June 2018, 07:00?")
    assert _fits(page) and serious(page) == []
    page.get_by_role("link", name="No, go back").click()
    for path in (f"{CHINA}/feed-token/rotate", f"{CHINA}/delete", f"{CHINA}/duplicate"):
        page.goto(summit + path)
        assert (_fits(page), serious(page)) == (True, []), path


def test_editor_copies_then_deletes_an_itinerary_in_the_browser(page, summit):
    sign_in(page, summit)
    page.goto(f"{summit}{CHINA}")
    page.get_by_role("link", name="Copy as a template").click()
    page.get_by_label("Slug of the copy").fill("china-state-visit-2019")
    page.get_by_label("Title of the copy").fill("State visit, 2019")
    page.get_by_label("New first day (optional)").fill("2019-06-07")
    page.get_by_role("button", name="Make the copy").click()
    page.wait_for_url(f"{summit}/itineraries/china-state-visit-2019")
    expect(page.get_by_role("heading", level=1)).to_have_text("State visit, 2019")
    page.get_by_role("link", name="Delete itinerary").click()
    page.get_by_role("button", name="Yes, delete the itinerary").click()
    page.wait_for_url(f"{summit}/")
    response = page.goto(f"{summit}/itineraries/china-state-visit-2019")
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Gone")
