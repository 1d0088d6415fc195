"""Every announcement of the corpus (tests/itinerary/data/drafts/) gives exactly the proposals its .toml lists."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from itinerary import drafting

CORPUS = Path(__file__).resolve().parent / "data" / "drafts"
FIELDS = ("title", "kind", "format", "date", "last", "start", "end", "timezone", "city", "venue", "destination")


def expectations(text: Path) -> dict:
    with text.with_suffix(".toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize("text", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_corpus_announcement_gives_its_proposals(text):
    expected = expectations(text)

    draft = drafting.propose(text.read_bytes(), expected["published"])

    assert draft.lang == expected["lang"]
    assert [draft.start.isoformat(), draft.end.isoformat()] == expected["span"]
    given = [
        {
            **{k: v for k, v in p.as_json().items() if k in FIELDS and v is not None},
            "participants": list(p.participants),
        }
        for p in draft.proposals
    ]
    for proposal in given:
        for name in ("date", "last"):
            proposal[name] = getattr(draft.proposals[given.index(proposal)], name)
    wanted = [{k: v for k, v in p.items() if k != "unwanted"} for p in expected["proposals"]]
    assert given == wanted


def test_corpus_has_several_announcements_per_language():
    langs = [expectations(text)["lang"] for text in CORPUS.glob("*.txt")]

    assert {lang: langs.count(lang) for lang in drafting.LANGUAGES} == {"en": 6, "ru": 5, "zh": 5}
