"""Benchmark: median time to render a three-page PIP beschikking (HTML + WeasyPrint PDF/UA-1).

A script, not a test:  .venv/bin/python bench/bench_pdf.py [--runs 20] [--out beschikking.pdf]

It creates a throw-away test database (migrated, like the test suite does), a case with a
vastgestelde PIP version whose texts fill three A4 pages, and then times `render_html` and
`html_naar_pdf` together, `--runs` times (after one warm-up run that loads fonts). The goal
(issue 4) is a median of at most 0.5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")

ZIN = (
    "Wij hebben met u gesproken over uw opleiding, uw werkervaring en wat u wilt bereiken; "
    "daarom kiezen wij samen deze aanpak, die past bij uw leerbaarheid en uw gezinssituatie. "
)


def _wereld():
    from cases import services as case_services
    from cases.demo import make_bsn
    from inburgering.models import Gebruiker, Gemeente, Organisatie, Team
    from inburgering.permissions import CONSULTANT
    from pip.models import Briefpapier, PipVersie

    org = Organisatie.objects.create(naam="Bench")
    gemeente = Gemeente.objects.create(
        organisatie=org,
        naam="Overbetuwe",
        cbs_code="GM1734",
        postadres="Postbus 11",
        postcode_plaats="6660 AA Elst",
        telefoon="14 0481",
        website="https://www.overbetuwe.nl",
    )
    Briefpapier.objects.filter(gemeente=gemeente).update(
        ondertekenaar_naam="J. Jansen",
        ondertekenaar_functie="Teamleider Inburgering",
        bezwaar_digitaal="https://www.overbetuwe.nl/bezwaar",
    )
    team = Team.objects.create(organisatie=org, naam="Inburgering")
    team.gemeenten.add(gemeente)
    from django.contrib.auth.models import Group

    consultant = Gebruiker.objects.create(username="bench", first_name="Sanne", last_name="de Boer")
    consultant.groups.add(Group.objects.get(name=CONSULTANT))
    consultant.teams.add(team)
    casus = case_services.inburgeraar_aanmaken(
        bsn=make_bsn(1),
        persoon={
            "voornamen": "Amina",
            "achternaam": "Haddad",
            "geboortedatum": dt.date(1990, 5, 1),
            "geslacht": "V",
            "straat": "Dorpsstraat 12",
            "postcode": "6661 AB",
            "woonplaats": "Elst",
        },
        casus={
            "gemeente": gemeente,
            "team": team,
            "doelgroep": "asielstatushouder",
            "datum_kennisgeving": dt.date(2023, 1, 2),
            "datum_brp_inschrijving": dt.date(2023, 1, 31),
        },
        door=consultant,
    )
    lang = ZIN * 2
    versie = PipVersie.objects.create(
        casus=casus,
        versie=1,
        leerroute="b1",
        niveau="B1",
        route_motivatie=ZIN * 3,
        geschatte_intensiteit_b1=1200,
        ondersteuning=lang,
        map_inhoud=lang,
        map_intensiteit="4 uur per week",
        pvt_inhoud=lang,
        pvt_intensiteit="12 uur",
        ontzorgen=True,
        ontzorgen_afspraken=ZIN,
        training_financiele_zelfredzaamheid=True,
        maatschappelijke_begeleiding=True,
        maatschappelijke_begeleiding_afspraken=ZIN,
        voorwaarden_kinderopvang=ZIN,
        participatie_afspraken=ZIN,
        bijstand=True,
        aangemaakt_door=consultant,
    )
    # the fields pip_vaststellen sets, without the service's checks (this measures rendering only)
    PipVersie.objects.filter(pk=versie.pk).update(
        status="vastgesteld",
        dagtekening=dt.date(2023, 3, 1),
        ondertekend_op=dt.date(2023, 3, 1),
        termijn_start=dt.date(2023, 3, 2),
        termijn_eind=dt.date(2026, 3, 1),
        laatste_dag_schakelen=dt.date(2024, 9, 1),
        kenmerk=f"INB/2023/{casus.pk:06d}/PIP1",
        vastgesteld_door=consultant,
    )
    return PipVersie.objects.select_related("casus__inburgeraar", "casus__gemeente", "casus__consultant").get(
        pk=versie.pk
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", help="also write the last PDF here")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from pypdf import PdfReader

    from pip.pdf import html_naar_pdf, render_html

    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        versie = _wereld()
        html_naar_pdf(render_html(versie))  # warm-up: imports WeasyPrint, loads fonts
        html_s, pdf_s, total_s = [], [], []
        pdf = b""
        for _ in range(args.runs):
            t0 = time.perf_counter()
            html = render_html(versie)
            t1 = time.perf_counter()
            pdf = html_naar_pdf(html)
            t2 = time.perf_counter()
            html_s.append(t1 - t0)
            pdf_s.append(t2 - t1)
            total_s.append(t2 - t0)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        if args.out:
            Path(args.out).write_bytes(pdf)
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)

    print(f"beschikking PIP: {pages} pagina's, {len(pdf) / 1024:.0f} KiB, pdf/ua-1, {args.runs} runs")
    print(f"  render_html  median {statistics.median(html_s) * 1000:7.1f} ms")
    print(f"  html_naar_pdf median {statistics.median(pdf_s) * 1000:7.1f} ms")
    print(
        f"  total        median {statistics.median(total_s) * 1000:7.1f} ms  (min {min(total_s) * 1000:.1f}, max {max(total_s) * 1000:.1f})"
    )
    goal = 0.5
    print(f"  goal <= {goal * 1000:.0f} ms: {'met' if statistics.median(total_s) <= goal else 'NOT met'}")
    return 0 if pages == 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
