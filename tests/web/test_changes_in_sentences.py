"""The changes page reads as sentences: each changed occurrence in words, and who made each change (issue 14)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from itinerary import services
from itinerary.storage import ChangeRow
from tests.builders import when
from tests.web.forms import csrf_token
from tests.web.html import parse

DATA = Path(__file__).parent.parent / "itinerary" / "data"
SUMMIT = "/itineraries/summit-2026"


def _occurrence_sentences(client, uid: str) -> list[list[str]]:
    doc = parse(client.get(f"{SUMMIT}/changes").data)
    return [li.texts("li.occurrence-change") for li in doc.select(f"li[data-uid={uid}]")]


def _summit(store) -> None:
    services.create_itinerary(store, slug="summit-2026", title="Summit, 2026", timezone="Europe/Moscow")
    services.create_event(
        store,
        "summit-2026",
        uid="breakfast",
        title="Breakfast",
        rrule="FREQ=DAILY;COUNT=3",
        **when("2026-11-29 08:00", "08:30"),
    )


def test_changes_page_says_each_changed_occurrence_in_a_sentence(client, app_store, editor, clock):
    """Regression: occurrence changes read "2026-11-30 08:00: ;" on the changes page."""
    _summit(app_store)
    for change in (
        lambda: services.cancel_occurrence(app_store, "summit-2026", "breakfast", datetime(2026, 11, 30, 8)),
        lambda: services.change_occurrence(
            app_store, "summit-2026", "breakfast", datetime(2026, 12, 1, 8), **when("2026-12-01 09:00", "09:30")
        ),
        lambda: services.restore_occurrence(app_store, "summit-2026", "breakfast", datetime(2026, 11, 30, 8)),
    ):
        clock.now += timedelta(minutes=1)
        change()
    assert _occurrence_sentences(client, "breakfast") == [
        ["The occurrence of 30 November 2026, 08:00: restored: it takes place again as planned"],
        ["The occurrence of 1 December 2026, 08:00: moved to 1 December 2026, 09:00–09:30 Moscow"],
        ["The occurrence of 30 November 2026, 08:00: cancelled"],
        [],  # created
    ]
    page = client.get(f"{SUMMIT}/changes").text
    assert ": ;" not in page and "2026-11-30" not in page


def test_recorded_occurrence_text_without_words_never_shows_its_punctuation(client, app_store, editor):
    """An entry recorded as ``2026-11-30 08:00: ; 2026-12-01 08:00: cancelled`` (an occurrence changed in a way
    the text does not name) reads as two sentences."""
    _summit(app_store)
    services.cancel_occurrence(app_store, "summit-2026", "breakfast", datetime(2026, 12, 1, 8))
    with app_store.transaction() as repo:
        repo.session.execute(
            update(ChangeRow)
            .where(ChangeRow.event_uid == "breakfast", ChangeRow.action == "changed")
            .values(fields={"changed occurrences": ["", "2026-11-30 08:00: ; 2026-12-01 08:00: cancelled"]})
        )
    assert _occurrence_sentences(client, "breakfast")[0] == [
        "The occurrence of 30 November 2026, 08:00: changed",
        "The occurrence of 1 December 2026, 08:00: cancelled",
    ]
    assert ": ;" not in client.get(f"{SUMMIT}/changes").text


def test_imports_are_attributed_to_the_editor_who_uploaded_them(client, app_store, editor):
    """Regression: changes made by an upload read "By (not recorded)"."""
    services.create_itinerary(app_store, slug="berlin", title="Berlin", timezone="Europe/Berlin")
    url = "/itineraries/berlin/import"
    data = (DATA / "thunderbird-berlin.ics").read_bytes()
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), "t.ics")})
    assert response.status_code == 302
    doc = parse(client.get("/itineraries/berlin/changes").data)
    assert doc.texts("li.change .change-editor") == ["by editor", "by editor"]
    assert sorted(doc.texts("li.change .change-event")) == ["Breakfast at the hotel", "Club evening"]


def test_changes_made_by_console_commands_say_so(client, editor):
    doc = parse(client.get("/itineraries/china-state-visit-2018/changes").data)
    assert set(doc.texts("li.change .change-editor")) == {"by a console command"}  # the seed, loaded by `load`
