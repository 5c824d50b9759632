"""The SPUK report as an XLSX workbook for the annual accounts (jaarrekening, SiSa).

Amounts are numbers (not text) with a Dutch currency format (`[$€-413]`, locale nl-NL): Excel and
LibreOffice show € 134.960,00 and can add them up. Counts are numbers too.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import rules

EURO = "[$€-413] #,##0.00;[$€-413] -#,##0.00"
AANTAL = "#,##0.0"
HEEL = "#,##0"
PROCENT = "0%"
DATUM = "dd-mm-yyyy"
STAND = {"afgesloten": "Afgesloten jaar", "lopend": "Lopend jaar", "toekomst": "Toekomstig jaar"}


def _blad(wb, titel: str, kop: list[str], eerste=False):
    ws = wb.active if eerste else wb.create_sheet()
    ws.title = titel
    ws.append(kop)
    for cel in ws[1]:
        cel.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, tekst in enumerate(kop, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(tekst) + 4))
    return ws


def _rij(ws, waarden: list, formaten: dict[int, str]):
    ws.append(waarden)
    r = ws.max_row
    for kolom, formaat in formaten.items():
        ws.cell(row=r, column=kolom).number_format = formaat


def rapport_xlsx(rapport, cijfers, *, uitgaven, vandaag: dt.date) -> bytes:
    wb = Workbook()

    ws = _blad(
        wb,
        "Per gemeente",
        [
            "Gemeente",
            "Jaar",
            "Voorlopige uitkering",
            "Definitieve uitkering",
            "Verrekening",
            "Besteding",
            "Saldo",
            "Overschreden",
        ],
        eerste=True,
    )
    for c in [*rapport.per_gemeente, rapport.totaal] if len(rapport.per_gemeente) > 1 else rapport.per_gemeente:
        naam = c.naam if c.gemeente else "Totaal alle gemeenten"
        for j in c.jaren:
            _rij(
                ws,
                [
                    naam,
                    j.jaar,
                    j.voorlopig.totaal,
                    j.definitief.totaal,
                    j.verrekening,
                    j.saldo.besteding,
                    j.saldo.saldo,
                    "Ja" if j.saldo.overschreden else "Nee",
                ],
                {3: EURO, 4: EURO, 5: EURO, 6: EURO, 7: EURO},
            )

    cohorten = sorted({c for j in cijfers.jaren for c in j.definitief.per_cohort})
    ws = _blad(
        wb,
        "Uitkering",
        ["Jaar", "Stand", "Voorlopige uitkering", "Definitieve uitkering", "Verrekening"]
        + [f"Definitief asiel cohort {c}" for c in cohorten]
        + ["Definitief gezins- en overige migranten"],
    )
    for j in cijfers.jaren:
        _rij(
            ws,
            [j.jaar, STAND[j.stand], j.voorlopig.totaal, j.definitief.totaal, j.verrekening]
            + [j.definitief.per_cohort.get(c, rules.NUL) for c in cohorten]
            + [j.definitief.migranten],
            {k: EURO for k in range(3, 7 + len(cohorten))},
        )

    ws = _blad(
        wb,
        "Prognose",
        [
            "Gemeente",
            "Jaar",
            "Huisvestingstaakstelling",
            "Factor",
            "Verwachte inburgeringsplichtigen (asiel)",
            "Verwachte gezins- en overige migranten",
            "Tranche t",
            "Tranche t+1",
            "Tranche t+2",
            "Tarief migrant",
        ],
    )
    namen = {g.pk: g.naam for g in rapport.gemeenten}
    for p in cijfers.prognose:
        _rij(
            ws,
            [
                namen.get(p.gemeente_id, ""),
                p.jaar,
                p.taakstelling,
                p.factor,
                p.plichtigen,
                p.migranten,
                *p.tranches,
                p.migrant_tarief,
            ],
            {3: HEEL, 4: PROCENT, 5: AANTAL, 6: HEEL, 7: EURO, 8: EURO, 9: EURO, 10: EURO},
        )

    voorzieningen = list(rules.VOORZIENINGEN)
    ws = _blad(
        wb,
        "Besteding per jaar",
        ["Jaar", "Budget (definitieve uitkering)"]
        + [rules.VOORZIENINGEN[v] for v in voorzieningen]
        + ["Besteding totaal", "Saldo", "Overschreden"],
    )
    for j in cijfers.jaren:
        _rij(
            ws,
            [j.jaar, j.saldo.budget]
            + [j.besteding.get(v, rules.NUL) for v in voorzieningen]
            + [j.saldo.besteding, j.saldo.saldo, "Ja" if j.saldo.overschreden else "Nee"],
            {k: EURO for k in range(2, 5 + len(voorzieningen))},
        )

    ws = _blad(
        wb,
        "Besteding per cohort",
        [
            "Cohort (huisvestingsjaar)",
            "Inburgeringsplichtigen asiel",
            "Gezins- en overige migranten",
            "Budget (definitieve uitkering)",
            "Besteding",
            "Saldo",
            "Overschreden",
        ],
    )
    for c in cijfers.cohorten:
        _rij(
            ws,
            [
                c.cohort if c.cohort is not None else "Niet toe te rekenen",
                c.asiel,
                c.migranten,
                c.saldo.budget,
                c.saldo.besteding,
                c.saldo.saldo,
                "Ja" if c.saldo.overschreden else "Nee",
            ],
            {2: HEEL, 3: HEEL, 4: EURO, 5: EURO, 6: EURO},
        )

    ws = _blad(
        wb,
        "Handmatige uitgaven",
        [
            "Gemeente",
            "Begrotingsjaar",
            "Cohort",
            "Voorziening",
            "Bedrag",
            "Omschrijving",
            "Vastgelegd door",
            "Vastgelegd op",
        ],
    )
    for u in uitgaven:
        _rij(
            ws,
            [
                u.gemeente.naam,
                u.jaar,
                u.cohort,
                u.get_voorziening_display(),
                u.bedrag,
                u.omschrijving,
                str(u.vastgelegd_door),
                timezone.localtime(u.vastgelegd_op).date(),
            ],
            {5: EURO, 8: DATUM},
        )

    wb.properties.title = f"SPUK {cijfers.naam}"
    wb.properties.creator = "Inburgering"
    wb.properties.created = dt.datetime.combine(vandaag, dt.time())
    uit = BytesIO()
    wb.save(uit)
    return uit.getvalue()
