"""bench/drafts.py still runs and scores the corpus as its expectation files say (no timing here)."""

from __future__ import annotations

from bench import drafts


def test_bench_drafts_rows_score_the_corpus():
    rows = drafts.rows()

    assert [(r.name, r.files, r.right, r.unwanted, r.missed) for r in rows] == [
        ("en", 6, 38, 0, 2),
        ("ru", 5, 32, 0, 2),
        ("zh", 5, 25, 0, 1),
        ("held out (all languages)", 3, 10, 0, 5),
        ("all", 16, 95, 0, 5),
    ]
    assert (rows[3].precision, rows[3].recall) == (1.0, 10 / 15)
