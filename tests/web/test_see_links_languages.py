"""Walk 3, defects 2 and 4 (issue 16): the "See:" links under the checks' findings and the breadcrumbs and titles of
the editor pages name events and the itinerary in the page's language (a title without a text in it marked with
the itinerary's language), the links joined as the language lists things ("A and B", "A и B", "A和B")."""

from __future__ import annotations

from datetime import datetime

import pytest

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
