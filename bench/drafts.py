"""Precision and recall of drafts from text, per language, over the corpus in tests/itinerary/data/drafts/.

Run from the repository root::

    python bench/drafts.py

Each announcement ``NAME.txt`` has ``NAME.toml`` beside it: its publication date, the
proposals it gives (``unwanted = true`` on those a reader would not keep) and the
proposals it should give and does not (``[[missed]]``). A proposal counts as right
when its kind, format, date, clock time and zone are right: what lands in a calendar
at the right instant (titles, cities and venues are for the editor to check). Files
named ``*-held-out-*`` were written after the rules were settled and are also
counted on their own. No timing here, and nothing is asserted: the tests pin the
exact proposals (tests/itinerary/test_drafting_corpus.py).
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python bench/drafts.py
    sys.path.insert(0, str(ROOT))

from itinerary.drafting import LANGUAGES, propose  # noqa: E402

CORPUS = ROOT / "tests" / "itinerary" / "data" / "drafts"


@dataclass
class Score:
    """Counts of right, unwanted and missed proposals."""

    name: str
    files: int = 0
    right: int = 0
    unwanted: int = 0
    missed: int = 0

    @property
    def precision(self) -> float:
        given = self.right + self.unwanted
        return self.right / given if given else 1.0

    @property
    def recall(self) -> float:
        wanted = self.right + self.missed
        return self.right / wanted if wanted else 1.0

    def add(self, other: Score) -> None:
        self.files += other.files
        self.right += other.right
        self.unwanted += other.unwanted
        self.missed += other.missed


def key(proposal: dict) -> tuple:
    """What must be right for a proposal to count."""
    day = proposal["date"]
    return (
        proposal["kind"],
        proposal.get("format", "none"),
        day.isoformat() if isinstance(day, date) else day,
        proposal.get("start"),
        proposal.get("timezone"),
    )


def corpus() -> list[tuple[Path, dict]]:
    """Every announcement of the corpus with its expectations."""
    found = []
    for text in sorted(CORPUS.glob("*.txt")):
        with text.with_suffix(".toml").open("rb") as handle:
            found.append((text, tomllib.load(handle)))
    return found


def score(text: Path, expected: dict) -> Score:
    """How the draft of one announcement compares with what it should give."""
    draft = propose(text.read_bytes(), expected["published"], expected["lang"])
    given = [key(p) for p in draft.as_json()["events"]]
    unwanted = [key(p) for p in expected.get("proposals", []) if p.get("unwanted")]
    wanted = [key(p) for p in expected.get("proposals", []) if not p.get("unwanted")]
    wanted += [key(p) for p in expected.get("missed", [])]
    right = 0
    remaining = list(wanted)
    for proposal in given:
        if proposal in remaining and proposal not in unwanted:
            remaining.remove(proposal)
            right += 1
    return Score(text.stem, 1, right, len(given) - right, len(remaining))


def rows() -> list[Score]:
    """A row per language, one for the held-out files, and one for all."""
    per_language = {lang: Score(lang) for lang in LANGUAGES}
    held_out = Score("held out (all languages)")
    total = Score("all")
    for text, expected in corpus():
        one = score(text, expected)
        per_language[expected["lang"]].add(one)
        if "-held-out-" in text.name:
            held_out.add(one)
        total.add(one)
    return [*per_language.values(), held_out, total]


def main() -> int:
    print(f"{'corpus':<26} {'files':>5} {'right':>5} {'unwanted':>8} {'missed':>6} {'precision':>9} {'recall':>7}")
    for row in rows():
        print(
            f"{row.name:<26} {row.files:>5} {row.right:>5} {row.unwanted:>8} {row.missed:>6}"
            f" {row.precision:>9.2f} {row.recall:>7.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
