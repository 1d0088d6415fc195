"""Drafts from text: the seed announcement, dates, zones, hostile text, and accepting proposals."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from itinerary import drafting, fixtures, services
from itinerary.drafting import accept
from itinerary.drafting.model import Proposal
from itinerary.errors import DraftRefused, InvalidInput
from itinerary.model import AllDay, Status, Timed

CORPUS = Path(__file__).resolve().parent / "data" / "drafts"
PUBLISHED = date(2018, 6, 4)


def corpus(name: str) -> bytes:
    return (CORPUS / f"{name}.txt").read_bytes()


def seed_text() -> bytes:
    """The seed announcement (a copy of shared/seed/state-visit-announcement.txt)."""
    return corpus("en-seed-state-visit")


def summary(draft) -> list[tuple]:
    return [(p.title, p.kind, p.format, p.date, p.last, p.city, p.destination) for p in draft.proposals]


# The seed


def test_seed_announcement_gives_the_visit_and_the_summit():
    draft = drafting.propose(seed_text(), PUBLISHED)

    assert (draft.lang, draft.start, draft.end) == ("en", date(2018, 6, 8), date(2018, 6, 10))
    assert [(p.name, p.country, p.timezone) for p in draft.places] == [
        ("Beijing", "China", "Asia/Shanghai"),
        ("Tianjin", "China", "Asia/Shanghai"),
    ]
    june8, june9, june10 = date(2018, 6, 8), date(2018, 6, 9), date(2018, 6, 10)
    assert summary(draft) == [
        ("Talks in narrow format", "talks", "narrow", june8, june8, "Beijing", None),
        ("Talks in enlarged format", "talks", "enlarged", june8, june8, "Beijing", None),
        ("Adoption of joint statements", "ceremony", "none", june8, june8, "Beijing", None),
        ("Signing of documents", "ceremony", "none", june8, june8, "Beijing", None),
        ("Train from Beijing to Tianjin", "travel", "none", june8, june8, "Beijing", "Tianjin"),
        ("Ice hockey match", "culture", "none", june8, june8, "Tianjin", None),
        ("Working lunch in narrow format", "meal", "narrow", june8, june8, "Tianjin", None),
        # The announcement does not name Qingdao: the editor fills it in.
        ("SCO summit", "summit", "none", june9, june10, None, None),
    ]
    assert {p.timezone for p in draft.proposals[:-1]} == {"Asia/Shanghai"}
    assert all(p.start is None and p.end is None for p in draft.proposals)


def test_seed_announcement_proposals_keep_their_sentences():
    draft = drafting.propose(seed_text(), PUBLISHED)
    lunch = draft.proposals[6]

    assert lunch.source.startswith("After the official part of the negotiations is over, Putin and Xi Jinping will")
    assert draft.text[lunch.source_at : lunch.source_at + len(lunch.source)] == lunch.source
    assert lunch.trigger == "lunch"
    assert lunch.participants == ("Vladimir Putin", "Xi Jinping")
    assert lunch.participant_keys == ("vladimir-putin", "xi-jinping")


def test_seed_background_meetings_are_not_proposed():
    draft = drafting.propose(seed_text(), PUBLISHED)

    sources = {p.source for p in draft.proposals}
    for past in ("Da Nang", "March 19", "last year", "St. Petersburg", "Astana on May 17"):
        assert not any(past in source for source in sources), past
    assert all(p.date >= date(2018, 6, 8) for p in draft.proposals)


# Dates and zones


def test_relative_weekday_is_read_against_the_publication_date():
    # Published on Monday 13 May 2024: "on Thursday" is 16 May; "the next day" 17 May.
    draft = drafting.propose(corpus("en-state-visit-programme"), date(2024, 5, 13))

    assert [(p.title, p.date) for p in draft.proposals if p.kind in {"meal", "travel"}] == [
        ("State banquet", date(2024, 5, 16)),
        ("Travel from Beijing to Harbin", date(2024, 5, 17)),
    ]


def test_relative_russian_weekday_and_next_day():
    # "в среду" in a text of Monday 1 July 2024 is 3 July; "на следующий день" follows the date just named.
    draft = drafting.propose(corpus("ru-visit-then-summit"), date(2024, 7, 1))
    alaska = drafting.propose(corpus("ru-alaska-kremlin"), date(2025, 8, 12))

    assert (draft.proposals[0].title, draft.proposals[0].date) == ("Прибытие: Астана", date(2024, 7, 3))
    assert (alaska.proposals[-1].title, alaska.proposals[-1].date) == ("Перелёт Анкоридж — Москва", date(2025, 8, 16))


def test_time_in_moscow_time_becomes_the_venues_time_in_alaska():
    draft = drafting.propose(corpus("en-alaska-summit"), date(2025, 8, 12))
    talks = next(p for p in draft.proposals if p.format == "one-on-one")

    assert (talks.date, talks.start, talks.timezone, talks.city) == (
        date(2025, 8, 15),
        time(11, 30),
        "America/Anchorage",
        "Anchorage",
    )
    local = datetime.combine(talks.date, talks.start, ZoneInfo(talks.timezone))
    assert local == datetime(2025, 8, 15, 22, 30, tzinfo=ZoneInfo("Europe/Moscow"))
    assert local.astimezone(UTC) == datetime(2025, 8, 15, 19, 30, tzinfo=UTC)
    assert talks.note == "given as 22:30 Europe/Moscow"


@pytest.mark.parametrize("name", ["ru-alaska-kremlin", "zh-alaska"])
def test_time_in_moscow_time_in_russian_and_chinese(name):
    draft = drafting.propose(corpus(name), date(2025, 8, 12))
    talks = next(p for p in draft.proposals if p.format == "one-on-one")

    assert (talks.date, talks.start, talks.timezone) == (date(2025, 8, 15), time(11, 30), "America/Anchorage")


def test_summit_after_a_visit_starts_when_the_visits_events_end():
    # "… the SCO summit on June 8, 9 and 10" after a day of talks in Beijing: the summit is 9-10 June.
    draft = drafting.propose(seed_text(), PUBLISHED)
    summit = draft.proposals[-1]

    assert (summit.date, summit.last) == (date(2018, 6, 9), date(2018, 6, 10))


def test_dates_in_each_language_form():
    assert [p.date for p in drafting.propose("On 8 June talks will be held in Beijing.", PUBLISHED).proposals] == [
        date(2018, 6, 8)
    ]
    assert [p.date for p in drafting.propose("8 июня в Пекине пройдут переговоры.", PUBLISHED).proposals] == [
        date(2018, 6, 8)
    ]
    assert [p.date for p in drafting.propose("6月8日，两国元首将在北京举行会谈。", PUBLISHED).proposals] == [
        date(2018, 6, 8)
    ]


def test_date_without_year_in_january_announced_in_december_is_next_year():
    draft = drafting.propose("Talks will be held in Beijing on January 10.", date(2018, 12, 20))

    assert [(p.date, p.city) for p in draft.proposals] == [(date(2019, 1, 10), "Beijing")]


def test_language_is_guessed_from_the_script():
    assert drafting.propose("6月8日，两国元首将在北京举行会谈。", PUBLISHED).lang == "zh"
    assert drafting.propose("8 июня в Пекине пройдут переговоры.", PUBLISHED).lang == "ru"


def test_draft_as_json_has_the_documented_shape():
    data = drafting.propose(corpus("en-alaska-summit"), date(2025, 8, 12)).as_json()

    assert data["span"] == {"start": "2025-08-15", "end": "2025-08-15"}
    assert data["events"][1] == {
        "title": "One-on-one talks",
        "date": "2025-08-15",
        "last": "2025-08-15",
        "start": "11:30",
        "end": None,
        "timezone": "America/Anchorage",
        "city": "Anchorage",
        "venue": None,
        "destination": None,
        "kind": "talks",
        "format": "one-on-one",
        "participants": [],
        "source": '"The talks will begin at 22:30 Moscow time on August 15 with a one-on-one conversation," '
        "Ushakov said.",
    }


# Hostile text


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("x" * 100_001, "text", "is 100,001 characters; an announcement of at most 100,000 is read"),
        (
            b"\x00\x01PK\x03\x04" + bytes(range(256)),
            "text",
            "is not UTF-8 text (a binary file?); paste the announcement or save it as UTF-8 .txt",
        ),
        (
            "talks\x00 will be held",
            "text",
            "holds control characters (a binary file?); paste the announcement as plain text",
        ),
        (b"x" * 400_001, "text", "is 400,001 bytes; an announcement of at most 100,000 characters is read"),
        ("  \r\n ", "text", "is empty; paste the announcement"),
        (
            "The leaders will hold talks in narrow and enlarged formats.",
            "text",
            "names no date (such as 8 June, 8 июня or 6月8日); there is nothing to propose",
        ),
    ],
    ids=["huge", "binary", "control", "huge-bytes", "empty", "no-dates"],
)
def test_hostile_text_is_refused_with_a_clear_message(text, field, message):
    with pytest.raises(DraftRefused) as refused:
        drafting.propose(text, PUBLISHED)

    assert refused.value.errors == {field: message}


def test_unknown_language_is_refused():
    with pytest.raises(DraftRefused) as refused:
        drafting.propose("On June 8 talks will be held.", PUBLISHED, "fr")

    assert refused.value.errors == {"lang": "must be one of en, ru, zh"}


def test_text_from_a_textarea_with_crlf_reads_as_with_lf():
    text = seed_text().decode()
    crlf = drafting.propose(text.replace("\n", "\r\n"), PUBLISHED)
    lf = drafting.propose(text, PUBLISHED)

    assert summary(crlf) == summary(lf)


def test_drafting_runs_without_warnings_in_a_fresh_interpreter():
    code = (
        "import datetime, itinerary.drafting as d;"
        "print(len(d.propose('On June 8 talks will be held in Beijing.', datetime.date(2018, 6, 4)).proposals))"
    )
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120)

    assert (done.returncode, done.stdout, done.stderr) == (0, "1\n", "")


# Accepting


def test_accepting_proposals_into_a_new_itinerary_stores_them_as_tentative_events(store):
    draft = drafting.propose(seed_text(), PUBLISHED)
    chosen = [draft.proposals[0], draft.proposals[4], draft.proposals[7]]

    accepted = accept.accept(
        store,
        chosen,
        new={"slug": "visit-2018", "title": "Visit, June 2018", "timezone": "Asia/Shanghai"},
        places=draft.places,
        editor="editor",
    )

    events = services.list_events(store, "visit-2018")
    assert accepted.itinerary.slug == "visit-2018"
    assert [(e.title, e.kind, e.format, e.status, e.timing) for e in events] == [
        (
            "Talks in narrow format",
            "talks",
            "narrow",
            Status.TENTATIVE,
            AllDay(date(2018, 6, 8), date(2018, 6, 8), "Asia/Shanghai"),
        ),
        (
            "Train from Beijing to Tianjin",
            "travel",
            "none",
            Status.TENTATIVE,
            AllDay(date(2018, 6, 8), date(2018, 6, 8), "Asia/Shanghai"),
        ),
        (
            "SCO summit",
            "summit",
            "none",
            Status.TENTATIVE,
            AllDay(date(2018, 6, 9), date(2018, 6, 10), "Asia/Shanghai"),
        ),
    ]
    train = events[1]
    assert (train.venue.key, train.venue.city, train.destination.key, train.destination.timezone) == (
        "beijing",
        "Beijing",
        "tianjin",
        "Asia/Shanghai",
    )
    assert [p.key for p in events[0].participants] == ["vladimir-putin"]
    assert events[0].description.startswith("Proposed from the announcement: As part of Putin’s state visit")


def test_accepting_a_timed_proposal_keeps_its_instant(store):
    draft = drafting.propose(corpus("en-alaska-summit"), date(2025, 8, 12))
    talks = draft.proposals[1]

    accept.accept(
        store, [talks], new={"slug": "alaska", "title": "Alaska", "timezone": "America/Anchorage"}, places=draft.places
    )

    (event,) = services.list_events(store, "alaska")
    assert event.timing == Timed.of(datetime(2025, 8, 15, 11, 30), datetime(2025, 8, 15, 12, 30), "America/Anchorage")
    assert event.timing.instants()[0] == datetime(2025, 8, 15, 19, 30, tzinfo=UTC)


def test_accepting_into_an_existing_itinerary_reuses_its_people_and_adds_events(store):
    fixtures.load_seed(store)
    before = len(services.list_events(store, "china-state-visit-2018"))
    draft = drafting.propose(seed_text(), PUBLISHED)

    accepted = accept.accept(store, [draft.proposals[6]], into="china-state-visit-2018", places=draft.places)

    events = services.list_events(store, "china-state-visit-2018")
    assert len(events) == before + 1
    (added,) = accepted.events
    assert [p.name for p in added.participants] == ["Vladimir Putin", "Xi Jinping"]
    assert added.venue.key == "tianjin"


def test_accepting_a_proposal_that_breaks_a_rule_stores_nothing(store):
    draft = drafting.propose(seed_text(), PUBLISHED)
    good = draft.proposals[0]
    bad = Proposal(**{**{f: getattr(good, f) for f in good.__slots__}, "title": " "})

    with pytest.raises(accept.ProposalRefused) as refused:
        accept.accept(
            store,
            [good, bad],
            new={"slug": "visit-2018", "title": "Visit", "timezone": "Asia/Shanghai"},
            places=draft.places,
        )

    assert (refused.value.index, refused.value.errors) == (1, {"title": "must not be empty"})
    assert services.list_itineraries(store, include_restricted=True) == []
    assert services.list_venues(store) == []


def test_accepting_nothing_is_refused(store):
    with pytest.raises(InvalidInput) as refused:
        accept.accept(store, [], into="china-state-visit-2018")

    assert refused.value.errors == {"proposals": "accept at least one proposal"}
