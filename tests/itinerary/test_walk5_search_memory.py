"""Search finds things by their texts in every language on the memory store as on the SQL ones, never a busy or
hidden event by its own words."""

from __future__ import annotations

from itinerary import search
from tests.conftest import restrict_lunch

STORES = ("memory", "sql")  # the memory store first: it runs without a database


def _found(results) -> list[tuple[str, str, str | None, str]]:
    return sorted(
        (r.kind, "".join(p.text for p in r.title), r.uid, "".join(p.text for p in r.snippet)) for r in results
    )


def test_search_russian_word_finds_the_event_by_its_russian_title(seeded):
    assert _found(search.search(seeded, "хоккей", lang="ru")) == [
        (
            "event",
            "Матч юношеских хоккейных команд в Тяньцзине",
            "cn2018-hockey-tianjin",
            "Лидеры смотрят матч российской и китайской юношеских хоккейных команд.",
        )
    ]


def test_search_russian_word_on_an_english_page_shows_the_english_title(seeded):
    assert _found(search.search(seeded, "хоккей")) == [
        (
            "event",
            "Junior ice hockey match in Tianjin",
            "cn2018-hockey-tianjin",
            "The leaders watch a match of Russian and Chinese junior hockey teams.",
        )
    ]


def test_search_chinese_word_finds_events_and_venues_in_chinese(seeded):
    assert [f[:3] for f in _found(search.search(seeded, "天津", lang="zh"))] == [
        ("event", "乘火车从北京前往天津", "cn2018-train-tianjin"),
        ("event", "在天津观看青少年冰球比赛", "cn2018-hockey-tianjin"),
        ("itinerary", "对中国进行国事访问并出席上海合作组织峰会（2018年6月）", None),
        ("venue", "天津冰球馆", "cn2018-hockey-tianjin"),
        ("venue", "天津站", "cn2018-train-tianjin"),
    ]


def test_search_russian_name_finds_the_participant(seeded):
    assert _found(search.search(seeded, "Ушаков", lang="ru")) == [
        (
            "participant",
            "Юрий Ушаков",
            "cn2018-arrival-beijing",
            "Помощник Президента России, Делегация Российской Федерации",
        )
    ]


def test_search_busy_event_never_found_by_its_russian_words(seeded):
    # The seed's narrow lunch is busy for the public: readers find it by its stand-in's label alone.
    assert search.search(seeded, "обед", lang="ru") == []
    assert [f[:3] for f in _found(search.search(seeded, "обед", include_restricted=True, lang="ru"))] == [
        ("event", "Рабочий обед в узком составе", "cn2018-lunch-narrow")
    ]


def test_search_hidden_event_never_found_by_its_chinese_words(seeded):
    restrict_lunch(seeded)
    assert search.search(seeded, "午餐", lang="zh") == []
    assert [f[:3] for f in _found(search.search(seeded, "午餐", include_restricted=True, lang="zh"))] == [
        ("event", "小范围工作午餐", "cn2018-lunch-narrow")
    ]
