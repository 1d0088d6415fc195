"""The interface's language: catalogs, the language picked per request, the switcher, dates per language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.web.html import parse
from web import i18n

WEB = Path(i18n.__file__).parent
CATALOG_LANGUAGES = ("ru", "zh")


def _extracted() -> set[str]:
    with (WEB / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        WEB, method_map, options_map, keywords=keywords
    ):
        found.update(message if isinstance(message, tuple) else (message,))
    return found


def _forms(string) -> tuple:
    """A message's translations: one, or one per plural form (ngettext)."""
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


def _read(reader, path: Path):
    with path.open("rb") as file:
        return reader(file)


@pytest.mark.parametrize("lang", CATALOG_LANGUAGES)
def test_catalog_translates_every_extracted_message(lang):
    catalog = _read(read_po, WEB / "translations" / lang / "LC_MESSAGES" / "messages.po")
    extracted = _extracted()
    assert "Skip to the content" in extracted and "Back to the itineraries" in extracted
    held = {one for m in catalog if m.id for one in (m.id if isinstance(m.id, tuple) else (m.id,))}
    assert held == extracted
    assert [m.id for m in catalog if m.id and (not all(_forms(m.string)) or m.fuzzy)] == []


@pytest.mark.parametrize("lang", CATALOG_LANGUAGES)
def test_compiled_catalog_matches_its_source(lang):
    folder = WEB / "translations" / lang / "LC_MESSAGES"
    source = {_forms(m.id): _forms(m.string) for m in _read(read_po, folder / "messages.po") if m.id}
    compiled = {_forms(m.id): _forms(m.string) for m in _read(read_mo, folder / "messages.mo") if m.id}
    assert compiled == source


def _lang_of(response) -> str:
    return parse(response.data).one("html").get("lang")


def test_language_first_visit_follows_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert _lang_of(response) == "zh"
    assert parse(response.data).one(".skip-link").text == "跳到正文"
    assert "Accept-Language" in response.headers["Vary"]


def test_language_without_any_choice_is_english(client):
    response = client.get("/", headers={"Accept-Language": "de-DE"})
    assert _lang_of(response) == "en"
    assert parse(response.data).one(".skip-link").text == "Skip to the content"


def test_language_query_wins_over_cookie_and_cookie_over_accept_language(client):
    client.set_cookie("lang", "ru")
    assert _lang_of(client.get("/", headers={"Accept-Language": "zh"})) == "ru"
    assert _lang_of(client.get("/?lang=zh", headers={"Accept-Language": "en"})) == "zh"


def test_language_query_is_kept_in_the_cookie(client):
    response = client.get("/?lang=ru")
    assert _lang_of(response) == "ru"
    assert client.get_cookie("lang").value == "ru"
    assert _lang_of(client.get("/", headers={"Accept-Language": "en"})) == "ru"


def test_language_unknown_query_is_ignored_on_pages(client):
    response = client.get("/?lang=xx", headers={"Accept-Language": "ru"})
    assert response.status_code == 200 and _lang_of(response) == "ru"
    assert client.get_cookie("lang") is None


def test_language_switcher_keeps_the_page_and_its_query(client):
    response = client.get("/itineraries/china-state-visit-2018?tz=Europe/Moscow&lang=ru")
    links = parse(response.data).select("nav.languages a")
    assert [(a.get("hreflang"), a.get("lang"), a.text) for a in links] == [
        ("en", "en", "English"),
        ("ru", "ru", "Русский"),
        ("zh", "zh", "中文"),
    ]
    assert links[2].get("href") == "/itineraries/china-state-visit-2018?tz=Europe%2FMoscow&lang=zh"
    assert [a.get("aria-current") for a in links] == [None, "true", None]


def test_language_error_page_in_russian_and_feed_errors_in_english(client):
    response = client.get("/no/such/page?lang=ru")
    assert response.status_code == 404
    assert parse(response.data).one("h1").text == "Не найдено"
    assert parse(response.data).one(".way-back a").text == "Вернуться к программам"
    feed = client.get("/itineraries/nothing-here.ics", headers={"Accept-Language": "ru"})
    assert feed.status_code == 404 and feed.text.startswith("Not found: ")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Friday, June 8, 2018"), ("ru", "пятница, 8 июня 2018\u202fг."), ("zh", "2018年6月8日星期五")],
)
def test_day_filter_writes_dates_as_each_language_does(app, lang, expected):
    with app.test_request_context(f"/?lang={lang}"):
        assert app.jinja_env.from_string("{{ value | day }}").render(value=date(2018, 6, 8)) == expected
