"""The deadline sources: for a set of cases, the open deadlines the rules say there should be.

Each source is a function `(stand: Stand) -> iterable of Gewenst` that reads what it needs for
all cases of the chunk in a few queries (never one per case) and applies the pure rules of the
owning app (`pip.rules`, `leerroutes.rules`, ...) with the dated settings. A deadline that a
source no longer returns is closed by the recompute: its condition is met (the PIP was
vastgesteld, the toets planned, the bezwaar decided ...) or it no longer applies.

Sources of apps that are not installed are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.db.models import Max
from django.urls import NoReverseMatch, reverse

from pip import rules as pip_rules

from . import instellingen as inst
from . import rules
from .models import Soort


@dataclass(frozen=True)
class Gewenst:
    """One deadline as the rules want it."""

    casus_id: int
    soort: str
    sleutel: str
    uiterlijk: dt.date
    berekend: dt.date
    vooraankondiging_op: dt.date | None
    signaal_op: dt.date | None
    te_laat_op: dt.date | None
    verantwoordelijke_id: int | None
    url: str
    omschrijving: str

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.casus_id, self.soort, self.sleutel)


class Urls:
    """`reverse()` once per URL name; later calls fill in the numbers (a recompute makes thousands)."""

    def __init__(self):
        self._sjablonen: dict = {}

    def maak(self, naam: str, **kwargs: int) -> str | None:
        sleutels = tuple(sorted(kwargs))
        key = (naam, sleutels)
        if key not in self._sjablonen:
            plaats = {k: 987650001 + i for i, k in enumerate(sleutels)}
            try:
                pad = reverse(naam, kwargs=plaats)
            except NoReverseMatch:
                self._sjablonen[key] = None
            else:
                for k, v in plaats.items():
                    pad = pad.replace(str(v), "{" + k + "}")
                self._sjablonen[key] = pad
        sjabloon = self._sjablonen[key]
        return sjabloon.format(**kwargs) if sjabloon is not None else None

    def eerste(self, casus_id: int, *kandidaten: tuple) -> str:
        """The first URL that exists (apps still being built may lack one); the case page at last."""
        for naam, kwargs in kandidaten:
            url = self.maak(naam, **kwargs)
            if url:
                return url
        return self.maak("cases:detail", casus_pk=casus_id) or ""


def _d(datum: dt.date) -> str:
    return f"{datum:%d-%m-%Y}"


class Stand:
    """What the sources read about one chunk of cases, each part loaded once and shared."""

    def __init__(self, casus_ids: Iterable[int], *, vandaag: dt.date, regels: inst.Regels, urls: Urls):
        from cases.models import Casus

        self.vandaag = vandaag
        self.regels = regels
        self.urls = urls
        self.casussen: dict[int, dict] = {
            c["pk"]: c
            for c in Casus.objects.filter(pk__in=list(casus_ids), actief=True).values(
                "pk", "gemeente_id", "consultant_id", "doelgroep", "status", "datum_kennisgeving",
                "datum_brp_inschrijving",
            )
        }  # fmt: skip

    @cached_property
    def pip(self) -> dict[int, dict]:
        """Per case: 'eerste' and 'huidige' vastgestelde version and the 'concept' (dicts), if any."""
        from pip.models import PipVersie

        per: dict[int, dict] = defaultdict(dict)
        for v in (
            PipVersie.objects.filter(casus_id__in=list(self.casussen))
            .order_by("casus_id", "versie")
            .values(
                "pk", "casus_id", "versie", "status", "leerroute", "niveau", "voortgangsgesprekken",
                "termijn_start", "termijn_eind", "laatste_dag_schakelen",
            )
        ):  # fmt: skip
            p = per[v["casus_id"]]
            if v["status"] == PipVersie.Status.VASTGESTELD:
                p.setdefault("eerste", v)
                p["huidige"] = v
            else:
                p["concept"] = v
        return per

    def met_pip(self):
        """(casus, eerste, huidige) of the cases with a vastgesteld PIP."""
        for pk, casus in self.casussen.items():
            p = self.pip.get(pk, {})
            if "eerste" in p:
                yield casus, p["eerste"], p["huidige"]

    def zonder_pip(self):
        for pk, casus in self.casussen.items():
            if "eerste" not in self.pip.get(pk, {}):
                yield casus

    def termijn(
        self,
        casus: dict,
        soort: str,
        berekend: dt.date,
        *,
        url: str,
        omschrijving: str,
        sleutel: str = "",
        vooraankondiging_op: dt.date | None = None,
        signaal_op: dt.date | None = None,
        signaal_dagen: int | None = None,
        te_laat: bool = True,
    ) -> Gewenst:
        """A deadline of `soort` due on `berekend`, shifted under the Atw when the setting says so."""
        gemeente = casus["gemeente_id"]
        uiterlijk = berekend
        if self.regels.ja(inst.termijnenwet_code(soort), self.vandaag, gemeente):
            uiterlijk = rules.atw_verschuiven(berekend)
            if uiterlijk != berekend:
                omschrijving += (
                    f" Berekend op {_d(berekend)}; dat is geen werkdag, dus loopt de termijn door tot en met "
                    f"{_d(uiterlijk)} (Algemene termijnenwet)."
                )
        if signaal_dagen is None and signaal_op is None:
            signaal_dagen = self.regels.int(inst.signaal_code(soort), self.vandaag, gemeente)
        v, s, t = rules.fasedatums(
            uiterlijk,
            signaal_dagen=signaal_dagen,
            vooraankondiging_op=vooraankondiging_op,
            signaal_op=signaal_op,
            te_laat=te_laat,
        )
        return Gewenst(
            casus_id=casus["pk"],
            soort=soort,
            sleutel=sleutel,
            uiterlijk=uiterlijk,
            berekend=berekend,
            vooraankondiging_op=v,
            signaal_op=s,
            te_laat_op=t,
            verantwoordelijke_id=casus["consultant_id"],
            url=url,
            omschrijving=omschrijving.strip()[:300],
        )


# --------------------------------------------------------------------------------------------
# cases, intake, pip
# --------------------------------------------------------------------------------------------


def pip_termijnen(stand: Stand):
    """The legal PIP deadline and the municipality's own target, until the first PIP is vastgesteld."""
    for casus in stand.zonder_pip():
        kennisgeving, brp = casus["datum_kennisgeving"], casus["datum_brp_inschrijving"]
        start = max((d for d in (kennisgeving, brp) if d), default=None)
        if start is None:
            continue
        gemeente = casus["gemeente_id"]
        wettelijk = stand.regels.int("pip_termijn_weken", start, gemeente)
        lokaal = stand.regels.int("pip_lokale_norm_weken", start, gemeente)
        concept = stand.pip.get(casus["pk"], {}).get("concept")
        kw = {"casus_pk": casus["pk"]}
        url = (
            stand.urls.eerste(casus["pk"], ("pip:bewerken", {**kw, "versie_pk": concept["pk"]}))
            if concept
            else stand.urls.eerste(casus["pk"], ("pip:nieuw", kw))
        )
        bron = "BRP-inschrijving" if start == brp else "DUO-kennisgeving"
        for soort, weken, wat in (
            (Soort.PIP_WETTELIJK, wettelijk, "wettelijke termijn"),
            (Soort.PIP_LOKAAL, lokaal, "eigen streeftermijn"),
        ):
            if soort == Soort.PIP_LOKAAL and lokaal == wettelijk:
                continue  # no separate target: it would repeat the legal deadline
            berekend = pip_rules.pip_deadline(kennisgeving, brp, weeks=weken)
            yield stand.termijn(
                casus,
                soort,
                berekend,
                url=url,
                omschrijving=f"PIP vaststellen: {wat} van {weken} weken na de {bron} ({_d(start)}).",
            )


def leerbaarheidstoets_plannen(stand: Stand):
    """The leerbaarheidstoets must be planned some weeks after the BRP inschrijving (until the PIP)."""
    from intake.models import Leerbaarheidstoets

    kandidaten = {c["pk"]: c for c in stand.zonder_pip() if c["datum_brp_inschrijving"]}
    if not kandidaten:
        return
    geregeld = set(
        Leerbaarheidstoets.objects.filter(casus_id__in=list(kandidaten))
        .exclude(gepland_op__isnull=True, afgenomen_op__isnull=True, vrijstelling="")
        .values_list("casus_id", flat=True)
    )
    for pk, casus in kandidaten.items():
        if pk in geregeld:
            continue
        brp = casus["datum_brp_inschrijving"]
        weken = stand.regels.int(inst.LBT_PLANNEN_WEKEN, brp, casus["gemeente_id"])
        yield stand.termijn(
            casus,
            Soort.LBT_PLANNEN,
            rules.weken_later(brp, weken),
            url=stand.urls.eerste(pk, ("intake:leerbaarheidstoets", {"casus_pk": pk})),
            omschrijving=f"Leerbaarheidstoets nog niet gepland; uiterlijk {weken} weken na de BRP-inschrijving ({_d(brp)}).",
        )


# --------------------------------------------------------------------------------------------
# leerroutes
# --------------------------------------------------------------------------------------------


def voortgangsgesprek(stand: Stand):
    """The next voortgangsgesprek, at the frequency of the current PIP, from the last one held."""
    from leerroutes import rules as lr_rules
    from leerroutes.models import Voortgangsgesprek
    from pip.models import Voortgangsfrequentie

    met_pip = list(stand.met_pip())
    if not met_pip:
        return
    laatste = dict(
        Voortgangsgesprek.objects.filter(casus_id__in=[c["pk"] for c, _, _ in met_pip])
        .values("casus_id")
        .annotate(laatste=Max("datum"))
        .values_list("casus_id", "laatste")
    )
    for casus, eerste, huidige in met_pip:
        pk = casus["pk"]
        vorige = laatste.get(pk)
        vanaf = vorige or eerste["termijn_start"]
        if vanaf is None:
            continue
        frequentie = huidige["voortgangsgesprekken"]
        label = dict(Voortgangsfrequentie.choices).get(frequentie, frequentie).lower()
        yield stand.termijn(
            casus,
            Soort.VOORTGANGSGESPREK,
            lr_rules.volgend_voortgangsgesprek(vanaf, frequentie),
            url=stand.urls.eerste(pk, ("leerroutes:gesprek_nieuw", {"casus_pk": pk})),
            omschrijving=(
                f"Voortgangsgesprek {label} volgens het PIP; "
                + (f"het vorige was op {_d(vorige)}." if vorige else f"de termijn begon op {_d(vanaf)}.")
            ),
        )


def schakelen_venster(stand: Stand):
    """The last day to switch leerroute; a warning some time before, and gone once the day has passed."""
    from leerroutes import rules as lr_rules

    for casus, eerste, _ in stand.met_pip():
        pk = casus["pk"]
        laatste_dag = eerste["laatste_dag_schakelen"]
        if laatste_dag is None and eerste["termijn_start"]:
            maanden = stand.regels.int("schakelen_maanden", eerste["termijn_start"], casus["gemeente_id"])
            laatste_dag = lr_rules.laatste_dag_schakelen(eerste["termijn_start"], months=maanden)
        if laatste_dag is None or stand.vandaag > laatste_dag:
            continue
        vooraf = stand.regels.int(inst.SCHAKELEN_SIGNAAL_MAANDEN, stand.vandaag, casus["gemeente_id"])
        yield stand.termijn(
            casus,
            Soort.SCHAKELEN,
            laatste_dag,
            signaal_op=rules.maanden_eerder(laatste_dag, vooraf) if vooraf else None,
            signaal_dagen=0,
            te_laat=False,
            url=stand.urls.eerste(pk, ("leerroutes:schakelen", {"casus_pk": pk})),
            omschrijving="Past de leerroute nog? Daarna kan de persoon niet meer van leerroute wisselen.",
        )


def _examens(casus_ids: list[int]) -> tuple[dict[int, set[str]], dict[int, list[tuple[str, str]]]]:
    """Per case: the exam parts lowered to A2 (afschaling in a vastgesteld PIP) and the passed attempts."""
    from leerroutes.models import Afschaling, Examen
    from pip.models import PipVersie

    afgeschaald: dict[int, set[str]] = defaultdict(set)
    for casus_id, onderdelen in Afschaling.objects.filter(
        casus_id__in=casus_ids, pip_versie__status=PipVersie.Status.VASTGESTELD
    ).values_list("casus_id", "onderdelen"):
        afgeschaald[casus_id].update(onderdelen or ())
    geslaagd: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for casus_id, onderdeel, niveau in Examen.objects.filter(
        casus_id__in=casus_ids, resultaat=Examen.Resultaat.GESLAAGD
    ).values_list("casus_id", "onderdeel", "niveau"):
        geslaagd[casus_id].append((onderdeel, niveau))
    return afgeschaald, geslaagd


def termijn_eind(stand: Stand):
    """The end of the inburgeringstermijn comes near (6 and 2 months) while the route, MAP or PVT is open."""
    from leerroutes import rules as lr_rules
    from leerroutes.models import MapTraject, PvtTraject, ZrouteAfronding

    met_pip = [(c, e, h) for c, e, h in stand.met_pip() if e["termijn_eind"]]
    if not met_pip:
        return
    ids = [c["pk"] for c, _, _ in met_pip]
    map_af = set(
        MapTraject.objects.filter(casus_id__in=ids, eindgesprek_op__isnull=False).values_list("casus_id", flat=True)
    )
    pvt_af = set(
        PvtTraject.objects.filter(casus_id__in=ids, ondertekend_op__isnull=False).values_list("casus_id", flat=True)
    )
    z_af = set(ZrouteAfronding.objects.filter(casus_id__in=ids).values_list("casus_id", flat=True))
    examens = None
    for casus, eerste, huidige in met_pip:
        pk = casus["pk"]
        onderdelen = lr_rules.traject_onderdelen(casus["doelgroep"], huidige["leerroute"])
        open_ = []
        if onderdelen.zroute_afronding:
            if pk not in z_af:
                open_.append("Z-route (eindgesprek en certificaat)")
        elif onderdelen.examens:
            if examens is None:
                examens = _examens(ids)
            afgeschaald, geslaagd = examens
            behaald = {
                code
                for code in lr_rules.EXAMENONDERDELEN
                for onderdeel, niveau in geslaagd.get(pk, ())
                if onderdeel == code
                and lr_rules.examen_behaald(
                    True, niveau, lr_rules.examenniveau(code, huidige["niveau"], code in afgeschaald.get(pk, ()))
                )
            }
            if len(behaald) < len(lr_rules.EXAMENONDERDELEN):
                open_.append(
                    f"leerroute ({len(behaald)} van {len(lr_rules.EXAMENONDERDELEN)} examenonderdelen behaald)"
                )
        if onderdelen.map and pk not in map_af:
            open_.append("MAP")
        if onderdelen.pvt and pk not in pvt_af:
            open_.append("PVT")
        if not open_:
            continue
        eind = eerste["termijn_eind"]
        gemeente = casus["gemeente_id"]
        eerste_maanden = stand.regels.int(inst.TERMIJN_SIGNAAL_1_MAANDEN, stand.vandaag, gemeente)
        tweede_maanden = stand.regels.int(inst.TERMIJN_SIGNAAL_2_MAANDEN, stand.vandaag, gemeente)
        yield stand.termijn(
            casus,
            Soort.TERMIJN_EIND,
            eind,
            vooraankondiging_op=rules.maanden_eerder(eind, eerste_maanden) if eerste_maanden else None,
            signaal_op=rules.maanden_eerder(eind, tweede_maanden) if tweede_maanden else None,
            signaal_dagen=0,
            url=stand.urls.eerste(pk, ("leerroutes:overzicht", {"casus_pk": pk})),
            omschrijving="Nog niet afgerond: " + ", ".join(open_) + ".",
        )


# --------------------------------------------------------------------------------------------
# ontzorgen
# --------------------------------------------------------------------------------------------


def ontzorgen_evaluatie(stand: Stand):
    """The evaluation of financieel ontzorgen before the end of the (minimum or extended) period."""
    from ontzorgen.models import Ontzorgen

    for casus_id, uiterlijk in Ontzorgen.objects.filter(
        casus_id__in=list(stand.casussen), evaluatie_uiterlijk__isnull=False
    ).values_list("casus_id", "evaluatie_uiterlijk"):
        kw = {"casus_pk": casus_id}
        yield stand.termijn(
            stand.casussen[casus_id],
            Soort.ONTZORGEN_EVALUATIE,
            uiterlijk,
            url=stand.urls.eerste(casus_id, ("ontzorgen:evaluatie", kw), ("ontzorgen:detail", kw)),
            omschrijving="Ontzorgen evalueren vóór het einde van de periode: stoppen, afbouwen of verlengen.",
        )


# --------------------------------------------------------------------------------------------
# handhaving
# --------------------------------------------------------------------------------------------


def handhaving(stand: Stand):
    """Bezwaar decision due, fine payment due, and the follow-up of a written warning."""
    from handhaving.models import Bezwaar, Handhavingsprocedure
    from handhaving.workflow import Status

    ids = list(stand.casussen)
    for b in Bezwaar.objects.filter(casus_id__in=ids, uitkomst="").values(
        "pk", "casus_id", "beslissen_voor", "ontvangen_op"
    ):
        pk = b["casus_id"]
        kw = {"casus_pk": pk}
        yield stand.termijn(
            stand.casussen[pk],
            Soort.BEZWAAR_BESLISSEN,
            b["beslissen_voor"],
            sleutel=f"bezwaar-{b['pk']}",
            url=stand.urls.eerste(pk, ("handhaving:bezwaar_detail", {**kw, "bezwaar_pk": b["pk"]})),
            omschrijving=f"Beslissen op het bezwaar dat op {_d(b['ontvangen_op'])} is ontvangen.",
        )
    for p in Handhavingsprocedure.objects.filter(
        casus_id__in=ids, status=Status.OPGELEGD, beschikking__isnull=False
    ).values("pk", "casus_id", "beschikking__betalen_voor", "beschikking__kenmerk"):
        pk = p["casus_id"]
        yield stand.termijn(
            stand.casussen[pk],
            Soort.BOETE_BETALEN,
            p["beschikking__betalen_voor"],
            sleutel=f"boete-{p['pk']}",
            url=stand.urls.eerste(pk, ("handhaving:detail", {"casus_pk": pk, "procedure_pk": p["pk"]})),
            omschrijving=(
                f"Boete {p['beschikking__kenmerk']}: is niet betaald vóór de uiterste datum, "
                "leg dan de betaling vast of start de invordering."
            ),
        )
    for p in Handhavingsprocedure.objects.filter(
        casus_id__in=ids, status=Status.GEWAARSCHUWD, waarschuwing_op__isnull=False
    ).values("pk", "casus_id", "waarschuwing_op"):
        pk = p["casus_id"]
        casus = stand.casussen[pk]
        weken = stand.regels.int(inst.WAARSCHUWING_OPVOLGEN_WEKEN, p["waarschuwing_op"], casus["gemeente_id"])
        yield stand.termijn(
            casus,
            Soort.WAARSCHUWING_OPVOLGEN,
            rules.weken_later(p["waarschuwing_op"], weken),
            sleutel=f"waarschuwing-{p['pk']}",
            url=stand.urls.eerste(pk, ("handhaving:detail", {"casus_pk": pk, "procedure_pk": p["pk"]})),
            omschrijving=(
                f"Schriftelijk gewaarschuwd op {_d(p['waarschuwing_op'])}: is de verplichting nagekomen? "
                "Verstuur het voornemen tot boete of zie af van een boete."
            ),
        )


# (app label, source): a source runs only when its app is installed
BRONNEN: list[tuple[str, Callable[[Stand], Iterable[Gewenst]]]] = [
    ("pip", pip_termijnen),
    ("intake", leerbaarheidstoets_plannen),
    ("leerroutes", voortgangsgesprek),
    ("leerroutes", schakelen_venster),
    ("leerroutes", termijn_eind),
    ("ontzorgen", ontzorgen_evaluatie),
    ("handhaving", handhaving),
]


def actieve_bronnen():
    return [bron for app_label, bron in BRONNEN if apps.is_installed(app_label)]


def gewenste_termijnen(stand: Stand) -> dict[tuple[int, str, str], Gewenst]:
    gewenst: dict[tuple[int, str, str], Gewenst] = {}
    for bron in actieve_bronnen():
        for g in bron(stand):
            gewenst[g.key] = g
    return gewenst


# every code a recompute may read (loaded at once)
def benodigde_codes() -> list[str]:
    codes = {
        "pip_termijn_weken",
        "pip_lokale_norm_weken",
        "schakelen_maanden",
        inst.LBT_PLANNEN_WEKEN,
        inst.WAARSCHUWING_OPVOLGEN_WEKEN,
        inst.SCHAKELEN_SIGNAAL_MAANDEN,
        inst.TERMIJN_SIGNAAL_1_MAANDEN,
        inst.TERMIJN_SIGNAAL_2_MAANDEN,
    }
    for soort in Soort.values:
        codes.add(inst.termijnenwet_code(soort))
        if soort not in (Soort.SCHAKELEN, Soort.TERMIJN_EIND):
            codes.add(inst.signaal_code(soort))
    return sorted(codes)
