"""Load test set-up (called by scripts/load.sh): accounts for the simulated users on a seeded register.

    .venv/bin/python bench/load_setup.py --consultants 47 --teamleiders 5 --uit var/load/accounts.json

It runs on a database that `manage.py seed_demo` filled (a dedicated one: it changes the case
assignment) and, idempotently:

- adds what seed_demo leaves out, with the dashboard benchmark's helpers: vastgestelde PIPs,
  intakes, voortgangsgesprekken and exams, and the termijnen app's deadline rows, so the case
  pages, the werkvoorraad and the dashboards have something to show; the bulk-made PIPs get what
  `pip_vaststellen` would have set (the last day to switch routes, who fixed them and when);
- creates `load-consultant-NNN` accounts spread over the two demo teams and `load-teamleider-NN`
  accounts (every other one leads both teams), each with its **own** TOTP device and a fresh key
  every run: django-otp refuses a code reused within the same 30 s step on one device, so
  simulated users must not share a device;
- spreads each team's cases over that team's consultants (demo and load accounts together, about
  200 cases each with 10,000 cases), the size of a real caseload;
- clears django-axes failures of these accounts, refreshes the KPI summary table (the beat task)
  and runs VACUUM ANALYZE (a bulk-loaded database has no planner statistics yet);
- writes the accounts (user name, password, TOTP key, role) as JSON for bench/locustfile.py.

Writes here are set-up of test data, like seed_demo's bulk writes, not user actions: they do not
go through the services.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")

CONSULTANT_PREFIX = "load-consultant-"
TEAMLEIDER_PREFIX = "load-teamleider-"


def _account(username: str, rol_groep, teams, wachtwoord_hash: str, functie: str) -> str:
    """Create or refresh one account; returns its new TOTP key (hex)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inburgering.models import Gebruiker

    gebruiker, _ = Gebruiker.objects.get_or_create(
        username=username,
        defaults={
            "first_name": "Belasting",
            "last_name": username.rsplit("-", 1)[-1],
            "email": f"{username}@rivierenland.example",
            "functie": functie,
        },
    )
    gebruiker.password = wachtwoord_hash
    gebruiker.is_active = True
    gebruiker.save(update_fields=["password", "is_active"])
    gebruiker.groups.set([rol_groep])
    gebruiker.teams.set(teams)
    TOTPDevice.objects.filter(user=gebruiker).delete()
    sleutel = secrets.token_hex(20)
    TOTPDevice.objects.create(user=gebruiker, name="belastingtest", key=sleutel, confirmed=True)
    return sleutel


def _pip_aanvullen() -> int:
    """What pip_vaststellen sets and the bulk-made PIPs of the enrichment lack (the uitvoering page needs it)."""
    from django.utils import timezone

    from inburgering.regels import regel_int
    from leerroutes.rules import laatste_dag_schakelen
    from pip.models import PipVersie

    qs = PipVersie.objects.filter(status="vastgesteld", laatste_dag_schakelen__isnull=True).values_list(
        "pk", "termijn_start", "dagtekening", "ondertekend_op", "vastgesteld_op", "vastgesteld_door", "aangemaakt_door",
        "casus__gemeente",
    )
    maanden: dict[tuple, int] = {}
    rijen = []
    nu = timezone.now()
    for pk, start, dagtekening, ondertekend, vastgesteld_op, vastgesteld_door, aangemaakt_door, gemeente in qs:
        if (start, gemeente) not in maanden:
            maanden[start, gemeente] = regel_int("schakelen_maanden", op=start, gemeente=gemeente)
        rijen.append(
            PipVersie(
                pk=pk,
                laatste_dag_schakelen=laatste_dag_schakelen(start, months=maanden[start, gemeente]),
                ondertekend_op=ondertekend or dagtekening,
                vastgesteld_op=vastgesteld_op or nu,
                vastgesteld_door_id=vastgesteld_door or aangemaakt_door,
            )
        )
    PipVersie.objects.bulk_update(
        rijen, ["laatste_dag_schakelen", "ondertekend_op", "vastgesteld_op", "vastgesteld_door"], batch_size=2000
    )
    return len(rijen)


def _verdeel_casussen(teams) -> dict[str, int]:
    """Each team's cases round-robin over its consultants (ordered by user name, cases by pk)."""
    from cases.models import Casus
    from inburgering import permissions
    from inburgering.models import Gebruiker

    per_consultant: dict[str, int] = {}
    for team in teams:
        consultants = list(
            Gebruiker.objects.filter(teams=team, groups__name=permissions.CONSULTANT).order_by("username")
        )
        # a consultant in several teams gets cases of the team listed first for them only
        ids = list(Casus.objects.filter(team=team).order_by("pk").values_list("pk", flat=True))
        for i, consultant in enumerate(consultants):
            deel = ids[i :: len(consultants)]
            for begin in range(0, len(deel), 5000):
                Casus.objects.filter(pk__in=deel[begin : begin + 5000]).exclude(consultant=consultant).update(
                    consultant=consultant
                )
            per_consultant[consultant.username] = len(deel)
    return per_consultant


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultants", type=int, required=True)
    parser.add_argument("--teamleiders", type=int, required=True)
    parser.add_argument("--uit", type=Path, required=True, help="JSON file for the locustfile")
    args = parser.parse_args()

    import django

    django.setup()
    from axes.models import AccessAttempt
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from bench import bench_dashboards
    from cases.demo import DEMO_ORGANISATIE
    from cases.models import Casus
    from dashboards.services import kenmerken_verversen
    from inburgering import permissions
    from inburgering.models import Team

    teams = list(Team.objects.filter(organisatie__naam=DEMO_ORGANISATIE).order_by("pk"))
    if not teams:
        print("load_setup: geen demo-organisatie; draai eerst manage.py seed_demo", file=sys.stderr)
        return 2
    print(f"load_setup: {Casus.objects.count()} casussen ({connection.vendor}, {connection.settings_dict['NAME']})")

    with transaction.atomic():  # all or nothing: a second run skips what is there
        bench_dashboards._verrijken()
        bench_dashboards._termijnen()
        if aangevuld := _pip_aanvullen():
            print(f"load_setup: {aangevuld} vastgestelde PIP's aangevuld (laatste dag schakelen, vaststelling)")

    t0 = time.perf_counter()
    wachtwoord = secrets.token_urlsafe(18)
    wachtwoord_hash = make_password(wachtwoord)  # hashed once: PBKDF2 is slow on purpose
    groepen = {g.name: g for g in Group.objects.filter(name__in=[permissions.CONSULTANT, permissions.TEAMLEIDER])}
    accounts = []
    with transaction.atomic():
        for n in range(1, args.consultants + 1):
            username = f"{CONSULTANT_PREFIX}{n:03d}"
            team = teams[(n - 1) % len(teams)]
            sleutel = _account(username, groepen[permissions.CONSULTANT], [team], wachtwoord_hash, "Consulent inburgering")
            accounts.append({"username": username, "rol": "consultant", "totp_key": sleutel})
        for n in range(1, args.teamleiders + 1):
            username = f"{TEAMLEIDER_PREFIX}{n:02d}"
            eigen = teams if n % 2 else [teams[(n // 2 - 1) % len(teams)]]
            sleutel = _account(username, groepen[permissions.TEAMLEIDER], eigen, wachtwoord_hash, "Teamleider inburgering")
            accounts.append({"username": username, "rol": "teamleider", "totp_key": sleutel})
        per_consultant = _verdeel_casussen(teams)
        AccessAttempt.objects.filter(username__startswith="load-").delete()
    load = [v for k, v in per_consultant.items() if k.startswith(CONSULTANT_PREFIX)]
    print(
        f"load_setup: {args.consultants} consultants en {args.teamleiders} teamleiders in "
        f"{time.perf_counter() - t0:.1f} s; {min(load, default=0)}-{max(load, default=0)} casussen per load-consultant"
    )

    t0 = time.perf_counter()
    run = kenmerken_verversen()
    print(f"load_setup: KPI-samenvatting ververst ({run.aantal} casussen) in {time.perf_counter() - t0:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    args.uit.parent.mkdir(parents=True, exist_ok=True)
    args.uit.write_text(json.dumps({"wachtwoord": wachtwoord, "accounts": accounts}, indent=1))
    os.chmod(args.uit, 0o600)
    print(f"load_setup: accounts in {args.uit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
