"""Readers see repetition rules in words on every page, never RRULE text (issue 14)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from itinerary import changelog, services
from itinerary.storage import ChangeRow, VersionRow
from tests.builders import daily_briefing
from tests.web.html import parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"


def _briefing(store, rule: str) -> None:
    daily_briefing(store, SLUG, rrule=rule)


def _fields(doc) -> list[str]:
    return [li.text for li in doc.select("li[data-uid=briefing] ul.change-fields li")]


def test_event_page_names_the_end_of_a_series_by_its_local_date(client, app_store):
    # UNTIL 23:59:59 UTC on 9 June is 10 June in Beijing, the event's zone.
    _briefing(app_store, "FREQ=DAILY;UNTIL=20180609T235959Z")
    doc = parse(client.get(f"{CHINA}/events/briefing").data)
    assert doc.one(".fact-recurrence").text == "Every day until 10 June"


def test_changes_page_shows_a_changed_rule_in_words(client, app_store, clock):
    """Regression: the changes page showed readers ``FREQ=DAILY → FREQ=DAILY;COUNT=3``."""
    _briefing(app_store, "FREQ=DAILY")
    clock.now += timedelta(minutes=5)
    services.update_event(app_store, SLUG, "briefing", rrule="FREQ=DAILY;COUNT=3")
    doc = parse(client.get(f"{CHINA}/changes").data)
    assert _fields(doc) == ["Recurrence: every day → every day, 3 times"]
    assert "FREQ" not in client.get(f"{CHINA}/changes").text


def test_changes_recorded_as_rule_text_are_shown_in_words(client, app_store, clock):
    """Entries written before rules were recorded in words still hold rule text; readers see words."""
    _briefing(app_store, "FREQ=DAILY")
    clock.now += timedelta(minutes=5)
    services.update_event(app_store, SLUG, "briefing", rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=3")
    with app_store.transaction() as repo:
        repo.session.execute(
            update(ChangeRow)
            .where(ChangeRow.event_uid == "briefing", ChangeRow.action == "changed")
            .values(fields={"recurrence": ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=3"]})
        )
    doc = parse(client.get(f"{CHINA}/changes").data)
    assert _fields(doc) == ["Recurrence: every day → every weekday, 3 times"]


def test_version_comparison_shows_rules_in_words_even_against_an_old_snapshot(client, app_store, drafts, clock):
    _briefing(app_store, "FREQ=DAILY")
    changelog.publish_version(app_store, SLUG)
    # A version published before rules were recorded in words: its snapshot holds the rule text.
    with app_store.transaction() as repo:
        row = repo.session.query(VersionRow).filter_by(number=2).one()  # the seed is release 1
        snapshot = dict(row.snapshot)
        snapshot["briefing"] = {**snapshot["briefing"], "recurrence": "FREQ=DAILY"}
        row.snapshot = snapshot
    clock.now += timedelta(minutes=5)
    services.update_event(app_store, SLUG, "briefing", rrule="FREQ=DAILY;UNTIL=20180610T155959Z")
    changelog.publish_version(app_store, SLUG)
    changes = changelog.compare_versions(app_store, SLUG, 2, 3)
    assert [(c.uid, c.fields) for c in changes] == [
        ("briefing", {"recurrence": ("every day", "every day until 10 June")})
    ]
    doc = parse(client.get(f"{CHINA}/versions/compare?from=2&to=3").data)
    assert [li.text for li in doc.select("ul.change-fields li")] == ["Recurrence: every day → every day until 10 June"]
