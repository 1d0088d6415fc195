"""The load test still runs (its figures go to the benchmark report, never into assertions on time)."""

from __future__ import annotations

import json

from bench import load


def test_load_test_runs_and_reports_every_client_kind():
    status = load.main(["--seconds", "2", "--subscribers", "2", "--readers", "1", "--editors", "1", "--workers", "1"])
    report = json.loads(load.RESULTS.read_text())
    assert [row["name"] for row in report["rows"]] == ["feed (with ETag)", "feed (no ETag)", "page", "editor"]
    assert {key for row in report["rows"] for key in row} == {"name", "requests", "rps", "p50_ms", "p99_ms", "errors"}
    assert all(row["requests"] > 0 for row in report["rows"])
    assert (status, report["missing_after"], sum(row["errors"] for row in report["rows"])) == (0, [], 0)
    assert report["editor_saves"] >= 1
