"""`manage.py seed_demo`: a consistent, deterministic, idempotent demo world."""

import datetime as dt
import io
import random
from collections import Counter
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cases import demo
from cases.models import Casus, Doelgroep, Gezinslid, Inburgeraar, StatusOvergang, TijdlijnGebeurtenis
from cases.rules import elfproef
from cases.workflow import START, TRANSITIONS, Status
from inburgering import permissions
from inburgering.models import Gebruiker, Gemeente, Organisatie, RegelInstelling, Team
from inburgering.regels import regel

# --- pure parts ------------------------------------------------------------------------------


@pytest.mark.parametrize("aantal", [0, 1, 7, 20, 300, 1001])
def test_verdeel_gives_exactly_n_in_proportion(aantal):
    labels = demo.verdeel(aantal, demo.DOELGROEP_AANDEEL)
    assert len(labels) == aantal
    for label, aandeel in demo.DOELGROEP_AANDEEL:
        assert abs(labels.count(label) - aantal * aandeel / 100) < 1


@pytest.mark.parametrize("doelgroep", Doelgroep.values)
def test_levensloop_always_walks_the_workflow_table(doelgroep):
    rng = random.Random(1)
    mix = demo.STATUS_AANDEEL["asiel" if doelgroep == "asielstatushouder" else "overig"]
    for doel, _ in mix:
        for _ in range(200):
            loop = demo.levensloop(rng, doelgroep, doel)
            assert loop.pad[0] == START and loop.pad[-1] == doel
            assert all(naar in TRANSITIONS[van] for van, naar in pairwise(loop.pad))
            dagen = [d for _, d, _ in loop.stappen]
            assert dagen == sorted(dagen)
            assert all(tekst for s, _, tekst in loop.stappen if s in (Status.AFGESLOTEN, Status.OPGESCHORT))


# --- the seeded world ------------------------------------------------------------------------


def _tellingen():
    modellen = [
        Organisatie,
        Gemeente,
        Team,
        Gebruiker,
        RegelInstelling,
        Inburgeraar,
        Gezinslid,
        Casus,
        StatusOvergang,
        TijdlijnGebeurtenis,
    ]
    tellingen = {m.__name__: m.objects.count() for m in modellen}
    tellingen.update({f"historie {m.__name__}": m.history.count() for m in (Gebruiker, Team, Casus)})
    return tellingen


@pytest.mark.django_db
def test_world_has_the_documented_organisation_users_and_cases(demo_wereld):
    assert demo_wereld.aangemaakt and demo_wereld.casussen == 300
    organisatie = Organisatie.objects.get(naam=demo.DEMO_ORGANISATIE)
    assert sorted(organisatie.gemeenten.values_list("naam", "cbs_code")) == [
        ("Neder-Betuwe", "GM1740"),
        ("Overbetuwe", "GM1734"),
    ]
    assert all(g.postadres and g.postcode_plaats and g.telefoon and g.website for g in organisatie.gemeenten.all())
    assert organisatie.teams.count() == 2
    for team in organisatie.teams.all():
        assert team.gemeenten.exists()

    per_rol = Counter(Gebruiker.objects.values_list("groups__name", flat=True))
    assert per_rol[permissions.CONSULTANT] == 6
    assert per_rol[permissions.TEAMLEIDER] == 1
    assert per_rol[permissions.FUNCTIONEEL_BEHEERDER] == 1
    for team in organisatie.teams.all():
        assert team.leden.filter(groups__name=permissions.CONSULTANT).count() == 3
    teamleider = Gebruiker.objects.get(username="teamleider")
    assert teamleider.teams.count() == 2
    beheerder = Gebruiker.objects.get(username="beheerder")
    assert beheerder.is_staff and not beheerder.is_superuser and not beheerder.teams.exists()
    for username in [f"consultant{i}" for i in range(1, 7)] + ["teamleider", "beheerder"]:
        assert Gebruiker.objects.get(username=username).check_password(demo.DEMO_WACHTWOORD)
    assert len(demo.DEMO_WACHTWOORD) >= 12

    overbetuwe = Gemeente.objects.get(naam="Overbetuwe")
    assert regel("pip_lokale_norm_weken", gemeente=overbetuwe) == 6
    assert regel("pip_lokale_norm_weken", gemeente=Gemeente.objects.get(naam="Neder-Betuwe")) == 10
    assert Casus.objects.count() == 300


@pytest.mark.django_db
def test_every_doelgroep_and_every_status_occurs(demo_wereld):
    doelgroepen = Counter(Casus.objects.values_list("doelgroep", flat=True))
    assert set(doelgroepen) == set(Doelgroep.values)
    assert doelgroepen == {
        "asielstatushouder": 165,
        "gezinslid_asielstatushouder": 30,
        "gezinsmigrant": 75,
        "overige_migrant": 30,
    }
    statussen = Counter(Casus.objects.values_list("status", flat=True))
    assert set(statussen) == set(Status.values)
    # every status also shows up in the history of some case as an intermediate or final state
    assert set(StatusOvergang.objects.values_list("naar", flat=True)) == set(Status.values)
    assert set(Gemeente.objects.filter(casussen__isnull=False).values_list("naam", flat=True)) == {
        "Overbetuwe",
        "Neder-Betuwe",
    }
    assert Gebruiker.objects.filter(caseload__isnull=False).distinct().count() == 6


@pytest.mark.django_db
def test_running_twice_changes_nothing(demo_wereld):
    voor = _tellingen()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _tellingen() == voor
    tekst = out.getvalue()
    assert "Demodata staat er al" in tekst
    assert "http://127.0.0.1:8000/" in tekst and demo.DEMO_WACHTWOORD in tekst
    for username in ["consultant1", "consultant6", "teamleider", "beheerder"]:
        assert username in tekst


@pytest.mark.django_db
def test_two_fresh_runs_give_the_same_world():
    with transaction.atomic():
        demo.seed_demo(aantal=120)
        eerste = demo.digest()
        transaction.set_rollback(True)
    assert not Casus.objects.exists()
    with transaction.atomic():
        demo.seed_demo(aantal=120)
        tweede = demo.digest()
        transaction.set_rollback(True)
    demo.seed_demo(aantal=120, seed=7)
    ander_zaad = demo.digest()
    assert eerste == tweede
    assert ander_zaad != eerste


@pytest.mark.django_db
def test_bsns_pass_the_elfproef_and_are_unique(demo_wereld):
    personen = list(Inburgeraar.objects.all())
    bsns = [p.bsn for p in personen]
    assert len(bsns) == 300 == len(set(bsns))
    assert all(elfproef(b) for b in bsns)
    assert all(p.bsn_laatste4 == p.bsn[-4:] for p in personen)


@pytest.mark.django_db
def test_every_case_is_assigned_inside_its_team_and_gemeente(demo_wereld):
    team_gemeenten = {t.pk: {g.pk for g in t.gemeenten.all()} for t in Team.objects.prefetch_related("gemeenten")}
    leden = {u.pk: {t.pk for t in u.teams.all()} for u in Gebruiker.objects.prefetch_related("teams")}
    consultants = set(Gebruiker.objects.filter(groups__name=permissions.CONSULTANT).values_list("pk", flat=True))
    for casus in Casus.objects.all():
        assert casus.gemeente_id in team_gemeenten[casus.team_id]
        assert casus.consultant_id in consultants
        assert casus.team_id in leden[casus.consultant_id]


@pytest.mark.django_db
def test_status_history_follows_the_workflow_and_ends_in_the_status(demo_wereld):
    nu = timezone.now()
    overgangen = {}
    for o in StatusOvergang.objects.order_by("tijdstip", "pk"):
        overgangen.setdefault(o.casus_id, []).append(o)
    tijdlijn = Counter(TijdlijnGebeurtenis.objects.values_list("casus_id", flat=True))
    for casus in Casus.objects.all():
        rijen = overgangen[casus.pk]
        assert rijen[0].van == "" and rijen[0].naar == START
        for a, b in pairwise(rijen):
            assert a.naar == b.van
            assert b.naar in TRANSITIONS[b.van]
            assert a.tijdstip < b.tijdstip
        assert rijen[-1].naar == casus.status
        assert rijen[-1].tijdstip <= nu
        assert casus.aangemaakt_op == rijen[0].tijdstip
        assert all(r.door_id == casus.consultant_id for r in rijen)
        assert all(r.toelichting for r in rijen if r.naar in (Status.AFGESLOTEN, Status.OPGESCHORT))
        assert tijdlijn[casus.pk] == len(rijen)
        afgesloten = casus.status == Status.AFGESLOTEN
        assert casus.actief is not afgesloten
        assert (casus.afgesloten_op == rijen[-1].tijdstip) if afgesloten else casus.afgesloten_op is None


@pytest.mark.django_db
def test_key_dates_are_plausible(demo_wereld):
    vandaag = timezone.localdate()
    for casus in Casus.objects.select_related("inburgeraar"):
        datums = [
            casus.datum_kennisgeving,
            casus.datum_koppeling,
            casus.datum_huisvesting,
            casus.datum_brp_inschrijving,
        ]
        for d in filter(None, datums):
            assert dt.date(2024, 1, 1) <= d <= vandaag
        # only a statushouder who was just linked may still wait for the DUO kennisgeving
        vroeg = casus.status in (Status.AANGEMELD, Status.WARME_OVERDRACHT)
        assert casus.datum_kennisgeving is not None or (vroeg and casus.doelgroep == Doelgroep.ASIELSTATUSHOUDER)
        if casus.doelgroep == Doelgroep.ASIELSTATUSHOUDER:
            assert casus.datum_koppeling is not None
            if casus.datum_huisvesting:
                assert casus.datum_koppeling <= casus.datum_huisvesting
            if not vroeg:
                assert casus.datum_huisvesting and casus.datum_brp_inschrijving
        else:
            assert casus.datum_koppeling is None and casus.datum_brp_inschrijving is not None
        persoon = casus.inburgeraar
        leeftijd = (casus.aangemaakt_op.date() - persoon.geboortedatum).days / 365.25
        assert 18 <= leeftijd < 67
        assert persoon.nationaliteit and persoon.talen and persoon.woonplaats and persoon.postcode
        assert not persoon.tolk_nodig or persoon.tolk_taal


@pytest.mark.django_db
def test_households_have_partners_and_children(demo_wereld):
    relaties = Counter(Gezinslid.objects.values_list("relatie", flat=True))
    assert relaties["partner"] > 50 and relaties["kind"] > 50
    for doelgroep in ("gezinsmigrant", "gezinslid_asielstatushouder"):
        zonder_partner = Inburgeraar.objects.filter(casussen__doelgroep=doelgroep).exclude(
            gezinsleden__relatie="partner"
        )
        assert not zonder_partner.exists()


@pytest.mark.django_db
def test_cases_option_sets_the_number():
    out = io.StringIO()
    call_command("seed_demo", "--cases", "20", stdout=out)
    assert Casus.objects.count() == 20
    assert set(Casus.objects.values_list("doelgroep", flat=True)) == set(Doelgroep.values)
    assert "Demodata aangemaakt: 20 casussen" in out.getvalue()
    assert "http://127.0.0.1:8000/" in out.getvalue()


@pytest.mark.django_db
def test_demo_accounts_are_pre_enrolled_for_mfa_and_code_command_works(capsys):
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cases.demo import DEMO_TOTP_KEY, seed_demo
    from inburgering.models import Gebruiker

    seed_demo(aantal=5)
    users = Gebruiker.objects.all()
    assert users.count() == 8
    for u in users:
        device = TOTPDevice.objects.get(user=u, confirmed=True)
        assert device.key == DEMO_TOTP_KEY
    call_command("demo_mfa_code")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    assert TOTPDevice.objects.first().verify_token(code)
