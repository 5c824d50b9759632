"""Every KPI on a constructed dataset whose answers are computed by hand (in the comments).

Today is VANDAAG, Wednesday 18 November 2026. Each test builds only the cases its KPI needs (the
world fixture's three cases have no dates and stay out of every window KPI), refreshes the
summary table and reads the KPI page as the team lead of team 1 (gemeente A).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.dashboards.scenario import (
    D,
    activiteit,
    afschaling,
    alle_examens,
    casus,
    examen,
    intake,
    lijst,
    ontzorgen,
    pip,
    procedure,
    schakeling,
    tabel,
    trede,
    uitstroom,
    url,
    verversen,
    zroute_afgerond,
)
from tests.dashboards.scenario import aanbod as aanbod_

N = Decimal
pytestmark = pytest.mark.django_db


def kpi_pagina(client, user, **params):
    client.force_login(user)
    r = client.get(reverse("dashboards:kpi"), params)
    assert r.status_code == 200
    return r


def rij(behaald, niet, pct, lopend, doel=None):
    uit = {
        "Behaald": behaald,
        "Niet behaald": niet,
        "Noemer": behaald + niet,
        "Percentage": pct,
        "Termijn loopt nog": lopend,
    }
    if doel is not None:
        uit["Streefwaarde"] = doel
    return uit


def zonder_doel(t):
    return {k: {c: v for c, v in r.items() if c != "Streefwaarde"} for k, r in t.items()}


def test_gestart_binnen_3_maanden_na_huisvesting(world, client, vandaag):
    def gestart(c, start):
        pip(c, start - (D(2025, 1, 2) - D(2025, 1, 1)) * 10)
        aanbod_(c, start)

    # cohort 2025: housed 10 January 2025 → the window ends 10 April 2025
    gestart(casus(world, datum_huisvesting=D(2025, 1, 10)), D(2025, 3, 1))  # behaald
    gestart(casus(world, datum_huisvesting=D(2025, 1, 10)), D(2025, 4, 11))  # one day late: niet behaald
    casus(world, datum_huisvesting=D(2025, 2, 1))  # never started, window ended 1 May 2025: niet behaald
    # cohort 2026: housed 1 October 2026 → the window ends 1 January 2027 (still open)
    casus(world, datum_huisvesting=D(2026, 10, 1))  # lopend
    gestart(casus(world, datum_huisvesting=D(2026, 10, 1)), D(2026, 11, 1))  # behaald while the window runs
    # cohort 2024: a gezinsmigrant without housing date counts from the kennisgeving (5 May → 5 August 2024)
    gestart(
        casus(world, doelgroep="gezinsmigrant", datum_kennisgeving=D(2024, 5, 5)), D(2024, 8, 5)
    )  # last day: behaald
    # an asielstatushouder not yet housed has no cohort date: not in this KPI
    gestart(casus(world, datum_kennisgeving=D(2024, 5, 5)), D(2024, 6, 1))
    # team 2 (another team lead's): not in team lead 1's figures
    gestart(
        casus(world, consultant="c3", team=world.team2, gemeente=world.gemeente_b, datum_huisvesting=D(2025, 1, 10)),
        D(2025, 2, 1),
    )
    verversen()

    r = kpi_pagina(client, world.users["tl"])
    assert len(lijst(client, url(r, "kpi-gestart", "2025", "Niet behaald"))) == 2
    assert len(lijst(client, url(r, "kpi-gestart", "Totaal", "Noemer"))) == 5
    t = tabel(r, "kpi-gestart")
    assert t == {
        "2024": rij(1, 0, N("100.0"), 0, N(90)),
        "2025": rij(1, 2, N("33.3"), 0, N(90)),  # 1 of 3
        "2026": rij(1, 0, N("100.0"), 1, N(90)),  # 1 of 1, one still open
        "Totaal": rij(3, 2, N("60.0"), 1, N(90)),  # 3 of 5
    }
    # the beheerder sees every gemeente: team 2's case (behaald) is in: 4 of 6
    t = tabel(kpi_pagina(client, world.users["fb"]), "kpi-gestart")
    assert t["Totaal"] == rij(4, 2, N("66.7"), 1, N(90))


def test_pip_binnen_wettelijke_en_lokale_termijn(world, client, vandaag):
    from inburgering.models import RegelInstelling

    # gemeente A has a local target of 6 weeks (the legal term stays 10 weeks)
    RegelInstelling.objects.create(
        code="pip_lokale_norm_weken", gemeente=world.gemeente_a, waarde=6, ingangsdatum=D(2022, 1, 1)
    )
    # start = the later of kennisgeving and BRP; legal deadline start + 70 days, local start + 42 days
    p1 = casus(
        world,
        datum_huisvesting=D(2025, 1, 10),
        datum_kennisgeving=D(2024, 12, 1),
        datum_brp_inschrijving=D(2025, 1, 13),
    )
    pip(p1, D(2025, 2, 20))  # legal 24 Mar, local 24 Feb 2025: both in time
    p2 = casus(
        world, datum_huisvesting=D(2025, 1, 10), datum_kennisgeving=D(2025, 1, 2), datum_brp_inschrijving=D(2025, 1, 13)
    )
    pip(p2, D(2025, 3, 10))  # legal in time, local late
    casus(
        world, datum_huisvesting=D(2025, 2, 1), datum_brp_inschrijving=D(2025, 2, 3)
    )  # no PIP, legal 14 Apr 2025 passed: both late
    casus(
        world, datum_huisvesting=D(2026, 10, 1), datum_brp_inschrijving=D(2026, 10, 5)
    )  # no PIP: legal 14 Dec (open), local 16 Nov (passed)
    p5 = casus(world, datum_huisvesting=D(2026, 9, 1), datum_brp_inschrijving=D(2026, 9, 10))
    pip(p5, D(2026, 10, 20))  # legal 19 Nov, local 22 Oct: both in time
    p6 = casus(world, doelgroep="gezinsmigrant", datum_kennisgeving=D(2024, 5, 5))
    pip(p6, D(2024, 7, 1))  # legal 14 Jul in time; local 16 Jun late
    casus(world, datum_brp_inschrijving=D(2026, 9, 10))  # no cohort; no PIP: legal 19 Nov (open), local 22 Oct (passed)
    casus(world)  # no dates: not in this KPI
    verversen()

    r = kpi_pagina(client, world.users["tl"])
    assert zonder_doel(tabel(r, "kpi-pip-wettelijk")) == {
        "2024": rij(1, 0, N("100.0"), 0),
        "2025": rij(2, 1, N("66.7"), 0),
        "2026": rij(1, 0, N("100.0"), 1),
        "Zonder datum": rij(0, 0, None, 1),
        "Totaal": rij(4, 1, N("80.0"), 2),  # 4 of 5, two still open
    }
    assert zonder_doel(tabel(r, "kpi-pip-lokaal")) == {
        "2024": rij(0, 1, N("0.0"), 0),
        "2025": rij(1, 2, N("33.3"), 0),
        "2026": rij(1, 1, N("50.0"), 0),
        "Zonder datum": rij(0, 1, N("0.0"), 0),
        "Totaal": rij(2, 5, N("28.6"), 0),  # 2 of 7
    }


def test_geslaagd_binnen_3_jaar(world, client, vandaag):
    # termijn: from the day after the first PIP, 3 years
    s1 = casus(world, datum_huisvesting=D(2025, 1, 10))
    pip(s1, D(2025, 2, 20))
    v2 = pip(s1, D(2025, 9, 1), versie=2, reden="afschalen")
    afschaling(s1, v2, ["SP"], D(2025, 8, 20))
    for onderdeel, dag in (("LE", 1), ("LU", 2), ("SC", 3), ("KNM", 5)):
        examen(s1, onderdeel, D(2025, 10, dag))
    examen(s1, "SP", D(2025, 10, 4), niveau="A2")  # spreken afgeschaald: A2 counts → passed 5 Oct 2025: behaald
    s2 = casus(world, datum_huisvesting=D(2025, 1, 10))
    pip(s2, D(2025, 3, 10))
    for onderdeel in ("LE", "LU", "SC", "KNM"):
        examen(s2, onderdeel, D(2025, 10, 1))
    examen(s2, "SP", D(2025, 10, 1), niveau="A2")  # A2 without afschaling: not passed, termijn to 10 Mar 2028: lopend
    s3 = casus(world, datum_huisvesting=D(2023, 1, 15))
    pip(s3, D(2023, 3, 1))
    v2 = pip(s3, D(2023, 6, 1), versie=2, reden="schakelen", leerroute="z", niveau="")
    schakeling(s3, v2, "b1", "z", D(2023, 5, 20))
    zroute_afgerond(s3, D(2026, 5, 1))  # termijn ended 1 Mar 2026: completed too late: niet behaald
    s4 = casus(world, datum_huisvesting=D(2023, 2, 1))
    pip(s4, D(2023, 4, 1), leerroute="onderwijs")
    alle_examens(s4, D(2025, 12, 1))  # before 1 Apr 2026: behaald
    s5 = casus(world, datum_huisvesting=D(2022, 11, 1))
    pip(s5, D(2023, 1, 10))  # termijn ended 10 Jan 2026, nothing passed: niet behaald
    casus(world, datum_huisvesting=D(2024, 1, 1))  # no PIP: not in this KPI
    verversen()

    t = zonder_doel(tabel(kpi_pagina(client, world.users["tl"]), "kpi-geslaagd"))
    assert t == {
        "2022": rij(0, 1, N("0.0"), 0),
        "2023": rij(1, 1, N("50.0"), 0),
        "2025": rij(1, 0, N("100.0"), 1),
        "Totaal": rij(2, 2, N("50.0"), 1),
    }


def test_participerend_binnen_3_jaar(world, client, vandaag):
    # housed 1 June 2022 → the window ends 1 June 2025
    activiteit(casus(world, datum_huisvesting=D(2022, 6, 1)), D(2023, 1, 1))  # behaald
    activiteit(casus(world, datum_huisvesting=D(2022, 6, 1)), D(2025, 6, 2))  # a day late: niet behaald
    uitstroom(casus(world, datum_huisvesting=D(2022, 6, 1)), D(2024, 3, 1))  # out to work counts: behaald
    casus(world, datum_huisvesting=D(2022, 9, 1))  # nothing, window ended 1 Sep 2025: niet behaald
    casus(world, datum_huisvesting=D(2023, 12, 1))  # window to 1 Dec 2026: lopend
    verversen()

    t = zonder_doel(tabel(kpi_pagina(client, world.users["tl"]), "kpi-participerend"))
    assert t == {
        "2022": rij(2, 2, N("50.0"), 0),
        "2023": rij(0, 0, None, 1),
        "Totaal": rij(2, 2, N("50.0"), 1),
    }


def test_statushouders_in_bijstand_uitgestroomd_binnen_2_jaar(world, client, vandaag):
    # asiel with bijstand, housed 1 March 2023 → the window ends 1 March 2025
    u1 = casus(world, datum_huisvesting=D(2023, 3, 1))
    intake(u1, bijstand=True)
    uitstroom(u1, D(2024, 12, 1), "studie")  # behaald
    u2 = casus(world, datum_huisvesting=D(2023, 3, 1))
    ontzorgen(u2, bijstand_vanaf=D(2023, 3, 1))  # ontzorgd = on bijstand
    uitstroom(u2, D(2025, 3, 2))  # a day late: niet behaald
    u3 = casus(world, doelgroep="gezinslid_asielstatushouder", datum_huisvesting=D(2023, 6, 1))
    pip(u3, D(2023, 8, 1), bijstand=True)  # bijstand in the PIP; no uitstroom by 1 Jun 2025: niet behaald
    u4 = casus(world, datum_huisvesting=D(2025, 6, 1))
    intake(u4, bijstand=True)  # window to 1 Jun 2027: lopend
    u5 = casus(world, doelgroep="gezinsmigrant", datum_huisvesting=D(2023, 3, 1))
    intake(u5, bijstand=True)
    uitstroom(u5, D(2024, 1, 1))  # not a statushouder: not in this KPI
    uitstroom(casus(world, datum_huisvesting=D(2023, 3, 1)), D(2024, 1, 1))  # no bijstand: not in this KPI
    verversen()

    t = zonder_doel(tabel(kpi_pagina(client, world.users["tl"]), "kpi-uitstroom"))
    assert t == {
        "2023": rij(1, 2, N("33.3"), 0),
        "2025": rij(0, 0, None, 1),
        "Totaal": rij(1, 2, N("33.3"), 1),
    }


def test_routemix_afschalen_en_schakelen(world, client, vandaag):
    r1 = casus(world, datum_huisvesting=D(2025, 2, 1))
    pip(r1, D(2025, 4, 1))  # b1
    r2 = casus(world, datum_huisvesting=D(2025, 2, 1))
    pip(r2, D(2025, 4, 1))
    pip(r2, D(2025, 6, 1), versie=2, reden="schakelen", leerroute="onderwijs")
    pip(r2, D(2025, 9, 1), versie=3, reden="schakelen", leerroute="b1")  # switched twice, back to b1
    r3 = casus(world, datum_huisvesting=D(2025, 2, 1))
    pip(r3, D(2025, 4, 1))
    pip(r3, D(2025, 6, 1), versie=2, reden="schakelen", leerroute="z", niveau="")  # now in the Z-route
    r4 = casus(world, datum_huisvesting=D(2024, 2, 1))
    pip(r4, D(2024, 4, 1), leerroute="onderwijs")
    r5 = casus(world, datum_huisvesting=D(2025, 2, 1))
    pip(r5, D(2025, 4, 1))
    pip(r5, D(2026, 3, 1), versie=2, reden="afschalen")  # afgeschaald, still b1
    casus(world, datum_huisvesting=D(2025, 2, 1))  # no PIP
    verversen()

    r = kpi_pagina(client, world.users["tl"])
    # current routes: onderwijs 1 (r4), b1 3 (r1, r2, r5), z 1 (r3) → 20 / 60 / 20 against 25 / 60 / 15
    assert tabel(r, "kpi-routemix-prognose") == {
        "Onderwijsroute": {
            "Aantal": 1,
            "Aandeel": N("20.0"),
            "Rijksprognose": N(25),
            "Afwijking (procentpunt)": N("-5.0"),
        },
        "B1-route": {"Aantal": 3, "Aandeel": N("60.0"), "Rijksprognose": N(60), "Afwijking (procentpunt)": N("0.0")},
        "Z-route": {"Aantal": 1, "Aandeel": N("20.0"), "Rijksprognose": N(15), "Afwijking (procentpunt)": N("5.0")},
    }
    mix = tabel(r, "kpi-routemix")
    assert mix["2024"]["Onderwijsroute"] == 1 and mix["2024"]["Aandeel onderwijsroute"] == N("100.0")
    assert (mix["2025"]["B1-route"], mix["2025"]["Z-route"], mix["2025"]["Aandeel b1-route"]) == (3, 1, N("75.0"))
    # 5 people with a PIP; switched: r2 and r3 (2 people, 3 versions); afgeschaald: r5
    assert lijst(client, url(r, "kpi-schakelen", "Totaal", "Geschakeld (personen)")) == {r2.pk, r3.pk}
    assert lijst(client, url(r, "kpi-schakelen", "2025", "Afgeschaald (personen)")) == {r5.pk}
    assert lijst(client, url(r, "kpi-routemix-prognose", "Z-route", "Aantal")) == {r3.pk}
    assert tabel(r, "kpi-schakelen")["Totaal"] == {
        "Met vastgesteld PIP": 5,
        "Geschakeld (personen)": 2,
        "Geschakeld": N("40.0"),
        "Afgeschaald (personen)": 1,
        "Afgeschaald": N("20.0"),
        "PIP-versies schakelen": 3,
        "PIP-versies afschalen": 1,
    }


def test_boetes_en_hun_uitkomst(world, client, vandaag):
    h1 = casus(world, datum_huisvesting=D(2025, 1, 1))
    procedure(h1, "betaald", boete=100)
    procedure(h1, "afgezien")
    h2 = casus(world, datum_huisvesting=D(2025, 1, 1))
    procedure(h2, "ingetrokken", boete=250, bezwaar_uitkomst="gegrond")
    h3 = casus(world, datum_huisvesting=D(2024, 1, 1))
    procedure(h3, "invordering", boete=50)
    procedure(h3, "signaal")
    procedure(h3, "participatiewet", soort="participatiewet")
    verversen()

    r = kpi_pagina(client, world.users["tl"])
    assert lijst(client, url(r, "kpi-handhaving", "2025", "Personen met een procedure")) == {h1.pk, h2.pk}
    t = tabel(r, "kpi-handhaving")
    nul = {"Kwijtgescholden": 0}
    assert t["2025"] == {
        "Personen met een procedure": 2,
        "Procedures": 3,
        "Lopend": 0,
        "Boetes opgelegd": 2,
        "Opgelegd bedrag": N("350.00"),
        "Betaald": 1,
        "In invordering": 0,
        "Ingetrokken": 1,
        "Afgezien van boete": 1,
        "Naar Participatiewet": 0,
        "Bezwaren": 1,
        "Bezwaar (deels) gegrond": 1,
        **nul,
    }
    assert t["Totaal"] == {
        "Personen met een procedure": 3,
        "Procedures": 6,
        "Lopend": 1,
        "Boetes opgelegd": 3,
        "Opgelegd bedrag": N("400.00"),
        "Betaald": 1,
        "In invordering": 1,
        "Ingetrokken": 1,
        "Afgezien van boete": 1,
        "Naar Participatiewet": 1,
        "Bezwaren": 1,
        "Bezwaar (deels) gegrond": 1,
        **nul,
    }


def test_beweging_op_de_participatieladder(world, client, vandaag):
    l1 = casus(world, datum_huisvesting=D(2025, 1, 1))
    intake(l1, trede=2)
    trede(l1, D(2025, 6, 1), 3, 2)
    trede(l1, D(2026, 1, 1), 4, 3)  # 2 → 4: gestegen (the last measurement counts)
    l2 = casus(world, datum_huisvesting=D(2025, 1, 1))
    intake(l2, trede=3)
    trede(l2, D(2025, 6, 1), 3, 3)  # gelijk
    l3 = casus(world, datum_huisvesting=D(2024, 1, 1))
    intake(l3, trede=4)
    trede(l3, D(2025, 6, 1), 2, 4)  # gedaald
    intake(casus(world, datum_huisvesting=D(2024, 1, 1)), trede=1)  # only the nulmeting
    verversen()

    r = kpi_pagina(client, world.users["tl"])
    assert lijst(client, url(r, "kpi-participatieladder", "2025", "Gestegen")) == {l1.pk}
    assert lijst(client, url(r, "kpi-participatieladder", "Totaal", "Gedaald")) == {l3.pk}
    t = tabel(r, "kpi-participatieladder")
    assert t == {
        "2024": {
            "Nulmeting en latere meting": 1,
            "Gestegen": 0,
            "Gelijk": 0,
            "Gedaald": 1,
            "Aandeel gestegen": N("0.0"),
            "Gemiddelde trede nulmeting": N("4.0"),
            "Gemiddelde trede nu": N("2.0"),
            "Alleen nulmeting": 1,
        },
        "2025": {
            "Nulmeting en latere meting": 2,
            "Gestegen": 1,
            "Gelijk": 1,
            "Gedaald": 0,
            "Aandeel gestegen": N("50.0"),
            "Gemiddelde trede nulmeting": N("2.5"),
            "Gemiddelde trede nu": N("3.5"),
            "Alleen nulmeting": 0,
        },
        # (2+3+4)/3 = 3.0 and (4+3+2)/3 = 3.0
        "Totaal": {
            "Nulmeting en latere meting": 3,
            "Gestegen": 1,
            "Gelijk": 1,
            "Gedaald": 1,
            "Aandeel gestegen": N("33.3"),
            "Gemiddelde trede nulmeting": N("3.0"),
            "Gemiddelde trede nu": N("3.0"),
            "Alleen nulmeting": 1,
        },
    }


def test_kpi_per_kwartaal_en_streefwaarde_per_gemeente(world, client, vandaag):
    from inburgering.models import RegelInstelling

    RegelInstelling.objects.create(
        code="kpi_gestart_3mnd_pct", gemeente=world.gemeente_a, waarde=95, ingangsdatum=D(2022, 1, 1)
    )
    for h, start in ((D(2025, 1, 10), D(2025, 3, 1)), (D(2025, 1, 10), None), (D(2025, 7, 10), D(2025, 8, 1))):
        c = casus(world, datum_huisvesting=h)
        if start:
            pip(c, start - (D(2025, 1, 11) - D(2025, 1, 1)))
            aanbod_(c, start)
    verversen()
    client.force_login(world.users["tl"])
    r = client.get(reverse("dashboards:kpi_detail", args=["gestart"]))
    # the outcome is known: in Q1 2025 (started 1 Mar), Q2 2025 (window ended 10 Apr, not started), Q3 2025 (started 1 Aug)
    assert tabel(r, "kpi-gestart-kwartaal") == {
        "2025 K1": {"Behaald": 1, "Noemer": 1, "Percentage": N("100.0"), "Streefwaarde": N(95)},
        "2025 K2": {"Behaald": 0, "Noemer": 1, "Percentage": N("0.0"), "Streefwaarde": N(95)},
        "2025 K3": {"Behaald": 1, "Noemer": 1, "Percentage": N("100.0"), "Streefwaarde": N(95)},
    }
    # the team lead works for gemeente A only: A's own target (95%) applies
    assert tabel(r, "kpi-gestart")["Totaal"]["Streefwaarde"] == N(95)
    # the beheerder sees A (95%) and B (national 90%): the page shows both, the table no single target
    client.force_login(world.users["fb"])
    r = client.get(reverse("dashboards:kpi_detail", args=["gestart"]))
    assert r.context["blok"].doel.tekst == "Gemeente A 95,0%; Gemeente B 90,0%"
    assert tabel(r, "kpi-gestart")["Totaal"]["Streefwaarde"] is None


def test_een_kpi_zonder_gegevens_zegt_nog_geen_gegevens(world, client, vandaag):
    verversen()
    r = kpi_pagina(client, world.users["tl"])
    assert all(not b.heeft_gegevens for b in r.context["blokken"])
    assert r.content.decode().count("Nog geen gegevens") >= len(r.context["blokken"])
