"""Browser tests: pytest-playwright driving the system Chromium against pytest-django's live_server.

Never run `playwright install`: the browser is Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made in a test
# (building data, reading results) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def rollen(transactional_db):
    """The role groups with their permissions, as the data migration makes them.

    Browser tests are transactional (the live server must see committed data), and a
    transactional test ends by flushing every table: a later one on the same worker starts
    without the groups the data migration made. So they are made again here (idempotent).
    """
    from django.apps import apps

    from inburgering.roles import sync_roles

    # sync_roles is written for a migration's app registry and clears models_module on each
    # app config; keep the global registry as it was.
    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        sync_roles(apps)
    finally:
        for config in apps.get_app_configs():
            config.models_module = saved[config.label]


@pytest.fixture
def page(page):
    """The pytest-playwright page, failing the test on a JavaScript error or a CSP violation."""
    problems: list[str] = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"JavaScript-fout: {exc}"))
    page.set_default_timeout(15_000)
    yield page
    assert not problems, "Fouten in de browser:\n" + "\n".join(problems)
