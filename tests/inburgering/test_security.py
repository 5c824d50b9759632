"""Security and privacy: MFA, lockout, sessions, CSP, deploy checks, access log."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inburgering.models import Toegangslog
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_without_mfa_no_case_page_and_no_admin(world, client):
    casus = world.cases["eigen"]
    client.force_login_zonder_mfa(world.users["c1"])
    r = client.get(reverse("cases:detail", kwargs={"casus_pk": casus.pk}))
    assert r.status_code == 302 and r.headers["Location"].startswith(reverse("mfa:instellen"))
    assert casus.inburgeraar.achternaam not in r.content.decode()
    client.force_login_zonder_mfa(world.users["fb"])
    r = client.get("/admin/inburgering/regelinstelling/")
    assert r.status_code == 302 and r.headers["Location"].startswith(reverse("mfa:instellen"))
    # enrolled but not verified in this session: asked for the code
    TOTPDevice.objects.create(user=world.users["c1"], name="app", confirmed=True)
    client.force_login_zonder_mfa(world.users["c1"])
    r = client.get(reverse("cases:caseload"))
    assert r.status_code == 302 and r.headers["Location"].startswith(reverse("mfa:verifieren"))


def test_enrolment_then_access_and_recovery_code_once(world, client):
    user = world.users["c1"]
    client.force_login_zonder_mfa(user)
    r = client.get(reverse("mfa:instellen"))
    assert r.status_code == 200 and "<svg" in r.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    r = client.post(reverse("mfa:instellen"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert "klopt niet" in r.content.decode()
    r = client.post(reverse("mfa:instellen"), {"token": _code(device)})
    assert "wacht even" in r.content.decode().lower()  # throttled right after a wrong code
    device.refresh_from_db()
    device.throttle_reset()  # as if the user waited
    r = client.post(reverse("mfa:instellen"), {"token": _code(device)})
    assert r.status_code == 200
    codes = r.context["codes"]
    assert len(codes) == settings.MFA_HERSTELCODES
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("cases:caseload")).status_code == 200
    # a new session: a recovery code works once
    client.logout()
    client.force_login_zonder_mfa(user)
    r = client.post(reverse("mfa:verifieren"), {"token": codes[0], "next": reverse("cases:caseload")})
    assert r.status_code == 302 and r.headers["Location"] == reverse("cases:caseload")
    client.logout()
    client.force_login_zonder_mfa(user)
    r = client.post(reverse("mfa:verifieren"), {"token": codes[0]})
    assert r.status_code == 200 and "klopt niet" in r.content.decode()


def test_lockout_after_set_number_of_failures(world, client):
    url = reverse("login")
    user = world.users["c1"]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post(url, {"username": user.username, "password": "fout-wachtwoord-123"})
        assert r.status_code == 200  # form error, not yet locked
    r = client.post(url, {"username": user.username, "password": "fout-wachtwoord-123"})
    assert r.status_code == 429  # the set number of failures reached: locked
    r = client.post(url, {"username": user.username, "password": PASSWORD})  # even the right password
    assert r.status_code in (403, 429)
    assert "geblokkeerd" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_password_then_mfa(world, client):
    user = world.users["c1"]
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    r = client.post(reverse("login"), {"username": user.username, "password": PASSWORD, "next": reverse("cases:caseload")})
    assert r.status_code == 302
    r = client.get(reverse("cases:caseload"))
    assert r.headers["Location"].startswith(reverse("mfa:verifieren"))
    r = client.post(reverse("mfa:verifieren"), {"token": _code(device), "next": reverse("cases:caseload")})
    assert r.headers["Location"] == reverse("cases:caseload")
    assert client.get(reverse("cases:caseload")).status_code == 200


def test_password_minimum_length_is_12():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Kort-ww-123")  # 11 characters
    validate_password("Lang-genoeg-wachtwoord-2026")


def test_session_limits(world, client):
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # idle timeout
    client.force_login(world.users["c1"])
    assert client.get(reverse("cases:caseload")).status_code == 200
    session = client.session
    session["login_tijd"] = int(time.time()) - 12 * 3600 - 1  # absolute limit passed
    session.save()
    r = client.get(reverse("cases:caseload"))
    assert r.status_code == 302 and r.headers["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_csp_header_without_unsafe_inline(world, client):
    client.force_login(world.users["c1"])
    for url in (reverse("login"), reverse("cases:caseload")):
        r = client.get(url)
        csp = r.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp
        assert "script-src 'self' 'nonce-" in csp
        assert "frame-ancestors 'none'" in csp


def test_check_deploy_with_production_settings_reports_nothing():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inburgering.settings_production",
        "SECRET_KEY": "p5" + "x7Qm-" * 12 + "z9",
        "ALLOWED_HOSTS": "inburgering.gemeente.example",
        "BSN_ENCRYPTION_KEYS": "productie-sleutel-1",
        "BSN_HMAC_KEY": "productie-hmac-sleutel",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest; not in production
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues (0 silenced)." in out.stdout
    assert "WARNINGS" not in out.stdout + out.stderr


def test_viewing_downloading_exporting_write_access_log_rows(world, client):
    casus = world.cases["eigen"]
    c1 = world.users["c1"]
    client.force_login(c1)
    client.get(reverse("cases:detail", kwargs={"casus_pk": casus.pk}))
    row = Toegangslog.objects.latest("pk")
    assert (row.gebruiker_id, row.actie, row.casus_id, row.inburgeraar_id, row.rol) == (
        c1.pk, "bekijken", casus.pk, casus.inburgeraar_id, "Consultant"
    )
    assert row.doel == settings.TOEGANGSLOG_DOEL and row.ip_adres == "127.0.0.1"
    doc = world.docs[casus.pk]
    r = client.get(reverse("cases:document", kwargs={"casus_pk": casus.pk, "document_uuid": doc.uuid}))
    assert r.status_code == 200
    row = Toegangslog.objects.latest("pk")
    assert (row.actie, row.casus_id, row.object_id) == ("downloaden", casus.pk, str(doc.uuid))
    client.get(reverse("cases:caseload"))
    row = Toegangslog.objects.latest("pk")
    assert (row.actie, row.aantal_personen) == ("zoeken", 1)
    client.force_login(world.users["fb"])
    r = client.get(reverse("toegangslog_export"))
    body = b"".join(r.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Tijdstip;Gebruiker;Rol;Actie")
    assert len(body.splitlines()) == 1 + Toegangslog.objects.count()  # header + every row, the export's own included
    assert Toegangslog.objects.latest("pk").actie == "exporteren"
    assert ";exporteren;" in body.splitlines()[-1]


def test_denied_request_is_not_logged_as_access(world, client):
    client.force_login(world.users["c1"])
    n = Toegangslog.objects.count()
    r = client.get(reverse("cases:detail", kwargs={"casus_pk": world.cases["ander"].pk}))
    assert r.status_code == 404
    assert Toegangslog.objects.count() == n


def test_access_log_is_append_only(world, client):
    client.force_login(world.users["c1"])
    client.get(reverse("cases:detail", kwargs={"casus_pk": world.cases["eigen"].pk}))
    row = Toegangslog.objects.latest("pk")
    row.actie = "wijzigen"
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()


def test_team_lead_sees_access_log_per_case(world, client):
    casus = world.cases["team"]
    client.force_login(world.users["c1"])
    client.get(reverse("cases:detail", kwargs={"casus_pk": casus.pk}))
    client.force_login(world.users["tl"])
    r = client.get(reverse("cases:toegangslog", kwargs={"casus_pk": casus.pk}))
    assert r.status_code == 200
    html = r.content.decode()
    assert "consultant1" in html and "Bekijken" in html


def test_bsn_search_never_puts_the_bsn_in_a_url(world, client):
    casus = world.cases["eigen"]
    bsn = casus.inburgeraar.bsn
    client.force_login(world.users["c1"])
    r = client.post(reverse("cases:caseload"), {"q": bsn, "bereik": "mijn"})
    assert r.status_code == 302
    assert bsn not in r.headers["Location"]
    r = client.get(r.headers["Location"])
    assert casus.inburgeraar.achternaam in r.content.decode()
    assert bsn not in r.content.decode()
