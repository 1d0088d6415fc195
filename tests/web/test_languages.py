"""The interface's language: catalogs, the language picked per request, the switcher, dates per language."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.builders import when
from tests.web.html import parse
from web import i18n

WEB = Path(i18n.__file__).parent
CATALOG_LANGUAGES = ("ru", "zh")


def _extracted() -> set[str]:
    with (WEB / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
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


# The editors' interface: every editor page in Russian and Chinese keeps no English string of the catalog, and a
# refused form says its problems in the editor's language while storing nothing.

CHINA = "/itineraries/china-state-visit-2018"
# Text a page shows, where an interface string would be: whole texts of these elements, and these attributes.
_TEXT_TAGS = {"h1", "h2", "h3", "p", "li", "label", "legend", "button", "option", "summary", "a", "dt", "dd", "th"}
_TEXT_ATTRS = ("placeholder", "aria-label", "title", "value")


def _english_patterns(lang: str) -> list[re.Pattern]:
    """The catalog's English messages (those the language says otherwise), each as a pattern of a whole text."""
    catalog = _read(read_po, WEB / "translations" / lang / "LC_MESSAGES" / "messages.po")
    patterns = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            plain = re.sub(r"<[^>]+>", "", msgid)
            letters = len(re.findall(r"[A-Za-z]", re.sub(r"%\(\w+\)s", "", plain)))
            if msgid in strings or letters < 3 or ("%(" in plain and letters < 12):
                continue  # the same in both languages, or too short to tell English by
            parts = [re.escape(" ".join(part.split())) for part in re.split(r"%\(\w+\)s", plain)]
            patterns.append(re.compile(".+?".join(parts)))
    return patterns


def _shown_texts(doc) -> set[str]:
    """Every text and labelling attribute of the page, but the language links and text marked in another language."""
    found = set()
    for node in doc.elements():
        if node.tag in ("script", "style") or any(
            n.get("lang") not in (None, doc.one("html").get("lang")) or "languages" in n.classes
            for n in _ancestors(node)
        ):
            continue
        found.update(" ".join(c.split()) for c in node.children if isinstance(c, str) and c.strip())
        if node.tag in _TEXT_TAGS:
            found.add(node.text)
        shown_attrs = _TEXT_ATTRS[:-1] if node.tag == "option" else _TEXT_ATTRS  # an option's value is not shown
        found.update(node.get(name) for name in shown_attrs if node.get(name) and node.get("type") != "hidden")
    return found


def _ancestors(node):
    while node is not None and node.tag != "#document":
        yield node
        node = node.parent


def _english_left(response, lang: str) -> list[str]:
    patterns = _english_patterns(lang)
    return sorted(text for text in _shown_texts(parse(response.data)) if any(p.fullmatch(text) for p in patterns))


def _briefing(store):
    """A recurring event, so that one of its occurrences can be moved."""
    from itinerary import services

    services.create_event(
        store,
        "china-state-visit-2018",
        uid="briefing",
        title="Briefing",
        **when("2018-06-08 07:00", "07:30"),
        rrule="FREQ=DAILY;COUNT=3",
    )


def _subscription(store):
    """A press subscription (id 1) that a busy event's stand-in shows to, and its token."""
    from itinerary import services, subscriptions

    services.update_event(store, "china-state-visit-2018", "cn2018-press", access=[("press", "busy")])
    return subscriptions.issue(store, "china-state-visit-2018", audience="press", name="TASS pool").token


EDITOR_PAGES = {
    "new event": f"{CHINA}/new-event",
    "edit event": f"{CHINA}/events/cn2018-talks-narrow/edit",
    "edit travel leg": f"{CHINA}/events/cn2018-train-tianjin/edit",
    "edit occurrence": f"{CHINA}/events/briefing/occurrences/20180607T230000Z/move",
    "cancel occurrence": f"{CHINA}/events/briefing/occurrences/20180607T230000Z/cancel",
    "cancel event": f"{CHINA}/events/cn2018-press/cancel",
    "delete event": f"{CHINA}/events/cn2018-press/delete",
    "new itinerary": "/new-itinerary",
    "edit itinerary": f"{CHINA}/edit",
    "delete itinerary": f"{CHINA}/delete",
    "copy itinerary": f"{CHINA}/duplicate",
    "private feed address": f"{CHINA}/feed-token/rotate",
    "import": f"{CHINA}/import",
    "publish": f"{CHINA}/publish",
    "venues": "/venues",
    "new venue": "/venues/new",
    "venue": "/venues/great-hall-of-the-people",
    "merge venue": "/venues/great-hall-of-the-people/merge",
    "delete venue": "/venues/great-hall-of-the-people/delete",
    "participants": "/participants",
    "new participant": "/participants/new",
    "participant": "/participants/yuri-ushakov",
    "merge participant": "/participants/yuri-ushakov/merge",
    "delete participant": "/participants/yuri-ushakov/delete",
    "itinerary translations": f"{CHINA}/translations",
    "event translations": f"{CHINA}/events/cn2018-press/translations",
    "venue translations": "/venues/great-hall-of-the-people/translations",
    "participant translations": "/participants/yuri-ushakov/translations",
    "itinerary languages": f"{CHINA}/languages",
    "subscriptions": f"{CHINA}/subscriptions",
    "revoke subscription": f"{CHINA}/subscriptions/1/revoke",
}


@pytest.mark.parametrize("lang", CATALOG_LANGUAGES)
@pytest.mark.parametrize("page", EDITOR_PAGES)
def test_editor_page_keeps_no_english_interface_string(client, app_store, editor, page, lang):
    _briefing(app_store)
    _subscription(app_store)
    response = client.get(f"{EDITOR_PAGES[page]}?lang={lang}")
    assert response.status_code == 200, response.text
    assert _lang_of(response) == lang
    assert _english_left(response, lang) == []


def test_editor_page_check_finds_english_left(client, app_store, editor):
    # The check itself: the English page is full of the catalog's English.
    response = client.get(f"{CHINA}/new-event?lang=en")
    assert {"New event", "Save event", "Who and how", "Back without saving"} <= set(_english_left(response, "ru"))


# A new event wrong in two ways an editor meets: no title, the end before the start.
REFUSED_EVENT = {"title": "", "start_date": "2018-06-08", "start_time": "15:00", "end_time": "14:00"}
REFUSED_TEXTS = {
    "en": {
        "title-error": "must not be empty",
        "end_time-error": "must not be before the start",
        "h1": "New event",
        "summary": "The event was not saved",
    },
    "ru": {
        "title-error": "не может быть пустым",
        "end_time-error": "не может быть раньше начала",
        "h1": "Новое мероприятие",
        "summary": "Мероприятие не сохранено",
    },
    "zh": {
        "title-error": "不能为空",
        "end_time-error": "不能早于开始时间",
        "h1": "新活动",
        "summary": "活动未保存",
    },
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_refused_event_form_says_its_problems_in_the_editors_language(client, app_store, editor, lang):
    from tests.web.forms import snapshot, submit

    before = snapshot(app_store)
    response = submit(client, f"{CHINA}/new-event?lang={lang}", REFUSED_EVENT)
    assert response.status_code == 400, response.text
    doc = parse(response.data)
    expected = REFUSED_TEXTS[lang]
    shown = {name: doc.one(f"#{name}").text for name in ("title-error", "end_time-error")}
    assert shown == {name: expected[name] for name in shown}
    assert (doc.one("h1").text, doc.one("#error-summary-title").text) == (expected["h1"], expected["summary"])
    assert snapshot(app_store) == before
    if lang != "en":
        assert _english_left(response, lang) == []


BAD_FIELDS = {
    "start_date": ("2018-13-45", "start_date-error"),
    "timezone": ("Mars/Olympus", "timezone-error"),
}


@pytest.mark.parametrize(
    ("lang", "field", "expected"),
    [
        ("en", "start_date", "'2018-13-45' is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08"),
        ("ru", "start_date", "«2018-13-45» — не дата; укажите её в виде ГГГГ-ММ-ДД, например 2018-06-08"),
        ("zh", "start_date", "“2018-13-45”不是日期；请按 YYYY-MM-DD 格式填写，例如2018-06-08"),
        ("en", "timezone", "unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/Moscow"),
        ("ru", "timezone", "неизвестный часовой пояс «Mars/Olympus»; укажите название IANA, например Europe/Moscow"),
        ("zh", "timezone", "未知时区“Mars/Olympus”；请使用 IANA 名称，例如 Europe/Moscow"),
    ],
)
def test_refused_event_form_says_a_bad_value_in_the_editors_language(client, app_store, editor, lang, field, expected):
    from tests.web.forms import GOOD_EVENT, snapshot, submit

    before = snapshot(app_store)
    value, shown_at = BAD_FIELDS[field]
    response = submit(client, f"{CHINA}/new-event?lang={lang}", {**GOOD_EVENT, field: value})
    assert response.status_code == 400, response.text
    assert parse(response.data).one(f"#{shown_at}").text == expected
    assert snapshot(app_store) == before


@pytest.mark.parametrize(
    ("lang", "heading", "overlap"),
    [
        ("en", "Not saved yet: this change brings 1 warning", "cannot attend both"),
        ("ru", "Пока не сохранено: это изменение вызывает 1 предупреждение", "Юрий Ушаков: не получится"),
        ("zh", "尚未保存：此更改带来1条警告", "无法同时出席"),
    ],
)
def test_double_booking_warning_in_the_editors_language(client, app_store, editor, lang, heading, overlap):
    from tests.web.forms import snapshot, submit

    before = snapshot(app_store)
    # Yuri Ushakov at a second meeting during the narrow talks (09:45-10:45 in Beijing): 30 minutes overlap.
    double = {
        "title": "Courtesy call",
        "kind": "meeting",
        "start_date": "2018-06-08",
        "start_time": "10:15",
        "end_time": "11:00",
        "participants": "yuri-ushakov",
    }
    response = submit(client, f"{CHINA}/new-event?lang={lang}", double)
    assert response.status_code == 409, response.text
    doc = parse(response.data)
    assert doc.one("#warnings-title").text == heading
    (message,) = doc.texts(".warning-summary .finding .message")
    assert overlap in message
    assert {"ru": "30 минут", "zh": "30分钟", "en": "30 minutes"}[lang] in message
    assert snapshot(app_store) == before


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "was changed by someone else"),
        ("ru", "изменил кто-то другой"),
        ("zh", "已被他人修改"),
    ],
)
def test_concurrent_edit_is_refused_in_the_editors_language(client, app_store, editor, lang, expected):
    from itinerary import services
    from tests.web.forms import form_on

    url = f"{CHINA}/events/cn2018-press/edit?lang={lang}"
    values = form_on(client, url)
    services.update_event(app_store, "china-state-visit-2018", "cn2018-press", title="Press statements, moved")
    before = services.get_event(app_store, "china-state-visit-2018", "cn2018-press")
    response = client.post(url, data={**values, "title": "Mine"})
    assert response.status_code == 409, response.text
    (message,) = parse(response.data).texts(".error-summary li")
    assert expected in message
    assert services.get_event(app_store, "china-state-visit-2018", "cn2018-press") == before


@pytest.mark.parametrize("lang", CATALOG_LANGUAGES)
def test_draft_pages_keep_no_english_interface_string(client, app_store, editor, lang):
    from tests.web.forms import csrf_token, snapshot

    before = snapshot(app_store)
    page = client.get(f"/itineraries/draft?lang={lang}")
    assert page.status_code == 200 and _english_left(page, lang) == []
    seed = (
        Path(__file__).resolve().parents[1] / "itinerary" / "data" / "drafts" / "en-seed-state-visit.txt"
    ).read_text(encoding="utf-8")
    data = {"csrf_token": csrf_token(client, "/itineraries/draft"), "text": seed.replace("\n", "\r\n")}
    review = client.post(f"/itineraries/draft?lang={lang}", data={**data, "published": "2018-06-04"})
    assert review.status_code == 200, review.text
    assert _english_left(review, lang) == []
    assert snapshot(app_store) == before


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", {"name-error": "must be 1 to 200 characters", "latitude-error": "must be a number between -90 and 90"}),
        (
            "ru",
            {
                "name-error": "должно содержать от 1 до 200 символов",
                "latitude-error": "должно быть числом от -90 до 90",
            },
        ),
        ("zh", {"name-error": "必须为1至200个字符", "latitude-error": "必须是-90至90之间的数字"}),
    ],
)
def test_refused_venue_form_says_its_problems_in_the_editors_language(client, app_store, editor, lang, expected):
    from tests.web.forms import snapshot, submit

    before = snapshot(app_store)
    venue = {"name": "", "city": "Beijing", "country": "China", "latitude": "139.9", "longitude": "116.3"}
    response = submit(client, f"/venues/new?lang={lang}", {**venue, "timezone": "Asia/Shanghai"})
    assert response.status_code == 400, response.text
    doc = parse(response.data)
    assert {name: doc.one(f"#{name}").text for name in expected} == expected
    assert snapshot(app_store) == before
    if lang != "en":
        assert _english_left(response, lang) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "must be 1 to 200 characters"),
        ("ru", "должно содержать от 1 до 200 символов"),
        ("zh", "必须为1至200个字符"),
    ],
)
def test_refused_participant_form_says_its_problem_in_the_editors_language(client, app_store, editor, lang, expected):
    from tests.web.forms import snapshot, submit

    before = snapshot(app_store)
    response = submit(client, f"/participants/yuri-ushakov?lang={lang}", {"name": ""})
    assert response.status_code == 400, response.text
    assert parse(response.data).one("#name-error").text == expected
    assert snapshot(app_store) == before


def _domain_templates() -> set[str]:
    """The first (and plural) template of every ``Message(...)`` and ``Message.count(...)`` written in itinerary/."""
    import ast

    found = set()
    for path in (WEB.parent / "itinerary").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            owner = getattr(node.func, "value", None)
            if name == "Message" or (name == "count" and getattr(owner, "id", "") == "Message"):
                texts = [a for a in node.args[: 2 if name == "count" else 1] if isinstance(a, ast.Constant)]
                found.update(a.value for a in texts if isinstance(a.value, str))
    return found


def test_every_domain_message_template_is_in_the_catalogs():
    templates = _domain_templates()
    assert {"must be at most %(most)s characters", "%(hours)s %(minutes)s"} <= templates
    assert templates - _extracted() == set()


# The subscriptions' pages: the editors' page with its health texts and the read-only page of a subscription.
SUBSCRIPTION_TEXTS = {
    "en": ("press", "never fetched", "Press: the accredited press pool", "Closed press event"),
    "ru": ("пресса", "ни разу не загружалась", "Пресса: аккредитованный пресс-пул", "Закрытое мероприятие для прессы"),
    "zh": ("媒体", "从未获取", "媒体：获得采访许可的记者团", "非公开媒体活动"),
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_subscriptions_page_says_audiences_and_health_in_the_editors_language(client, app_store, editor, lang):
    _subscription(app_store)
    doc = parse(client.get(f"{CHINA}/subscriptions?lang={lang}").data)
    audience, never, label, _busy = SUBSCRIPTION_TEXTS[lang]
    row = doc.one("#subscription-1")
    assert (row.one(".name").text, row.one(".audience").text, row.one(".health").text) == ("TASS pool", audience, never)
    assert doc.one("#audience option[value=press]").text == label


def test_subscriptions_page_names_the_old_private_address_in_the_editors_language(client, app_store, editor):
    from itinerary import services

    services.rotate_feed_token(app_store, "china-state-visit-2018")
    doc = parse(client.get(f"{CHINA}/subscriptions?lang=zh").data)
    assert doc.one("#subscription-0 .name").text == "私有地址"
    revoke = parse(client.get(f"{CHINA}/subscriptions/0/revoke?lang=ru").data)
    assert revoke.one("h1").text == "Отозвать подписку Закрытый адрес?"


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_subscription_view_shows_a_busy_event_by_its_neutral_label_in_the_readers_language(client, app_store, lang):
    token = _subscription(app_store)
    response = client.get(f"/view/{token}?lang={lang}")
    assert response.status_code == 200, response.text
    titles = parse(response.data).texts(".print-entry .title")
    assert SUBSCRIPTION_TEXTS[lang][3] in titles
    if lang != "en":
        assert "Press statements" not in titles and _english_left(response, lang) == []


# How a series repeats, said in the page's language (web.filters.said_rule; itinerary.recurrence.describe in English).
RULES = {
    "FREQ=DAILY;UNTIL=20180610T155959Z": (
        "every day until 10 June",
        "ежедневно по 10 июня включительно",
        "每天，直至6月10日",
    ),
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=3": (
        "every weekday, 3 times",
        "по рабочим дням, 3 раза",
        "每个工作日，共3次",
    ),
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE": (
        "every 2 weeks on Monday and Wednesday",
        "каждые 2 недели по понедельникам и средам",
        "每2周的周一和周三",
    ),
    "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=21": (
        "every month on the 15th, 21 times",
        "ежемесячно 15-го числа, 21 раз",
        "每月的15日，共21次",
    ),
    "FREQ=YEARLY;INTERVAL=5;UNTIL=20300101": (
        "every 5 years until 1 January 2030",
        "каждые 5 лет по 1 января 2030\u202fг. включительно",
        "每5年，直至2030年1月1日",
    ),
    # A part said in English only: the whole rule stays English rather than half said.
    "FREQ=MONTHLY;BYDAY=-1FR": ("every month on the last Friday",) * 3,
}


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_rule_words_say_a_series_in_the_pages_language(app, rule, lang):
    from web.filters import said_rule

    with app.test_request_context(f"/?lang={lang}"):
        assert said_rule(rule, "Asia/Shanghai", 2018) == RULES[rule][("en", "ru", "zh").index(lang)]


def test_event_page_says_its_series_in_russian(client, app_store):
    _briefing(app_store)
    response = client.get(f"{CHINA}/events/briefing?lang=ru")
    assert response.status_code == 200, response.text
    assert parse(response.data).one(".fact-recurrence").text == "Ежедневно, 3 раза"
    assert parse(response.data).one(".fact-recurrence").get("lang") is None
    assert _english_left(response, "ru") == []
