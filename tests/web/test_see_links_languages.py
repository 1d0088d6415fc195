"""Walk 3, defects 2 and 4 (issue 16): the "See:" links under the checks' findings and the breadcrumbs and titles of
the editor pages name events and the itinerary in the page's language (a title without a text in it marked with
the itinerary's language), the links joined as the language lists things ("A and B", "A и B", "A和B")."""

from __future__ import annotations

from datetime import datetime

import pytest

from itinerary import services, subscriptions
from tests.conftest import make_event
from tests.web.forms import submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
NARROW, ENLARGED = f"{S}/events/cn2018-talks-narrow", f"{S}/events/cn2018-talks-enlarged"
TEA = "Tea <i>break</i>"  # no text in another language; shown literally, never as markup

# The enlarged talks moved to 10:30, into the narrow ones: the same people in the same hall, two warnings.
BOTH_TALKS = {
    "en": "See: Russian-Chinese talks in narrow format and Russian-Chinese talks in enlarged format",
    "ru": "См.: Российско-китайские переговоры в узком составе и Российско-китайские переговоры в расширенном составе",
    "zh": "参见：中俄小范围会谈和中俄大范围会谈",
}
TALKS = {
    "en": ("Russian-Chinese talks in narrow format", "Russian-Chinese talks in enlarged format"),
    "ru": ("Российско-китайские переговоры в узком составе", "Российско-китайские переговоры в расширенном составе"),
    "zh": ("中俄小范围会谈", "中俄大范围会谈"),
}
NARROW_AND_TEA = {
    "en": f"See: Russian-Chinese talks in narrow format and {TEA}",
    "ru": f"См.: Российско-китайские переговоры в узком составе и {TEA}",
    "zh": f"参见：中俄小范围会谈和{TEA}",
}
ITINERARY = {
    "en": "State visit to China and the SCO summit, June 2018",
    "ru": "Государственный визит в Китай и саммит ШОС, июнь 2018 года",
    "zh": "对中国进行国事访问并出席上海合作组织峰会（2018年6月）",
}
PRESS = {"en": "Press statements", "ru": "Заявления для прессы", "zh": "共同会见记者"}
SITE = {"en": "Itinerary", "ru": "Программа визитов", "zh": "日程"}  # the end of every <title>


def links(line) -> list[tuple[str, str | None, list[str | None]]]:
    """Each link of a "See:" line: its text, its href and the languages marked inside it."""
    return [(a.text, a.get("href"), [s.get("lang") for s in a.select("[lang]")]) for a in line.select("a")]


@pytest.fixture
def tea(app_store):
    """An event without texts in other languages that overlaps the narrow talks (Vladimir Putin, the same hall)."""
    start, end = datetime(2018, 6, 8, 10, 0), datetime(2018, 6, 8, 10, 30)
    participants, venue = ["vladimir-putin"], "great-hall-of-the-people"
    make_event(app_store, SLUG, uid="tea", title=TEA, start=start, end=end, participants=participants, venue=venue)


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_see_links_on_the_save_anyway_form_name_both_talks_in_the_pages_language(client, editor, lang):
    response = submit(client, f"{ENLARGED}/edit?lang={lang}", {"start_time": "10:30"})
    assert response.status_code == 409
    lines = parse(response.data).select(".warning-summary .finding-events")
    assert [line.text for line in lines] == [BOTH_TALKS[lang]] * 2  # people in two places; one hall
    narrow, enlarged = TALKS[lang]
    assert links(lines[0]) == [(narrow, NARROW, []), (enlarged, ENLARGED, [])]


@pytest.mark.parametrize(("lang", "marks"), [("en", []), ("ru", ["en"]), ("zh", ["en"])])
def test_see_links_mark_a_title_without_text_in_the_pages_language(client, editor, tea, lang, marks):
    for page in (f"{S}?lang={lang}", f"{S}/events/tea?lang={lang}"):  # the itinerary's and the event's problems
        lines = [line for line in parse(client.get(page).data).select("#problems .finding-events") if TEA in line.text]
        assert [line.text for line in lines] == [NARROW_AND_TEA[lang]] * 2
        assert [marked for *_, marked in links(lines[0])] == [[], marks]
        assert lines[0].select("i") == []


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_occurrence_pages_name_the_series_in_the_pages_language(client, app_store, editor, lang):
    services.update_event(app_store, SLUG, "cn2018-press", rrule="FREQ=DAILY;COUNT=2")
    base = f"{S}/events/cn2018-press/occurrences/20180608T044500Z"
    move = parse(client.get(f"{base}/move?lang={lang}").data)
    assert [(a.text, a.get("lang")) for a in move.select(".breadcrumb a")] == [(PRESS[lang], None)]
    heading = {"en": "Move an occurrence", "ru": "Перенос повторения", "zh": "调整场次"}[lang]
    assert move.one("title").text == f"{heading} · {PRESS[lang]} · {SITE[lang]}"
    cancel = parse(client.get(f"{base}/cancel?lang={lang}").data)
    assert PRESS[lang] in cancel.one(".consequence").text
    assert cancel.select(".consequence [lang]") == []


CONFIRM = {
    ("cancel", "en"): ("Cancel {}", "Cancel “{}”?"),
    ("cancel", "ru"): ("Отменить: {}", "Отменить «{}»?"),
    ("cancel", "zh"): ("取消{}", "取消“{}”？"),
    ("delete", "en"): ("Delete {}", "Delete “{}”?"),
    ("delete", "ru"): ("Удалить: {}", "Удалить «{}»?"),
    ("delete", "zh"): ("删除{}", "删除“{}”？"),
}


@pytest.mark.parametrize("action", ["cancel", "delete"])
@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_cancel_and_delete_pages_name_the_event_in_the_pages_language(client, editor, tea, action, lang):
    title, heading = CONFIRM[action, lang]
    doc = parse(client.get(f"{S}/events/cn2018-press/{action}?lang={lang}").data)
    assert [(a.text, a.get("lang")) for a in doc.select(".breadcrumb a")] == [(PRESS[lang], None)]
    assert doc.one("title").text == f"{title.format(PRESS[lang])} · {SITE[lang]}"
    assert (doc.one("h1").text, doc.select("h1 [lang]")) == (heading.format(PRESS[lang]), [])
    mark = None if lang == "en" else "en"  # the tea's own title, in English
    doc = parse(client.get(f"{S}/events/tea/{action}?lang={lang}").data)
    assert [(a.text, a.get("lang")) for a in doc.select(".breadcrumb a")] == [(TEA, mark)]
    assert doc.one("title").text == f"{title.format(TEA)} · {SITE[lang]}"
    assert doc.one("h1").text == heading.format(TEA)
    assert [span.get("lang") for span in doc.select("h1 span")] == ([] if mark is None else [mark])


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_itinerary_form_subscription_and_timeline_pages_name_the_itinerary_in_the_pages_language(
    client, app_store, editor, lang
):
    subscriptions.issue(app_store, SLUG, audience="press", name="Xinhua")
    revoke = f"subscriptions/{subscriptions.find(app_store, SLUG, 'Xinhua').id}/revoke"
    for path in ("edit", "subscriptions", revoke, "timeline"):
        doc = parse(client.get(f"{S}/{path}?lang={lang}").data)
        assert [(a.text, a.get("lang")) for a in doc.select(".breadcrumb a")] == [(ITINERARY[lang], None)], path
        assert path == revoke or ITINERARY[lang] in doc.one("title").text
    heading = {"en": "Delete “{}”?", "ru": "Удалить «{}»?", "zh": "删除“{}”？"}[lang]
    assert parse(client.get(f"{S}/delete?lang={lang}").data).one("h1").text == heading.format(ITINERARY[lang])
