"""Search: the words of itineraries, events, venues and people, on every store; never what a reader may not see."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import create_engine

from itinerary import fixtures, migrations, search, services
from itinerary.search import Part
from itinerary.storage import Store
from tests.conftest import make_event, restrict_lunch

STORES = ("sql", "memory")

SEED = "china-state-visit-2018"


def _found(results) -> list[tuple[str, str, str | None]]:
    return [(r.kind, "".join(p.text for p in r.title), r.uid) for r in results]


def _postgres(store) -> bool:
    return isinstance(store, Store) and store.engine.dialect.name == "postgresql"


def test_search_hockey_finds_the_match_and_its_arena_marked(seeded):
    results = search.search(seeded, "hockey")
    assert sorted(_found(results)) == [
        ("event", "Junior ice hockey match in Tianjin", "cn2018-hockey-tianjin"),
        ("venue", "Tianjin ice hockey arena", "cn2018-hockey-tianjin"),
    ]
    event = next(r for r in results if r.kind == "event")
    assert event.slug == SEED
    assert event.title == (Part("Junior ice "), Part("hockey", marked=True), Part(" match in Tianjin"))
    assert event.snippet == (
        Part("The leaders watch a match of Russian and Chinese junior "),
        Part("hockey", marked=True),
        Part(" teams."),
    )


def test_search_tianjin_ranks_titles_above_the_summary_that_mentions_it(seeded):
    results = search.search(seeded, "tianjin")
    assert sorted(_found(results)) == [
        ("event", "Junior ice hockey match in Tianjin", "cn2018-hockey-tianjin"),
        ("event", "Train from Beijing to Tianjin", "cn2018-train-tianjin"),
        ("itinerary", "State visit to China and the SCO summit, June 2018", None),
        ("venue", "Tianjin Railway Station", "cn2018-train-tianjin"),
        ("venue", "Tianjin ice hockey arena", "cn2018-hockey-tianjin"),
    ]
    assert results[-1].kind == "itinerary"
    assert Part("Tianjin", marked=True) in results[-1].snippet


def test_search_venue_by_name_leads_to_its_first_event(seeded):
    assert _found(search.search(seeded, "Great Hall")) == [("venue", "Great Hall of the People", "cn2018-talks-narrow")]


def test_search_participant_by_name_every_word_must_match(seeded):
    results = search.search(seeded, "ushakov yuri")
    assert _found(results) == [("participant", "Yuri Ushakov", "cn2018-arrival-beijing")]
    assert results[0].title == (Part("Yuri", marked=True), Part(" "), Part("Ushakov", marked=True))
    assert search.search(seeded, "ushakov hockey") == []


def test_search_restricted_event_found_by_editors_only(seeded):
    restrict_lunch(seeded)  # busy for readers, it is found by its label (tests/itinerary/test_busy_history.py)
    assert search.search(seeded, "lunch") == []
    assert _found(search.search(seeded, "lunch", include_restricted=True)) == [
        ("event", "Working lunch in narrow format", "cn2018-lunch-narrow")
    ]


def test_search_events_of_a_restricted_itinerary_found_by_editors_only(seeded):
    services.update_itinerary(seeded, SEED, visibility="restricted")
    assert search.search(seeded, "hockey") == []
    assert {r.slug for r in search.search(seeded, "State visit")} == {"russia-china-contacts-2017-2018"}
    assert len(search.search(seeded, "hockey", include_restricted=True)) == 2
    assert ("itinerary", SEED) in {
        (r.kind, r.slug) for r in search.search(seeded, "State visit", include_restricted=True)
    }


@pytest.fixture
def secret(store, trip):
    """The Berlin trip with one restricted event at the Chancellery with Anna; the store."""
    make_event(store, trip, uid="secret", title="Quiet dinner", visibility="restricted", venue="chancellery",
               participants=("anna",))  # fmt: skip
    return store


def test_search_venue_shown_only_by_restricted_event_stays_hidden(secret):
    assert search.search(secret, "Chancellery") == []
    assert search.search(secret, "Anna") == []
    assert _found(search.search(secret, "Chancellery", include_restricted=True)) == [
        ("venue", "Federal Chancellery", "secret")
    ]
    assert _found(search.search(secret, "Anna", include_restricted=True)) == [("participant", "Anna Example", "secret")]
    make_event(secret, "berlin-trip", uid="open", title="Wreath laying", venue="chancellery")
    assert _found(search.search(secret, "Chancellery")) == [("venue", "Federal Chancellery", "open")]


def test_search_follows_create_update_cancel_and_delete(store, trip):
    assert search.search(store, "zeppelin") == []
    make_event(store, trip, uid="z", title="Zeppelin flight", description="Over the Spree")
    assert _found(search.search(store, "zeppelin")) == [("event", "Zeppelin flight", "z")]
    services.update_event(store, trip, "z", title="Balloon flight")
    assert search.search(store, "zeppelin") == []
    assert _found(search.search(store, "balloon spree")) == [("event", "Balloon flight", "z")]
    services.cancel_event(store, trip, "z")
    assert _found(search.search(store, "balloon")) == [("event", "Balloon flight", "z")]
    services.update_event(store, trip, "z", visibility="restricted")
    assert search.search(store, "balloon") == []
    services.delete_event(store, trip, "z")
    assert search.search(store, "balloon", include_restricted=True) == []


def test_search_follows_renamed_venues_and_itineraries(store, trip):
    make_event(store, trip, uid="w", title="Wreath laying", venue="vnukovo")
    services.put_venue(store, key="vnukovo", name="Sheremetyevo Airport", city="Moscow", country="Russia",
                       timezone="Europe/Moscow", latitude=55.97, longitude=37.41)  # fmt: skip
    assert search.search(store, "Vnukovo") == []
    assert _found(search.search(store, "Sheremetyevo")) == [("venue", "Sheremetyevo Airport", "w")]
    services.update_itinerary(store, trip, title="Berlin visit", summary="Talks with the Chancellor")
    assert _found(search.search(store, "chancellor visit")) == [("itinerary", "Berlin visit", None)]


HOSTILE = [
    "",
    "   ",
    '"',
    '""',
    "'",
    "*",
    "hock*",
    "NEAR(hockey match)",
    "-hockey",
    "title:hockey",
    "hockey OR lunch",
    "hockey AND NOT",
    "(",
    ")",
    "^",
    "%",
    "_",
    "\\",
    "\x00",
    "'); DROP TABLE events; --",
    "a & b | !c <-> d:*",
    "x" * 10_000,
    "hockey " * 500,
    "Переговоры",
    "天津",
    "🏒",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_search_hostile_query_never_errors(seeded, query):
    results = search.search(seeded, query)
    for result in results:
        assert all(isinstance(p, Part) for p in result.title + result.snippet)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"hockey"', 1),  # quotes are not syntax
        ("hock*", 1),  # nor is the star (a prefix matches anyway)
        ("NEAR hockey", 0),  # NEAR is a word like any other
        ("title:hockey", 0),  # "title" is a word too, not a column
        ("-hockey", 1),
    ],
)
def test_search_operators_are_words(seeded, query, found):
    events = [r for r in search.search(seeded, query) if r.kind == "event"]
    assert len(events) == found


def test_search_very_long_query_is_cut_to_its_first_terms():
    assert search.terms("a " * 1000) == ("a",)
    assert len(search.terms(" ".join(f"w{i}" for i in range(100)))) == search.MAX_TERMS
    assert search.terms("x" * 10_000) == ("x" * search.MAX_QUERY,)


def test_search_russian_words_in_any_case(store, trip):
    make_event(store, trip, uid="ru", title="Переговоры в узком формате")
    results = search.search(store, "переговоры")
    assert _found(results) == [("event", "Переговоры в узком формате", "ru")]
    assert results[0].title[0] == Part("Переговоры", marked=True)


def test_search_chinese_title_by_its_first_characters(store, trip):
    make_event(store, trip, uid="zh", title="天津青少年冰球比赛")
    results = search.search(store, "天津")
    assert _found(results) == [("event", "天津青少年冰球比赛", "zh")]
    assert results[0].title == (Part("天津", marked=True), Part("青少年冰球比赛"))


def test_search_chinese_title_by_characters_inside_it(store, trip):
    if _postgres(store):
        pytest.skip("PostgreSQL's parser keeps a run of Chinese characters as one word: only its start matches")
    make_event(store, trip, uid="zh", title="天津青少年冰球比赛")
    assert _found(search.search(store, "冰球")) == [("event", "天津青少年冰球比赛", "zh")]  # two characters
    assert _found(search.search(store, "青少年")) == [("event", "天津青少年冰球比赛", "zh")]  # three: the trigrams


def test_search_long_description_is_cut_around_the_word(store, trip):
    text = "Preamble. " * 40 + "The zeppelin lands. " + "Afterword. " * 40
    make_event(store, trip, uid="long", title="Flight", description=text)
    (result,) = search.search(store, "zeppelin")
    shown = "".join(p.text for p in result.snippet)
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) == search.SNIPPET + 2
    assert Part("zeppelin", marked=True) in result.snippet


def test_search_migration_indexes_rows_of_an_existing_database(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    store = Store(url, clock=clock)
    store.create_schema()
    fixtures.load_seed(store)
    migrations.downgrade(store.engine, "0007")
    store.dispose()
    engine = create_engine(url)
    assert "search_index" not in {name for (name,) in engine.connect().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}  # fmt: skip
    engine.dispose()

    store = Store(url, clock=clock)
    store.create_schema()
    assert sorted(_found(search.search(store, "hockey"))) == [
        ("event", "Junior ice hockey match in Tianjin", "cn2018-hockey-tianjin"),
        ("venue", "Tianjin ice hockey arena", "cn2018-hockey-tianjin"),
    ]
    assert search.search(store, "lunch") == []
    store.dispose()


def test_search_index_is_the_database_s_own_on_raw_writes(tmp_path, clock):
    """The index follows writes that no Python hook sees (an UPDATE made in SQL)."""
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}", clock=clock)
    store.create_schema()
    fixtures.load_seed(store)
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE events SET title = 'Junior curling match' WHERE uid = 'cn2018-hockey-tianjin'"
        )
        connection.exec_driver_sql("DELETE FROM itineraries WHERE slug = 'russia-china-contacts-2017-2018'")
    assert [r.uid for r in search.search(store, "curling")] == ["cn2018-hockey-tianjin"]
    assert search.search(store, "junior hockey")[0].title[0] == Part("Junior", marked=True)  # in the description
    assert search.search(store, "Da Nang") == []
    store.dispose()


def test_search_terms_are_letters_and_digits():
    assert search.terms('"Tianjin" NEAR(hock*) -ice: 天津 2018') == ("Tianjin", "NEAR", "hock", "ice", "天津", "2018")
    assert search.terms("a_b") == ("a", "b")
    assert search.terms("") == ()


@pytest.mark.parametrize("when", [datetime(2018, 6, 8, 10)])
def test_search_of_an_event_with_markup_in_its_title_returns_plain_text(store, trip, when):
    make_event(store, trip, uid="m", title="<b>Talks</b> & <script>x</script>", start=when,
               end=when.replace(hour=11))  # fmt: skip
    (result,) = search.search(store, "talks")
    assert result.title == (Part("<b>"), Part("Talks", marked=True), Part("</b> & <script>x</script>"))
