"""In Chromium: warnings saved anyway with a reason, Problems for editors only, axe on the scheduling pages."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import launch, save_event, sign_in
from tests.browser.test_accessibility import serious

CHINA = "/itineraries/china-state-visit-2018"


def test_editor_sees_problems_and_a_reader_does_not(page, server, playwright, tmp_path):
    sign_in(page, server)

    # New warnings stop the save until the editor says why to save anyway; the summary takes the focus.
    page.goto(server + CHINA + "/events/cn2018-press/edit")
    save_event(page, {"Start time": "12:00", "End time": "12:30"})
    summary = page.locator(".warning-summary")
    expect(summary.locator("h2")).to_have_text("Not saved yet: this change brings 4 warnings")
    expect(summary.locator(".finding .severity")).to_have_text(["Warning"] * 4)
    expect(summary).to_be_focused()
    assert serious(page) == []

    # Saved anyway with a reason: stored, and on the itinerary page.
    page.goto(server + CHINA + "/new-event")
    save_event(
        page,
        {"Title": "Photo call", "Start date": "2018-06-08", "Start time": "12:50", "End time": "13:00"},
        {"Venue (for travel, the origin)": "great-hall-of-the-people"},
    )
    expect(page.locator(".warning-summary .finding .severity")).to_have_text(["Warning"])
    page.get_by_label("Why save it anyway?").fill("The photo call is in the east hall")
    page.get_by_role("button", name="Save anyway").click()
    expect(page.locator(".flash").first).to_have_text("Added Photo call.")
    page.goto(server + CHINA)
    problems = page.get_by_role("region", name="Problems (editors)")
    expect(problems.locator(".problems-count")).to_have_text("0 errors, 4 warnings.")
    expect(problems.get_by_role("link", name="Photo call")).to_be_visible()

    reader = launch(playwright, tmp_path / "reader")
    try:
        other = reader.pages[0] if reader.pages else reader.new_page()
        other.goto(server + CHINA)
        expect(other.get_by_role("heading", name="Subscribe")).to_be_visible()
        expect(other.locator(".problems")).to_have_count(0)
        expect(other.get_by_role("link", name="Photo call")).to_be_visible()
    finally:
        reader.close()


def test_scheduling_pages_have_no_serious_violations(page, server):
    sign_in(page, server)
    # A repeating event, so that its occurrences and the move form exist.
    page.goto(server + CHINA + "/new-event")
    save_event(
        page,
        {"Title": "Morning briefing", "Start date": "2018-06-08", "Start time": "07:00", "End time": "07:30"},
        {"Repeats": "FREQ=DAILY"},
    )
    expect(page.get_by_role("heading", name="Coming occurrences")).to_be_visible()
    event_url = page.url
    move_url = page.get_by_role("link", name="Move this occurrence of Saturday 9 June 2018, 07:00").get_attribute(
        "href"
    )
    # Two releases to compare: the seed is release 1, and the save above published release 2 (the browser
    # tests' server publishes every save).
    pages = [
        server + CHINA,
        event_url,
        server + move_url,
        server + CHINA + "/publish",
        server + CHINA + "/changes",
        server + CHINA + "/changes?since=2018-06-01",
        server + CHINA + "/versions/compare?from=1&to=2",
        server + CHINA + "/changes?since=bogus",
    ]
    found = {}
    for url in pages:
        page.goto(url)
        found[url] = serious(page)
    # A refused move (end before start) too.
    page.goto(server + move_url)
    page.get_by_label("New end time").fill("06:00")
    page.get_by_role("button", name="Move this occurrence").click()
    expect(page.locator("#end_time-error")).to_have_text("must not be before the start")
    found["refused move"] = serious(page)
    assert found == {url: [] for url in [*pages, "refused move"]}

    # Readers' views of the same pages.
    page.get_by_role("button", name="Sign out").click()
    for url in (
        server + CHINA,
        event_url,
        server + CHINA + "/changes",
        server + CHINA + "/versions/compare?from=1&to=2",
    ):
        page.goto(url)
        assert serious(page) == [], url
