"""The screens: forms post through the services, errors come back on the form, the PDF is made."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from leerroutes import services
from leerroutes.models import (
    Examen,
    Inburgeringsaanbod,
    MapTraject,
    PvtTraject,
    Urenregistratie,
    Voortgangsgesprek,
    ZrouteAfronding,
)
from pip.models import PipVersie

from . import scenario as s

pytestmark = pytest.mark.django_db


def u(name, casus, **kw):
    return reverse(f"leerroutes:{name}", kwargs={"casus_pk": casus.pk, **kw})


def test_aanbod_vastleggen_via_het_scherm(ingelogd):
    client, casus, _ = ingelogd
    school = s.school(gemeente=casus.gemeente)
    r = client.get(u("aanbod_nieuw", casus))
    assert "Inkoop door de gemeente" in r.content.decode()
    start = (s.vandaag() - dt.timedelta(days=150)).isoformat()
    data = {"taalaanbieder": school.pk, "startdatum": start, "uren_per_week": "12,5", "leerlingnummer": "S-9"}
    r = client.post(u("aanbod_nieuw", casus), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Inburgeringsaanbod.objects.get(casus=casus).uren_per_week == Decimal("12.5")


def test_aanbod_met_start_voor_pip_toont_de_fout(ingelogd):
    client, casus, _ = ingelogd
    school = s.school(gemeente=casus.gemeente)
    r = client.post(
        u("aanbod_nieuw", casus), {"taalaanbieder": school.pk, "startdatum": "2020-01-01", "uren_per_week": "10"}
    )
    html = r.content.decode()
    assert r.status_code == 200 and "Er is een probleem" in html and "na de dagtekening" in html


def test_uren_aanwezigheid_gesprek_examen_via_schermen(ingelogd):
    client, casus, c1 = ingelogd
    s.aanbod(casus, c1, s.school(gemeente=casus.gemeente))
    maand = s.maand(1).strftime("%Y-%m")
    r = client.post(u("uren_nieuw", casus), {"soort": "nt2", "maand": maand, "uren": "40,5"})
    assert r.status_code == 302
    assert Urenregistratie.objects.get(casus=casus).uren == Decimal("40.5")
    r = client.post(u("aanwezigheid_nieuw", casus), {"maand": maand, "geplande_uren": "48", "aanwezige_uren": "24"})
    assert r.status_code == 302
    html = client.get(casus.get_absolute_url()).content.decode()
    assert "Signaal: lage aanwezigheid" in html
    r = client.post(
        u("gesprek_nieuw", casus),
        {
            "datum": s.vandaag().isoformat(),
            "met_inburgeraar": "on",
            "met_consultant": "on",
            "mentor_school": "Mevrouw De Vries",
            "voortgang_lezen": "op_schema",
            "voortgang_luisteren": "op_schema",
            "voortgang_schrijven": "onvoldoende",
            "voortgang_spreken": "op_schema",
            "voortgang_knm": "nvt",
            "voortgang_participatie": "nvt",
            "afspraken": "Extra schrijfles.",
        },
    )
    assert r.status_code == 302
    gesprek = Voortgangsgesprek.objects.get(casus=casus)
    assert client.get(gesprek.get_absolute_url()).status_code == 200
    r = client.post(
        u("examen_nieuw", casus),
        {"onderdeel": "LE", "niveau": "B1", "datum": s.vandaag().isoformat(), "resultaat": "geslaagd"},
    )
    assert r.status_code == 302
    assert Examen.objects.get(casus=casus).gratis
    html = client.get(u("overzicht", casus)).content.decode()
    assert "40,5" in html and "Mevrouw De Vries" in html and "Behaald" in html


def test_voortgangsgesprek_wijzigen_via_het_scherm(ingelogd):
    client, casus, c1 = ingelogd
    gesprek = s.gesprek(casus, c1, mentor_school="Mevrouw De Vries", afspraken="Extra schrijfles op dinsdg.")
    url = u("gesprek_wijzigen", casus, gesprek_pk=gesprek.pk)
    assert f'href="{url}"' in client.get(u("overzicht", casus)).content.decode()
    assert f'href="{url}"' in client.get(gesprek.get_absolute_url()).content.decode()
    r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200
    assert f"Voortgangsgesprek van {gesprek.datum:%d-%m-%Y} wijzigen" in html
    assert f'value="{gesprek.datum.isoformat()}"' in html and 'value="Mevrouw De Vries"' in html
    assert ">\nExtra schrijfles op dinsdg.</textarea>" in html
    assert s.verborgen_veld(html) == 1
    r = client.post(url, s.gesprek_formulier(gesprek, afspraken="Extra schrijfles op dinsdag.", versie=1))
    assert r.status_code == 302 and r.url == u("overzicht", casus)
    gesprek.refresh_from_db()
    assert (gesprek.afspraken, gesprek.mentor_school, gesprek.versie) == (
        "Extra schrijfles op dinsdag.",
        "Mevrouw De Vries",
        2,
    )
    # a date in the future comes back on the form, above it in the error summary
    morgen = (s.vandaag() + dt.timedelta(days=1)).isoformat()
    r = client.post(url, s.gesprek_formulier(gesprek, datum=morgen, versie=2))
    html = r.content.decode()
    assert r.status_code == 200 and "Er is een probleem" in html and "de datum ligt in de toekomst" in html
    assert f'value="{morgen}"' in html
    assert Voortgangsgesprek.objects.get(pk=gesprek.pk).datum == gesprek.datum


def test_voortgangsgesprek_wijzigen_geweigerd_zoals_vastleggen(world, client):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    gesprek = s.gesprek(casus, c1)
    url = u("gesprek_wijzigen", casus, gesprek_pk=gesprek.pk)
    for naam, verwacht in (("c2", 403), ("c3", 404)):  # a colleague of the team; a consultant of another team
        client.force_login(world.users[naam])
        assert client.get(u("gesprek_nieuw", casus)).status_code == verwacht
        assert client.get(url).status_code == verwacht
        assert (
            client.post(url, s.gesprek_formulier(gesprek, afspraken="Niet van mij.", versie=1)).status_code == verwacht
        )
    client.force_login(world.users["c2"])  # reads the case, without a link to change the talk
    assert url not in client.get(u("overzicht", casus)).content.decode()
    assert url not in client.get(gesprek.get_absolute_url()).content.decode()
    assert Voortgangsgesprek.objects.get(pk=gesprek.pk).afspraken == gesprek.afspraken


def test_schakelen_via_scherm_leidt_naar_het_pip_concept(ingelogd):
    client, casus, _ = ingelogd
    r = client.post(u("schakelen", casus), {"nieuwe_route": "z", "motivatie": "Te zwaar gebleken."})
    versie = PipVersie.objects.get(casus=casus, status="concept")
    assert r.status_code == 302 and r["Location"] == reverse(
        "pip:bewerken", kwargs={"casus_pk": casus.pk, "versie_pk": versie.pk}
    )


def test_afschalen_in_de_b1_route_zonder_uren_toont_de_reden(ingelogd):
    client, casus, _ = ingelogd
    r = client.post(u("afschalen", casus), {"onderdelen": ["SP"], "motivatie": "Inzet."})
    assert r.status_code == 200 and "ten minste 600 uur" in r.content.decode()
    assert not PipVersie.objects.filter(casus=casus, status="concept").exists()


def test_map_en_pvt_via_schermen(ingelogd):
    client, casus, _ = ingelogd
    provider = s.provider()
    data = {
        "aanbieder": provider.pk,
        "startdatum": (s.vandaag() - dt.timedelta(days=30)).isoformat(),
        **{
            f"thema_{c}": "te_volgen"
            for c in (
                "beroepsorientatie",
                "werknemerscompetenties",
                "beroepsbeeld",
                "beroepskansen",
                "beroepscompetenties",
                "netwerk",
                "werk_vinden",
                "werkcultuur",
            )
        },
        "thema_netwerk": "beheerst",
        "praktijk-TOTAL_FORMS": "1",
        "praktijk-INITIAL_FORMS": "0",
        "praktijk-MIN_NUM_FORMS": "0",
        "praktijk-MAX_NUM_FORMS": "10",
        "praktijk-0-omschrijving": "Werkervaringsplaats",
        "praktijk-0-uren": "24",
    }
    r = client.post(u("map", casus), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    traject = MapTraject.objects.get(casus=casus)
    assert traject.thema_netwerk == "beheerst" and traject.praktijk.get().uren == Decimal("24")
    data = {
        "aanbieder": provider.pk,
        "kernwaarden_introductie_op": s.vandaag().isoformat(),
        "sessie-TOTAL_FORMS": "1",
        "sessie-INITIAL_FORMS": "0",
        "sessie-MIN_NUM_FORMS": "0",
        "sessie-MAX_NUM_FORMS": "40",
        "sessie-0-soort": "excursie",
        "sessie-0-datum": s.vandaag().isoformat(),
        "sessie-0-uren": "3",
    }
    r = client.post(u("pvt", casus), data)
    assert r.status_code == 302
    assert PvtTraject.objects.get(casus=casus).sessies.count() == 1
    assert client.get(u("map", casus)).status_code == 200 and client.get(u("pvt", casus)).status_code == 200


def test_schermen_zonder_pip_verwijzen_terug(world, client):
    client.force_login(world.users["c1"])
    casus = world.cases["eigen"]
    for naam in ("aanbod_nieuw", "uren_nieuw", "gesprek_nieuw", "examen_nieuw", "schakelen", "map", "pvt", "zroute"):
        r = client.get(u(naam, casus))
        assert r.status_code == 302 and r["Location"] == casus.get_absolute_url(), naam
    assert client.get(u("overzicht", casus)).status_code == 200


def test_zroute_certificaat_pdf_ua(world, client, django_capture_on_commit_callbacks, settings):
    from pypdf import PdfReader

    settings.CELERY_TASK_ALWAYS_EAGER = True
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="z", doelgroep="gezinsmigrant")
    s.aanbod(casus, c1, s.school(naam="Eigen keuze"))
    for i in range(5):
        services.uren_registreren(casus=casus, soort="nt2", maand=s.maand(i), uren=Decimal("170"), door=c1)
    client.force_login(c1)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(u("zroute", casus), {"eindgesprek_op": s.vandaag().isoformat(), "verslag": "Zelfredzaam."})
    assert r.status_code == 302
    afronding = ZrouteAfronding.objects.get(casus=casus)
    assert afronding.pdf and len(afronding.pdf_sha256) == 64
    r = client.get(u("zroute_pdf", casus))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    pdf = PdfReader(io.BytesIO(b"".join(r.streaming_content)))
    assert "Certificaat Z-route" in (pdf.metadata.title or "")
    assert "/StructTreeRoot" in pdf.trailer["/Root"]  # tagged (PDF/UA)
    assert casus.inburgeraar.achternaam in pdf.pages[0].extract_text()
    # a second run of the task keeps the first PDF
    from leerroutes.tasks import zroute_certificaat_maken

    sha = afronding.pdf_sha256
    zroute_certificaat_maken(afronding.pk)
    afronding.refresh_from_db()
    assert afronding.pdf_sha256 == sha


def test_overzicht_en_schakelen_zonder_laatste_dag_schakelen(ingelogd):
    """A PIP made in bulk may lack the last day to switch: the pages say it is unknown instead of failing."""
    client, casus, _ = ingelogd
    PipVersie.objects.filter(casus=casus).update(laatste_dag_schakelen=None)
    r = client.get(u("overzicht", casus))
    html = r.content.decode()
    assert r.status_code == 200
    assert "De laatste dag om van leerroute te schakelen is onbekend" in html
    assert u("schakelen", casus) not in html  # no switch button without a window
    r = client.get(u("schakelen", casus))
    assert r.status_code == 200 and "De laatste dag om te schakelen is onbekend" in r.content.decode()


def test_overzicht_toont_de_laatste_dag_schakelen(ingelogd):
    client, casus, _ = ingelogd
    eerste = PipVersie.objects.filter(casus=casus, status="vastgesteld").order_by("versie").first()
    html = client.get(u("overzicht", casus)).content.decode()
    assert "Schakelen van leerroute kan tot en met" in html and u("schakelen", casus) in html
    assert eerste.laatste_dag_schakelen.strftime("%Y") in html
