"""The factories produce data that the rules and the workflow accept."""

from itertools import pairwise

import pytest

from cases.demo import make_bsn, pad_is_toegestaan, standaard_pad
from cases.models import Casus, StatusOvergang
from cases.rules import elfproef
from cases.workflow import START, TRANSITIONS, Status
from inburgering import crypto, permissions
from tests.factories import (
    WACHTWOORD,
    BeheerderFactory,
    CasusFactory,
    ConsultantFactory,
    DocumentFactory,
    GebruikerFactory,
    GemeenteFactory,
    GezinslidFactory,
    InburgeraarFactory,
    TeamFactory,
    TeamleiderFactory,
)

TRAITS = {
    None: Status.AANGEMELD,
    "warme_overdracht": Status.WARME_OVERDRACHT,
    "intake": Status.INTAKE,
    "pip_in_voorbereiding": Status.PIP_IN_VOORBEREIDING,
    "uitvoering": Status.UITVOERING,
    "pip_vastgesteld": Status.UITVOERING,
    "opgeschort": Status.OPGESCHORT,
    "afronding": Status.AFRONDING,
    "afgesloten": Status.AFGESLOTEN,
}


# --- make_bsn: pure --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 2, 9, 10, 11, 99, 12345, 1_999_999, 2_000_000, 8_999_999])
def test_make_bsn_passes_elfproef(n):
    bsn = make_bsn(n)
    assert len(bsn) == 9 and elfproef(bsn)


def test_make_bsn_is_injective_and_increasing():
    reeks = [make_bsn(n) for n in range(20_000)]
    assert len(set(reeks)) == len(reeks)
    assert reeks == sorted(reeks)
    assert all(elfproef(b) for b in reeks)


@pytest.mark.parametrize("n", [-1, 9_000_000])
def test_make_bsn_rejects_out_of_range(n):
    with pytest.raises(ValueError):
        make_bsn(n)


# --- status paths: pure ----------------------------------------------------------------------


@pytest.mark.parametrize("asiel", [True, False])
@pytest.mark.parametrize("status", Status.values)
def test_standaard_pad_is_allowed_by_transitions(status, asiel):
    pad = standaard_pad(status, asiel=asiel)
    assert pad[0] == START and pad[-1] == status
    assert all(naar in TRANSITIONS[van] for van, naar in pairwise(pad))


def test_pad_is_toegestaan_rejects_a_jump():
    assert not pad_is_toegestaan([Status.AANGEMELD, Status.UITVOERING])
    assert not pad_is_toegestaan([Status.INTAKE])


# --- build: no database ----------------------------------------------------------------------


def test_build_needs_no_database():
    casus = CasusFactory.build(uitvoering=True)
    assert casus.pk is None and casus.status == Status.UITVOERING
    assert casus.team.organisatie is casus.gemeente.organisatie
    assert elfproef(casus.inburgeraar.bsn)
    assert casus.inburgeraar.bsn_hmac == crypto.bsn_hmac(casus.inburgeraar.bsn)
    gebruiker = GebruikerFactory.build()
    assert gebruiker.check_password(WACHTWOORD)
    assert DocumentFactory.build().grootte > 0
    assert GezinslidFactory.build().inburgeraar.pk is None


def test_afgesloten_build_is_inactive():
    casus = CasusFactory.build(afgesloten=True)
    assert casus.status == Status.AFGESLOTEN and casus.actief is False and casus.afgesloten_op is not None


# --- create ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_inburgeraar_bsns_are_valid_and_unique():
    mensen = InburgeraarFactory.create_batch(5)
    for p in mensen:
        p.refresh_from_db()
        assert elfproef(p.bsn)
        assert p.bsn_hmac == crypto.bsn_hmac(p.bsn) and p.bsn_laatste4 == p.bsn[-4:]
    assert len({p.bsn for p in mensen}) == 5


@pytest.mark.django_db
def test_explicit_bsn_is_stored_encrypted():
    p = InburgeraarFactory(bsn="111222333")
    p.refresh_from_db()
    assert p.bsn == "111222333" and "111222333" not in p.bsn_versleuteld


@pytest.mark.django_db
def test_roles_and_teams():
    team = TeamFactory()
    c = ConsultantFactory(teams=[team])
    t = TeamleiderFactory(teams=[team])
    b = BeheerderFactory()
    g = GebruikerFactory(rol=[permissions.CONSULTANT, permissions.TEAMLEIDER], password="Ander-wachtwoord-99")
    assert permissions.rollen(c) == {permissions.CONSULTANT}
    assert permissions.rollen(t) == {permissions.TEAMLEIDER}
    assert permissions.rollen(b) == {permissions.FUNCTIONEEL_BEHEERDER} and b.is_staff and not b.is_superuser
    assert permissions.rollen(g) == {permissions.CONSULTANT, permissions.TEAMLEIDER}
    assert list(c.teams.all()) == [team] and list(t.teams.all()) == [team]
    assert c.check_password(WACHTWOORD) and g.check_password("Ander-wachtwoord-99")


@pytest.mark.django_db
def test_team_gemeenten():
    g1, g2 = GemeenteFactory(), GemeenteFactory()
    team = TeamFactory(gemeenten=[g1, g2])
    assert set(team.gemeenten.all()) == {g1, g2}
    assert g1.cbs_code != g2.cbs_code and len(g1.cbs_code) <= 6


@pytest.mark.django_db
@pytest.mark.parametrize("trait,status", TRAITS.items())
def test_casus_trait_is_consistent(trait, status):
    casus = CasusFactory(**({trait: True} if trait else {}))
    casus = Casus.objects.get(pk=casus.pk)
    assert casus.status == status
    assert casus.actief is (status != Status.AFGESLOTEN)
    # consultant belongs to the case's team; the team works for the case's gemeente
    assert casus.consultant.teams.filter(pk=casus.team_id).exists()
    assert casus.team.gemeenten.filter(pk=casus.gemeente_id).exists()
    assert permissions.heeft_rol(casus.consultant, permissions.CONSULTANT)
    assert permissions.mag_casus_bewerken(casus.consultant, casus)
    # the status history is a path allowed by the workflow table, ending in the status
    rijen = list(StatusOvergang.objects.filter(casus=casus).order_by("tijdstip", "pk"))
    assert rijen[0].van == "" and rijen[0].naar == START
    assert all(a.naar == b.van for a, b in pairwise(rijen))
    assert pad_is_toegestaan([r.naar for r in rijen])
    assert rijen[-1].naar == casus.status
    assert casus.tijdlijn.count() == len(rijen)


@pytest.mark.django_db
def test_gezinsmigrant_path_skips_warme_overdracht():
    casus = CasusFactory(doelgroep="gezinsmigrant", intake=True)
    assert [r.naar for r in casus.overgangen.order_by("pk")] == [Status.AANGEMELD, Status.INTAKE]


@pytest.mark.django_db
def test_cases_share_team_and_consultant_when_given():
    gemeente = GemeenteFactory()
    team = TeamFactory(organisatie=gemeente.organisatie, gemeenten=[gemeente])
    consultant = ConsultantFactory(teams=[team])
    a = CasusFactory(gemeente=gemeente, team=team, consultant=consultant)
    b = CasusFactory(gemeente=gemeente, team=team, consultant=consultant, intake=True)
    assert {a.consultant_id, b.consultant_id} == {consultant.pk}
    assert list(consultant.teams.all()) == [team]


@pytest.mark.django_db
def test_koppelen_false_leaves_inconsistency_alone():
    team = TeamFactory()
    consultant = ConsultantFactory()
    casus = CasusFactory(team=team, consultant=consultant, koppelen=False, overgangen=False)
    assert not consultant.teams.exists()
    assert not team.gemeenten.filter(pk=casus.gemeente_id).exists()
    assert not casus.overgangen.exists()


@pytest.mark.django_db
def test_document_factory():
    doc = DocumentFactory()
    assert doc.geupload_door == doc.casus.consultant
    assert doc.grootte == doc.bestand.size
