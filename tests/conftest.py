"""Shared fixtures: a small world with every role and a case per access scenario."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from inburgering import permissions

PASSWORD = "Test-wachtwoord-2026"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _valid_bsn(n: int) -> str:
    """The n-th 9-digit number (from 100000000) that passes the elfproef."""
    from cases.rules import elfproef

    candidate = 100_000_000 + n * 1000
    while not elfproef(str(candidate)):
        candidate += 1
    return str(candidate)


@dataclass
class World:
    organisatie: object = None
    gemeente_a: object = None
    gemeente_b: object = None
    team1: object = None
    team2: object = None
    users: dict = field(default_factory=dict)
    cases: dict = field(default_factory=dict)
    docs: dict = field(default_factory=dict)

    def actor(self, name):
        """(user or None, case) for a matrix actor name."""
        return {
            "anon": (None, self.cases["eigen"]),
            "consultant_eigen": (self.users["c1"], self.cases["eigen"]),
            "consultant_team": (self.users["c1"], self.cases["team"]),
            "consultant_ander": (self.users["c1"], self.cases["ander"]),
            "teamleider": (self.users["tl"], self.cases["eigen"]),
            "beheerder": (self.users["fb"], self.cases["eigen"]),
        }[name]


def make_user(username, rol, teams=(), **extra):
    from inburgering.models import Gebruiker

    user = Gebruiker.objects.create_user(
        username=username, password=PASSWORD, first_name=username.capitalize(), last_name="Test", **extra
    )
    if rol:
        user.groups.add(Group.objects.get(name=rol))
    if teams:
        user.teams.set(teams)
    return user


def make_case(*, consultant, team, gemeente, door, n, doelgroep="asielstatushouder", **dates):
    from cases import services

    return services.inburgeraar_aanmaken(
        bsn=_valid_bsn(n),
        persoon={
            "voornamen": f"Persoon{n}",
            "achternaam": f"Achternaam{n}",
            "geboortedatum": dt.date(1990, 1, 1),
        },
        casus={"gemeente": gemeente, "team": team, "consultant": consultant, "doelgroep": doelgroep, **dates},
        door=door,
    )


def caseload_zoeken(user, term: str) -> list[int]:
    """The ids of the cases the caseload finds for `term` among all the user may see (every page)."""
    from django.http import QueryDict

    from cases import selectors, tables

    lijst = tables.lijst(QueryDict(), "")
    lijst.per_pagina = 10**6
    return [r["pk"] for r in selectors.caseload(user, selectors.CaseloadVraag(bereik="team", zoek=term), lijst)]


def herstel_migratiedata():
    """Roles and dated settings come from data migrations; a transactional test that ran before
    (flush) may have removed them. Put them back when missing (idempotent)."""
    from django.apps import apps

    from inburgering.models import RegelInstelling
    from inburgering.regels import seed_defaults
    from inburgering.roles import sync_roles

    if not Group.objects.filter(name=permissions.CONSULTANT).exists():
        sync_roles(apps)
    if not RegelInstelling.objects.exists():
        seed_defaults(RegelInstelling)


@pytest.fixture
def world(db):
    from cases import services
    from inburgering.models import Gemeente, Organisatie, Team

    herstel_migratiedata()
    w = World()
    w.organisatie = Organisatie.objects.create(naam="Sociale Dienst Test")
    w.gemeente_a = Gemeente.objects.create(organisatie=w.organisatie, naam="Gemeente A", cbs_code="GM0001")
    w.gemeente_b = Gemeente.objects.create(organisatie=w.organisatie, naam="Gemeente B", cbs_code="GM0002")
    w.team1 = Team.objects.create(organisatie=w.organisatie, naam="Team Noord")
    w.team1.gemeenten.set([w.gemeente_a])
    w.team2 = Team.objects.create(organisatie=w.organisatie, naam="Team Zuid")
    w.team2.gemeenten.set([w.gemeente_b])
    w.users["c1"] = make_user("consultant1", permissions.CONSULTANT, [w.team1])
    w.users["c2"] = make_user("consultant2", permissions.CONSULTANT, [w.team1])
    w.users["c3"] = make_user("consultant3", permissions.CONSULTANT, [w.team2])
    w.users["tl"] = make_user("teamleider", permissions.TEAMLEIDER, [w.team1])
    w.users["fb"] = make_user("beheerder", permissions.FUNCTIONEEL_BEHEERDER, is_staff=True)
    w.cases["eigen"] = make_case(consultant=w.users["c1"], team=w.team1, gemeente=w.gemeente_a, door=w.users["c1"], n=1)
    w.cases["team"] = make_case(consultant=w.users["c2"], team=w.team1, gemeente=w.gemeente_a, door=w.users["c2"], n=2)
    w.cases["ander"] = make_case(consultant=w.users["c3"], team=w.team2, gemeente=w.gemeente_b, door=w.users["c3"], n=3)
    for key, casus in w.cases.items():
        door = casus.consultant
        w.docs[casus.pk] = services.document_toevoegen(
            casus=casus,
            soort="brief",
            titel=f"Brief {key}",
            upload=SimpleUploadedFile(f"brief-{key}.pdf", PDF_BYTES, content_type="application/pdf"),
            door=door,
        )
    return w


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}},
    }


def verify_mfa(client, user):
    """Mark the client's session as having passed the second factor (a confirmed TOTP device)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class MFAClient(__import__("django.test", fromlist=["Client"]).Client):
    """The test client; force_login also passes the second factor, as a real login with MFA does."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend or "inburgering.auth.GebruikerBackend")
        verify_mfa(self, user)

    def force_login_zonder_mfa(self, user):
        super().force_login(user, "inburgering.auth.GebruikerBackend")


@pytest.fixture
def client():
    return MFAClient()


@pytest.fixture
def login(client):
    """Log a user in on the test client; returns the client."""

    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login




def pytest_configure(config):
    from pathlib import Path

    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
