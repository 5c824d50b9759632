"""Load test: a day at the office for consultants and team leads (scripts/load.sh runs it; `make load`).

Every simulated user is one real account made by bench/load_setup.py (own TOTP device: django-otp
refuses a code reused within one 30 s step, django-axes locks after failed logins). It logs in
once, at a random moment in the first LOAD_ARRIVAL_S seconds (default 60), through the real login
form and the second factor (TOTP), then keeps its session and works:

- consultant: the own caseload (plain, searched by name or last BSN digits, filtered, sorted,
  paged), the team's cases, opening a case, the uitvoering page of a case, the werkvoorraad;
  writes: changing case data (the form's hidden `versie` and CSRF token read first) and
  registering participation hours;
- teamleider (LOAD_TEAMLEIDERS users, default 5): team dashboard, KPI pages, team overview,
  the team's cases filtered per consultant, opening cases, the werkvoorraad.

A request fails on any status >= 400, on a redirect to the login or MFA page (a lost session), and
on a form that comes back with errors instead of redirecting. Think time 2-8 s between actions: far
busier than a real office (reading a case takes longer), so 50 users are a heavy hour.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django_otp.oath import totp
from locust import HttpUser, between, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load_html  # noqa: E402

ACCOUNTS = json.loads(Path(os.environ.get("LOAD_ACCOUNTS", "var/load/accounts.json")).read_text())
# the warm-up run (LOAD_WARMUP=1) takes accounts from the end of the list, the measured run from the start
_VOLGORDE = reversed if os.environ.get("LOAD_WARMUP") == "1" else iter
_VRIJ = {
    rol: _VOLGORDE([a for a in ACCOUNTS["accounts"] if a["rol"] == rol]) for rol in ("consultant", "teamleider")
}
STATUSSEN = ["aangemeld", "intake", "pip_in_voorbereiding", "uitvoering", "afronding", "opgeschort"]
DOELGROEPEN = ["asielstatushouder", "gezinsmigrant", "overige_migrant"]
SORTERINGEN = ["naam", "-naam", "status", "doelgroep", "-datum_brp_inschrijving", "gemeente"]
AFGESCHERMD = ("/inloggen/", "/mfa/")
# users arrive at random moments in the first LOAD_ARRIVAL_S seconds, not all in the spawn second:
# a login costs a PBKDF2 hash (about 0.5-1 s of CPU, on purpose), and 50 at once fill two cores for 30 s
AANKOMST_S = float(os.environ.get("LOAD_ARRIVAL_S", "60"))

# every response time, so that bench/load_report.py can also give exact percentiles without the logins
METINGEN: list[tuple[str, float, bool]] = []


@events.request.add_listener
def _meting(request_type, name, response_time, exception, **kwargs):
    METINGEN.append((f"{request_type} {name}", response_time, exception is not None))


@events.quitting.add_listener
def _metingen_bewaren(environment, **kwargs):
    if pad := os.environ.get("LOAD_SAMPLES"):
        Path(pad).write_text(json.dumps(METINGEN))


class Medewerker(HttpUser):
    abstract = True
    rol = ""
    wait_time = between(2, 8)

    # --- requests -------------------------------------------------------------------------

    def _controleer(self, r, *, verwacht_pad: str | None = None) -> bool:
        """Mark the response failed when it is not what a working session gets; True when it is fine."""
        pad = urlsplit(r.url or "").path
        if r.status_code == 0:
            r.failure(f"geen antwoord: {r.error!r}")
        elif r.status_code >= 400:
            r.failure(f"HTTP {r.status_code}")
        elif self.ingelogd and pad.startswith(AFGESCHERMD):
            r.failure(f"doorgestuurd naar {pad}: sessie kwijt")
        elif verwacht_pad is not None and pad != verwacht_pad:
            r.failure(f"kwam uit op {pad}, verwacht {verwacht_pad}: {load_html.foutmelding(r.text) or 'geen foutmelding'}")
        else:
            return True
        return False

    def get(self, url: str, naam: str, **kwargs):
        with self.client.get(url, name=naam, catch_response=True) as r:
            return r if self._controleer(r, **kwargs) else None

    def post(self, url: str, data: dict, naam: str, *, verwacht_pad: str):
        """POST a form; it must redirect (302/303) to `verwacht_pad`, not show the form again with errors."""
        with self.client.post(url, data=data, name=naam, catch_response=True, headers={"Referer": self.host + url}) as r:
            if self._controleer(r, verwacht_pad=verwacht_pad):
                if not r.history:
                    r.failure(f"geen doorverwijzing na opslaan: {load_html.foutmelding(r.text) or 'onbekende fout'}")
                    return None
                return r
            return None

    # --- login ------------------------------------------------------------------------------

    def on_start(self):
        self.ingelogd = False
        time.sleep(random.uniform(0, AANKOMST_S))  # gevent-patched by locust: the other users go on
        account = next(_VRIJ[self.rol], None)
        if account is None:
            raise StopUser(f"geen {self.rol}-account meer vrij: maak er meer met bench/load_setup.py")
        self.username = account["username"]
        start = "/caseload/"
        r = self.get(f"/inloggen/?next={start}", "inloggen (formulier)")
        token = r and load_html.csrf_token(r.text)
        if not token:
            raise StopUser("geen inlogformulier")
        gegevens = {"csrfmiddlewaretoken": token, "username": self.username, "password": ACCOUNTS["wachtwoord"], "next": start}
        r = self.post("/inloggen/", gegevens, "inloggen", verwacht_pad="/mfa/")
        token = r and load_html.csrf_token(r.text)
        if not token:
            raise StopUser("geen MFA-stap na inloggen")
        code = totp(bytes.fromhex(account["totp_key"]), step=30, t0=0, digits=6)
        gegevens = {"csrfmiddlewaretoken": token, "token": f"{code:06d}", "next": start}
        r = self.post(f"/mfa/?next={start}", gegevens, "inloggen (MFA-code)", verwacht_pad=start)
        if r is None:
            raise StopUser("MFA-code geweigerd")
        self.ingelogd = True
        self.onthoud_lijst(r.text)
        self.na_inloggen()

    def na_inloggen(self):
        pass

    # --- what both roles do ---------------------------------------------------------------

    def onthoud_lijst(self, html: str):
        self.casussen = load_html.casus_ids(html) or getattr(self, "casussen", [])
        self.paginas = load_html.laatste_pagina(html)
        self.bsn_cijfers = load_html.bsn_eindcijfers(html) or getattr(self, "bsn_cijfers", [])

    def caseload(self, params: dict, naam: str):
        url = "/caseload/" + (f"?{urlencode(params)}" if params else "")
        return self.get(url, naam)

    def casus_openen(self):
        """Mostly a case from the own list; now and then one seen in a team list."""
        lijst = self.andere if getattr(self, "andere", None) and random.random() < 0.3 else self.casussen
        if lijst:
            self.get(f"/casussen/{random.choice(lijst)}/", "/casussen/[id]/")

    def formulier_opslaan(self, url: str, naam: str, wijzig, verwacht_pad: str):
        """Open a form, take its fields as the page gives them (CSRF token, hidden `versie`), change them, save."""
        r = self.get(url, f"{naam} (formulier)")
        velden = r and load_html.post_formulier(r.text)
        if velden and wijzig(velden):
            self.post(url, velden, f"{naam} (opslaan)", verwacht_pad=verwacht_pad)

    @task(3)
    def werkvoorraad(self):
        self.get("/werkvoorraad/", "/werkvoorraad/")


class Consultant(Medewerker):
    rol = "consultant"
    weight = 1

    def na_inloggen(self):
        r = self.caseload({"status": "uitvoering"}, "/caseload/ (filter)")
        self.in_uitvoering = load_html.casus_ids(r.text) if r is not None else []

    @task(8)
    def mijn_caseload(self):
        r = self.caseload({"page": random.randint(1, self.paginas)} if random.random() < 0.3 else {}, "/caseload/")
        if r is not None:
            self.onthoud_lijst(r.text)

    @task(5)
    def zoeken(self):
        keuze = random.random()
        if keuze < 0.4 and self.bsn_cijfers:
            self.caseload({"q": random.choice(self.bsn_cijfers)}, "/caseload/?q=[bsn]")
        elif keuze < 0.7:
            self.caseload({"q": random.choice("aeiou") + random.choice("nrlst")}, "/caseload/?q=[naam]")
        else:
            params = {"status": random.choice(STATUSSEN), "actief": "ja"}
            if random.random() < 0.5:
                params["doelgroep"] = random.choice(DOELGROEPEN)
            params["sort"] = random.choice(SORTERINGEN)
            self.caseload(params, "/caseload/ (filter)")

    @task(2)
    def team_caseload(self):
        params = {"bereik": "team", "page": random.randint(1, 20), "sort": random.choice(SORTERINGEN)}
        r = self.caseload(params, "/caseload/?bereik=team")
        if r is not None:
            self.andere = load_html.casus_ids(r.text)

    @task(12)
    def casus(self):
        self.casus_openen()

    @task(3)
    def uitvoering(self):
        if self.in_uitvoering:
            self.get(f"/casussen/{random.choice(self.in_uitvoering)}/uitvoering/", "/casussen/[id]/uitvoering/")

    @task(2)
    def casusgegevens_wijzigen(self):
        """Correct a date of an own case: move it one day (to and fro between two days)."""
        if not self.casussen:
            return
        pk = random.choice(self.casussen)

        def wijzig(velden):
            veld = next((v for v in ("datum_huisvesting", "datum_koppeling") if velden.get(v)), None)
            if veld is None:
                return False
            datum = dt.date.fromisoformat(velden[veld])
            stap = -1 if datum.toordinal() % 2 or datum >= dt.date.today() else 1
            velden[veld] = (datum + dt.timedelta(days=stap)).isoformat()
            return True

        self.formulier_opslaan(f"/casussen/{pk}/bewerken/", "/casussen/[id]/bewerken/", wijzig, f"/casussen/{pk}/")

    @task(2)
    def uren_registreren(self):
        """Participation hours of this month for an own case in uitvoering (the same month again replaces them)."""
        if not self.in_uitvoering:
            return
        pk = random.choice(self.in_uitvoering)

        def wijzig(velden):
            velden.update(
                soort="participatie",
                maand=dt.date.today().strftime("%Y-%m"),
                uren=f"{random.randint(4, 40)},{random.choice('05')}",
                toelichting="Werkervaringsplaats",
            )
            return True

        url = f"/casussen/{pk}/uitvoering/uren/nieuw/"
        self.formulier_opslaan(url, "/casussen/[id]/uitvoering/uren/nieuw/", wijzig, f"/casussen/{pk}/uitvoering/")


class Teamleider(Medewerker):
    rol = "teamleider"
    fixed_count = int(os.environ.get("LOAD_TEAMLEIDERS", "5"))

    @task(5)
    def dashboard(self):
        params = f"?cohort={random.choice([2024, 2025])}" if random.random() < 0.3 else ""
        self.get(f"/dashboard/{params}", "/dashboard/")

    @task(3)
    def kpi(self):
        if random.random() < 0.7:
            self.get("/kpi/", "/kpi/")
        else:
            self.get("/kpi/geslaagd/", "/kpi/[code]/")

    @task(3)
    def team(self):
        self.get("/team/", "/team/")

    @task(4)
    def team_caseload(self):
        params = {"page": random.randint(1, min(self.paginas, 50)), "sort": random.choice(SORTERINGEN)}
        if random.random() < 0.5:
            params["status"] = random.choice(STATUSSEN)
        r = self.caseload(params, "/caseload/?bereik=team")
        if r is not None:
            self.andere = load_html.casus_ids(r.text)

    @task(4)
    def casus(self):
        self.casus_openen()
