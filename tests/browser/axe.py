"""Helpers for browser tests: axe-core accessibility checks (WCAG 2.1 A/AA) and logging in."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()


def axe_violations(page, context=None) -> list[dict]:
    """The axe-core violations of the WCAG 2.1 A/AA rules on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, context=context, options=options)
    return results.response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(
            f"- {v['id']} ({v.get('impact')}): {v['help']} [{', '.join(t for t in v['tags'] if t.startswith('wcag'))}]"
        )
        lines.append(f"  {v['helpUrl']}")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            html = " ".join(node.get("html", "").split())
            lines.append(f"    at {target}: {html[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend("      " + s for s in summary.splitlines() if s.strip())
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def assert_no_axe_violations(page, context=None) -> None:
    """Fail with a readable list when axe finds WCAG 2.1 A/AA violations on the current page."""
    violations = axe_violations(page, context=context)
    assert not violations, (
        f"axe vond {len(violations)} toegankelijkheidsprobleem(en) op {page.url} "
        f"({page.title()!r}):\n{format_violations(violations)}"
    )


def totp_code(username: str) -> str:
    """The current TOTP code of the user's newest authenticator device (as the app would show it)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__username=username).order_by("-pk").first()
    assert device is not None, f"{username} heeft geen authenticator (TOTPDevice)"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the real login form, pass the second factor (TOTP) and wait for the page after it.

    A user without a confirmed authenticator is enrolled on the way (the enrolment page's device
    is read from the database, as a phone would scan its QR code).
    """
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    path = urlsplit(page.url).path
    if path in (reverse("mfa:verifieren"), reverse("mfa:instellen")):
        enrolling = path == reverse("mfa:instellen")
        page.get_by_label("Code").fill(totp_code(username))
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        if enrolling:  # the recovery codes are shown once; continue to where the login was going
            page.goto(live_server.url + reverse("home"))
