"""Fixtures of the termijnen tests."""

import pytest


@pytest.fixture
def rollen(transactional_db):
    """The role groups, made again for a transactional test (as tests/browser/conftest.py does).

    A transactional test elsewhere that flushes without serialized_rollback leaves the tables empty
    for the transactional tests after it; with this fixture before `world` ours do not depend on
    the order the tests run in.
    """
    from django.apps import apps

    from inburgering.roles import sync_roles

    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        sync_roles(apps)
    finally:
        for config in apps.get_app_configs():
            config.models_module = saved[config.label]
