"""The itinerary's own language changed, in both stores: every text kept, the change refused while a title lacks one."""

from __future__ import annotations

from datetime import datetime

import pytest

from itinerary import changelog, services, texts
from itinerary.errors import InvalidInput
from itinerary.languages import event_key
from itinerary.model import EventSpec

SLUG = "china-state-visit-2018"
BOTH = pytest.mark.parametrize("store", ["sql", "memory"], indirect=True)


@BOTH
def test_own_language_change_keeps_every_text_in_both_stores(seeded):
    before = {row["key"]: row for row in texts.all_texts(seeded) if row["field"] == "title"}
    texts.set_languages(seeded, SLUG, "zh", ["ru"], editor="editor")
    itinerary = services.get_itinerary(seeded, SLUG)
    assert (itinerary.language, itinerary.title) == ("zh", "对中国进行国事访问并出席上海合作组织峰会（2018年6月）")
    assert texts.offered_languages(seeded, SLUG) == ("zh", "ru")
    found, own = texts.texts_of(seeded, "event", event_key(SLUG, "cn2018-press"))
    assert own == "zh"
    assert found["title"] == {"zh": "共同会见记者", "en": "Press statements", "ru": "Заявления для прессы"}
    assert found["categories"] == {
        "zh": "国事访问, 媒体",
        "en": "state visit, press",
        "ru": "государственный визит, пресса",
    }
    assert services.get_event(seeded, SLUG, "cn2018-press").categories == ("国事访问", "媒体")
    logged = [c for c in changelog.changes_since(seeded, SLUG) if c.uid == "cn2018-press"][:2]
    assert {c.action for c in logged} == {"changed", "translated"}
    assert before  # the seed has texts in other languages to keep


@BOTH
def test_own_language_change_refused_changes_nothing_in_both_stores(seeded):
    services.create_event(
        seeded,
        SLUG,
        EventSpec(title="Briefing", start=datetime(2018, 6, 8, 7), end=datetime(2018, 6, 8, 7, 30)),
        uid="briefing",
    )
    before = (services.get_itinerary(seeded, SLUG), texts.all_texts(seeded), services.list_events(seeded, SLUG))
    with pytest.raises(InvalidInput) as refused:
        texts.set_languages(seeded, SLUG, "ru", [])
    assert refused.value.errors == {
        "language": "Russian cannot be the own language: 1 title has no text in it (Briefing); add it first"
    }
    assert (services.get_itinerary(seeded, SLUG), texts.all_texts(seeded), services.list_events(seeded, SLUG)) == before
