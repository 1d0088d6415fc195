"""Walk 5 (issue 16), helper jf's findings: forms and import semantics, readers' small defects. Each test names
the finding of ``walk5.md`` it guards."""

from __future__ import annotations

import pytest

from tests.web.html import parse

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}"


# Finding 22: the reader's query is in a language nobody said; the quotes around it are the page's.


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_search_marks_the_query_as_of_no_known_language(client, lang):
    doc = parse(client.get(f"/search?q=хоккей&lang={lang}").data)
    said = doc.one("p[role=status]")
    query = said.one("q > span")
    assert (query.text, query.get("lang"), said.one("q").get("lang")) == ("хоккей", "", None)


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_search_finding_nothing_marks_the_query_as_of_no_known_language(client, lang):
    said = parse(client.get(f"/search?q=Quidditch&lang={lang}").data).one("p[role=status]")
    assert (said.one("q > span").text, said.one("q > span").get("lang")) == ("Quidditch", "")
