"""Walk 5: the releases feed in the feed's language, and drafts accepted into an itinerary of another language."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest

from itinerary import releases, services, texts
from tests.conftest import NOW
from tests.web.forms import csrf_token, snapshot
from tests.web.html import entry, form_values, parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "https://itinerary.example.org"
DRAFT = "/itineraries/draft"


@pytest.fixture
def reader(app):
    """An anonymous reader's browser."""
    return app.test_client()


@pytest.fixture
def published(app, app_store, drafts, clock):
    """The seed (release 1, loaded from its file) and a second release with an editor's English note."""
    app.config["BASE_URL"] = BASE
    clock.now = NOW + timedelta(days=1)
    releases.publish(app_store, SLUG, note="Sent to the press pool")
    return app_store


def _read(response) -> dict:
    assert response.status_code == 200, response.text
    feed = ElementTree.fromstring(response.data)
    author = feed.find(f"{ATOM}author/{ATOM}name")
    return {
        "lang": feed.get(XML_LANG),
        "title": feed.findtext(f"{ATOM}title"),
        "author": (author.text, author.get(XML_LANG)),
        "links": [link.get("href") for link in feed.findall(f"{ATOM}link")],
        "entries": [
            (
                e.findtext(f"{ATOM}title"),
                e.find(f"{ATOM}summary").text,
                e.find(f"{ATOM}summary").get(XML_LANG),
                e.find(f"{ATOM}link").get("href"),
            )
            for e in feed.findall(f"{ATOM}entry")
        ],
    }


def test_releases_feed_in_russian_says_the_service_notes_in_russian(published, reader):
    assert _read(reader.get(f"{CHINA}/releases.atom?lang=ru")) == {
        "lang": "ru",
        "title": "Выпуски «Государственный визит в Китай и саммит ШОС, июнь 2018 года»",
        "author": ("Государственный визит в Китай и саммит ШОС, июнь 2018 года", None),
        "links": [f"{BASE}{CHINA}/releases.atom?lang=ru", f"{BASE}{CHINA}/releases?lang=ru"],
        "entries": [
            ("Выпуск 2", "Sent to the press pool", "en", f"{BASE}{CHINA}/releases?lang=ru#release-2"),
            (
                "Выпуск 1",
                "загружено из файла china-state-visit-2018.toml",
                None,
                f"{BASE}{CHINA}/releases?lang=ru#release-1",
            ),
        ],
    }


def test_releases_feed_in_chinese_says_the_service_notes_in_chinese(published, reader):
    read = _read(reader.get(f"{CHINA}/releases.atom?lang=zh"))
    assert (read["lang"], read["title"]) == ("zh", "“对中国进行国事访问并出席上海合作组织峰会（2018年6月）”的发布版本")
    assert [entry[:3] for entry in read["entries"]] == [
        ("第2版", "Sent to the press pool", "en"),
        ("第1版", "从文件 china-state-visit-2018.toml 载入", None),
    ]


def test_releases_feed_without_lang_is_in_the_itinerary_own_language(published, reader):
    read = _read(reader.get(f"{CHINA}/releases.atom", headers={"Accept-Language": "ru"}))
    assert (read["lang"], read["title"], read["links"]) == (
        "en",
        "Releases of State visit to China and the SCO summit, June 2018",
        [f"{BASE}{CHINA}/releases.atom", f"{BASE}{CHINA}/releases"],
    )
    assert [entry[:3] for entry in read["entries"]] == [
        ("Release 2", "Sent to the press pool", None),
        ("Release 1", "loaded from china-state-visit-2018.toml", None),
    ]


def test_releases_feed_title_falling_back_is_marked_with_its_language(published, reader, app_store):
    every, _ = texts.texts_of(app_store, "itinerary", SLUG)
    every["title"].pop("zh")
    texts.save_texts(app_store, "itinerary", SLUG, every)
    releases.publish(app_store, SLUG)
    read = _read(reader.get(f"{CHINA}/releases.atom?lang=zh"))
    title = "State visit to China and the SCO summit, June 2018"
    assert (read["title"], read["author"]) == (f"“{title}”的发布版本", (title, "en"))
    assert read["entries"][0][:3] == ("第3版", f"“{title}”第3版。", None)


def test_releases_feed_each_language_its_own_etag(published, reader):
    tags = {}
    for lang in ("", "en", "ru", "zh"):
        response = reader.get(f"{CHINA}/releases.atom" + (f"?lang={lang}" if lang else ""))
        assert response.status_code == 200
        tags[lang] = response.headers["ETag"]
        again = reader.get(response.request.url, headers={"If-None-Match": tags[lang]})
        assert (again.status_code, again.data) == (304, b"")
    assert len(set(tags.values())) == 4  # "" and "en" differ by their links' ?lang= alone


def test_releases_feed_unknown_lang_refused_in_english(published, reader):
    response = reader.get(f"{CHINA}/releases.atom?lang=xx", headers={"Accept-Language": "ru"})
    assert (response.status_code, response.mimetype) == (400, "text/plain")
    assert response.text == "Bad request: lang: unknown language 'xx'; choose one of: en, ru, zh\n"


# Drafts in another language than the itinerary's own

DRAFTS = Path(__file__).resolve().parents[1] / "itinerary" / "data" / "drafts"
RU_ALASKA = (DRAFTS / "ru-alaska-kremlin.txt").read_text(encoding="utf-8")
EN_ALASKA = (DRAFTS / "en-alaska-summit.txt").read_text(encoding="utf-8")
ASK = {"en": "give the title in English", "ru": "укажите название на английском"}  # the own language named (walk 6, N6)


def _review(client, text: str, lang: str, page_lang: str = "en") -> dict:
    data = {"csrf_token": csrf_token(client, DRAFT), "text": text, "published": "2025-08-12", "lang": lang}
    response = client.post(f"{DRAFT}?lang={page_lang}", data=data)
    assert response.status_code == 200, response.text
    return form_values(parse(response.data).one("form.review-form"))


def _only(values: dict, *kept: int) -> dict:
    """The review form with only the proposals ``kept`` ticked."""
    return {k: v for k, v in values.items() if not (k.endswith("-accept") and int(k.split("-")[1]) not in kept)}


@pytest.mark.parametrize("page_lang", ["en", "ru"])
def test_russian_draft_into_english_itinerary_asks_every_own_title_and_stores_nothing(
    client, editor, app_store, page_lang
):
    values = _review(client, RU_ALASKA, "ru", page_lang) | {"target": "existing", "existing": SLUG}
    ticked = sorted(int(k.split("-")[1]) for k in values if k.endswith("-accept"))
    before = snapshot(app_store)

    response = client.post(f"{DRAFT}/accept?lang={page_lang}", data=values | {"proposals-1-own_title": "Talks"})

    assert response.status_code == 400
    page = parse(response.data)
    asked = [n for n in ticked if page.select(f"#proposals-{n}-own_title-error")]
    assert asked == [n for n in ticked if n != 1]
    assert {page.one(f"#proposals-{n}-own_title-error").text for n in asked} == {ASK[page_lang]}
    assert snapshot(app_store) == before


def test_russian_draft_into_english_itinerary_stores_the_russian_title_as_russian(client, editor, app_store):
    values = _review(client, RU_ALASKA, "ru") | {"target": "existing", "existing": SLUG}
    assert values["proposals-0-title"] == "Встреча"

    response = client.post(f"{DRAFT}/accept", data=_only(values, 0) | {"proposals-0-own_title": "Meeting"})

    assert (response.status_code, response.headers["Location"]) == (302, CHINA)
    (added,) = [e for e in services.list_events(app_store, SLUG) if e.title == "Meeting"]
    every, own = texts.texts_of(app_store, "event", texts.event_texts_key(SLUG, added.uid))
    assert (own, every["title"]) == ("en", {"en": "Meeting", "ru": "Встреча"})
    english = entry(parse(client.get(f"{CHINA}?lang=en").data), added.uid).one("h3.title a")
    russian = entry(parse(client.get(f"{CHINA}?lang=ru").data), added.uid).one("h3.title a")
    assert (english.text, english.get("lang"), russian.text, russian.get("lang")) == ("Meeting", None, "Встреча", None)


def test_russian_draft_gives_an_existing_venue_its_russian_texts_never_over_an_editors(client, editor, app_store):
    values = _review(client, EN_ALASKA, "en")  # Anchorage, stored with its English texts alone
    values |= {"new_slug": "alaska-2025", "new_title": "Alaska 2025", "new_timezone": "America/Anchorage"}
    assert client.post(f"{DRAFT}/accept", data=_only(values, 0)).status_code == 302
    assert texts.texts_of(app_store, "venue", "anchorage")[0] == {
        "name": {"": "Anchorage", "ru": "Анкоридж", "zh": "安克拉治"},  # the gazetteer's (walk 6, N3)
        "city": {"": "Anchorage", "ru": "Анкоридж", "zh": "安克拉治"},
    }
    every, _ = texts.texts_of(app_store, "venue", "anchorage")
    every["name"]["ru"] = "Анкоридж (Аляска)"
    every["city"].pop("ru")
    texts.save_texts(app_store, "venue", "anchorage", every)

    values = _review(client, RU_ALASKA, "ru") | {"target": "existing", "existing": SLUG}
    response = client.post(f"{DRAFT}/accept", data=_only(values, 0) | {"proposals-0-own_title": "Meeting"})

    assert response.status_code == 302, response.text
    assert texts.texts_of(app_store, "venue", "anchorage")[0] == {
        "name": {"": "Anchorage", "ru": "Анкоридж (Аляска)", "zh": "安克拉治"},  # the editor's, kept
        "city": {"": "Anchorage", "ru": "Анкоридж", "zh": "安克拉治"},  # the announcement's, where there was none
    }


def test_accepting_without_the_own_title_is_refused_by_the_domain_too(app_store):
    from itinerary import drafting
    from itinerary.drafting import accept as drafts

    draft = drafting.propose(RU_ALASKA, date(2025, 8, 12), "ru")
    before = snapshot(app_store)
    with pytest.raises(drafts.ProposalRefused) as refused:
        drafts.accept(app_store, draft.proposals[:1], into=SLUG, places=draft.places, lang="ru")
    assert (refused.value.index, refused.value.errors) == (
        0,
        {"own_title": "give the title in the itinerary's own language"},
    )
    assert snapshot(app_store) == before


def test_an_editors_note_word_for_word_a_service_sentence_stays_as_typed(app, app_store, drafts, clock, reader):
    app.config["BASE_URL"] = BASE
    clock.now = NOW + timedelta(days=1)
    releases.publish(app_store, SLUG, note="published on save")  # typed by an editor
    services.update_event(app_store, SLUG, "cn2018-press", title="Joint press statements")
    releases.set_publish_on_save(app_store, SLUG, True)  # publishes it: "published on save from now on"

    assert [entry[:3] for entry in _read(reader.get(f"{CHINA}/releases.atom?lang=ru"))["entries"]] == [
        ("Выпуск 3", "с этого момента публикуется каждое сохранение", None),
        ("Выпуск 2", "published on save", "en"),
        ("Выпуск 1", "загружено из файла china-state-visit-2018.toml", None),
    ]
    page = parse(reader.get(f"{CHINA}/releases?lang=ru").data)
    assert [(p.text, p.get("lang")) for p in page.select("p.release-note")] == [
        ("с этого момента публикуется каждое сохранение", None),
        ("published on save", "en"),
        ("загружено из файла china-state-visit-2018.toml", None),
    ]
