"""Walk 4, defects 4, 5, 7 and 18 (issue 16): the sign-in page's messages, the error pages, a feed's plain-text
errors, an unknown ``?lang=`` and the flashes after an event's save, cancellation, deletion and restoration are said
in the page's language (a feed's in its ``?lang=``), an event named by its title in it, a fallback marked with its
``lang``."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from itinerary import accounts, texts
from itinerary.errors import TooManySignIns
from itinerary.languages import event_key
from tests.conftest import make_event
from tests.web.conftest import PASSWORD
from tests.web.forms import csrf_token, snapshot, submit
from tests.web.html import parse
from web.domain_words import say

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
PRESS = "cn2018-press"


def _sign_in(client, lang: str, password: str):
    token = csrf_token(client, f"/sign-in?lang={lang}")
    return client.post(f"/sign-in?lang={lang}", data={"csrf_token": token, "username": "ed", "password": password})


# Defect 4: the sign-in page

WRONG = {"en": "Wrong username or password.", "ru": "Неверное имя пользователя или пароль.", "zh": "用户名或密码错误。"}
DISABLED = {
    "en": "This editor account is disabled; ask an administrator.",
    "ru": "Эта учётная запись редактора отключена; обратитесь к администратору.",
    "zh": "该编辑账户已停用；请联系管理员。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_sign_in_refusals_are_in_the_pages_language(client, app_store, lang):
    accounts.create_editor(app_store, "ed", PASSWORD)
    response = _sign_in(client, lang, "wrong password, long enough")
    assert response.status_code == 400
    assert parse(response.data).one("#password-error").text == WRONG[lang]
    accounts.disable_editor(app_store, "ed")
    response = _sign_in(client, lang, PASSWORD)
    assert response.status_code == 403
    assert parse(response.data).one("#username-error").text == DISABLED[lang]


THROTTLED = {
    "ru": [
        "Слишком много неудачных попыток входа. Повторите попытку через 1 секунду.",
        "Слишком много неудачных попыток входа. Повторите попытку через 1 минуту.",
        "Слишком много неудачных попыток входа. Повторите попытку через 2 минуты.",
        "Слишком много неудачных попыток входа. Повторите попытку через 5 минут.",
        "Слишком много неудачных попыток входа. Повторите попытку через 21 минуту.",
    ],
    "zh": [
        "登录失败次数过多。请在1秒后重试。",
        "登录失败次数过多。请在1分钟后重试。",
        "登录失败次数过多。请在2分钟后重试。",
        "登录失败次数过多。请在5分钟后重试。",
        "登录失败次数过多。请在21分钟后重试。",
    ],
    "en": [
        "Too many failed sign-ins. Try again in 1 second.",
        "Too many failed sign-ins. Try again in 1 minute.",
        "Too many failed sign-ins. Try again in 2 minutes.",
        "Too many failed sign-ins. Try again in 5 minutes.",
        "Too many failed sign-ins. Try again in 21 minutes.",
    ],
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_throttled_sign_in_says_the_wait_with_the_languages_plural(app, lang):
    waits = [timedelta(seconds=s) for s in (0.4, 60, 61, 300, 1250)]
    with app.test_request_context(f"/sign-in?lang={lang}"):
        assert [say(TooManySignIns(wait).message) for wait in waits] == THROTTLED[lang]


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_throttled_sign_in_page_says_it_in_the_pages_language(client, app_store, lang):
    accounts.create_editor(app_store, "ed", PASSWORD)
    for _ in range(6):
        assert _sign_in(client, lang, "wrong password, long enough").status_code == 400
    response = _sign_in(client, lang, PASSWORD)
    assert response.status_code == 429
    assert parse(response.data).one("[role=alert]").text == THROTTLED[lang][0]


SIGN_IN_FIRST = {
    "ru": "Чтобы изменять программы, войдите как редактор.",
    "zh": "请以编辑身份登录后再修改日程。",
}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_sign_in_asked_for_and_signed_out_flashes_are_in_the_pages_language(client, app_store, lang):
    response = client.get(f"{S}/new-event?lang={lang}")
    assert response.status_code == 302
    assert parse(client.get(response.location).data).texts(".flash") == [SIGN_IN_FIRST[lang]]
    accounts.create_editor(app_store, "ed", PASSWORD)
    assert _sign_in(client, lang, PASSWORD).status_code == 302
    client.get(f"/?lang={lang}")  # the "signed in" flash shown
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert parse(client.get("/").data).texts(".flash") == [{"ru": "Вы вышли.", "zh": "已退出登录。"}[lang]]


# Defect 5: error pages, and a feed's plain-text errors

ERROR_PAGES = [
    (
        f"{S}-x",
        404,
        {
            "en": ("Not found", "no itinerary with slug 'china-state-visit-2018-x'"),
            "ru": ("Не найдено", "программы с адресом (slug) «china-state-visit-2018-x» нет"),
            "zh": ("未找到", "没有地址标识为“china-state-visit-2018-x”的日程"),
        },
    ),
    (
        f"{S}/events/ghost",
        404,
        {
            "en": ("Not found", f"no event 'ghost' in itinerary '{SLUG}'"),
            "ru": ("Не найдено", f"в программе «{SLUG}» нет мероприятия «ghost»"),
            "zh": ("未找到", f"日程“{SLUG}”中没有活动“ghost”"),
        },
    ),
    (
        f"{S}?from=soon",
        400,
        {
            "en": ("Bad request", "from: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08"),
            "ru": ("Неверный запрос", "from: «soon» — не дата; укажите её в виде ГГГГ-ММ-ДД, например 2018-06-08"),
            "zh": ("请求有误", "from：“soon”不是日期；请按 YYYY-MM-DD 格式填写，例如2018-06-08"),
        },
    ),
    (
        f"{S}?delegation=!!!",
        400,
        {
            "en": ("Bad request", "delegation: '!!!' is not a delegation's name; write it as in 'russia'"),
            "ru": ("Неверный запрос", "delegation: «!!!» — не название делегации; укажите его так, как в «russia»"),
            "zh": ("请求有误", "delegation：“!!!”不是代表团名称；请按“russia”的形式填写"),
        },
    ),
]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
@pytest.mark.parametrize(("url", "status", "said"), ERROR_PAGES)
def test_error_pages_say_the_message_in_the_pages_language(client, url, status, said, lang):
    client.set_cookie("lang", lang)
    response = client.get(url)
    assert response.status_code == status
    doc = parse(response.data)
    assert doc.one("html").get("lang") == lang
    assert (doc.one("h1").text, doc.one(".error-message").text) == said[lang]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ("Bad request", "since: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2018-06-04")),
        ("ru", ("Неверный запрос", "since: «soon» — не дата; укажите её в виде ГГГГ-ММ-ДД, например 2018-06-04")),
        ("zh", ("请求有误", "since：“soon”不是日期；请按 YYYY-MM-DD 格式填写，例如2018-06-04")),
    ],
)
def test_changes_page_refuses_a_bad_since_in_the_pages_language(client, lang, expected):
    response = client.get(f"{S}/changes?since=soon&lang={lang}")
    assert response.status_code == 400
    doc = parse(response.data)
    assert (doc.one("h1").text, doc.one(".error-message").text) == expected


FEED_ERRORS = [
    (
        f"{S}.ics?from=soon&to=2018-13-01",
        400,
        {
            "ru": "Неверный запрос: from: «soon» — не дата; укажите её в виде ГГГГ-ММ-ДД, например 2018-06-08; "
            "to: «2018-13-01» — не дата; укажите её в виде ГГГГ-ММ-ДД, например 2018-06-08\n",
            "zh": "请求有误：from：“soon”不是日期；请按 YYYY-MM-DD 格式填写，例如2018-06-08；"
            "to：“2018-13-01”不是日期；请按 YYYY-MM-DD 格式填写，例如2018-06-08\n",
        },
    ),
    (
        f"{S}.ics?kind=party",
        400,
        {
            "ru": "Неверный запрос: kind: неизвестный вид «party»; выберите один из следующих: talks, ceremony",
            "zh": "请求有误：kind：未知类别“party”；请从以下类别中选择：talks、ceremony",
        },
    ),
    (
        f"{S}-x.ics",
        404,
        {
            "ru": "Не найдено: программы с адресом (slug) «china-state-visit-2018-x» нет\n",
            "zh": "未找到：没有地址标识为“china-state-visit-2018-x”的日程\n",
        },
    ),
    (
        f"{S}/events/ghost.ics",
        404,
        {
            "ru": f"Не найдено: в программе «{SLUG}» нет мероприятия «ghost»\n",
            "zh": f"未找到：日程“{SLUG}”中没有活动“ghost”\n",
        },
    ),
]


@pytest.mark.parametrize("lang", ["ru", "zh"])
@pytest.mark.parametrize(("url", "status", "said"), FEED_ERRORS)
def test_feed_errors_are_plain_text_in_the_feeds_lang(client, url, status, said, lang):
    response = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
    assert (response.status_code, response.mimetype) == (status, "text/plain")
    assert response.text.startswith(said[lang])


def test_feed_errors_without_lang_are_english_whatever_the_browser_says(client):
    client.set_cookie("lang", "ru")
    response = client.get(f"{S}-x.ics", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    expected = "Not found: no itinerary with slug 'china-state-visit-2018-x'\n"
    assert (response.status_code, response.text) == (404, expected)


@pytest.mark.parametrize("url", [f"{S}.ics", f"{S}/events/{PRESS}.ics"])
@pytest.mark.parametrize("value", ["xx", "RU", "ru-RU", ""])
def test_feed_with_a_bad_lang_is_refused_400_in_plain_text_and_changes_nothing(client, app_store, url, value):
    client.set_cookie("lang", "zh")
    before = snapshot(app_store)
    response = client.get(f"{url}?lang={value}" if value else f"{url}?lang=%20")
    assert (response.status_code, response.mimetype) == (400, "text/plain")
    shown = value if value else " "
    assert response.text == f"Bad request: lang: unknown language {shown!r}; choose one of: en, ru, zh\n"
    assert "Set-Cookie" not in response.headers
    assert snapshot(app_store) == before


# Defect 7: an unknown ?lang= on a page

NOT_OFFERED = {
    "en": "There is no language “xx” here; the pages come in English, Русский and 中文.",
    "ru": "Языка «xx» здесь нет; страницы доступны на следующих языках: English, Русский и 中文.",
    "zh": "本站不提供“xx”语言；页面语言有：English、Русский和中文。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
@pytest.mark.parametrize("url", [S, "/", "/sign-in", f"{S}/events/{PRESS}"])
def test_unknown_lang_on_a_page_renders_in_the_kept_language_with_a_notice(client, url, lang):
    client.set_cookie("lang", lang)
    response = client.get(f"{url}?lang=xx")
    assert response.status_code == 200
    doc = parse(response.data)
    assert doc.one("html").get("lang") == lang
    notice = doc.one(".flashes .language-not-offered")
    assert notice.text == NOT_OFFERED[lang]
    assert [(span.get("lang"), span.text) for span in notice.select("span")] == [
        ("en", "English"),
        ("ru", "Русский"),
        ("zh", "中文"),
    ]
    assert client.get_cookie("lang").value == lang  # the kept language stays
    assert parse(client.get(url).data).select(".language-not-offered") == []


def test_unknown_lang_without_a_cookie_follows_the_browser_and_is_escaped(client):
    response = client.get(f"{S}?lang=<b>x</b>", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert response.status_code == 200
    doc = parse(response.data)
    assert doc.one("html").get("lang") == "zh"
    assert doc.one(".language-not-offered").text == NOT_OFFERED["zh"].replace("xx", "<b>x</b>")
    assert doc.select(".language-not-offered b") == []


# Defect 18: flashes name the event in the page's language

CANCELLED = {
    "en": "Cancelled Press statements; it stays in the programme, struck through.",
    "ru": "Отменено: Заявления для прессы; мероприятие остаётся в программе, зачёркнутым.",
    "zh": "已取消“共同会见记者”；该活动仍保留在日程中，并以删除线显示。",
}
DELETED = {"en": "Deleted Press statements.", "ru": "Удалено: Заявления для прессы.", "zh": "已删除“共同会见记者”。"}
SAVED = {"en": "Saved Press statements.", "ru": "Сохранено: Заявления для прессы.", "zh": "已保存“共同会见记者”。"}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_event_flashes_name_the_event_in_the_pages_language(client, editor, lang):
    response = submit(client, f"{S}/events/{PRESS}/edit?lang={lang}", {"url": "https://example.org/press"})
    assert response.status_code == 302, response.text
    flash = parse(client.get(response.location).data).one(".flash")
    assert (flash.text, flash.select("[lang]")) == (SAVED[lang], [])
    response = submit(client, f"{S}/events/{PRESS}/cancel?lang={lang}", selector="main form")
    assert response.status_code == 302, response.text
    assert parse(client.get(response.location).data).texts(".flash") == [CANCELLED[lang]]
    response = submit(client, f"{S}/events/{PRESS}/delete?lang={lang}", selector="main form")
    assert response.status_code == 302, response.text
    flash = parse(client.get(response.location).data).one(".flash")
    assert (flash.text, flash.select("[lang]")) == (DELETED[lang], [])


OCCURRENCE = {
    "ru": (
        "Отменено повторение «Ночная смена» 8 июня 2018 г., 10:00.",
        "Восстановлено повторение «Ночная смена» 8 июня 2018 г., 10:00.",
    ),
    "zh": ("已取消“Night shift”在2018年6月8日 10:00的场次。", "已恢复“Night shift”在2018年6月8日 10:00的场次。"),
}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_occurrence_flashes_name_the_series_in_the_pages_language_a_fallback_marked(client, app_store, editor, lang):
    start = datetime(2018, 6, 8, 10, 0)
    make_event(app_store, SLUG, uid="night", title="Night shift", start=start, rrule="FREQ=DAILY;COUNT=2")
    found, _ = texts.texts_of(app_store, "event", event_key(SLUG, "night"))
    texts.save_texts(app_store, "event", event_key(SLUG, "night"), {**found, "title": {"ru": "Ночная смена"}})
    occurrence = f"{S}/events/night/occurrences/20180608T020000Z"
    response = submit(client, f"{occurrence}/cancel?lang={lang}", selector="main form")
    assert response.status_code == 302, response.text
    flash = parse(client.get(response.location).data).one(".flash")
    marked = [(node.get("lang"), node.text) for node in flash.select("[lang]")]
    assert (flash.text, marked) == (OCCURRENCE[lang][0], [] if lang == "ru" else [("en", "Night shift")])
    token = csrf_token(client, f"{S}/events/night?lang={lang}")
    response = client.post(f"{occurrence}/restore?lang={lang}", data={"csrf_token": token})
    assert response.status_code == 302, response.text
    flash = parse(client.get(response.location).data).one(".flash")
    assert flash.text == OCCURRENCE[lang][1]
