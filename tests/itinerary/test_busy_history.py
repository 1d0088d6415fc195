"""What readers of public events see of a busy event in the change log, release diffs and search: its stand-in.

The seed's working lunch is busy for the public ("Closed working lunch", Tianjin, its time): a change to it
reads under that label with its time and status only; its title, description, people and venue never show,
and neither does an event hidden from the public. Editors see everything as before.
"""

from __future__ import annotations

from datetime import timedelta

from itinerary import changelog, releases, search, services
from tests.builders import when

STORES = ("sql", "memory")

SLUG = "china-state-visit-2018"
LUNCH = "cn2018-lunch-narrow"
LABEL = "Closed working lunch"
SECRETS = ("Working lunch in narrow format", "Lunch of the leaders only", "sensitive", "Ice Arena", "Ushakov")


def _said(changes) -> str:
    return "\n".join(f"{c.title} {c.action} {c.fields}" for c in changes)


def _moved_and_retitled(store, clock) -> None:
    clock.now += timedelta(days=1)
    services.update_event(store, SLUG, LUNCH, **when("2018-06-08 17:00", "18:15"))
    clock.now += timedelta(minutes=5)
    services.update_event(store, SLUG, LUNCH, title="Lunch of the leaders only", description="Xi: sensitive")
    releases.publish(store, SLUG)


def test_change_log_shows_a_busy_event_as_its_standin_to_readers(seeded, clock):
    _moved_and_retitled(seeded, clock)
    shown = changelog.changes_since(seeded.released(), SLUG, include_restricted=False)
    lunch = [c for c in shown if c.uid == LUNCH]
    assert [(c.title, c.action, c.fields) for c in lunch] == [
        (LABEL, "changed", {"start": ("2018-06-08 16:45 Asia/Shanghai", "2018-06-08 17:00 Asia/Shanghai"),
                            "end": ("2018-06-08 18:00 Asia/Shanghai", "2018-06-08 18:15 Asia/Shanghai")}),
        (LABEL, "created", {}),
    ]  # fmt: skip
    assert not [s for s in SECRETS if s in _said(shown)]


def test_change_log_shows_editors_a_busy_event_in_full(seeded, clock):
    _moved_and_retitled(seeded, clock)
    lunch = [c for c in changelog.changes_since(seeded, SLUG) if c.uid == LUNCH]
    assert [c.title for c in lunch] == [
        "Lunch of the leaders only",
        "Working lunch in narrow format",
        *["Working lunch in narrow format"],
    ]


def test_change_log_leaves_out_a_busy_event_that_is_hidden_now(seeded, clock):
    clock.now += timedelta(days=1)
    services.update_event(seeded, SLUG, LUNCH, access=(), label="")  # plainly restricted: hidden from the public
    clock.now += timedelta(minutes=5)
    services.update_event(seeded, SLUG, LUNCH, **when("2018-06-08 17:00", "18:15"))
    shown = changelog.changes_since(seeded, SLUG, include_restricted=False)
    # Hidden now, it goes away; what it was called while busy is not kept, so its kind's neutral label says it.
    assert [(c.title, c.action) for c in shown if c.uid == LUNCH] == [
        ("Private meal", "deleted"),
        ("Private meal", "created"),
    ]


def test_release_diff_shows_a_busy_event_as_its_standin_to_readers(seeded, clock):
    _moved_and_retitled(seeded, clock)
    last = releases.releases(seeded, SLUG)[-1].number
    shown = changelog.compare_versions(seeded, SLUG, 1, last, include_restricted=False)
    assert [(c.title, c.action, c.fields) for c in shown if c.uid == LUNCH] == [
        (LABEL, "changed", {"start": ("2018-06-08 16:45 Asia/Shanghai", "2018-06-08 17:00 Asia/Shanghai"),
                            "end": ("2018-06-08 18:00 Asia/Shanghai", "2018-06-08 18:15 Asia/Shanghai")}),
    ]  # fmt: skip
    assert not [s for s in SECRETS if s in _said(shown)]
    full = changelog.compare_versions(seeded, SLUG, 1, last)
    assert [c.title for c in full if c.uid == LUNCH] == ["Lunch of the leaders only"]


def test_release_diff_shows_a_busy_event_made_hidden_as_deleted(seeded, clock):
    clock.now += timedelta(days=1)
    services.update_event(seeded, SLUG, LUNCH, access=(), label="")
    releases.publish(seeded, SLUG)
    last = releases.releases(seeded, SLUG)[-1].number
    shown = changelog.compare_versions(seeded, SLUG, 1, last, include_restricted=False)
    assert [(c.title, c.action, c.fields) for c in shown if c.uid == LUNCH] == [(LABEL, "deleted", {})]


def test_search_finds_a_busy_event_by_its_label_never_by_its_hidden_words(seeded):
    readers = seeded.released()
    found = search.search(readers, "closed working", include_restricted=False)
    assert [("".join(p.text for p in r.title), r.uid, "".join(p.text for p in r.snippet)) for r in found] == [
        (LABEL, LUNCH, "Tianjin")
    ]
    for hidden in ("Working lunch in narrow format", "sensitive issues", "narrow format lunch"):
        assert [r.uid for r in search.search(readers, hidden, include_restricted=False)] == []
    editors = search.search(seeded, "sensitive issues", include_restricted=True)
    assert [r.uid for r in editors] == [LUNCH]


def test_search_never_finds_an_event_hidden_from_the_public_by_its_label(seeded):
    services.update_event(seeded, SLUG, LUNCH, access=(), label="Closed working lunch")  # restricted, labelled
    releases.publish(seeded, SLUG)
    assert search.search(seeded.released(), "closed working", include_restricted=False) == []


def test_a_session_of_a_busy_summit_stays_hidden_in_the_change_log_release_diff_and_search(seeded, clock):
    clock.now += timedelta(days=1)
    busy = (("public", "busy"),)
    services.create_event(
        seeded, SLUG, uid="retreat", title="Leaders' retreat", kind="summit", visibility="restricted",
        access=busy, **when("2018-06-09 18:00", "20:00"),
    )  # fmt: skip
    services.create_event(
        seeded, SLUG, uid="retreat-1", title="Retreat sitting", kind="summit-session", visibility="restricted",
        access=busy, label="Closed sitting", parent="retreat", **when("2018-06-09 18:00", "19:00"),
    )  # fmt: skip
    releases.publish(seeded, SLUG)
    log = changelog.changes_since(seeded, SLUG, include_restricted=False)
    assert [(c.uid, c.title, c.action) for c in log if c.uid.startswith("retreat")] == [
        ("retreat", "Closed summit", "created")
    ]
    last = releases.releases(seeded, SLUG)[-1].number
    diff = changelog.compare_versions(seeded, SLUG, 1, last, include_restricted=False)
    assert [(c.uid, c.title, c.action) for c in diff if c.uid.startswith("retreat")] == [
        ("retreat", "Closed summit", "created")
    ]
    assert search.search(seeded.released(), "closed sitting", include_restricted=False) == []


def test_change_log_never_tells_readers_how_other_audiences_see_a_public_event(seeded, clock):
    clock.now += timedelta(days=1)
    services.update_event(seeded, SLUG, "cn2018-press", access=(("delegation", "hidden"),), label="Press event")
    clock.now += timedelta(minutes=5)
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statement")
    shown = changelog.changes_since(seeded, SLUG, include_restricted=False)
    assert [(c.action, c.fields) for c in shown if c.uid == "cn2018-press"] == [
        ("changed", {"title": ("Press statements", "Joint press statement")}),
        ("created", {}),
    ]  # the settings change alone says nothing to a reader, and no entry names them
    editors = [c.fields for c in changelog.changes_since(seeded, SLUG) if c.uid == "cn2018-press"]
    assert editors[1] == {"audiences": ("", "delegation: hidden"), "public label": ("", "Press event")}
