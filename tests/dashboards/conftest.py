"""Fixtures of the dashboards tests."""

import pytest

from tests.dashboards.scenario import VANDAAG


@pytest.fixture
def vandaag(monkeypatch):
    """Today is Wednesday 18 November 2026 for the dashboard views (the week ends on Sunday 22 November)."""
    monkeypatch.setattr("dashboards.views._vandaag", lambda: VANDAAG)
    return VANDAAG
