"""The SQL rows of releases: a release is its own copy of the itinerary's rows, and goes with its itinerary."""

from __future__ import annotations

from sqlalchemy import func, select

from itinerary import releases, services
from itinerary.storage import EventRow, ItineraryRow

SLUG = "china-state-visit-2018"


def counts(store) -> tuple[int, int]:
    with store.transaction() as repo:
        return repo.session.scalar(select(func.count(ItineraryRow.id))), repo.session.scalar(
            select(func.count(EventRow.id))
        )


def test_release_rows_are_a_copy_found_by_the_drafts_slug_and_listed_nowhere(seeded):
    drafts = sum(len(services.list_events(seeded, slug)) for slug in (SLUG, "russia-china-contacts-2017-2018"))
    assert counts(seeded) == (4, 2 * drafts)  # each itinerary and each event twice: the draft and the release
    with seeded.transaction() as repo:
        drafts = {i.slug for i in repo.itineraries()}
        shown = {i.slug for i in repo.staged(release=True).itineraries()}
        release_ids = {row.id for row in [repo.staged(release=True).itinerary_row(SLUG)]}
        draft_id = repo.itinerary_row(SLUG).id
    assert drafts == shown == {SLUG, "russia-china-contacts-2017-2018"}
    assert draft_id not in release_ids


def test_deleting_an_itinerary_deletes_its_release_and_the_release_events(seeded):
    itineraries, events = counts(seeded)
    drafts = len(services.list_events(seeded, SLUG))
    with seeded.transaction() as repo:
        repo.session.delete(repo.itinerary_row(SLUG))
    assert counts(seeded) == (itineraries - 2, events - 2 * drafts)


def test_publishing_rewrites_only_the_events_that_differ(seeded):
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    with seeded.transaction(release=True) as repo:
        before = {
            row.uid: (row.id, row.lock_version)
            for row in repo.session.scalars(
                select(EventRow).where(EventRow.itinerary_id == repo.itinerary_row(SLUG).id)
            )
        }
    releases.publish(seeded, SLUG)
    with seeded.transaction(release=True) as repo:
        after = {
            row.uid: (row.id, row.lock_version)
            for row in repo.session.scalars(
                select(EventRow).where(EventRow.itinerary_id == repo.itinerary_row(SLUG).id)
            )
        }
    assert before.keys() == after.keys()
    assert {uid for uid in after if after[uid] != before[uid]} == {"cn2018-press"}
