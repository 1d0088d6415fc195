"""A feed from stored event blocks, cached or not, is byte-identical to one built afresh, after every kind of change."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import update

from itinerary import feeds, ical, imports, services
from itinerary.feeds import FeedFilter
from itinerary.model import EventSpec, Kind, delegation_key
from itinerary.storage import EventRow
from tests.builders import GREAT_HALL, when
from tests.conftest import make_event, restrict_lunch

SLUG = "china-state-visit-2018"
SETTINGS = ical.FeedSettings(uid_domain="example.org", base_url="https://itinerary.example.org")


@pytest.fixture(autouse=True)
def blocks_for_settings(store):
    """Blocks are stored for the UID domain these feeds use, as the app stores them for its own."""
    store.block_domains = (SETTINGS.uid_domain,)


NO_FILTER = FeedFilter()


def fresh(store, *, private: bool, feed_filter: FeedFilter = NO_FILTER, settings=SETTINGS, slug=SLUG) -> bytes:
    """The feed as the library builds it in one tree from every event, filtered in Python; no cache involved."""
    itinerary = services.get_itinerary(store, slug)
    events = services.list_events(store, slug, audience="staff" if private else "public")  # busy as stand-ins
    name = itinerary.title + (" (private)" if private else "")
    if feed_filter.participant:
        name += ": " + next(p.name for e in events for p in e.participants if p.key == feed_filter.participant)
    if feed_filter.delegation:
        name += ": " + min(
            p.delegation
            for e in events
            for p in e.participants
            if delegation_key(p.delegation) == feed_filter.delegation
        )
    calendar = ical.build_calendar(
        itinerary,
        feed_filter.apply(events, itinerary.timezone),
        now=feeds.changed(itinerary, private),
        settings=settings,
        name=name,
        include_restricted=True,  # the events are already as the audience sees them
    )
    return ical.to_ics(calendar)


def count_serialized(monkeypatch) -> list[str]:
    """The UIDs of the events serialized from now on: each call of ical.event_components, which every
    path that renders an event calls (ical.event_block for blocks, ical.build_calendar for whole calendars).
    A busy event's stand-in (time, city, label: see itinerary.audiences) has no stored block and is rendered
    whenever a feed is built; it is not counted."""
    serialized: list[str] = []
    original = ical.event_components

    def counted(event, **kw):
        if not event.standin:
            serialized.append(event.uid)
        return original(event, **kw)

    monkeypatch.setattr(ical.export, "event_components", counted)
    return serialized


def cached(store, cache, *, private: bool) -> bytes:
    return feeds.itinerary_feed(store, SLUG, SETTINGS, private=private, cache=cache).body


# A new event as Outlook writes it (its UID form, CRLF line ends).
IMPORTED = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008000000001@example.com\r\nDTSTAMP:20180601T000000Z\r\n"
    b"DTSTART:20180609T020000Z\r\nDTEND:20180609T030000Z\r\nSUMMARY:Imported briefing\r\nSEQUENCE:0\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)

CHANGES = {
    "event edit": lambda s: services.update_event(s, SLUG, "cn2018-press", title="Joint press statements"),
    "event moved": lambda s: services.update_event(
        s,
        SLUG,
        "cn2018-press",
        start=services.get_event(s, SLUG, "cn2018-press").timing.start + timedelta(minutes=5),
        end=services.get_event(s, SLUG, "cn2018-press").timing.end + timedelta(minutes=5),
    ),
    "cancel": lambda s: services.cancel_event(s, SLUG, "cn2018-hockey-tianjin"),
    "delete": lambda s: services.delete_event(s, SLUG, "cn2018-signing"),
    "delete a parent": lambda s: services.delete_event(s, SLUG, "sco2018-summit"),
    # Yuri Ushakov joins the delegation China: its feed gains the two events he attends without Xi Jinping.
    "delegation change": lambda s: services.put_participant(
        s, key="yuri-ushakov", name="Yuri Ushakov", role="Presidential aide", delegation="China"
    ),
    "restricted edit": lambda s: services.update_event(s, SLUG, "cn2018-lunch-narrow", title="Lunch (narrow)"),
    "venue rename": lambda s: services.put_venue(s, **{**GREAT_HALL, "name": "Great Hall"}),
    "created": lambda s: make_event(s, SLUG, uid="added", title="Added talks", **when("2018-06-08 15:00", "16:00")),
    "occurrence moved": lambda s: (
        make_event(
            s,
            SLUG,
            uid="daily",
            title="Daily briefing",
            **when("2018-06-07 09:00", "10:00"),
            rrule="FREQ=DAILY;COUNT=4",
        ),
        services.change_occurrence(
            s,
            SLUG,
            "daily",
            services.get_event(s, SLUG, "daily").timing.start + timedelta(days=1),
            start=services.get_event(s, SLUG, "daily").timing.start + timedelta(days=1, hours=2),
            end=services.get_event(s, SLUG, "daily").timing.end + timedelta(days=1, hours=2),
        ),
    ),
    "imported": lambda s: imports.import_ics(s, SLUG, IMPORTED, uid_domain=SETTINGS.uid_domain),
    "restored": lambda s: services.restore_event(
        s,
        SLUG,
        "restored",
        EventSpec(title="Restored talks", **when("2018-06-09 10:00", "11:00")),
        sequence=3,
    ),
    "participant rename": lambda s: services.put_participant(
        s, key="xi-jinping", name="Xi Jinping", role="President of the PRC", delegation="China"
    ),
}


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize("change", list(CHANGES))
def test_feed_cached_equals_fresh_after_change(seeded, clock, change, private):
    restrict_lunch(seeded)  # "restricted edit": hidden from the public (not busy), so not one public byte moves
    cache = feeds.FeedCache()
    assert cached(seeded, cache, private=private) == fresh(seeded, private=private)
    before = cached(seeded, cache, private=private)

    clock.now += timedelta(minutes=1)
    CHANGES[change](seeded)

    after = cached(seeded, cache, private=private)
    # A restricted event's change is no change of the public feed: not one byte (DTSTAMP included) moves.
    assert (after != before) is (private or change != "restricted edit")
    assert after == fresh(seeded, private=private)
    assert after == feeds.itinerary_feed(seeded, SLUG, SETTINGS, private=private).body


FILTERS = {
    "participant": FeedFilter(participant="yuri-ushakov"),
    "window": FeedFilter(since=date(2018, 6, 8), until=date(2018, 6, 9)),
    "kind and category": FeedFilter(kind=Kind.TALKS, category="state visit"),
    "delegation": FeedFilter(delegation="china"),
}


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("change", list(CHANGES))
def test_filtered_feed_cached_equals_fresh_after_change(seeded, clock, change, name, private):
    cache = feeds.FeedCache()
    feed_filter = FILTERS[name]
    feeds.itinerary_feed(seeded, SLUG, SETTINGS, private=private, cache=cache)  # blocks of every event kept
    before = feeds.itinerary_feed(seeded, SLUG, SETTINGS, feed_filter=feed_filter, private=private, cache=cache)
    assert before.body == fresh(seeded, private=private, feed_filter=feed_filter)

    clock.now += timedelta(minutes=1)
    CHANGES[change](seeded)

    after = feeds.itinerary_feed(seeded, SLUG, SETTINGS, feed_filter=feed_filter, private=private, cache=cache)
    assert after.body == fresh(seeded, private=private, feed_filter=feed_filter)
    assert after.body == feeds.itinerary_feed(seeded, SLUG, SETTINGS, feed_filter=feed_filter, private=private).body


def test_cold_feed_serializes_no_event(seeded, monkeypatch):
    serialized = count_serialized(monkeypatch)
    body = feeds.itinerary_feed(seeded, SLUG, SETTINGS, private=True, cache=feeds.FeedCache()).body
    monkeypatch.undo()
    assert serialized == []  # every event's block was stored when it was saved
    assert body == fresh(seeded, private=True)


def test_filtered_feed_is_cut_from_stored_blocks(seeded, monkeypatch):
    serialized = count_serialized(monkeypatch)
    windows = [FeedFilter(since=date(2018, 6, day)) for day in range(1, 15)]
    bodies = [feeds.itinerary_feed(seeded, SLUG, SETTINGS, feed_filter=f).body for f in windows]
    for feed_filter in FILTERS.values():
        feeds.itinerary_feed(seeded, SLUG, SETTINGS, feed_filter=feed_filter)

    assert serialized == []
    monkeypatch.undo()
    assert bodies == [fresh(seeded, private=False, feed_filter=window) for window in windows]


def test_feed_without_stored_blocks_renders_every_event_alike(seeded, monkeypatch):
    seeded.stored_blocks = False
    serialized = count_serialized(monkeypatch)
    body = feeds.itinerary_feed(seeded, SLUG, SETTINGS).body
    monkeypatch.undo()
    assert len(serialized) == 11  # every public event, on the fly
    assert body == fresh(seeded, private=False)


def test_stale_block_is_never_served(seeded, monkeypatch):
    """A row changed behind the services' back (its block not refreshed) is rendered on the fly, not served stale."""
    with seeded.transaction() as repo:
        repo.session.execute(
            update(EventRow)
            .where(EventRow.uid == "cn2018-press")
            .values(title="Changed", sequence=EventRow.sequence + 1)
        )
    serialized = count_serialized(monkeypatch)
    body = feeds.itinerary_feed(seeded, SLUG, SETTINGS).body
    monkeypatch.undo()
    assert serialized == ["cn2018-press"]
    assert body == fresh(seeded, private=False)
    assert "Changed" in [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).events]


def test_filtered_feed_window_reads_series_by_their_occurrences(store, trip, clock):
    weekly = make_event(
        store,
        trip,
        uid="weekly",
        title="Weekly briefing",
        **when("2018-06-04 09:00", "10:00"),
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    services.update_event(store, trip, "weekly", exdates=(weekly.timing.start + timedelta(weeks=2),))
    make_event(store, trip, uid="single", title="Talks", **when("2018-06-18 10:00", "11:00"))
    cache = feeds.FeedCache()
    feeds.itinerary_feed(store, trip, SETTINGS, cache=cache)
    for since, until in [(18, 18), (18, 19), (11, 11), (19, 24), (25, 30), (26, 30)]:
        window = FeedFilter(since=date(2018, 6, since), until=date(2018, 6, until))
        body = feeds.itinerary_feed(store, trip, SETTINGS, feed_filter=window, cache=cache).body
        assert body == fresh(store, private=False, feed_filter=window, slug=trip)
    only_single = FeedFilter(since=date(2018, 6, 18), until=date(2018, 6, 18))  # the series' day off
    uids = [e.uid for e in only_single.apply(services.list_events(store, trip), "Europe/Berlin")]
    assert uids == ["single"]


def test_made_up_host_does_not_rebuild_feed(seeded, monkeypatch):
    serialized = count_serialized(monkeypatch)
    others = [dataclasses.replace(SETTINGS, base_url=f"http://made-up-{n}.example:8080/") for n in range(3)]
    bodies = [feeds.itinerary_feed(seeded, SLUG, other, cache=feeds.FeedCache()).body for other in others]

    assert serialized == []
    monkeypatch.undo()
    for number, (other, body) in enumerate(zip(others, bodies, strict=True)):
        assert body == fresh(seeded, private=False, settings=other)
        link = f"http://made-up-{number}.example:8080/itineraries/{SLUG}/events/cn2018-press"
        assert [str(e["URL"]) for e in icalendar.Calendar.from_ical(body).events if "cn2018-press@" in e["UID"]] == [
            link
        ]


def count_blocks_written(monkeypatch, language: str = "") -> list[str]:
    """The UIDs whose blocks in ``language`` ("" the own one) are rendered from now on (at write time, or on
    the fly by a feed)."""
    written: list[str] = []
    original = ical.event_block

    def counted(event, **kw):
        if kw["settings"].language == language:
            written.append(event.uid)
        return original(event, **kw)

    monkeypatch.setattr(ical, "event_block", counted)
    return written


def test_save_stores_only_the_changed_event_block_and_the_feed_serializes_none(seeded, clock, monkeypatch):
    cache = feeds.FeedCache()
    cached(seeded, cache, private=True)
    written = count_blocks_written(monkeypatch)

    clock.now += timedelta(minutes=1)
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    assert written == ["cn2018-press"]  # in the save's transaction
    written.clear()
    body = cached(seeded, cache, private=True)

    assert written == []
    monkeypatch.undo()
    assert body == fresh(seeded, private=True)


def test_participant_rename_stores_exactly_their_events_blocks(seeded, clock, monkeypatch):
    written = count_blocks_written(monkeypatch)

    clock.now += timedelta(minutes=1)
    services.put_participant(seeded, key="xi-jinping", name="Xi Jinping", role="President", delegation="PRC")

    with_xi = [
        e.uid
        for itinerary in services.list_itineraries(seeded, include_restricted=True)
        for e in services.list_events(seeded, itinerary.slug)
        if any(p.key == "xi-jinping" for p in e.participants)
    ]
    # In both itineraries, restricted ones too; each event's block and its release copy's (a rename shows at once).
    assert sorted(written) == sorted(with_xi * 2) and len(with_xi) > 2


def test_feed_blocks_are_kept_apart_by_settings(seeded):
    cache = feeds.FeedCache()
    other = ical.FeedSettings(uid_domain="other.example", base_url="https://other.example")
    first = feeds.itinerary_feed(seeded, SLUG, SETTINGS, cache=cache).body
    second = feeds.itinerary_feed(seeded, SLUG, other, cache=cache).body

    assert first == fresh(seeded, private=False)
    assert second == fresh(seeded, private=False, settings=other)
    assert b"@other.example" in second and b"@other.example" not in first


def test_feed_fresh_window_still_shows_this_process_writes_at_once(seeded, clock):
    cache = feeds.FeedCache(fresh_for=3600)
    cached(seeded, cache, private=False)
    cached(seeded, cache, private=False)  # found in the cache: trusted for the window from now on

    clock.now += timedelta(minutes=1)
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")

    assert cached(seeded, cache, private=False) == fresh(seeded, private=False)


def test_feed_fresh_window_trusts_a_recent_read_only_for_its_length(seeded):
    cache = feeds.FeedCache(fresh_for=3600)
    before = cached(seeded, cache, private=False)
    cached(seeded, cache, private=False)
    lookup = (SLUG, seeded.release, "", "public", SETTINGS)  # the audience of the feed

    assert cache.fresh(lookup, seeded.generation).body == before
    assert cache.fresh(lookup, seeded.generation + 1) is None  # this process wrote since
    cache.fresh_for = 0
    assert cache.fresh(lookup, seeded.generation) is None


def test_window_keeps_a_series_whose_only_occurrence_inside_is_an_extra_date(store, trip):
    """Regression: a filtered feed cut from blocks read only rule-based series whole, and dropped RDATE ones."""
    make_event(
        store,
        trip,
        uid="extra",
        **when("2024-06-01 09:00", "10:00"),
        rdates=(datetime(2024, 6, 9, 14), datetime(2031, 7, 1, 9)),
    )
    window = FeedFilter.from_params({"from": "2024-06-05", "to": "2024-06-10"})
    body = feeds.itinerary_feed(store, trip, SETTINGS, feed_filter=window).body
    assert [str(e["UID"]) for e in icalendar.Calendar.from_ical(body).events] == ["extra@example.org"]
    assert body == fresh(store, private=False, feed_filter=window, slug=trip)
    # The zone's VTIMEZONE reaches the last extra date, in the cached feed as in a fresh one.
    whole = feeds.itinerary_feed(store, trip, SETTINGS).body
    assert whole == fresh(store, private=False, slug=trip)
    assert ical.feed_years([ical._feed_span(services.get_event(store, trip, "extra"))])[1] >= 2031


def fresh_in(store, language: str, *, private: bool) -> bytes:
    """The feed in ``language`` ("" the own) as the library builds it in one tree, texts localized in Python,
    at its language's stamp (itinerary.storage.views.refresh_languages); no cache, no blocks."""
    from itinerary import texts

    itinerary = services.get_itinerary(store, SLUG)
    audience = "staff" if private else "public"
    settings = dataclasses.replace(SETTINGS, language=language)
    shown = texts.itinerary_in(store, SLUG, language).value if language else itinerary
    calendar = ical.build_calendar(
        itinerary,
        services.list_events(store, SLUG, audience=audience),
        now=feeds.language_stamp(store, itinerary, audience, language),
        settings=settings,
        name=shown.title + (" (private)" if private else ""),
        include_restricted=True,
        library=texts.library_of(store, SLUG) if language else None,
    )
    return ical.to_ics(calendar)


def _text(kind: str, key: str, field: str, language: str, text: str):
    def change(store):
        from itinerary import texts

        found, _ = texts.texts_of(store, kind, key)
        found[field][language] = text
        texts.save_texts(store, kind, key, found)

    return change


# Each kind of change, with the languages whose feeds it moves ("" the own, English).
LANGUAGE_CHANGES = {
    "zh event title": (_text("event", f"{SLUG}/cn2018-press", "title", "zh", "联合新闻发布会"), {"zh"}),
    "ru event title": (_text("event", f"{SLUG}/cn2018-press", "title", "ru", "Совместная пресс-конференция"), {"ru"}),
    "zh itinerary title": (_text("itinerary", SLUG, "title", "zh", "国事访问（2018年6月）"), {"zh"}),
    "ru venue name": (
        _text("venue", GREAT_HALL["key"], "name", "ru", "Всекитайское собрание народных представителей"),
        {"ru"},
    ),
    "own event title": (CHANGES["event edit"], {"", "ru", "zh"}),
    "event moved": (CHANGES["event moved"], {"", "ru", "zh"}),
    "own itinerary title": (lambda s: services.update_itinerary(s, SLUG, title="State visit"), {"", "ru", "zh"}),
}


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize("change", list(LANGUAGE_CHANGES))
def test_feed_in_each_language_cached_equals_fresh_after_change(seeded, clock, change, private):
    cache = feeds.FeedCache()
    settings = {lang: dataclasses.replace(SETTINGS, language=lang) for lang in ("", "ru", "zh")}
    before = {lang: feeds.itinerary_feed(seeded, SLUG, s, private=private, cache=cache) for lang, s in settings.items()}
    assert {lang: feed.body for lang, feed in before.items()} == {
        lang: fresh_in(seeded, lang, private=private) for lang in settings
    }

    clock.now += timedelta(minutes=1)
    make, moves = LANGUAGE_CHANGES[change]
    make(seeded)

    after = {lang: feeds.itinerary_feed(seeded, SLUG, s, private=private, cache=cache) for lang, s in settings.items()}
    assert {lang for lang in settings if after[lang].etag != before[lang].etag} == moves
    for lang, s in settings.items():
        assert after[lang].body == fresh_in(seeded, lang, private=private)
        assert after[lang].body == feeds.itinerary_feed(seeded, SLUG, s, private=private).body
        assert (after[lang].last_modified == before[lang].last_modified) is (lang not in moves)
