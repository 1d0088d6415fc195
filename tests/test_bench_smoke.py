"""The benchmark code still runs: the smallest bench on 50 events, and the shape of its JSON rows.

No timing is asserted here; figures come from ``python bench/run.py`` only.
"""

from __future__ import annotations

import json

from bench import data, run


def test_bench_smallest_rows_have_the_documented_shape(tmp_path):
    store = data.make_store("sqlite://", (50,))
    try:
        rows, seconds = run.build_rows(store, (50,), warm_count=50, repeat=1)
        rows.append(run.scale_row({50: seconds[50], 100: seconds[50] * 2}))
    finally:
        store.dispose()
    output = tmp_path / "latest.json"

    run.write_results(rows, output)

    written = json.loads(output.read_text())
    assert [row["name"] for row in written] == [
        "feed build, cold, 50 events",
        "feed rebuild after one change, 50 events",
        "cost per event, 100 vs 50 events",
    ]
    for row in written:
        assert {"name", "value", "baseline", "ratio", "target", "met"} <= set(row)
        assert isinstance(row["met"], bool)
        assert row["value"] > 0 and row["baseline"] > 0
        assert row["ratio"] == row["value"] / row["baseline"]
