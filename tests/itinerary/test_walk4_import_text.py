"""Walk 4, defects 9 and 14 (issue 16): what an import reads of the texts real producers write. Google's HTML
DESCRIPTION as plain text, LOCATION without a label of ours, a LANGUAGE parameter's text as that language's, one
SUMMARY (DESCRIPTION, LOCATION) per LANGUAGE each as its language's text, and refusals that name the field and
store nothing. The files are under tests/itinerary/data, in the forms Google, Outlook, Apple and Thunderbird write."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from itinerary import imports, services, texts
from itinerary.errors import Message
from itinerary.ical.richtext import html_text
from itinerary.languages import event_key

DATA = Path(__file__).parent / "data" / "texts"  # files for texts; data/*.ics each gives its occurrences
SLUG = "import-texts"
GOOGLE_UID = "4k2jv8q1m0c3b5n7s9t1u3w5y7@google.com"
OUTLOOK_UID = "040000008200E00074C5B7101A82E0080000000010B2F3C4D5E6F70100000000000000001000000011AA"
APPLE_UID = "6F1A2B3C-4D5E-4F60-8172-93A4B5C6D7E8"


@pytest.fixture
def trip(store):
    services.create_itinerary(store, slug=SLUG, title="Visit", timezone="Europe/Moscow")
    return store


def _import(store, name: str) -> imports.ImportReport:
    return imports.import_ics(store, SLUG, (DATA / name).read_bytes())


def _texts(store, uid: str) -> dict[str, dict[str, str]]:
    found, _ = texts.texts_of(store, "event", event_key(SLUG, uid))
    return {field: by_language for field, by_language in found.items() if field in ("title", "description")}


def test_google_html_description_is_stored_as_text_with_line_breaks_and_link_addresses(trip):
    _import(trip, "google-html-description.ics")
    event = services.get_event(trip, SLUG, GOOGLE_UID)
    assert event.description == (
        "Agenda\n"
        "1. Arrivals & seating\n"
        "2. Opening remarks\n"
        "\n"
        "Dial-in: meet.google.com/abc-defg-hij (https://meet.google.com/abc-defg-hij)\n"
        "Questions: office@example.org\n"
        "\n"
        "Kremlin, Senate Palace, Moscow"  # LOCATION as written, without a "Location:" label of ours
    )


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("<p>First</p><p>Second &lt;b&gt; &#8470;&nbsp;3</p>", "First\n\nSecond <b> № 3"),
        (
            '<ul><li>One</li><li><a href="https://example.org/a">https://example.org/a</a></li></ul>',
            "- One\n- https://example.org/a",
        ),
        ('Call <a href="tel:+74951234567"></a>', "Call tel:+74951234567"),
        ("<style>p {color: red}</style><div>Only this</div>", "Only this"),
        ("Plain text, 5 < 7 & R&D stay\nas written", "Plain text, 5 < 7 & R&D stay\nas written"),
    ],
)
def test_html_text_reads_what_rich_text_editors_write(written, read):
    assert html_text(written) == read


def test_outlook_russian_text_into_an_english_itinerary_is_the_russian_text(trip):
    report = _import(trip, "outlook-russian-language.ics")
    event = services.get_event(trip, SLUG, OUTLOOK_UID)
    russian = "Пропуска выдаются у Спасских ворот.\n\nБольшой Кремлёвский дворец"
    # A new event has no English text: it takes the Russian one as its own too (README, Languages).
    assert (event.title, event.description) == ("Встреча с министром", russian)
    assert _texts(trip, OUTLOOK_UID) == {
        "title": {"en": "Встреча с министром", "ru": "Встреча с министром"},
        "description": {"en": russian, "ru": russian},
    }
    assert [(note.template, note.params) for note in report.notes] == [
        (
            "%(title)s: %(note)s",
            {"title": "Встреча с министром", "note": "Windows zone 'Russian Standard Time' read as Europe/Moscow"},
        ),
        (
            "%(title)s: dropped %(what)s",
            {
                "title": "Встреча с министром",
                "what": "PRIORITY, X-MICROSOFT-CDO-BUSYSTATUS, X-MICROSOFT-CDO-IMPORTANCE, an alarm (VALARM)",
            },
        ),
    ]


def test_outlook_russian_text_of_a_stored_event_is_its_russian_text_and_the_english_stays(trip):
    services.create_event(
        trip,
        SLUG,
        uid=OUTLOOK_UID,
        title="Meeting with the minister",
        start=datetime(2026, 6, 3, 10, 0),
        end=datetime(2026, 6, 3, 11, 0),
        timezone="Europe/Moscow",
    )
    _import(trip, "outlook-russian-language.ics")
    assert services.get_event(trip, SLUG, OUTLOOK_UID).title == "Meeting with the minister"
    assert _texts(trip, OUTLOOK_UID)["title"] == {"en": "Meeting with the minister", "ru": "Встреча с министром"}


EN_TEXT = "At the Monument to the People's Heroes.\n\nTiananmen Square"
RU_TEXT = "У Памятника народным героям.\n\nПлощадь Тяньаньмэнь"


@pytest.mark.parametrize(
    ("own", "title", "descriptions"),
    [
        ("en", "Wreath laying", {"en": EN_TEXT, "ru": RU_TEXT}),
        ("ru", "Возложение венка", {"ru": RU_TEXT, "en": EN_TEXT}),
        # No Chinese DESCRIPTION: the first (English) is the own text, its place in English too, not half in Chinese.
        ("zh", "献花圈仪式", {"zh": EN_TEXT, "en": EN_TEXT, "ru": RU_TEXT}),
    ],
)
def test_one_summary_per_language_is_read_as_each_languages_text(trip, own, title, descriptions):
    services.update_itinerary(trip, SLUG, language=own)
    _import(trip, "apple-several-languages.ics")
    event = services.get_event(trip, SLUG, APPLE_UID)
    assert (event.title, event.description) == (title, descriptions[own])
    assert _texts(trip, APPLE_UID) == {
        "title": {"en": "Wreath laying", "ru": "Возложение венка", "zh": "献花圈仪式"},
        "description": descriptions,
    }


def test_a_language_without_a_description_line_keeps_to_the_own_description_whole(trip):
    _import(trip, "apple-several-languages.ics")
    # No Chinese DESCRIPTION: no Chinese text half in English; the page falls back to the English whole.
    assert "zh" not in _texts(trip, APPLE_UID)["description"]


REFUSED = [
    (4, "no-start@example.org", "start", "the event has no DTSTART", {}),
    (
        11,
        "lunar@example.org",
        "timezone",
        "time zone %(zone)s is neither an IANA zone nor defined in the file",
        {"zone": "'Lunar Base Time'"},
    ),
    (20, "hourly@example.org", "rrule", "FREQ must be one of DAILY, WEEKLY, MONTHLY or YEARLY", {}),
    (
        30,
        "picnic@example.org",
        "kind",
        "unknown kind %(value)s; choose one of: %(choices)s",
        {
            "value": "'picnic'",
            "choices": "talks, ceremony, press, travel, meal, culture, summit-session, summit, arrival, departure, "
            "meeting, call, other",
        },
    ),
]


def test_refusals_name_the_field_keep_their_template_and_store_nothing(trip):
    before = services.list_events(trip, SLUG)
    with pytest.raises(imports.ImportRefused) as refused:
        _import(trip, "thunderbird-refused.ics")
    found = [
        (p.line, p.uid, p.field, p.message.template, {k: str(v) for k, v in p.message.params.items()})
        for p in refused.value.problems
        if isinstance(p.message, Message)
    ]
    assert found == REFUSED
    assert services.list_events(trip, SLUG) == before == []
