"""Fixtures for the cases tests."""

import pytest


@pytest.fixture
def demo_wereld(db):
    """The demo world of `manage.py seed_demo` with its default 300 cases."""
    from cases.demo import seed_demo

    return seed_demo()
