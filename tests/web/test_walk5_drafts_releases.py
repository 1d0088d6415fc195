"""Walk 5: the releases feed in the feed's language, and drafts accepted into an itinerary of another language."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest

from itinerary import releases, texts
from tests.conftest import NOW

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "https://itinerary.example.org"


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
        ("第 2 版", "Sent to the press pool", "en"),
        ("第 1 版", "从文件 china-state-visit-2018.toml 载入", None),
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
    assert read["entries"][0][:3] == ("第 3 版", f"“{title}”第3版。", None)


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
