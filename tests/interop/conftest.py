"""Fixtures of the cross-client agreement tests: Mozilla ical.js in one Node process for the whole run.

Outside CI a machine without Node or without ical.js (``npm ci`` in tests/interop/js)
skips the tests that need it, saying which is missing; in CI (``CI=true``) that fails
them, so that the agreement can never pass unseen (as tests/browser does with Chromium).
"""

from __future__ import annotations

import os

import pytest

from tests.interop import clients


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1"}


@pytest.fixture(scope="session")
def ical_js():
    """The ical.js expander, started once and shared by every test."""
    problem = clients.ical_js_problem()
    if problem:
        if _in_ci():
            pytest.fail(problem)
        pytest.skip(problem)
    expander = clients.IcalJs()
    yield expander
    expander.close()
