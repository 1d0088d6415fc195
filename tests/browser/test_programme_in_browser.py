"""In Chromium: sign in, add an event, read it in two zones, cancel it, and find it cancelled in the feed."""

from __future__ import annotations

from pathlib import Path

import icalendar
from playwright.sync_api import expect

from tests.browser.conftest import launch, save_event, sign_in

CHINA = "/itineraries/china-state-visit-2018"


def _entry(page, title: str):
    return page.locator("li.entry", has=page.get_by_role("link", name=title, exact=True))


def test_editor_adds_reads_cancels_and_the_feed_follows(page, server):
    sign_in(page, server)
    expect(page.locator(".signed-in")).to_have_text("Signed in as editor")

    # Add an event through the form.
    page.goto(server + CHINA)
    page.get_by_role("link", name="Add an event").click()
    save_event(
        page,
        {
            "Title": "Meeting with business leaders",
            "Start date": "2018-06-09",
            "Start time": "18:00",
            "End time": "19:15",
        },
        {"Kind": "meeting", "Venue (for travel, the origin)": "qingdao-conference-center"},
    )
    expect(page.locator(".flash")).to_have_text("Added Meeting with business leaders.")
    expect(page.locator(".fact-when")).to_have_text("Saturday 9 June 2018, 18:00 to 19:15 (Beijing, UTC+8)")
    event_url = page.url

    # It is on the programme, on its day, at the local time.
    page.goto(server + CHINA)
    entry = _entry(page, "Meeting with business leaders")
    expect(entry.locator(".when")).to_have_text("18:00–19:15")
    day = page.locator("section.day", has=entry)
    expect(day.locator("h2")).to_have_text("Saturday 9 June 2018")

    # Switch the zone with the form (no script needed) and see both times.
    page.get_by_label("Show times also in").select_option("Europe/Moscow")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(f"{server}{CHINA}?tz=Europe%2FMoscow")
    entry = _entry(page, "Meeting with business leaders")
    expect(entry.locator(".home-time")).to_have_text("18:00–19:15 Beijing (UTC+8)")
    expect(entry.locator(".reader-time")).to_have_text("13:00–14:15 Moscow (UTC+3)")

    # Without a zone chosen, the script offers the reader's own zone (this browser runs in Asia/Tokyo).
    page.goto(f"{server}{CHINA}?tz=")
    page.get_by_role("link", name="Show times in Tokyo (UTC+9)").click()
    page.wait_for_url(f"{server}{CHINA}?tz=Asia%2FTokyo")
    expect(_entry(page, "Meeting with business leaders").locator(".reader-time")).to_have_text(
        "19:00–20:15 Tokyo (UTC+9)"
    )

    # Cancel it, confirming, and see it struck through with its status in words.
    page.goto(event_url)
    page.get_by_role("link", name="Cancel this event").click()
    expect(page.locator("h1")).to_have_text("Cancel “Meeting with business leaders”?")
    page.get_by_role("button", name="Yes, cancel the event").click()
    page.wait_for_url(server + CHINA)
    entry = _entry(page, "Meeting with business leaders")
    expect(entry.locator(".status")).to_have_text("Cancelled")
    decoration = entry.locator("h3 del").evaluate("node => getComputedStyle(node).textDecorationLine")
    assert decoration == "line-through"

    # Download the feed and find the event cancelled there.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the .ics file").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    found = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Meeting with business leaders"]
    assert len(found) == 1
    assert str(found[0]["STATUS"]) == "CANCELLED"
    assert found[0]["SEQUENCE"] == 1
    start = found[0].decoded("DTSTART")
    assert (start.isoformat(), str(start.tzinfo)) == ("2018-06-09T18:00:00+08:00", "Asia/Shanghai")


def test_refused_form_shows_messages_and_keeps_values(page, server):
    sign_in(page, server)
    page.goto(f"{server}{CHINA}/new-event")
    save_event(page, {"Title": "Late dinner", "Or type the start": "9 June 2018 21:00", "End time": "20:00"})
    expect(page.locator("#end_time-error")).to_have_text("must not be before the start")
    expect(page.get_by_label("Title")).to_have_value("Late dinner")
    expect(page.get_by_label("Or type the start")).to_have_value("2018-06-09 21:00")
    expect(page.get_by_label("Start date")).to_have_value("2018-06-09")
    expect(page.locator(".error-summary a")).to_have_text("End time (Beijing)")


def test_pages_work_without_javascript(playwright, server, tmp_path):
    context = launch(playwright, tmp_path / "nojs", java_script_enabled=False)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(server + CHINA)
        expect(page.locator("button.copy").first).to_be_hidden()
        expect(page.locator("p.zone-offer")).to_be_hidden()
        page.get_by_label("Show times also in").select_option("Europe/Moscow")
        page.get_by_role("button", name="Show", exact=True).click()
        entry = page.locator("li.entry[data-uid=cn2018-arrival-beijing]")
        expect(entry.locator(".reader-time")).to_have_text("03:30–04:00 Moscow (UTC+3)")
    finally:
        context.close()


def test_copy_button_copies_the_feed_address(browser, page, server):
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(server + CHINA)
    button = page.locator("button.copy[data-copy=feed-webcal]")
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"webcal://{server.removeprefix('http://')}/itineraries/china-state-visit-2018.ics"


def test_keyboard_reaches_the_content_and_the_zone_switch(page, server):
    page.goto(server + CHINA)
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to the content")
    page.keyboard.press("Enter")
    page.focus("#tz")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}{CHINA}?tz=*")
    assert page.locator(".other-time").count() > 0


def test_programme_fits_a_phone_screen(page, server):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/", CHINA + "?tz=Europe/Moscow", CHINA + "/events/cn2018-signing", "/sign-in"]:
        page.goto(server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
