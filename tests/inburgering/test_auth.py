"""The user, roles, teams and MFA state in one query, with django-otp's checks intact."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from inburgering import permissions
from inburgering.auth import GebruikerBackend

pytestmark = pytest.mark.django_db


def _sessie_met_apparaat(client, user, persistent_id):
    client.force_login_zonder_mfa(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = persistent_id
    session.save()


def test_get_user_brings_roles_and_teams_in_one_query(world, django_assert_num_queries):
    tl = world.users["tl"]
    with django_assert_num_queries(1):
        user = GebruikerBackend().get_user(tl.pk)
        assert permissions.rollen(user) == frozenset({permissions.TEAMLEIDER})
        assert permissions.team_ids(user) == [world.team1.pk]
    assert permissions.heeft_rol(user, permissions.TEAMLEIDER)


def test_user_in_two_teams_with_two_devices(world, django_assert_num_queries):
    c1 = world.users["c1"]
    c1.teams.add(world.team2)
    a = TOTPDevice.objects.create(user=c1, name="telefoon", confirmed=True)
    b = TOTPDevice.objects.create(user=c1, name="reserve", confirmed=True)
    TOTPDevice.objects.create(user=c1, name="half ingesteld", confirmed=False)
    with django_assert_num_queries(1):
        user = GebruikerBackend().get_user(c1.pk)
    assert user._team_ids_cache == sorted([world.team1.pk, world.team2.pk])
    assert user._totp_ids == {a.pk, b.pk}
    assert permissions.rollen(user) == frozenset({permissions.CONSULTANT})


def test_inactive_user_is_not_loaded(world):
    c1 = world.users["c1"]
    c1.is_active = False
    c1.save()
    assert GebruikerBackend().get_user(c1.pk) is None


@pytest.mark.parametrize(
    "apparaat, geverifieerd",
    [
        ("eigen", True),
        ("niet_bevestigd", False),
        ("van_een_ander", False),
        ("bestaat_niet", False),
        ("onzin", False),
    ],
)
def test_only_a_confirmed_device_of_the_user_counts(world, client, apparaat, geverifieerd):
    c1, c2 = world.users["c1"], world.users["c2"]
    pid = {
        "eigen": lambda: TOTPDevice.objects.create(user=c1, name="t", confirmed=True).persistent_id,
        "niet_bevestigd": lambda: TOTPDevice.objects.create(user=c1, name="t", confirmed=False).persistent_id,
        "van_een_ander": lambda: TOTPDevice.objects.create(user=c2, name="t", confirmed=True).persistent_id,
        "bestaat_niet": lambda: "otp_totp.totpdevice/999999",
        "onzin": lambda: "otp_totp.totpdevice/abc",
    }[apparaat]()
    TOTPDevice.objects.get_or_create(user=c1, name="echt", defaults={"confirmed": True})
    _sessie_met_apparaat(client, c1, pid)
    r = client.get(reverse("cases:caseload"))
    if geverifieerd:
        assert r.status_code == 200
        assert client.session[DEVICE_ID_SESSION_KEY] == pid
    else:
        assert r.status_code == 302
        assert reverse("mfa:verifieren") in r["Location"]
        assert DEVICE_ID_SESSION_KEY not in client.session


def test_recovery_code_device_takes_django_otps_own_path(world, client):
    c1 = world.users["c1"]
    TOTPDevice.objects.create(user=c1, name="t", confirmed=True)
    herstel = StaticDevice.objects.create(user=c1, name="herstelcodes", confirmed=True)
    _sessie_met_apparaat(client, c1, herstel.persistent_id)
    assert client.get(reverse("cases:caseload")).status_code == 200


def test_a_device_removed_during_the_session_ends_verification(world, client):
    c1 = world.users["c1"]
    client.force_login(c1)
    assert client.get(reverse("cases:caseload")).status_code == 200
    TOTPDevice.objects.filter(user=c1).delete()
    r = client.get(reverse("cases:caseload"))
    assert r.status_code == 302
    assert reverse("mfa:instellen") in r["Location"]
