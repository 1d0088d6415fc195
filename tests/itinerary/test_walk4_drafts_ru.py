"""Walk 4, defect 11 (issue 16): a draft from a Russian or Chinese announcement keeps the announcement's names of
its cities ("Пекин", "北京") as the venues' texts in that language, their own (English) texts from the gazetteer,
and makes a new itinerary in that language."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from itinerary import drafting, fixtures, services, texts
from itinerary.drafting import accept, fixture
from itinerary.errors import InvalidInput

CORPUS = Path(__file__).resolve().parent / "data" / "drafts"
PUBLISHED = date(2018, 6, 4)


def draft_of(name: str):
    return drafting.propose((CORPUS / f"{name}.txt").read_bytes(), PUBLISHED)


def venue_texts(store, key: str) -> tuple[tuple[str, str], dict]:
    """The venue's own name and city, and its texts in other languages ``{field: {language: text}}``."""
    venue = {v.key: v for v in services.list_venues(store)}[key]
    found, _ = texts.texts_of(store, "venue", key)
    others = {field: {k: v for k, v in by.items() if k} for field, by in found.items()}
    return (venue.name, venue.city), {field: by for field, by in others.items() if by}


def test_russian_proposals_name_their_cities_as_the_announcement_does():
    draft = draft_of("ru-state-visit-tass")

    assert [(p.title, p.city, p.city_name, p.destination, p.destination_name) for p in draft.proposals] == [
        ("Прибытие: Пекин", "Beijing", "Пекин", None, None),
        ("Переговоры в узком составе", "Beijing", "Пекин", None, None),
        ("Переговоры в расширенном составе", "Beijing", "Пекин", None, None),
        ("Подписание документов", "Beijing", "Пекин", None, None),
        ("Принятие совместных заявлений", "Beijing", "Пекин", None, None),
        ("Поезд Пекин — Тяньцзинь", "Beijing", "Пекин", "Tianjin", "Тяньцзинь"),
        ("Хоккейный матч", "Tianjin", "Тяньцзинь", None, None),
        ("Рабочий обед в узком составе", "Tianjin", "Тяньцзинь", None, None),
        ("Саммит ШОС", "Qingdao", "Циндао", None, None),
    ]


def test_english_proposals_have_no_other_names():
    draft = draft_of("en-seed-state-visit")

    assert {(p.city_name, p.destination_name) for p in draft.proposals} == {(None, None)}


def test_accepting_a_russian_draft_gives_venues_russian_texts_and_a_russian_itinerary(store):
    draft = draft_of("ru-state-visit-tass")

    accept.accept(
        store,
        draft.proposals,
        new={"slug": "visit", "title": "Государственный визит", "timezone": "Asia/Shanghai"},
        places=draft.places,
        lang="ru",
    )

    assert services.get_itinerary(store, "visit").language == "ru"
    # The announcement's name in Russian, the gazetteer's in Chinese (walk 6, N3).
    assert venue_texts(store, "beijing") == (
        ("Beijing", "Beijing"),
        {"name": {"ru": "Пекин", "zh": "北京"}, "city": {"ru": "Пекин", "zh": "北京"}},
    )
    assert venue_texts(store, "tianjin") == (
        ("Tianjin", "Tianjin"),
        {"name": {"ru": "Тяньцзинь", "zh": "天津"}, "city": {"ru": "Тяньцзинь", "zh": "天津"}},
    )
    assert venue_texts(store, "qingdao")[1] == {
        "name": {"ru": "Циндао", "zh": "青岛"},
        "city": {"ru": "Циндао", "zh": "青岛"},
    }
    train = [e for e in services.list_events(store, "visit") if e.kind == "travel"]
    assert [(e.title, e.venue.key, e.destination.key) for e in train] == [
        ("Поезд Пекин — Тяньцзинь", "beijing", "tianjin")
    ]


def test_accepting_a_chinese_draft_keeps_the_named_venue_and_the_city_in_chinese(store):
    draft = draft_of("zh-state-visit-xinhua")

    accept.accept(
        store,
        draft.proposals[:1],
        new={"slug": "visit", "title": "国事访问", "timezone": "Asia/Shanghai"},
        places=draft.places,
        lang="zh",
    )

    (venue,) = services.list_venues(store)
    assert (venue.key, services.get_itinerary(store, "visit").language) == ("beijing-venue", "zh")
    # The venue's own name is the announcement's (no English one is known); its city the gazetteer's, in Chinese too.
    assert venue_texts(store, venue.key) == (("北京人民大会堂", "Beijing"), {"city": {"ru": "Пекин", "zh": "北京"}})


def test_a_city_typed_in_the_drafts_language_on_the_review_form_is_found(store):
    draft = draft_of("ru-state-visit-tass")
    summit = draft.proposals[-1]
    # The review form sends the city as the editor left it: the announcement's name, no English one.
    typed = type(summit)(**{**{f: getattr(summit, f) for f in summit.__slots__}, "city": "Циндао", "city_name": None})

    accept.accept(store, [typed], new={"slug": "summit", "title": "Саммит", "timezone": "Asia/Shanghai"}, lang="ru")

    assert venue_texts(store, "qingdao") == (
        ("Qingdao", "Qingdao"),
        {"name": {"ru": "Циндао", "zh": "青岛"}, "city": {"ru": "Циндао", "zh": "青岛"}},
    )
    with pytest.raises(InvalidInput) as refused:
        accept.accept(store, [typed], new={"slug": "summit-2", "title": "Саммит", "timezone": "Asia/Shanghai"})
    assert refused.value.errors == {
        "city": "no city called 'Циндао' in the gazetteer; write its English name, e.g. Qingdao"
    }


def test_a_russian_draft_fixture_loads_with_its_russian_names(store, tmp_path):
    written = fixture.to_toml(draft_of("ru-state-visit-tass"))
    data = tomllib.loads(written)
    path = tmp_path / "draft.toml"
    path.write_text(written, encoding="utf-8")

    fixtures.load(store, path)

    assert data["itinerary"] == {
        "slug": "draft-2018-06-04",
        "title": "Проект программы по сообщению от 2018-06-04",
        "timezone": "Asia/Shanghai",
        "summary": "Составлен по сообщению, опубликованному 2018-06-04; редактор его ещё не проверил.",
        "language": "ru",
    }
    assert services.get_itinerary(store, "draft-2018-06-04").language == "ru"
    assert venue_texts(store, "beijing") == (
        ("Beijing", "Beijing"),
        {"name": {"ru": "Пекин", "zh": "北京"}, "city": {"ru": "Пекин", "zh": "北京"}},
    )
