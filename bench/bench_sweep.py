"""Benchmark: the deadline sweep on PostgreSQL with 100,000 active cases and 200,000 open deadlines.

A script, not a test:

    .venv/bin/python bench/bench_sweep.py [--db inburgering_bench_termijnen] [--cases 100000] [--keep]

It (re)creates the database on the local PostgreSQL (127.0.0.1:5432, user postgres; `--keep` reuses
it when it is already filled), migrates, and bulk-inserts `--cases` active cases with their DUO
kennisgeving and BRP inschrijving spread over 400 days from day D0. The deadlines are then made
by the real recompute (`termijnen_herberekenen`, timed): per case the legal PIP deadline and
'leerbaarheidstoets plannen', so 200,000 open deadlines for 100,000 cases. Then, travelling in time:

1. a sweep on D0, when nothing is due (the fixed cost, and its queries);
2. a sweep on D0 + 100 days: every deadline whose 'binnenkort' or 'te laat' stage has come by then
   (about 30,000 of the 200,000) gets its work-list item; reported as the time of the sweep and the
   time per 1,000 due rows (goal: at most 100 ms per 1,000), `--runs` times, each on a fresh copy of
   the filled database (CREATE DATABASE ... TEMPLATE), with the median;
3. the same sweep again: nothing is due any more, nothing is created (idempotent);
4. the sweep's SELECT ... FOR UPDATE SKIP LOCKED with EXPLAIN, to show the partial index on open rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "inburgering.settings"

D0 = dt.date(2025, 1, 6)
BATCH = 5000


def _database(naam: str, keep: bool) -> bool:
    """Create the database, or keep an existing one with `--keep`; True when it was kept."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        bestaat = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (naam,)).fetchone()
        if bestaat and keep:
            return True
        conn.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{naam}"')
    return False


def _vullen(aantal: int) -> None:
    from django.contrib.auth.models import Group

    from cases.models import Casus, Inburgeraar
    from inburgering.models import Gebruiker, Gemeente, Organisatie, Team
    from inburgering.permissions import CONSULTANT

    org = Organisatie.objects.create(naam="Bench termijnen")
    gemeente = Gemeente.objects.create(organisatie=org, naam="Benchstad", cbs_code="GM9999")
    team = Team.objects.create(organisatie=org, naam="Team bench")
    team.gemeenten.add(gemeente)
    groep = Group.objects.get(name=CONSULTANT)
    consultants = []
    for n in range(40):
        c = Gebruiker.objects.create(
            username=f"bench{n}", first_name="Bench", last_name=str(n), email=f"bench{n}@x.example"
        )
        c.groups.add(groep)
        c.teams.add(team)
        consultants.append(c)
    t0 = time.perf_counter()
    for start in range(0, aantal, BATCH):
        personen = [
            Inburgeraar(
                bsn_versleuteld="bench", bsn_hmac=f"bench-{i}", bsn_laatste4=f"{i % 10000:04d}",
                voornamen="Bench", achternaam=f"Persoon {i}", geboortedatum=dt.date(1990, 1, 1),
            )
            for i in range(start, min(start + BATCH, aantal))
        ]  # fmt: skip
        Inburgeraar.objects.bulk_create(personen)
        casussen = []
        for p in personen:
            i = int(p.bsn_hmac.split("-")[1])
            brp = D0 + dt.timedelta(days=i % 400)
            casussen.append(
                Casus(
                    inburgeraar=p, gemeente=gemeente, team=team, consultant=consultants[i % len(consultants)],
                    doelgroep="asielstatushouder", status="intake",
                    datum_kennisgeving=brp - dt.timedelta(days=10), datum_brp_inschrijving=brp,
                )
            )  # fmt: skip
        Casus.objects.bulk_create(casussen)
    print(f"{aantal} casussen ingevoegd in {time.perf_counter() - t0:.1f} s")


def _sql(query: str):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(query)
        return cur.fetchall() if cur.description else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="inburgering_bench_termijnen")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument(
        "--keep", action="store_true", help="reuse a filled database (skip insert and recompute; runs sweep copies)"
    )
    parser.add_argument("--runs", type=int, default=5, help="sweeps on D0 + 100, each on a fresh copy of the database")
    args = parser.parse_args()

    gevuld = _database(args.db, args.keep)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cases.models import Casus
    from termijnen.models import Termijn, WerkItem
    from termijnen.services import termijnen_herberekenen, termijnen_sweep

    def om(dag):
        return timezone.make_aware(dt.datetime.combine(dag, dt.time(6)))

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f} s")
    if not gevuld or not Casus.objects.exists():
        _vullen(args.cases)
    if not Termijn.objects.exists():
        t0 = time.perf_counter()
        r = termijnen_herberekenen(vandaag=D0, nu=om(D0))
        duur = time.perf_counter() - t0
        print(
            f"herberekenen (alle {r.casussen} casussen, bronnen + upsert + tijdlijn): {duur:.1f} s, "
            f"{r.aangemaakt} termijnen aangemaakt ({duur / max(r.casussen, 1) * 1000:.2f} ms per casus)"
        )
    _sql("VACUUM ANALYZE termijnen_termijn")
    _sql("VACUUM ANALYZE termijnen_werkitem")

    open_ = Termijn.objects.filter(gesloten_op__isnull=True).count()
    actief = Casus.objects.filter(actief=True).count()
    print(f"{actief} actieve casussen, {open_} open termijnen")

    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        r = termijnen_sweep(vandaag=D0, nu=om(D0))
        leeg = time.perf_counter() - t0
    print(
        f"sweep op D0 (niets verschuldigd): {leeg * 1000:.1f} ms, {len(ctx.captured_queries)} queries, {r.items} items"
    )

    dag = D0 + dt.timedelta(days=100)
    verschuldigd = Termijn.objects.filter(gesloten_op__isnull=True, volgende_fase_op__lte=dag).count()
    uitslagen = []
    for run in range(1, args.runs + 1):
        # a fresh copy of the filled database per run: no run inherits the dead rows of another
        kopie = f"{args.db}_run"
        connection.close()
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{kopie}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{kopie}" TEMPLATE "{args.db}"')
        connection.settings_dict["NAME"] = kopie
        _sql("VACUUM ANALYZE")
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            r = termijnen_sweep(vandaag=dag, nu=om(dag))
            duur = time.perf_counter() - t0
        per_1000 = duur / max(r.termijnen, 1) * 1000 * 1000
        uitslagen.append(per_1000)
        print(
            f"run {run}: sweep op D0+100: {verschuldigd} van {open_} open termijnen verschuldigd; {r.termijnen} "
            f"gemarkeerd, {r.items} werkvoorraaditems, {r.batches} batches, {len(ctx.captured_queries)} queries; "
            f"{duur:.2f} s = {per_1000:.1f} ms per 1.000 verschuldigde termijnen (load {os.getloadavg()[0]:.1f})"
        )
    per_soort: dict[str, list[float]] = {}
    for q in ctx.captured_queries:
        per_soort.setdefault(" ".join(q["sql"].split()[:3])[:40], []).append(float(q["time"]))
    print("laatste run, per batch:")
    for soort, tijden in sorted(per_soort.items(), key=lambda x: -sum(x[1])):
        print(f"  {sum(tijden) / len(tijden) * 1000:6.1f} ms  {soort}")
    print(
        f"mediaan over {len(uitslagen)} runs: {statistics.median(uitslagen):.1f} ms per 1.000 verschuldigde termijnen "
        f"(min {min(uitslagen):.1f}, max {max(uitslagen):.1f}; doel: hooguit 100)"
    )
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        r2 = termijnen_sweep(vandaag=dag, nu=om(dag))
        tweede = time.perf_counter() - t0
    print(
        f"dezelfde sweep nog eens: {tweede * 1000:.1f} ms, {len(ctx.captured_queries)} queries, "
        f"{r2.items} nieuwe items (items totaal: {WerkItem.objects.count()})"
    )
    plan = _sql(
        "EXPLAIN SELECT id FROM termijnen_termijn WHERE gesloten_op IS NULL AND volgende_fase_op <= "
        f"'{dag.isoformat()}' ORDER BY volgende_fase_op, id LIMIT 1000 FOR UPDATE SKIP LOCKED"
    )
    print("plan van de sweep-SELECT:\n  " + "\n  ".join(r[0] for r in plan))


if __name__ == "__main__":
    main()
