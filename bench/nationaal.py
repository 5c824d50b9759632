"""`make bench`: one run at national scale on PostgreSQL, written to bench/results.md and bench/results.json.

    .venv/bin/python bench/nationaal.py [--db inburgering_bench] [--actief 100000] [--runs 40] [--keep]

1. **Dataset** (skipped with `--keep` when the database is already filled): a fresh database on the
   local PostgreSQL (127.0.0.1:5432, user postgres), migrated, with the country's 342 gemeenten in a
   Zipf-like spread of cases (the largest about 6 %), small gemeenten sharing a regional organisation,
   a team per 1,500 cases and a consultant per 75 cases; `--actief` active cases plus the closed ones
   the demo life paths give (cases.demo: names, households, status paths, key dates); a timeline of at
   least `--tijdlijn` events; vastgestelde PIPs, brede intakes, voortgangsgesprekken and exams
   (bench_dashboards); 120 language schools, an offer per case in uitvoering and its monthly NT2/KNM
   hours; the open deadlines by the real recompute and the KPI summary by the real beat task.
2. **Measurements**, each `--runs` times after a warm-up, through Django's test client (the whole
   middleware stack: session, MFA, CSP, access log), with the SQL query count of one request and the
   bare-SQL floor: the same statements replayed through a raw cursor (median of `--runs`), so the ratio
   page / floor is what Django adds on top of the database's own work:
   caseload list, case page, werkvoorraad, team dashboard, KPI page; the beschikking PDF (HTML +
   WeasyPrint); the deadline sweep (per 1,000 due rows; each run on a fresh copy of the database);
   the import of 10,000 hour rows (two school files of 5,000, preview + import; rolled back).
3. **Results**: bench/results.json (every figure) and bench/results.md (a table with the goals, the
   machine and the date). The exit status is 0 even when a goal is missed: the numbers are the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "inburgering.settings"

BATCH = 2000
AANTAL_GEMEENTEN = 342
ZIPF = 0.7
CASUSSEN_PER_TEAM = 1500
CASUSSEN_PER_CONSULTANT = 75
SCHOLEN = 120
IMPORT_RIJEN = 10_000
IMPORT_PER_BESTAND = 5000  # leerroutes.csvimport.MAX_RIJEN
IMPORT_MAANDEN = 5

DOELEN = {
    "caseload": {"p95_ms": 150, "queries": 6, "vloer_factor": 3},
    "casus": {"vloer_factor": 3},
    "werkvoorraad": {"vloer_factor": 3},
    "teamdashboard": {"p95_ms": 300, "vloer_factor": 3},
    "kpi": {"vloer_factor": 3},
    "pdf": {"mediaan_ms": 500},
    "sweep": {"ms_per_1000": 100},
}


def log(tekst: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {tekst}", flush=True)


# ------------------------------------------------------------------------------------------------
# dataset
# ------------------------------------------------------------------------------------------------


def _copy(model, velden: list[str], rijen) -> int:
    """COPY rows into the model's table (PostgreSQL); the fastest way to write millions of rows."""
    from django.db import connection

    tabel = model._meta.db_table
    kolommen = ", ".join(model._meta.get_field(v).column for v in velden)
    n = 0
    with connection.cursor() as cur, cur.cursor.copy(f"COPY {tabel} ({kolommen}) FROM STDIN") as cp:
        for rij in rijen:
            cp.write_row(rij)
            n += 1
    return n


def _organisatie(rng: random.Random, actief: int):
    """342 gemeenten (Zipf-like sizes), organisations, teams, consultants and team leads."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from inburgering.models import Gebruiker, Gemeente, Organisatie, Team
    from inburgering.permissions import CONSULTANT, FUNCTIONEEL_BEHEERDER, TEAMLEIDER

    gewichten = [1 / (i + 1) ** ZIPF for i in range(AANTAL_GEMEENTEN)]
    som = sum(gewichten)
    groepen = {g.name: g for g in Group.objects.filter(name__in=[CONSULTANT, TEAMLEIDER, FUNCTIONEEL_BEHEERDER])}
    wachtwoord = make_password("Bench-national-2026")
    gemeenten, teams = [], []  # teams: (team, [consultants], share of the cases)
    regio = None
    for i, w in enumerate(gewichten):
        aandeel = w / som
        verwacht = actief * aandeel
        naam = f"Gemeente {i + 1:03d}"
        if verwacht >= 1000 or regio is None or regio[1] >= 4:
            org = Organisatie.objects.create(
                naam=f"Organisatie {i + 1:03d}" if verwacht >= 1000 else f"Regio {i + 1:03d}"
            )
            regio = [org, 0, []]
        else:
            org = regio[0]
        regio[1] += 1
        gemeente = Gemeente.objects.create(organisatie=org, naam=naam, cbs_code=f"GM{i + 1:04d}")
        gemeenten.append((gemeente, aandeel))
        regio[2].append((gemeente, aandeel))
        if verwacht >= 1000:
            regio_leden = [(gemeente, aandeel)]
            regio = None
        elif len(regio[2]) == 4 or i == AANTAL_GEMEENTEN - 1:
            regio_leden = regio[2]
        else:
            continue
        org = regio_leden[0][0].organisatie
        totaal = sum(a for _, a in regio_leden)
        aantal_teams = max(1, math.ceil(actief * totaal / CASUSSEN_PER_TEAM))
        for t in range(aantal_teams):
            team = Team.objects.create(organisatie=org, naam=f"Inburgering {t + 1}")
            team.gemeenten.set([g for g, _ in regio_leden])
            leden = []
            for c in range(max(1, math.ceil(actief * totaal / aantal_teams / CASUSSEN_PER_CONSULTANT))):
                leden.append(
                    Gebruiker(
                        username=f"c{team.pk}-{c + 1}",
                        password=wachtwoord,
                        first_name="Consultant",
                        last_name=f"{team.pk}-{c + 1}",
                        functie="Consulent inburgering",
                    )
                )
            Gebruiker.objects.bulk_create(leden)
            leden = list(Gebruiker.objects.filter(username__startswith=f"c{team.pk}-"))
            groepen[CONSULTANT].user_set.add(*leden)
            team.leden.add(*leden)
            leider = Gebruiker.objects.create(
                username=f"tl{team.pk}", password=wachtwoord, first_name="Teamleider", last_name=str(team.pk)
            )
            leider.groups.add(groepen[TEAMLEIDER])
            leider.teams.add(team)
            teams.append((team, leden, [(g, a / aantal_teams) for g, a in regio_leden]))
    beheerder = Gebruiker.objects.create(
        username="bench-beheerder", password=wachtwoord, first_name="Functioneel", last_name="Beheerder", is_staff=True
    )
    beheerder.groups.add(groepen[FUNCTIONEEL_BEHEERDER])
    return teams


def _register(rng: random.Random, actief_doel: int, teams) -> tuple[int, int]:
    """Persons, households, cases, status transitions and their timeline rows (cases.demo's life paths)."""
    from django.utils import timezone
    from faker import Faker

    from cases import demo

    fake = Faker("nl_NL")
    fake.seed_instance(2026)
    tz = timezone.get_current_timezone()
    nu = timezone.now()
    vandaag = timezone.localdate()
    # cases.demo draws a demo gemeente/team/consultant; the national ones are set afterwards
    nep = {
        "gemeenten": {g["naam"]: None for g in demo.GEMEENTEN},
        "teams": [None] * len(demo.TEAMS),
        "consultants": [[None] * demo.CONSULTANTS_PER_TEAM for _ in demo.TEAMS],
    }
    plekken = [(team, leden, g) for team, leden, gemeenten in teams for g, _ in gemeenten]
    plek_gewichten = [a for _, _, gemeenten in teams for _, a in gemeenten]
    doelgroepen = demo.DOELGROEP_AANDEEL
    actief = totaal = 0
    rijen = []
    n = 0
    with demo._eigen_tijdstippen():
        while actief < actief_doel:
            doelgroep = demo._gewogen(rng, doelgroepen)
            mix = demo.STATUS_AANDEEL["asiel" if doelgroep == "asielstatushouder" else "overig"]
            doel = demo._gewogen(rng, mix)
            if doel != "afgesloten" and actief >= actief_doel:
                continue
            persoon, leden, casus, overgangen = demo._casus_records(
                rng, fake, nep, doelgroep, doel, demo.make_bsn(demo.BSN_SERIE_DEMO[0] + n), nu, vandaag, tz
            )
            n += 1
            team, consultants, gemeente = rng.choices(plekken, weights=plek_gewichten)[0]
            casus.gemeente, casus.team = gemeente, team
            casus.consultant = rng.choice(consultants)
            rijen.append((persoon, leden, casus, overgangen))
            totaal += 1
            actief += casus.actief
            if len(rijen) >= BATCH:
                demo._schrijf_batch(rijen)
                rijen = []
                if totaal % 20_000 < BATCH:
                    log(f"  {totaal} casussen ({actief} actief)")
        if rijen:
            demo._schrijf_batch(rijen)
    return totaal, actief


EXTRA = [
    ("notitie", "Telefonisch contact", "Afspraak bevestigd; tolk geregeld."),
    ("notitie", "Huisbezoek", "Gesproken over de voortgang en de gezinssituatie."),
    ("document", "Brief verstuurd", "Uitnodiging voortgangsgesprek."),
    ("uren", "Uren ingelezen uit het bestand van de school", "NT2 12 uur; KNM 2 uur"),
    ("voortgang", "Voortgangsgesprek gehouden", "Afspraken vastgelegd."),
    ("ontzorgen", "Vaste lasten betaald", "Huur, energie en zorgverzekering."),
]


def _tijdlijn(rng: random.Random, doel: int) -> int:
    """Top the timeline up to `doel` events with everyday entries (COPY)."""
    from django.utils import timezone

    from cases.models import Casus, TijdlijnGebeurtenis

    nu = TijdlijnGebeurtenis.objects.count()
    tekort = doel - nu
    if tekort <= 0:
        return nu
    casussen = list(Casus.objects.filter(actief=True).values_list("pk", "consultant_id", "aangemaakt_op"))
    now = timezone.now()

    def rijen():
        for i in range(tekort):
            pk, door, sinds = casussen[i % len(casussen)]
            soort, titel, tekst = EXTRA[rng.randrange(len(EXTRA))]
            span = max(1, int((now - sinds).total_seconds()))
            yield (pk, sinds + dt.timedelta(seconds=rng.randrange(span)), soort, titel, tekst, door, "")

    _copy(TijdlijnGebeurtenis, ["casus", "tijdstip", "soort", "titel", "omschrijving", "door", "url"], rijen())
    return TijdlijnGebeurtenis.objects.count()


def _uren(rng: random.Random) -> tuple[int, int, dict]:
    """Schools, one offer per case with a PIP in uitvoering/afronding, and its monthly hours until
    IMPORT_MAANDEN months ago (the import adds the last months for the biggest school)."""
    from django.db.models import Count
    from django.utils import timezone

    from leerroutes.models import Inburgeringsaanbod, Taalaanbieder, Urenregistratie
    from pip.models import PipVersie

    scholen = Taalaanbieder.objects.bulk_create(
        [Taalaanbieder(naam=f"Taalschool {i + 1:03d}", plaats=f"Plaats {i + 1}") for i in range(SCHOLEN)]
    )
    pips = list(
        PipVersie.objects.filter(status="vastgesteld", casus__status__in=["uitvoering", "afronding"])
        .values_list("pk", "casus_id", "casus__gemeente_id", "casus__consultant_id", "leerroute", "termijn_start")
        .order_by("casus_id")
    )
    school_van_gemeente: dict[int, Taalaanbieder] = {}
    vandaag = timezone.localdate()
    grens = (vandaag.replace(day=1) - dt.timedelta(days=31 * IMPORT_MAANDEN)).replace(day=1)
    aanbod = []
    for pk, casus_id, gemeente_id, door, route, start in pips:
        school = school_van_gemeente.setdefault(gemeente_id, scholen[len(school_van_gemeente) % SCHOLEN])
        aanbod.append(
            Inburgeringsaanbod(
                casus_id=casus_id,
                soort="inkoop",
                leerroute=route if route in ("b1", "onderwijs", "z") else "b1",
                taalaanbieder=school,
                leerlingnummer=f"L{casus_id}",
                startdatum=start,
                uren_per_week=12,
                pip_versie_id=pk,
                vastgelegd_door_id=door,
            )
        )
    for i in range(0, len(aanbod), BATCH):
        Inburgeringsaanbod.objects.bulk_create(aanbod[i : i + BATCH])

    inschrijvingen = list(Inburgeringsaanbod.objects.values_list("pk", "casus_id", "startdatum", "vastgelegd_door_id"))

    def rijen():  # no query on the connection while COPY runs
        for pk, casus_id, start, door in inschrijvingen:
            maand = start.replace(day=1)
            while maand < grens:
                yield (casus_id, pk, "nt2", maand, rng.randint(20, 60), "csv", "", door, vandaag)
                if rng.random() < 0.3:
                    yield (casus_id, pk, "knm", maand, rng.randint(1, 8), "csv", "", door, vandaag)
                maand = (maand + dt.timedelta(days=32)).replace(day=1)

    velden = ["casus", "aanbod", "soort", "maand", "uren", "bron", "toelichting", "vastgelegd_door", "gewijzigd_op"]
    uren = _copy(Urenregistratie, velden, rijen())
    grootste = Inburgeringsaanbod.objects.values("taalaanbieder").annotate(n=Count("pk")).order_by("-n").first() or {
        "n": 0
    }
    return len(aanbod), uren, grootste


def dataset(args) -> dict:
    from django.core.management import call_command

    from cases.models import Casus, TijdlijnGebeurtenis
    from dashboards.services import kenmerken_verversen
    from leerroutes.models import Urenregistratie
    from termijnen.models import Termijn

    rng = random.Random(2026)
    duur = {}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    duur["migrate_s"] = time.perf_counter() - t0
    if not Casus.objects.exists():
        from bench import bench_dashboards

        t0 = time.perf_counter()
        teams = _organisatie(rng, args.actief)
        log(f"organisatie: {len(teams)} teams")
        totaal, actief = _register(rng, args.actief, teams)
        duur["register_s"] = time.perf_counter() - t0
        log(f"register: {totaal} casussen, {actief} actief in {duur['register_s']:.0f} s")
        t0 = time.perf_counter()
        bench_dashboards._verrijken()
        duur["verrijken_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        aanbod, uren, _ = _uren(rng)
        duur["uren_s"] = time.perf_counter() - t0
        log(f"leerroutes: {aanbod} inschrijvingen, {uren} urenregels in {duur['uren_s']:.0f} s")
        t0 = time.perf_counter()
        n = _tijdlijn(rng, args.tijdlijn)
        duur["tijdlijn_s"] = time.perf_counter() - t0
        log(f"tijdlijn: {n} gebeurtenissen in {duur['tijdlijn_s']:.0f} s")
        t0 = time.perf_counter()
        bench_dashboards._termijnen()
        duur["termijnen_herberekenen_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        kenmerken_verversen()
        duur["kpi_verversen_s"] = time.perf_counter() - t0
        _sql("VACUUM ANALYZE")
    from django.db.models import Count

    per_gemeente = list(
        Casus.objects.filter(actief=True)
        .values("gemeente")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    per_consultant = list(
        Casus.objects.filter(actief=True).values("consultant").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    return {
        "casussen": Casus.objects.count(),
        "actieve_casussen": Casus.objects.filter(actief=True).count(),
        "tijdlijn": TijdlijnGebeurtenis.objects.count(),
        "open_termijnen": Termijn.objects.filter(gesloten_op__isnull=True).count(),
        "urenregels": Urenregistratie.objects.count(),
        "gemeenten_met_casussen": len(per_gemeente),
        "grootste_gemeente": per_gemeente[0] if per_gemeente else 0,
        "mediaan_gemeente": statistics.median(per_gemeente) if per_gemeente else 0,
        "consultants": len(per_consultant),
        "mediaan_caseload": statistics.median(per_consultant) if per_consultant else 0,
        "opbouw": {k: round(v, 1) for k, v in duur.items()},
    }


# ------------------------------------------------------------------------------------------------
# measuring
# ------------------------------------------------------------------------------------------------


def _sql(query: str, params=None):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(query, params)
        return cur.fetchall() if cur.description else None


def _p95(tijden: list[float]) -> float:
    if len(tijden) < 2:
        return tijden[0]
    return statistics.quantiles(tijden, n=20, method="inclusive")[18]


def _stat(tijden: list[float]) -> dict:
    return {
        "mediaan_ms": round(statistics.median(tijden), 1),
        "p95_ms": round(_p95(tijden), 1),
        "max_ms": round(max(tijden), 1),
        "runs": len(tijden),
    }


class Opnemer:
    """Records the SQL of one request (statement + parameters) for the count and the floor."""

    def __init__(self):
        self.statements = []
        self.tijden: list[float] = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((sql, params, many))
            self.tijden.append((time.perf_counter() - t0) * 1000)

    def per_soort(self, top: int = 6) -> list[dict]:
        """Total time per kind of statement (its first words), largest first."""
        soorten: dict[str, list[float]] = {}
        for (sql, _, _), ms in zip(self.statements, self.tijden, strict=True):
            soorten.setdefault(" ".join(sql.split()[:4])[:60], []).append(ms)
        rijen = sorted(soorten.items(), key=lambda kv: -sum(kv[1]))[:top]
        return [{"sql": k, "aantal": len(v), "totaal_ms": round(sum(v), 1)} for k, v in rijen]


def _vloer(statements, runs: int) -> float:
    """Median time (ms) of replaying the statements through a raw cursor, in a transaction rolled back."""
    from django.db import connection, transaction

    tijden = []
    for _ in range(runs):
        with transaction.atomic():
            with connection.cursor() as cur:
                raw = cur.cursor
                t0 = time.perf_counter()
                for sql, params, many in statements:
                    if many:
                        raw.executemany(sql, params)
                    else:
                        raw.execute(sql, params)
                        if raw.description:
                            raw.fetchall()
                tijden.append((time.perf_counter() - t0) * 1000)
            transaction.set_rollback(True)
    return statistics.median(tijden)


def _client(user):
    """A test client logged in as `user` with the second factor passed (bench_dashboards' helper)."""
    from bench.bench_dashboards import _client as client_voor

    return client_voor(user.username)


def meet_pagina(naam: str, user, urls: list[str], runs: int) -> dict:
    """Median/p95 over `runs` requests (cycling through `urls`), queries of one request, and the floor."""
    from django.db import connection

    client = _client(user)
    for url in urls[:3] * 2:  # warm-up: connection, templates, caches
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
    opnemer = Opnemer()
    with connection.execute_wrapper(opnemer):
        client.get(urls[0])
    tijden = []
    for i in range(runs):
        url = urls[i % len(urls)]
        t0 = time.perf_counter()
        r = client.get(url)
        tijden.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    uitslag = _stat(tijden)
    uitslag["queries"] = len(opnemer.statements)
    uitslag["vloer_ms"] = round(_vloer(opnemer.statements, runs), 2)
    uitslag["factor"] = round(uitslag["mediaan_ms"] / max(uitslag["vloer_ms"], 0.01), 1)
    uitslag["url"] = urls[0]
    uitslag["sql"] = [" ".join(s.split())[:160] for s, _, _ in opnemer.statements]
    log(
        f"{naam:14} mediaan {uitslag['mediaan_ms']:7.1f} ms  p95 {uitslag['p95_ms']:7.1f} ms  "
        f"{uitslag['queries']:2d} queries  vloer {uitslag['vloer_ms']:6.2f} ms  ×{uitslag['factor']}"
    )
    return uitslag


def meet_pdf(runs: int) -> dict:
    from django.db import connection

    from pip.models import PipVersie
    from pip.pdf import html_naar_pdf, render_html

    tekst = (
        "Wij hebben met u gesproken over uw opleiding, uw werkervaring en wat u wilt bereiken; "
        "daarom kiezen wij samen deze aanpak, die past bij uw leerbaarheid en uw gezinssituatie. "
    )
    versie = PipVersie.objects.filter(status="vastgesteld", leerroute="b1").order_by("pk").first()
    PipVersie.objects.filter(pk=versie.pk).update(
        route_motivatie=tekst * 3, ondersteuning=tekst * 2, participatie_afspraken=tekst, kenmerk=f"INB/{versie.pk}"
    )

    def laad():
        return PipVersie.objects.select_related("casus__inburgeraar", "casus__gemeente", "casus__consultant").get(
            pk=versie.pk
        )

    html_naar_pdf(render_html(laad()))  # warm-up: fonts
    opnemer = Opnemer()
    with connection.execute_wrapper(opnemer):
        html_naar_pdf(render_html(laad()))
    tijden = []
    for _ in range(runs):
        t0 = time.perf_counter()
        pdf = html_naar_pdf(render_html(laad()))
        tijden.append((time.perf_counter() - t0) * 1000)
    uitslag = _stat(tijden) | {"queries": len(opnemer.statements), "kib": round(len(pdf) / 1024)}
    log(
        f"PDF            mediaan {uitslag['mediaan_ms']:7.1f} ms  p95 {uitslag['p95_ms']:7.1f} ms  {uitslag['queries']} queries"
    )
    return uitslag


def meet_sweep(runs: int) -> dict:
    """The nightly sweep 30 days after the recompute: many deadlines become due at once.

    Each run sweeps a fresh copy of the filled database (CREATE DATABASE ... TEMPLATE), so no run
    inherits the dead rows of another, and commits its batches as in production."""
    import psycopg
    from django.db import connection
    from django.utils import timezone

    from termijnen.models import Termijn, WerkItem
    from termijnen.services import termijnen_sweep

    dag = timezone.localdate() + dt.timedelta(days=30)
    nu = timezone.make_aware(dt.datetime.combine(dag, dt.time(6)))
    verschuldigd = Termijn.objects.filter(gesloten_op__isnull=True, volgende_fase_op__lte=dag).count()
    origineel = connection.settings_dict["NAME"]
    kopie = f"{origineel}_sweep"
    tijden, per_1000, queries, termijnen, items, tweede, per_soort = [], [], 0, 0, 0, None, []
    for run in range(runs):
        connection.close()
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{kopie}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{kopie}" TEMPLATE "{origineel}"')
        connection.settings_dict["NAME"] = kopie
        try:
            opnemer = Opnemer()
            with connection.execute_wrapper(opnemer):
                t0 = time.perf_counter()
                r = termijnen_sweep(vandaag=dag, nu=nu, pauze=0)
                duur = (time.perf_counter() - t0) * 1000
            tijden.append(duur)
            per_1000.append(duur / max(r.termijnen, 1) * 1000)
            queries, termijnen, items = len(opnemer.statements), r.termijnen, r.items
            per_soort = opnemer.per_soort()
            if run == runs - 1:  # the same sweep again: nothing is due any more, nothing is created
                voor = WerkItem.objects.count()
                t0 = time.perf_counter()
                r2 = termijnen_sweep(vandaag=dag, nu=nu, pauze=0)
                tweede = {
                    "ms": round((time.perf_counter() - t0) * 1000, 1),
                    "items": r2.items,
                    "nieuw": WerkItem.objects.count() - voor,
                }
        finally:
            connection.close()
            connection.settings_dict["NAME"] = origineel
            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{kopie}" WITH (FORCE)')
        log(f"sweep run {run + 1}: {r.termijnen} termijnen, {r.items} items in {duur:.0f} ms")
    uitslag = _stat(tijden) | {
        "verschuldigd": verschuldigd,
        "termijnen": termijnen,
        "items": items,
        "queries": queries,
        "ms_per_1000": round(statistics.median(per_1000), 1),
        "dag": dag.isoformat(),
        "tweede_sweep": tweede,
        "sql_per_soort": per_soort,
    }
    log(
        f"sweep          {termijnen} verschuldigd, mediaan {uitslag['mediaan_ms']:.0f} ms = {uitslag['ms_per_1000']} ms per 1.000"
    )
    return uitslag


def meet_import(runs: int) -> dict:
    """Preview + import of 10,000 hour rows (two files of 5,000) of the biggest school; rolled back."""
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from inburgering.models import Gebruiker
    from leerroutes import services
    from leerroutes.csvimport import controleer
    from leerroutes.models import Inburgeringsaanbod, Taalaanbieder

    school_pk = (
        Inburgeringsaanbod.objects.filter(einddatum__isnull=True)
        .values("taalaanbieder")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("taalaanbieder", flat=True)
        .first()
    )
    school = Taalaanbieder.objects.get(pk=school_pk)
    vandaag = timezone.localdate()
    maanden = []
    m = vandaag.replace(day=1)
    for _ in range(IMPORT_MAANDEN):
        m = (m - dt.timedelta(days=1)).replace(day=1)
        maanden.append(m)
    aanbod = list(
        Inburgeringsaanbod.objects.filter(taalaanbieder=school, einddatum__isnull=True, startdatum__lt=maanden[-1])
        .values_list("leerlingnummer", "casus__team_id")
        .order_by("pk")
    )
    leerlingen = [n for n, _ in aanbod][: IMPORT_RIJEN // IMPORT_MAANDEN]
    # the school's students are in several teams of one gemeente: the import is done by a team lead of all of them
    from django.contrib.auth.models import Group

    from inburgering.permissions import TEAMLEIDER

    door, _ = Gebruiker.objects.get_or_create(username="bench-import", defaults={"first_name": "Import"})
    door.groups.add(Group.objects.get(name=TEAMLEIDER))
    door.teams.add(*{t for _, t in aanbod})
    rijen = [f"{n};{maand:%Y-%m};{random.Random(n).randint(20, 60)};2" for n in leerlingen for maand in maanden]
    bestanden = [
        ("leerlingnummer;maand;nt2_uren;knm_uren\n" + "\n".join(rijen[i : i + IMPORT_PER_BESTAND])).encode()
        for i in range(0, len(rijen), IMPORT_PER_BESTAND)
    ]
    tijden, queries, geschreven = [], 0, 0
    for _ in range(runs):
        opnemer = Opnemer()
        with transaction.atomic(), connection.execute_wrapper(opnemer):
            t0 = time.perf_counter()
            for i, inhoud in enumerate(bestanden):
                batch = services.import_voorbeeld_maken(
                    taalaanbieder=school, bestandsnaam=f"uren-{i}.csv", inhoud=inhoud, door=door
                )
                controle = controleer(batch, door=door)  # the preview page
                assert not controle.fouten, [f for r in controle.foute_rijen for f in r.fouten][:3]
                batch = services.import_verwerken(batch=batch, door=door)
                geschreven += batch.aantal_nieuw + batch.aantal_gewijzigd
            tijden.append((time.perf_counter() - t0) * 1000)
            transaction.set_rollback(True)
        queries = len(opnemer.statements)
    uitslag = _stat(tijden) | {
        "sql_per_soort": opnemer.per_soort(),
        "rijen": len(rijen),
        "urenregels_per_run": geschreven // runs,
        "queries": queries,
        "ms_per_1000_rijen": round(statistics.median(tijden) / len(rijen) * 1000, 1),
        "school_inschrijvingen": len(aanbod),
    }
    # the floor: the same rows as one multi-row upsert
    from leerroutes.models import Urenregistratie

    tabel = Urenregistratie._meta.db_table
    with transaction.atomic():
        t0 = time.perf_counter()
        _sql(
            f"""INSERT INTO {tabel} (casus_id, aanbod_id, soort, maand, uren, bron, toelichting, vastgelegd_door_id, gewijzigd_op)
            SELECT a.casus_id, a.id, s.soort, m.maand, 30, 'csv', '', %s, now()
            FROM leerroutes_inburgeringsaanbod a
            CROSS JOIN unnest(%s::date[]) AS m(maand)
            CROSS JOIN (VALUES ('nt2'), ('knm')) AS s(soort)
            WHERE a.taalaanbieder_id = %s AND a.leerlingnummer = ANY(%s)
            ON CONFLICT DO NOTHING""",
            [door.pk, maanden, school.pk, leerlingen],
        )
        uitslag["vloer_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        transaction.set_rollback(True)
    uitslag["factor"] = round(uitslag["mediaan_ms"] / uitslag["vloer_ms"], 1)
    log(
        f"import         {len(rijen)} rijen, mediaan {uitslag['mediaan_ms']:.0f} ms, {queries} queries, "
        f"vloer {uitslag['vloer_ms']} ms"
    )
    return uitslag


def metingen(args) -> dict:
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse

    from cases.models import Casus
    from inburgering.models import Gebruiker, Team
    from termijnen.models import WerkItem

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from inburgering.wsgi import vries_geladen_code

    vries_geladen_code()  # as a gunicorn worker loads the app: views imported, loaded objects frozen
    # a consultant with the median caseload and open work-list items
    rij = list(
        Casus.objects.filter(actief=True)
        .values("consultant")
        .annotate(n=Count("pk"))
        .order_by("n")
        .values_list("consultant", "n")
    )
    consultant_pk, caseload = rij[len(rij) // 2]
    consultant = Gebruiker.objects.get(pk=consultant_pk)
    casussen = list(
        Casus.objects.filter(consultant=consultant, actief=True, status="uitvoering")
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    ) or list(Casus.objects.filter(consultant=consultant).values_list("pk", flat=True)[:20])
    grootste_team = Team.objects.annotate(n=Count("casussen")).order_by("-n").first()
    teamleider = Gebruiker.objects.get(username=f"tl{grootste_team.pk}")
    uit = {
        "context": {
            "consultant_caseload": caseload,
            "werkitems_consultant": WerkItem.objects.filter(casus__consultant=consultant).count(),
            "team_casussen": grootste_team.n,
        }
    }
    r = args.runs
    caseload = reverse("cases:caseload")
    metingen_ = {
        "caseload": lambda: meet_pagina(
            "caseload", consultant, [caseload, caseload + "?sort=achternaam", caseload + "?status=uitvoering"], r
        ),
        "casus": lambda: meet_pagina("casus", consultant, [reverse("cases:detail", args=[pk]) for pk in casussen], r),
        "werkvoorraad": lambda: meet_pagina("werkvoorraad", consultant, [reverse("termijnen:werkvoorraad")], r),
        "teamdashboard": lambda: meet_pagina("teamdashboard", teamleider, [reverse("dashboards:team")], r),
        "kpi": lambda: meet_pagina("kpi", teamleider, [reverse("dashboards:kpi")], r),
        "pdf": lambda: meet_pdf(max(10, r // 2)),
        "sweep": lambda: meet_sweep(args.sweep_runs),
        "import": lambda: meet_import(args.import_runs),
    }
    for naam, meet in metingen_.items():
        if not args.alleen or naam in args.alleen.split(","):
            uit[naam] = meet()
    return uit


# ------------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            r.split(":", 1)[1].strip()
            for r in Path("/proc/cpuinfo").read_text().splitlines()
            if r.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (int(r.split()[1]) for r in Path("/proc/meminfo").read_text().splitlines() if r.startswith("MemTotal")), 0
    )
    from django.db import connection

    pg = _sql("SHOW server_version")[0][0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "geheugen_gib": round(mem / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": pg,
        "database": connection.settings_dict["NAME"],
        "commit": commit,
        "datum": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_vooraf": round(os.getloadavg()[0], 2),
    }


def _gehaald(waarde, grens, kleiner=True) -> str:
    return "yes" if (waarde <= grens if kleiner else waarde >= grens) else "**no**"


def schrijf_markdown(data: dict, pad: Path) -> None:
    m, d, u = data["machine"], data["dataset"], data["uitslagen"]
    regels = [
        "# Benchmark at national scale",
        "",
        f"Measured {m['datum']} on {m['cpu']} ({m['cores']} cores, {m['geheugen_gib']} GiB), PostgreSQL {m['postgresql']}, "
        f"Python {m['python']}, commit `{m['commit']}`; load average before the run {m['load_vooraf']}.",
        "Reproduce: `make bench` (builds the dataset, about a quarter of an hour; `make bench BENCH_ARGS=--keep` measures again "
        "on the filled database). Every figure is in `bench/results.json`.",
        "",
        "## Dataset",
        "",
        f"- {d['actieve_casussen']:,} active cases ({d['casussen']:,} in all) over {d['gemeenten_met_casussen']} gemeenten "
        f"(largest {d['grootste_gemeente']:,} active cases, median {d['mediaan_gemeente']:,}), {d['consultants']:,} consultants "
        f"(median caseload {d['mediaan_caseload']});",
        f"- {d['tijdlijn']:,} timeline events, {d['open_termijnen']:,} open deadlines, {d['urenregels']:,} hour rows.",
    ]
    opbouw = d.get("opbouw", {})
    if "register_s" in opbouw:
        stappen = ", ".join(f"{k.removesuffix('_s')} {v:.0f} s" for k, v in opbouw.items() if k.endswith("_s"))
        totaal = sum(v for k, v in opbouw.items() if k.endswith("_s"))
        regels.append(f"- Built in {totaal:.0f} s ({stappen}).")
    regels += [
        "",
        "## Pages (Django test client, whole middleware stack, one process)",
        "",
        "| page | median | p95 | queries | bare-SQL floor | page / floor | goal | met |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    namen = {
        "caseload": "Consultant caseload list",
        "casus": "Case page",
        "werkvoorraad": "Werkvoorraad",
        "teamdashboard": "Team dashboard (largest team)",
        "kpi": "KPI page",
    }
    for sleutel, naam in namen.items():
        r, doel = u[sleutel], DOELEN[sleutel]
        delen, ok = [], True
        if "p95_ms" in doel:
            delen.append(f"p95 ≤ {doel['p95_ms']} ms")
            ok &= r["p95_ms"] <= doel["p95_ms"]
        if "queries" in doel:
            delen.append(f"≤ {doel['queries']} queries")
            ok &= r["queries"] <= doel["queries"]
        delen.append(f"≤ {doel['vloer_factor']}× floor")
        ok &= r["factor"] <= doel["vloer_factor"]
        regels.append(
            f"| {naam} | {r['mediaan_ms']} ms | {r['p95_ms']} ms | {r['queries']} | {r['vloer_ms']} ms | {r['factor']}× | "
            f"{'; '.join(delen)} | {'yes' if ok else '**no**'} |"
        )
    p, s, i = u["pdf"], u["sweep"], u["import"]
    regels += [
        "",
        "## Work",
        "",
        "| work | median | p95 | queries | figure | goal | met |",
        "|---|---:|---:|---:|---|---|---|",
        f"| Beschikking PDF (PIP, HTML + WeasyPrint) | {p['mediaan_ms']} ms | {p['p95_ms']} ms | {p['queries']} | {p['kib']} KiB | "
        f"median ≤ 500 ms | {_gehaald(p['mediaan_ms'], 500)} |",
        f"| Deadline sweep ({s['termijnen']:,} due rows, day {s['dag']}) | {s['mediaan_ms']} ms | {s['p95_ms']} ms | {s['queries']} | "
        f"{s['ms_per_1000']} ms per 1,000 due rows; {s['items']:,} work-list items; the same sweep again: "
        f"{(s.get('tweede_sweep') or {}).get('nieuw', '–')} new items | ≤ 100 ms per 1,000 | {_gehaald(s['ms_per_1000'], 100)} |",
        f"| Import of {i['rijen']:,} hour rows (2 files, preview + import) | {i['mediaan_ms']:.0f} ms | {i['p95_ms']:.0f} ms | "
        f"{i['queries']} | {i['ms_per_1000_rijen']} ms per 1,000 rows; floor (one upsert) {i['vloer_ms']} ms = ×{i['factor']} | – | – |",
        "",
    ]
    if data.get("load"):
        ld = data["load"]
        regels += [
            "## Load (locust on loopback)",
            "",
            f"{ld.get('users')} users for {ld.get('duration')} against {ld.get('config', {}).get('server', 'gunicorn')} "
            f"({ld.get('date')}): {ld.get('total_requests')} requests, {ld.get('requests_per_s')} requests/s, "
            f"{ld.get('errors')} errors, median {ld.get('median_ms')} ms, p95 {ld.get('p95_ms')} ms, p99 {ld.get('p99_ms')} ms "
            f"(goal: 0 errors, p95 ≤ 500 ms: {_gehaald(ld.get('p95_ms', 10**9), 500) if ld.get('errors') == 0 else '**no**'}). "
            "Per request: `bench/load_results.json`; reproduce: `make load`.",
            "",
        ]
    regels += [
        "## Reading the results",
        "",
        "- The floor is the database's own work for the page, so page / floor is everything else: Django's middleware "
        "(session, MFA, CSP, access log), building and compiling queries, turning rows into objects and rendering "
        "templates. Where that work repeats per request it is done once per process (docs/adr/0004-python-per-verzoek.md: "
        "queries of a fixed shape compiled once, form widgets through Jinja2 and form fields, list tables, dashboard tables "
        "and the main navigation written in Python, loaded objects frozen for the garbage collector). The caseload's "
        "six statements take about 4-5 ms; the rest of its request is the middleware, the filter form, the page template "
        "and the table.",
        "- The sweep's time is mostly its three writes per batch of 1,000 (UPDATE of the deadlines, the timeline and "
        "work-list INSERTs, with their index maintenance on tables of over a million rows), see `sql_per_soort` in the "
        "JSON; it runs at night, once per day.",
        "- The machine is shared by the team's sessions; `load_vooraf` / `load_achteraf` in the JSON show how quiet it was.",
        "",
        "## How it is measured",
        "",
        "- Pages: `--runs` requests per page after a warm-up, through Django's test client as the user a real page would have "
        "(a consultant with the median caseload, the team lead of the largest team), in a process that has loaded the app as "
        "a gunicorn worker does (`inburgering.wsgi.vries_geladen_code`). The query count is that of one request, "
        "including session, user, MFA device and the access-log insert. The floor replays exactly those SQL statements through "
        "a raw psycopg cursor in a rolled-back transaction: the database's own work; page / floor is what Python, the ORM, the "
        "templates and the middleware add.",
        "- Sweep: `termijnen_sweep` on the day 30 days after the recompute, each run on a fresh copy of the filled "
        "database (CREATE DATABASE … TEMPLATE), committing its batches as in production; the same sweep once more creates nothing.",
        "- Import: `import_voorbeeld_maken` + `controleer` (the preview) + `import_verwerken` for two files of 5,000 rows of "
        "the biggest school, in a rolled-back transaction; the floor is one INSERT … SELECT … ON CONFLICT of the same rows.",
        "- PDF: `render_html` + `html_naar_pdf` of a vastgestelde PIP of the dataset.",
        "",
    ]
    pad.write_text("\n".join(regels))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="inburgering_bench")
    parser.add_argument("--actief", type=int, default=100_000, help="active cases")
    parser.add_argument("--tijdlijn", type=int, default=1_000_000, help="timeline events at least")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--sweep-runs", type=int, default=3)
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    parser.add_argument(
        "--alleen", help="only these measurements (comma-separated, e.g. sweep,import); no report files"
    )
    parser.add_argument("--uit", default=str(ROOT / "bench"), help="directory for results.md and results.json")
    args = parser.parse_args()

    from bench import bench_sweep

    bench_sweep._database(args.db, args.keep)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    import django

    django.setup()
    t0 = time.perf_counter()
    data = {"machine": machine()}
    data["dataset"] = dataset(args)
    log(f"dataset: {json.dumps(data['dataset'])}")
    data["uitslagen"] = metingen(args)
    if args.alleen:
        print(json.dumps(data["uitslagen"], indent=2, ensure_ascii=False, default=str))
        return 0
    data["machine"]["load_achteraf"] = round(os.getloadavg()[0], 2)
    data["totaal_s"] = round(time.perf_counter() - t0)
    load = ROOT / "bench" / "load_results.json"
    if load.exists():
        data["load"] = json.loads(load.read_text())
    uit = Path(args.uit)
    (uit / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    schrijf_markdown(data, uit / "results.md")
    log(f"klaar in {data['totaal_s']} s: {uit / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
