"""Issue 14, as a new editor would: a 3-day summit in two cities and two zones, built through the forms only.

Moscow (Europe/Moscow, the home zone) for two days, then a flight by plane to Irkutsk (Asia/Irkutsk,
five hours ahead) with both ends created in the event form itself. Dates go in through the date and
time inputs and as typed text ("2 Dec 10am", shown back in the programme's year), a daily breakfast
ends with the programme (3 times, not 1,000), a press briefing that overlaps the talks is saved
anyway with a reason (kept on the changes page), a new participant is attached to an event, and a
release is published with a note: a reader who is not signed in sees nothing of it before and all
of it after, on the page and in the public feed. Each page visited is checked with axe at desktop
width, the programme also at phone width (375px).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from playwright.sync_api import expect

from tests.browser.conftest import launch, sign_in
from tests.browser.test_accessibility import serious

SLUG = "northern-summit-2027"
SUMMIT = "/itineraries/" + SLUG
MOSCOW, IRKUTSK = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Irkutsk")
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 375, "height": 740}
REASON = "The press pool leaves at noon; the talks may end early"
NOTE = "Programme agreed with both delegations"
OVERLAP = (
    "'Bilateral talks' (2 December 2027 10:00-11:30) and 'Press briefing' (2 December 2027 11:00-11:45) "
    "are both at Moscow Congress Centre and overlap for 30 minutes; check that they use different rooms."
)
FLIGHT_WHEN = "Thursday 2 December 2027, 20:00 Moscow (UTC+3) to Friday 3 December 2027, 07:10 Irkutsk (UTC+8)"
WED, THU, FRI = "Wednesday 1 December 2027", "Thursday 2 December 2027", "Friday 3 December 2027"
#: The programme as everyone sees it: (day, times, title), times in Moscow and the venue's zone where it differs.
PROGRAMME_ROWS = [
    (WED, "08:00–09:00", "Delegation breakfast"),
    (WED, "10:00–12:00", "Opening plenary"),
    (THU, "08:00–09:00", "Delegation breakfast"),
    (THU, "10:00–11:30", "Bilateral talks"),
    (THU, "11:00–11:45", "Press briefing"),
    (THU, "20:00–02:10 (ends Fri 3 Dec)", "Flight to Irkutsk"),
    (FRI, "06:00–08:00 Moscow (UTC+3) 11:00–13:00 Irkutsk (UTC+8)", "Baikal round table"),
    (FRI, "08:00–09:00", "Delegation breakfast"),
]
TITLES = sorted({title for _, _, title in PROGRAMME_ROWS})


def _moscow(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 12, day, hour, minute, tzinfo=MOSCOW)


#: The public feed read back with recurring_ical_events: the breakfast three times, ending with the programme.
FEED = [
    ("Delegation breakfast", _moscow(1, 8), _moscow(1, 9)),
    ("Opening plenary", _moscow(1, 10), _moscow(1, 12)),
    ("Delegation breakfast", _moscow(2, 8), _moscow(2, 9)),
    ("Bilateral talks", _moscow(2, 10), _moscow(2, 11, 30)),
    ("Press briefing", _moscow(2, 11), _moscow(2, 11, 45)),
    ("Flight to Irkutsk", _moscow(2, 20), datetime(2027, 12, 3, 7, 10, tzinfo=IRKUTSK)),
    ("Baikal round table", datetime(2027, 12, 3, 11, tzinfo=IRKUTSK), datetime(2027, 12, 3, 13, tzinfo=IRKUTSK)),
    ("Delegation breakfast", _moscow(3, 8), _moscow(3, 9)),
]


def _rows(page) -> list[tuple[str, str, str]]:
    """The programme's rows as shown: (day heading, times, title), white space as one space."""
    return [
        tuple(" ".join(cell.split()) for cell in cells)
        for cells in page.eval_on_selector_all(
            "section.day li.entry",
            """rows => rows.map(row => [
                row.closest('section.day').querySelector('h2').innerText,
                row.querySelector('.when').innerText,
                row.querySelector('.title a').innerText,
            ])""",
        )
    ]


def _sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def _axe_clean(page) -> None:
    assert serious(page) == [], page.url


def _field(page, label: str):
    return page.get_by_label(label, exact=True)


@pytest.fixture
def server_options() -> dict:
    """Saves wait for a release (the default of a real install): the reader sees only what is published."""
    return {}


def _new_event(page, server, title: str, kind: str = "other") -> None:
    page.goto(server + SUMMIT + "/new-event")
    _axe_clean(page)
    _field(page, "Title").fill(title)
    _field(page, "Kind").select_option(kind)


def _when(page, start: datetime, end: datetime) -> None:
    """Type the start and end into the date and time inputs (labels name their zones, so matched loosely)."""
    page.get_by_label("Start date").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("Start time").fill(f"{start:%H:%M}")
    page.get_by_label("End date").fill(f"{end:%Y-%m-%d}")
    page.get_by_label("End time").fill(f"{end:%H:%M}")


def _new_place(page, which: str, name, city, country, zone, latitude, longitude, *, zone_last=False) -> None:
    """Open the event form's part that creates a new venue (``which``: or destination) and fill it in.

    The zone is typed after the name, city and country, or with ``zone_last`` after the coordinates.
    """
    page.get_by_text(f"Or create a new {which}").click()
    fields = {"name": name, "city": city, "country": country, "time zone": zone}
    fields |= {"latitude": latitude, "longitude": longitude}
    if zone_last:
        fields["time zone"] = fields.pop("time zone")
    for label, value in fields.items():
        _field(page, f"New {which}: {label}").fill(value)


def _save(page, title: str) -> None:
    page.get_by_role("button", name="Save event", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text(f"Added {title}.")


def _feed(context, server) -> icalendar.Calendar:
    answer = context.request.get(server + SUMMIT + ".ics")
    assert answer.status == 200
    return icalendar.Calendar.from_ical(answer.body())


def _programme(feed: icalendar.Calendar) -> list[tuple[str, datetime, datetime]]:
    """Every occurrence from 2027 to 2030 (a breakfast without an end once ran until 2029): (title, start, end)."""
    found = recurring_ical_events.of(feed).between(date(2027, 1, 1), date(2031, 1, 1))
    return sorted(
        ((str(e["SUMMARY"]), e.start, e.end) for e in found),
        key=lambda row: (row[1], row[0]),
    )


def test_summit_in_two_cities_built_through_the_forms(page, server, playwright, tmp_path):
    page.set_viewport_size(DESKTOP)
    sign_in(page, server)

    # 1. A new itinerary.
    page.goto(server + "/new-itinerary")
    _axe_clean(page)
    _field(page, "Slug (the itinerary's address; it never changes)").fill(SLUG)
    _field(page, "Title").fill("Northern Summit 2027")
    _field(page, "Home time zone").fill("Europe/Moscow")
    _field(page, "Summary").fill("Three days in Moscow and Irkutsk.")
    expect(_field(page, "Publish every save at once")).not_to_be_checked()  # saves wait for a release
    page.get_by_role("button", name="Save itinerary").click()
    page.wait_for_url(server + SUMMIT)
    expect(page.locator(".flash-success")).to_have_text("Created Northern Summit 2027.")
    expect(page.locator("h1")).to_have_text("Northern Summit 2027")
    _axe_clean(page)

    # 6. A new participant, attached below to the opening.
    page.goto(server + "/participants/new")
    _axe_clean(page)
    _field(page, "Name").fill("Anna Volkova")
    _field(page, "Role").fill("Chief of protocol")
    _field(page, "Delegation").fill("Northern Forum")
    page.get_by_role("button", name="Save participant").click()
    expect(page.locator("h1")).to_have_text("Anna Volkova")
    _axe_clean(page)

    # 2. The opening on day 1, through the date and time inputs, at a venue created in the form.
    _new_event(page, server, "Opening plenary", "meeting")
    expect(page.locator("label[for=start_time]")).to_have_text("Start time (Moscow)")
    _when(page, datetime(2027, 12, 1, 10, 0), datetime(2027, 12, 1, 12, 0))
    _new_place(page, "venue", "Moscow Congress Centre", "Moscow", "Russia", "Europe/Moscow", "55.7520", "37.6175")
    page.get_by_label("Anna Volkova").check()
    _save(page, "Opening plenary")

    expect(page.locator(".fact-when")).to_have_text("Wednesday 1 December 2027, 10:00 to 12:00 (Moscow, UTC+3)")
    expect(page.locator("ul.participants")).to_have_text("Anna Volkova (Chief of protocol, Northern Forum)")
    _axe_clean(page)
    page.goto(server + "/participants")
    page.get_by_role("link", name="Anna Volkova").click()
    expect(page.locator("ul.uses > li > a")).to_have_text(["Opening plenary"])

    # 2. Talks on day 2 typed as text without a year: the form shows back what it read, in 2027.
    _new_event(page, server, "Bilateral talks", "talks")
    _field(page, "Or type the start").fill("2 Dec 10am")
    _field(page, "Or type the end").fill("2 Dec 11:30am")
    own = page.locator('#venue optgroup[label="This itinerary\'s venues"] option')
    expect(own).to_have_text(["Moscow Congress Centre"])
    _field(page, "Venue (for travel, the origin)").select_option(label="Moscow Congress Centre")
    page.get_by_role("button", name="Save event", exact=True).click()
    expect(page.locator(".check-before-saving dl.understood")).to_have_text(
        "StartsThursday 2 December 2027, 10:00 MoscowEndsThursday 2 December 2027, 11:30 Moscow"
    )
    expect(page.get_by_label("Start date")).to_have_value("2027-12-02")
    expect(page.get_by_label("Start time")).to_have_value("10:00")
    expect(page.get_by_label("End time")).to_have_value("11:30")
    _axe_clean(page)
    _save(page, "Bilateral talks")
    expect(page.locator(".fact-when")).to_have_text("Thursday 2 December 2027, 10:00 to 11:30 (Moscow, UTC+3)")

    # 5. A press briefing in the same hall while the talks run: a warning, saved anyway with a reason.
    _new_event(page, server, "Press briefing", "press")
    _when(page, datetime(2027, 12, 2, 11, 0), datetime(2027, 12, 2, 11, 45))
    _field(page, "Venue (for travel, the origin)").select_option(label="Moscow Congress Centre")
    page.get_by_role("button", name="Save event", exact=True).click()
    expect(page.locator("#warnings-title")).to_have_text("Not saved yet: this change brings 1 warning")
    expect(page.locator(".warning-summary")).to_contain_text(OVERLAP)
    _axe_clean(page)
    _field(page, "Why save it anyway?").fill(REASON)
    page.get_by_role("button", name="Save anyway").click()
    expect(page.locator(".flash-success")).to_have_text("Added Press briefing.")

    # 4. The flight to Irkutsk, both ends created in the form; the end is read in Irkutsk's zone.
    _new_event(page, server, "Flight to Irkutsk", "travel")
    _new_place(page, "venue", "Sheremetyevo Airport", "Moscow", "Russia", "Europe/Moscow", "55.9726", "37.4146")
    irkutsk_airport = ("Irkutsk Airport", "Irkutsk", "Russia", "Asia/Irkutsk", "52.2678", "104.3889")
    _new_place(page, "destination", *irkutsk_airport, zone_last=True)
    expect(page.locator("label[for=start_time]")).to_have_text("Start time (Moscow)")
    expect(page.locator("label[for=end_time]")).to_have_text("End time (Asia/Irkutsk, the destination's zone)")
    _when(page, datetime(2027, 12, 2, 20, 0), datetime(2027, 12, 3, 7, 10))
    _field(page, "Mode of travel (travel only)").select_option("plane")
    _axe_clean(page)
    _save(page, "Flight to Irkutsk")
    expect(page.locator(".fact-when")).to_have_text(FLIGHT_WHEN)
    expect(page.locator(".fact-home-time")).to_have_text(
        "Thursday 2 December 2027, 20:00 to Friday 3 December 2027, 02:10"
    )
    expect(page.locator(".fact-destination")).to_contain_text("Irkutsk Airport, Irkutsk, Russia")
    expect(page.locator(".fact-mode")).to_have_text("By plane")
    _axe_clean(page)

    # Day 3 in Irkutsk, at a venue created in the form: typed times read in its zone, shown back with Moscow's.
    _new_event(page, server, "Baikal round table", "meeting")
    _new_place(page, "venue", "Baikal Business Centre", "Irkutsk", "Russia", "Asia/Irkutsk", "52.2870", "104.2810")
    expect(page.locator("label[for=start_time]")).to_have_text("Start time (Irkutsk)")
    _field(page, "Or type the start").fill("3 Dec 11am")
    _field(page, "Or type the end").fill("1pm")
    page.get_by_role("button", name="Save event", exact=True).click()
    expect(page.locator(".check-before-saving dl.understood")).to_have_text(
        "StartsFriday 3 December 2027, 11:00 Irkutsk"
        " (Friday 3 December 2027, 06:00 in Moscow, the programme's zone)"
        "EndsFriday 3 December 2027, 13:00 Irkutsk"
        " (Friday 3 December 2027, 08:00 in Moscow, the programme's zone)"
    )
    _save(page, "Baikal round table")
    expect(page.locator(".fact-when")).to_have_text("Friday 3 December 2027, 11:00 to 13:00 (Irkutsk, UTC+8)")

    # 3. A breakfast every day, ending with the programme: three times, not a thousand.
    _new_event(page, server, "Delegation breakfast", "meal")
    _when(page, datetime(2027, 12, 1, 8, 0), datetime(2027, 12, 1, 9, 0))
    _field(page, "Venue (for travel, the origin)").select_option(label="Moscow Congress Centre")
    _field(page, "Repeats").select_option(label="Every day")
    expect(page.locator("#repeat_end option:checked")).to_have_text(
        "With the programme (on its last day, 3 December 2027)"
    )
    _axe_clean(page)
    _save(page, "Delegation breakfast")
    expect(page.locator(".fact-recurrence")).to_have_text("Every day until 3 December")
    _axe_clean(page)

    # The programme as the editor sees it, at desktop and at phone width.
    page.goto(server + SUMMIT)
    assert _rows(page) == PROGRAMME_ROWS
    expect(page.locator(".leg .to")).to_have_text("Irkutsk Airport, 07:10 Irkutsk (UTC+8)")
    _axe_clean(page)
    page.set_viewport_size(PHONE)
    _axe_clean(page)
    assert not _sideways(page)
    page.set_viewport_size(DESKTOP)

    page.goto(server + SUMMIT + "/changes")
    expect(page.locator(".change-reason")).to_have_text(f"Saved despite warnings: {REASON}")
    _axe_clean(page)

    # 7. A reader, not signed in, sees nothing of it before it is published, and all of it after.
    reader = launch(playwright, tmp_path / "reader", timezone_id="Asia/Tokyo", locale="en-GB")
    reader.set_default_timeout(15_000)
    try:
        seen = reader.pages[0] if reader.pages else reader.new_page()
        seen.set_viewport_size(DESKTOP)
        seen.goto(server + SUMMIT)
        expect(seen.get_by_text("This programme has no published events yet.")).to_be_visible()
        assert _rows(seen) == []
        for title in TITLES:
            expect(seen.locator("main")).not_to_contain_text(title)
        _axe_clean(seen)
        assert _programme(_feed(reader, server)) == []

        page.goto(server + SUMMIT)
        expect(page.locator(".unpublished")).to_have_text(
            "6 unpublished changes: readers and feeds see nothing until you publish."
        )
        page.locator(".unpublished a").click()
        expect(page.locator("#unpublished-title")).to_have_text("6 unpublished changes")
        expect(page.locator(".unpublished-changes .change-event")).to_have_text(sorted(TITLES))
        _axe_clean(page)
        _field(page, "Note (optional)").fill(NOTE)
        page.get_by_role("button", name="Publish", exact=True).click()
        expect(page.locator(".flash-success")).to_have_text(
            "Published release 1 (4 June 2018, 12:00 Moscow, UTC+3): readers and feeds see it now."
        )

        seen.goto(server + SUMMIT)
        expect(seen.get_by_role("link", name="Add an event")).to_have_count(0)
        assert _rows(seen) == PROGRAMME_ROWS
        expect(seen.locator(".leg .to")).to_have_text("Irkutsk Airport, 07:10 Irkutsk (UTC+8)")
        _axe_clean(seen)
        seen.set_viewport_size(PHONE)
        _axe_clean(seen)
        assert not _sideways(seen)
        assert _programme(_feed(reader, server)) == FEED
        seen.set_viewport_size(DESKTOP)
        seen.get_by_role("link", name="Flight to Irkutsk").click()
        expect(seen.locator(".fact-when")).to_have_text(FLIGHT_WHEN)
        expect(seen.locator(".fact-mode")).to_have_text("By plane")
        _axe_clean(seen)
        seen.goto(server + SUMMIT + "/releases")
        expect(seen.locator(".release-list h2")).to_have_text(["Release 1"])
        expect(seen.locator(".release-note")).to_have_text([NOTE])
        _axe_clean(seen)
    finally:
        reader.close()
