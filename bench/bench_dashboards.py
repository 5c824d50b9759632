"""Benchmark: median and p95 response time of the team dashboard and the KPI page on a large register.

A script, not a test. It runs against an existing PostgreSQL database with demo data:

    createdb -h 127.0.0.1 -U postgres inburgering_bench_dash
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/inburgering_bench_dash
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --cases 100000
    .venv/bin/python bench/bench_dashboards.py [--runs 50]

`seed_demo` makes cases, their status history and timeline, but no PIPs, intakes or talks. So that
the dashboard's subqueries and the KPI summary have something to read, the script first adds (once,
idempotent, `--geen-verrijking` skips it) vastgestelde PIP versions for cases past the PIP, brede
intakes with a nulmeting, voortgangsgesprekken and exam passes, and lets the termijnen app compute
the deadline rows of every active case; then it refreshes the KPI summary table
(timed: that is the beat task). It then requests each page through Django's test client (the whole
middleware stack: session, MFA, CSP, access log) as the demo team lead, who leads both teams (all
100,000 cases), and as the functioneel beheerder (KPI page, every gemeente), and prints the median
and the 95th percentile. The goal (issue 9) is a p95 of at most 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")

BATCH = 5000


def _verrijken() -> None:
    """PIPs, intakes, talks and exams for the demo cases (once; a second run finds them and skips)."""
    from cases.models import Casus
    from inburgering.models import Gebruiker
    from intake.models import BredeIntake
    from leerroutes.models import Examen, Voortgangsgesprek
    from pip.models import PipVersie
    from pip.rules import inburgeringstermijn

    if PipVersie.objects.exists():
        print("verrijking: er zijn al PIP-versies, overgeslagen")
        return
    rng = random.Random(9)
    door = Gebruiker.objects.filter(username="teamleider").first() or Gebruiker.objects.order_by("pk").first()
    na_pip = ("uitvoering", "afronding", "afgesloten")
    na_intake = ("pip_in_voorbereiding", *na_pip, "opgeschort")
    routes = ["b1"] * 60 + ["onderwijs"] * 22 + ["z"] * 18
    t0 = time.perf_counter()
    qs = Casus.objects.order_by("pk").values_list(
        "pk", "status", "datum_kennisgeving", "datum_brp_inschrijving", "datum_huisvesting"
    )
    pips, intakes, gesprekken, examens = [], [], [], []

    def schrijf():
        PipVersie.objects.bulk_create(pips)
        BredeIntake.objects.bulk_create(intakes)
        Voortgangsgesprek.objects.bulk_create(gesprekken)
        Examen.objects.bulk_create(examens)
        for lijst in (pips, intakes, gesprekken, examens):
            lijst.clear()

    vandaag = dt.date.today()
    for pk, status, kennisgeving, brp, huisvesting in qs.iterator(chunk_size=BATCH):
        start = max([d for d in (kennisgeving, brp) if d] or [huisvesting or vandaag - dt.timedelta(days=400)])
        if status in na_intake:
            intakes.append(
                BredeIntake(casus_id=pk, participatieladder_trede=rng.randint(1, 4), bijstand=rng.random() < 0.6)
            )
        if status in na_pip:
            dagtekening = min(start + dt.timedelta(days=rng.randint(20, 90)), vandaag)
            termijn_start, termijn_eind = inburgeringstermijn(dagtekening)
            route = rng.choice(routes)
            pips.append(
                PipVersie(
                    casus_id=pk,
                    versie=1,
                    status="vastgesteld",
                    leerroute=route,
                    niveau="" if route == "z" else "B1",
                    dagtekening=dagtekening,
                    termijn_start=termijn_start,
                    termijn_eind=termijn_eind,
                    aangemaakt_door=door,
                )
            )
            if status == "uitvoering":
                laatst = vandaag - dt.timedelta(days=rng.randint(1, 60))
                gesprekken.append(
                    Voortgangsgesprek(
                        casus_id=pk,
                        datum=laatst,
                        afspraken="Bench.",
                        volgende_uiterlijk=laatst + dt.timedelta(days=30),
                        vastgelegd_door=door,
                    )
                )
            if status in ("afronding", "afgesloten") and route != "z":
                for poging, onderdeel in enumerate(("LE", "LU", "SC", "SP", "KNM"), start=1):
                    examens.append(
                        Examen(
                            casus_id=pk,
                            onderdeel=onderdeel,
                            niveau="" if onderdeel == "KNM" else "B1",
                            resultaat="geslaagd",
                            datum=min(dagtekening + dt.timedelta(days=500 + 10 * poging), vandaag),
                            poging=1,
                            gratis=False,
                            vastgelegd_door=door,
                        )
                    )
        if len(pips) + len(intakes) >= BATCH:
            schrijf()
    schrijf()
    print(
        f"verrijking: {PipVersie.objects.count()} PIP-versies, {BredeIntake.objects.count()} intakes, "
        f"{Voortgangsgesprek.objects.count()} gesprekken, {Examen.objects.count()} examens in {time.perf_counter() - t0:.0f} s"
    )


def _termijnen() -> None:
    """The deadline rows of the termijnen app for every active case (its nightly recompute), once."""
    from termijnen.models import Termijn
    from termijnen.services import termijnen_herberekenen

    if Termijn.objects.exists():
        print("termijnen: er zijn al termijnen, overgeslagen")
        return
    t0 = time.perf_counter()
    termijnen_herberekenen()
    print(
        f"termijnen: {Termijn.objects.filter(gesloten_op__isnull=True).count()} open termijnen in {time.perf_counter() - t0:.0f} s"
    )


def _client(username: str):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inburgering.models import Gebruiker

    user = Gebruiker.objects.get(username=username)
    client = Client()
    client.force_login(user, "inburgering.auth.GebruikerBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _meet(client, url: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection

    for _ in range(3):  # warm-up: connections, template cache
        assert client.get(url).status_code == 200, url
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
    ):
        client.get(url)
    tijden = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(url)
        tijden.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200
    return tijden, len(queries)


def _p95(tijden: list[float]) -> float:
    return statistics.quantiles(tijden, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--geen-verrijking", action="store_true", help="do not add PIPs, intakes, talks and exams")
    parser.add_argument("--niet-verversen", action="store_true", help="do not refresh the KPI summary table first")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.urls import reverse

    from cases.models import Casus
    from dashboards.services import kenmerken_verversen

    if connection.vendor != "postgresql":
        print("Dit script meet op PostgreSQL: zet DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    aantal = Casus.objects.count()
    print(f"register: {aantal} casussen ({connection.settings_dict['NAME']})")
    if aantal < 100_000:
        print("let op: minder dan 100.000 casussen (manage.py seed_demo --cases 100000)")
    if not args.geen_verrijking:
        _verrijken()
        _termijnen()
    if not args.niet_verversen:
        t0 = time.perf_counter()
        run = kenmerken_verversen()
        print(f"samenvatting ververst (de beat-taak): {run.aantal} casussen in {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cursor:
        # a bulk-loaded database has no planner statistics and dead rows yet; on a live one autovacuum does this
        cursor.execute("VACUUM ANALYZE")

    metingen = [
        ("teamleider", "Teamdashboard", reverse("dashboards:team")),
        ("teamleider", "Teamdashboard, gefilterd op cohort 2024", reverse("dashboards:team") + "?cohort=2024"),
        ("teamleider", "KPI-pagina", reverse("dashboards:kpi")),
        ("beheerder", "KPI-pagina (beheerder, alle gemeenten)", reverse("dashboards:kpi")),
        ("teamleider", "KPI per kwartaal (geslaagd)", reverse("dashboards:kpi_detail", args=["geslaagd"])),
    ]
    print(f"\nbelasting van de machine vooraf: load average {os.getloadavg()[0]:.1f} op {os.cpu_count()} CPU's")
    print(f"{'pagina':45} {'mediaan':>9} {'p95':>9} {'max':>9} {'queries':>8}   ({args.runs} keer)")
    resultaat = 0
    for username, naam, url in metingen:
        tijden, queries = _meet(_client(username), url, args.runs)
        p95 = _p95(tijden)
        print(f"{naam:45} {statistics.median(tijden):7.0f} ms {p95:7.0f} ms {max(tijden):7.0f} ms {queries:8d}")
        if naam in ("Teamdashboard", "KPI-pagina") and p95 > 300:
            resultaat = 1
    print(f"belasting van de machine achteraf: load average {os.getloadavg()[0]:.1f}")
    print(
        "\ndoel: p95 van teamdashboard en KPI-pagina ≤ 300 ms" + (" — gehaald" if resultaat == 0 else " — NIET gehaald")
    )
    return resultaat


if __name__ == "__main__":
    sys.exit(main())
