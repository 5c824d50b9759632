"""Reading a school's CSV of hours and attendance: parse, check every row, report every error.

The file has a header row and one row per student per month:

    leerlingnummer;maand;nt2_uren;knm_uren;geplande_uren;aanwezige_uren
    S-1001;2024-03;42,5;4;48;44

- `maand`: 2024-03, 03-2024 or a date in the month (2024-03-01, 01-03-2024);
- hours with a decimal comma or point; `knm_uren` and the attendance columns may be empty
  (`geplande_uren` and `aanwezige_uren` go together);
- separator `;` (Dutch spreadsheets), `,` or tab.

`controleer` checks everything (the student is enrolled at this school in a case the user may
change, the month fits the offer, the numbers are sane, no row twice) without writing; the
service `import_verwerken` writes only a file without a single error.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from inburgering.permissions import bewerkbare_casussen

from . import rules
from .models import ImportBatch, Inburgeringsaanbod

KOLOMMEN = ("leerlingnummer", "maand", "nt2_uren", "knm_uren", "geplande_uren", "aanwezige_uren")
VERPLICHT = ("leerlingnummer", "maand", "nt2_uren")
MAX_RIJEN = 5000


def decodeer(inhoud: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return inhoud.decode(encoding)
        except UnicodeDecodeError:
            continue
    return inhoud.decode("latin-1")


def lees_maand(waarde: str) -> dt.date | None:
    waarde = (waarde or "").strip()
    for patroon, volgorde in (
        (r"^(\d{4})-(\d{1,2})$", "jm"),
        (r"^(\d{1,2})-(\d{4})$", "mj"),
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", "jmd"),
        (r"^(\d{1,2})-(\d{1,2})-(\d{4})$", "dmj"),
    ):
        m = re.match(patroon, waarde)
        if not m:
            continue
        delen = dict(zip(volgorde, (int(g) for g in m.groups()), strict=True))
        try:
            return dt.date(delen["j"], delen["m"], delen.get("d", 1)).replace(day=1)
        except ValueError:
            return None
    return None


def lees_uren(waarde: str) -> Decimal | None:
    waarde = (waarde or "").strip().replace(" ", "")
    if "," in waarde:
        waarde = waarde.replace(".", "").replace(",", ".")
    try:
        getal = Decimal(waarde)
    except InvalidOperation:
        return None
    if not getal.is_finite():
        return None
    return getal.quantize(Decimal("0.01"))


@dataclass
class Rij:
    regel: int
    leerlingnummer: str
    maand_tekst: str
    maand: dt.date | None = None
    nt2_uren: Decimal | None = None
    knm_uren: Decimal | None = None
    geplande_uren: Decimal | None = None
    aanwezige_uren: Decimal | None = None
    aanbod: Inburgeringsaanbod | None = None
    fouten: list[str] = field(default_factory=list)

    @property
    def naam(self) -> str:
        return self.aanbod.casus.inburgeraar.volledige_naam if self.aanbod else ""

    @property
    def percentage(self):
        return (
            rules.aanwezigheid_pct(self.geplande_uren, self.aanwezige_uren) if self.geplande_uren is not None else None
        )


@dataclass
class Controle:
    rijen: list[Rij]
    bestandsfouten: list[str]

    @property
    def fouten(self) -> int:
        return len(self.bestandsfouten) + sum(len(r.fouten) for r in self.rijen)

    @property
    def foute_rijen(self) -> list[Rij]:
        return [r for r in self.rijen if r.fouten]


def _lezer(tekst: str):
    eerste = tekst.splitlines()[0] if tekst.strip() else ""
    delimiter = max((";", ",", "\t"), key=eerste.count)
    return csv.DictReader(io.StringIO(tekst), delimiter=delimiter)


def controleer(batch: ImportBatch, *, door) -> Controle:
    """Check every row of the file; nothing is written."""
    tekst = batch.inhoud
    if not tekst.strip():
        return Controle([], ["Het bestand is leeg."])
    lezer = _lezer(tekst)
    kolommen = [(k or "").strip().lower() for k in (lezer.fieldnames or [])]
    ontbreekt = [k for k in VERPLICHT if k not in kolommen]
    if ontbreekt:
        return Controle(
            [],
            [
                f"De kopregel mist de kolom(men) {', '.join(ontbreekt)}. Verwacht: {';'.join(KOLOMMEN)}.",
            ],
        )
    lezer.fieldnames = kolommen
    rijen: list[Rij] = []
    for nummer, ruw in enumerate(lezer, start=2):
        if len(rijen) >= MAX_RIJEN:
            return Controle(rijen, [f"Het bestand heeft meer dan {MAX_RIJEN} regels; splits het op."])
        if not any((v or "").strip() for k, v in ruw.items() if k):
            continue  # an empty line
        waarden = {k: (ruw.get(k) or "").strip() for k in KOLOMMEN}
        rij = Rij(regel=nummer, leerlingnummer=waarden["leerlingnummer"], maand_tekst=waarden["maand"])
        if None in ruw:
            rij.fouten.append("De regel heeft meer velden dan de kopregel.")
        if not rij.leerlingnummer:
            rij.fouten.append("Het leerlingnummer ontbreekt.")
        rij.maand = lees_maand(waarden["maand"])
        if rij.maand is None:
            rij.fouten.append(f"'{waarden['maand']}' is geen maand (gebruik bijvoorbeeld 2024-03).")
        for veld in ("nt2_uren", "knm_uren", "geplande_uren", "aanwezige_uren"):
            if not waarden[veld]:
                if veld == "nt2_uren":
                    rij.fouten.append("Het aantal uren NT2 ontbreekt.")
                continue
            getal = lees_uren(waarden[veld])
            if getal is None:
                rij.fouten.append(f"{veld.replace('_', ' ')}: '{waarden[veld]}' is geen getal.")
            elif getal < 0:
                rij.fouten.append(f"{veld.replace('_', ' ')}: het aantal kan niet negatief zijn.")
            else:
                setattr(rij, veld, getal)
        if (rij.geplande_uren is None) != (rij.aanwezige_uren is None) and not any(
            "geen getal" in f for f in rij.fouten
        ):
            rij.fouten.append("Vul geplande én aanwezige uren in, of geen van beide.")
        rijen.append(rij)
    if not rijen:
        return Controle([], ["Het bestand heeft geen regels onder de kopregel."])

    nummers = {r.leerlingnummer for r in rijen if r.leerlingnummer}
    aanbiedingen = {
        a.leerlingnummer: a
        for a in Inburgeringsaanbod.objects.filter(taalaanbieder=batch.taalaanbieder, leerlingnummer__in=nummers)
        .select_related("casus__inburgeraar", "casus__gemeente", "taalaanbieder")
        .order_by("startdatum")
    }
    bewerkbaar = set(
        bewerkbare_casussen(door)
        .filter(pk__in={a.casus_id for a in aanbiedingen.values()})
        .values_list("pk", flat=True)
    )
    gezien: dict[tuple, int] = {}
    vandaag = timezone.localdate()
    for rij in rijen:
        if not rij.leerlingnummer:
            continue
        aanbod = aanbiedingen.get(rij.leerlingnummer)
        if aanbod is None or aanbod.casus_id not in bewerkbaar:
            rij.fouten.append(
                f"Leerlingnummer {rij.leerlingnummer} is bij {batch.taalaanbieder} niet bekend in een casus die u mag wijzigen."
            )
            continue
        rij.aanbod = aanbod
        if rij.maand is None:
            continue
        sleutel = (rij.leerlingnummer, rij.maand)
        if sleutel in gezien:
            rij.fouten.append(f"Deze leerling en maand staan ook op regel {gezien[sleutel]}.")
        gezien.setdefault(sleutel, rij.regel)
        if rij.maand > rules.maand_van(vandaag):
            rij.fouten.append("De maand ligt in de toekomst.")
        if rij.maand < rules.maand_van(aanbod.startdatum):
            rij.fouten.append(f"De maand ligt vóór de start van het aanbod ({aanbod.startdatum:%d-%m-%Y}).")
        if aanbod.einddatum and rij.maand > rules.maand_van(aanbod.einddatum):
            rij.fouten.append(f"Het aanbod is beëindigd op {aanbod.einddatum:%d-%m-%Y}.")
        for veld in ("nt2_uren", "knm_uren"):
            waarde = getattr(rij, veld)
            if waarde is not None:
                rij.fouten += [
                    f"{veld.replace('_', ' ')}: {f}"
                    for f in rules.uren_fouten(maand=rij.maand, uren=waarde, termijn_start=None, vandaag=vandaag)
                    if "toekomst" not in f
                ]
        if rij.geplande_uren is not None and rij.aanwezige_uren is not None:
            rij.fouten += rules.aanwezigheid_fouten(rij.geplande_uren, rij.aanwezige_uren)
    return Controle(rijen, [])
