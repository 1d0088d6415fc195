"""In Chromium at phone width: "which 02:30?" answered on the Berlin fall-back night, and an Outlook
file with problems imported in two steps (every problem listed, then only the accepted events).

Each page is checked for sideways scrolling and with axe.
"""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
from playwright.sync_api import expect

from tests.browser.conftest import save_event, sign_in
from tests.browser.test_accessibility import serious

PHONE = {"width": 390, "height": 844}
BERLIN = "/itineraries/berlin-night"

# What Outlook 16 writes: CRLF lines folded at 75 octets, a Windows zone name with its VTIMEZONE (rules
# from 1601), a weekly series with one extra date (RDATE), an alarm and Microsoft's own properties.
OUTLOOK_UID = "040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5A6010000000000000000100000" + "00AB12CD34"
TRAIN_UID = "040000008200E00074C5B7101A82E00800000000B0B1C2D3E4F5A6010000000000000000100000" + "00AB12CD35"
LUNCH_UID = "040000008200E00074C5B7101A82E00800000000C0B1C2D3E4F5A6010000000000000000100000" + "00AB12CD36"
OUTLOOK_LINES = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    "VERSION:2.0",
    "METHOD:PUBLISH",
    "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
    "BEGIN:VTIMEZONE",
    "TZID:W. Europe Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T030000",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
    "BEGIN:VEVENT",
    "CLASS:PUBLIC",
    "CREATED:20240901T080000Z",
    "DESCRIPTION:Weekly planning with the delegation.\\n",
    'DTEND;TZID="W. Europe Standard Time":20240916T100000',
    "DTSTAMP:20240901T080000Z",
    'DTSTART;TZID="W. Europe Standard Time":20240916T090000',
    "LAST-MODIFIED:20240901T080000Z",
    "PRIORITY:5",
    'RDATE;TZID="W. Europe Standard Time":20241031T150000',
    "RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO",
    "SEQUENCE:0",
    "SUMMARY;LANGUAGE=en-gb:Weekly planning",
    "TRANSP:OPAQUE",
    f"UID:{OUTLOOK_UID}",
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
    "BEGIN:VALARM",
    "TRIGGER:-PT15M",
    "ACTION:DISPLAY",
    "DESCRIPTION:Reminder",
    "END:VALARM",
    "END:VEVENT",
]
BROKEN_LINES = [
    # Physical lines of the folded file (each UID takes two): this BEGIN is line 44.
    "BEGIN:VEVENT",
    'DTSTART;TZID="W. Europe Standard Time":20241002T140000',
    'DTEND;TZID="W. Europe Standard Time":20241002T130000',
    "DTSTAMP:20240901T080000Z",
    "SUMMARY:Backwards lunch",
    f"UID:{LUNCH_UID}",
    "END:VEVENT",
    # line 52
    "BEGIN:VEVENT",
    'DTSTART;TZID="W. Europe Standard Time":20241003T080000',
    'DTEND;TZID="W. Europe Standard Time":20241003T120000',
    "DTSTAMP:20240901T080000Z",
    "SUMMARY:Night train",
    f"UID:{TRAIN_UID}",
    "END:VEVENT",
    # line 60
    "BEGIN:VEVENT",
    'DTSTART;TZID="W. Europe Standard Time":20241004T080000',
    'DTEND;TZID="W. Europe Standard Time":20241004T120000',
    "DTSTAMP:20240901T080000Z",
    "SUMMARY:Copy of the night train",
    f"UID:{TRAIN_UID}",
    "END:VEVENT",
    "END:VCALENDAR",
]


def outlook_file(lines: list[str]) -> bytes:
    """The lines as Outlook writes them: folded at 75 octets, CRLF."""
    folded = []
    for line in lines:
        while len(line) > 75:
            folded.append(line[:75])
            line = " " + line[75:]
        folded.append(line)
    return ("\r\n".join(folded) + "\r\n").encode()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def new_berlin_itinerary(page, server: str) -> None:
    """A Berlin itinerary made through the form, its summary typed on two lines."""
    page.goto(server + "/new-itinerary")
    page.get_by_label("Slug").fill("berlin-night")
    page.get_by_label("Title").fill("Berlin night")
    page.get_by_label("Home time zone").fill("Europe/Berlin")
    page.get_by_label("Summary").fill("Night shift\nSecond line")
    page.get_by_role("button", name="Save itinerary").click()
    page.wait_for_url(server + BERLIN)
    # Shown on two lines, as typed (innerText follows the page's CSS).
    assert page.locator("p.summary").inner_text() == "Night shift\nSecond line"


def test_second_0230_of_the_fall_back_night_is_asked_and_kept_at_phone_width(page, server):
    page.set_viewport_size(PHONE)
    sign_in(page, server)
    new_berlin_itinerary(page, server)

    page.goto(server + BERLIN + "/new-event")
    # The "All day" label stays beside its box at phone width (it once fell to the line below).
    box = page.get_by_role("checkbox", name="All day").bounding_box()
    label = page.locator("label", has_text="All day").bounding_box()
    assert label["x"] > box["x"] + box["width"] and label["y"] < box["y"] + box["height"]
    save_event(page, {"Title": "Night watch", "Start date": "2024-10-27", "Start time": "02:30", "End time": "02:45"})

    # Nothing saved; both 02:30s offered with their offsets.
    question = page.get_by_role("group", name="Which 02:30 on 27 October 2024?")
    expect(question.get_by_role("radio")).to_have_count(2)
    expect(question.locator("label")).to_have_text(["02:30 CEST (UTC+02:00, first)", "02:30 CET (UTC+01:00, second)"])
    assert no_sideways_scroll(page)
    assert serious(page) == []

    page.get_by_label("02:30 CET (UTC+01:00, second)").check()
    page.get_by_label("02:45 CET (UTC+01:00, second)").check()
    page.get_by_role("button", name="Save event").click()
    expect(page.locator(".flash").first).to_have_text("Added Night watch.")
    expect(page.locator(".facts")).to_contain_text("Sunday 27 October 2024, 02:30 CET to 02:45 CET (Berlin, UTC+1)")
    assert no_sideways_scroll(page)
    event_page = page.url

    page.goto(server + BERLIN)
    expect(page.locator(".entry .when")).to_have_text("02:30 CET–02:45 CET")
    assert no_sideways_scroll(page)

    # The event's own file: the instants the editor chose, in UTC.
    page.goto(event_page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2024, 10, 27, 1, 45, tzinfo=UTC)

    # The feed of an itinerary whose summary has a line break answers.
    assert page.request.get(server + BERLIN + ".ics").status == 200

    # A time the clocks skip is refused, naming the field.
    page.goto(server + BERLIN + "/new-event")
    save_event(
        page, {"Title": "Spring forward", "Start date": "2024-03-31", "Start time": "02:30", "End time": "03:30"}
    )
    expect(page.locator(".error-summary li")).to_have_text(
        ["Start time (Berlin): 2024-03-31 02:30 does not exist in Europe/Berlin (clocks skip it)"]
    )
    assert no_sideways_scroll(page)
    assert serious(page) == []


def test_outlook_file_with_problems_lists_them_all_then_imports_the_accepted_at_phone_width(page, server):
    page.set_viewport_size(PHONE)
    sign_in(page, server)
    new_berlin_itinerary(page, server)

    page.goto(server + BERLIN + "/import")
    page.get_by_label("Calendar file (.ics)").set_input_files(
        {"name": "outlook.ics", "mimeType": "text/calendar", "buffer": outlook_file(OUTLOOK_LINES + BROKEN_LINES)}
    )
    page.get_by_role("button", name="Import", exact=True).click()

    problems = page.get_by_role("region", name="Events that cannot be imported")
    duplicate = (
        f"uid: 2 events in the file have the UID {TRAIN_UID} ('Night train' at line 52, "
        "'Copy of the night train' at line 60); rename all but one"
    )
    expect(problems.locator(".problem")).to_have_text(
        [
            f"line 44: event {LUNCH_UID} ('Backwards lunch'): end: must not be before the start",
            f"line 52: event {TRAIN_UID} ('Night train'): {duplicate}",
            f"line 60: event {TRAIN_UID} ('Copy of the night train'): {duplicate}",
        ]
    )
    # Nothing stored yet.
    assert "Weekly planning" not in page.request.get(server + BERLIN + ".ics").text()
    # Outlook's 100-digit UIDs wrap instead of pushing the page sideways.
    assert no_sideways_scroll(page)
    assert serious(page) == []

    page.get_by_role("button", name="Import the 1 accepted event").click()
    page.wait_for_url(server + BERLIN)
    flashes = page.locator(".flash")
    expect(flashes.first).to_have_text("Imported the accepted events: 1 created, 0 updated, 0 unchanged, 3 refused.")
    expect(flashes.filter(has_text="'Weekly planning'")).to_have_text(
        [
            "'Weekly planning': Windows zone 'W. Europe Standard Time' read as Europe/Berlin",
            "'Weekly planning': dropped PRIORITY, X-MICROSOFT-CDO-BUSYSTATUS, an alarm (VALARM)",
        ]
    )
    assert no_sideways_scroll(page)
    assert serious(page) == []

    # The series keeps its own zone and its extra date; the refused events are left out.
    feed = icalendar.Calendar.from_ical(page.request.get(server + BERLIN + ".ics").body())
    (series,) = feed.walk("VEVENT")
    assert str(series["UID"]) == OUTLOOK_UID
    assert series.decoded("DTSTART") == datetime(2024, 9, 16, 7, 0, tzinfo=UTC)
    assert series["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [d.dt.astimezone(UTC) for d in series["RDATE"].dts] == [datetime(2024, 10, 31, 14, 0, tzinfo=UTC)]
