"""The benchmark code still runs: the smallest bench on 50 events, and the shape of its JSON rows.

No timing is asserted here; figures come from ``python bench/run.py`` only.
"""

from __future__ import annotations

import json

from bench import data, run


def test_bench_smallest_rows_have_the_documented_shape(tmp_path):
    database = tmp_path / "bench.sqlite3"
    store = data.make_store(f"sqlite:///{database}", (50, 100))
    try:
        rows = run.build_rows(store, (50,), warm_count=50, repeat=1)
        scale, biggest = run.scale_row(database, 50, 100, repeat=1)
        rows += [scale, run.memory_row(biggest, 100, 400)]
    finally:
        store.dispose()
    output = tmp_path / "latest.json"

    run.write_results(rows, output)

    written = json.loads(output.read_text())
    assert [row["name"] for row in written] == [
        "feed build, cold, 50 events",
        "feed rebuild after one change, 50 events",
        "cost per event, 100 vs 50 events",
        "peak memory, 100-event feed build",
    ]
    assert biggest.size > 0 and biggest.peak_mib > 10
    for row in written:
        assert {"name", "value", "baseline", "ratio", "target", "met"} <= set(row)
        assert isinstance(row["met"], bool)
        assert row["value"] > 0 and row["baseline"] > 0
        assert row["ratio"] == row["value"] / row["baseline"]


def test_bench_subscription_poll_row_runs(tmp_path):
    store = data.make_store(f"sqlite:///{tmp_path / 'bench.sqlite3'}", (50,))
    try:
        (row,) = run.subscription_rows(store, 50, seconds=0.2)
    finally:
        store.dispose()
    assert row.name == "subscription poll, fetch recorded, 50 events"
    assert (row.unit, row.target, row.compare) == ("req/s", 0.9, ">=") and row.value > 0 and row.baseline > 0
