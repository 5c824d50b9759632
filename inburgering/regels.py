"""The registry of dated rule settings (DOMAIN.md) and the one lookup function.

Every term, amount, percentage and threshold the product uses is a row of
`RegelInstelling` with an effective date (`ingangsdatum`), optionally per gemeente.
Code reads a value only through `regel(code, op=..., gemeente=...)`.

`DEFAULTS` holds the legal defaults; a data migration seeds them, and a value that
has no row at all falls back to them so that a missing row never breaks a screen.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

D = Decimal
WET_START = dt.date(2022, 1, 1)


@dataclass(frozen=True)
class Regel:
    code: str
    omschrijving: str
    eenheid: str
    waarden: tuple[tuple[dt.date, Decimal], ...]  # (ingangsdatum, waarde), oldest first


def _r(code, omschrijving, eenheid, *waarden):
    if not isinstance(waarden[0], tuple):
        waarden = ((WET_START, waarden[0]),)
    return Regel(code, omschrijving, eenheid, tuple((d, D(str(v))) for d, v in waarden))


DEFAULTS: dict[str, Regel] = {
    r.code: r
    for r in [
        # PIP and termijnen (DOMAIN.md §3)
        _r("pip_termijn_weken", "Wettelijke termijn PIP vaststellen na kennisgeving/BRP-inschrijving", "weken", 10),
        _r("pip_lokale_norm_weken", "Eigen (lokale) streeftermijn PIP vaststellen", "weken", 10),
        _r("pip_verlenging_na_informatie_weken", "PIP-termijn verlengd tot zoveel weken na ontvangst informatie derden", "weken", 2),
        _r("inburgeringstermijn_jaren", "Inburgeringstermijn vanaf dag na dagtekening eerste PIP", "jaren", 3),
        _r("schakelen_maanden", "Schakelen van leerroute toegestaan binnen", "maanden", 18),
        _r("afschalen_min_nt2_uren", "Minimaal aantal uren NT2 voor afschalen B1 naar A2", "uren", 600),
        _r("ontzorgen_min_maanden", "Minimale duur financieel ontzorgen", "maanden", 6),
        _r("ontzorgen_evaluatie_weken_voor_eind", "Evaluatie ontzorgen uiterlijk zoveel weken vóór het einde van de periode", "weken", 4),
        _r("bezwaartermijn_weken", "Bezwaartermijn na dagtekening beschikking (Awb)", "weken", 6),
        _r("duo_verlenging_aanvraag_na_maanden", "Verlenging termijn aanvragen bij DUO vanaf", "maanden", 30),
        _r("duo_verwijtbaar_maanden", "DUO-vlag verwijtbaar MAP/PVT: termijn eindigt binnen", "maanden", 2),
        # Leerbaarheidstoets (DOMAIN.md §2)
        _r("lbt_max_score", "Maximale score leerbaarheidstoets", "punten", 40),
        _r(
            "lbt_drempel_b1",
            "Leerbaarheidstoets: B1-route haalbaar vanaf score",
            "punten",
            (WET_START, 31),
            (dt.date(2023, 4, 12), 28),
        ),
        # Routes, MAP, PVT (DOMAIN.md §5)
        _r("zroute_min_cursusuren", "Z-route: minimaal aantal cursusuren (NT2+KNM)", "uren", 800),
        _r("zroute_min_participatieuren", "Z-route: minimaal aantal participatie-uren (asiel)", "uren", 800),
        _r("map_min_praktijkuren", "MAP: minimaal praktijkonderdeel", "uren", 40),
        _r("pvt_min_uren", "PVT: minimaal aantal uren", "uren", 12),
        _r("gratis_examenpogingen", "Gratis examenpogingen per onderdeel (asiel)", "pogingen", 2),
        _r("aanwezigheid_signaal_pct", "Aanwezigheid taalschool: signaal op de casus bij minder dan", "procent", 80),
        _r("leerroute_b1_verwachte_maanden", "B1-route: gebruikelijke duur (voorstel verwachte einddatum)", "maanden", 36),
        _r("leerroute_onderwijs_verwachte_maanden", "Onderwijsroute: gebruikelijke duur (voorstel verwachte einddatum)", "maanden", 24),
        _r("leerroute_z_verwachte_maanden", "Z-route: gebruikelijke duur (voorstel verwachte einddatum)", "maanden", 36),
        _r("prognose_onderwijsroute_pct", "Rijksprognose aandeel onderwijsroute", "procent", 25),
        _r("prognose_b1route_pct", "Rijksprognose aandeel B1-route", "procent", 60),
        _r("prognose_zroute_pct", "Rijksprognose aandeel Z-route", "procent", 15),
        # Handhaving (DOMAIN.md §7)
        _r("boete_brede_intake", "Boete brede intake niet verwijtbaar bijgewoond", "euro", 250),
        _r("boete_pip_trede_1", "Boete PIP-verplichtingen, 1e keer", "euro", 50),
        _r("boete_pip_trede_2", "Boete PIP-verplichtingen, 2e keer", "euro", 100),
        _r("boete_pip_trede_3", "Boete PIP-verplichtingen, 3e keer", "euro", 200),
        _r("boete_pip_trede_4", "Boete PIP-verplichtingen, 4e keer", "euro", 400),
        _r("boete_pip_trede_5", "Boete PIP-verplichtingen, 5e keer en verder (maximum)", "euro", 800),
        _r("verwijtbaarheid_verminderd_pct", "Verminderde verwijtbaarheid", "procent", 25),
        _r("verwijtbaarheid_normaal_pct", "Normale verwijtbaarheid", "procent", 50),
        _r("verwijtbaarheid_grove_schuld_pct", "Grove schuld", "procent", 75),
        _r("verwijtbaarheid_opzet_pct", "Opzet", "procent", 100),
        _r("boete_hoorplicht_drempel", "Horen verplicht bij boete boven", "euro", 340),
        _r("waarschuwing_voor_eerste_boete", "Schriftelijke waarschuwing vóór eerste boete (1 = ja, 0 = nee)", "ja/nee", 1),
        _r("zienswijze_termijn_weken", "Termijn voor een zienswijze na het voornemen tot boete", "weken", 2),
        _r("boete_betaaltermijn_weken", "Betaaltermijn boete na dagtekening boetebeschikking", "weken", 6),
        _r("bezwaar_beslistermijn_weken", "Beslistermijn op bezwaar na einde bezwaartermijn (Awb 7:10; 12 met adviescommissie)", "weken", 6),
        # SPUK (DOMAIN.md §8)
        _r("spuk_asiel_totaal", "SPUK per asielstatushouder (totaal)", "euro", 12712),
        _r("spuk_asiel_tranche_t", "SPUK asiel tranche jaar t", "euro", 7712),
        _r("spuk_asiel_tranche_t1", "SPUK asiel tranche jaar t+1", "euro", 4000),
        _r("spuk_asiel_tranche_t2", "SPUK asiel tranche jaar t+2", "euro", 1000),
        _r("spuk_gezinsmigrant", "SPUK per gezins- of overige migrant", "euro", 589),
        _r("spuk_map_asiel", "SPUK MAP per asielstatushouder", "euro", 136),
        _r("spuk_map_gezin", "SPUK MAP per gezinsmigrant", "euro", 195),
        _r("spuk_pvt", "SPUK PVT per persoon", "euro", 216),
        _r("spuk_prognose_factor_pct", "Aandeel inburgeringsplichtigen van de taakstelling", "procent", 70),
        _r("spuk_kostprijs_begeleiding", "SPUK-besteding: kostprijs maatschappelijke begeleiding per persoon (0 = niet ingesteld)", "euro", 0),
        _r("spuk_kostprijs_tolk", "SPUK-besteding: kostprijs tolk per inzet in een gesprek (0 = niet ingesteld)", "euro", 0),
        # Monitoring (DOMAIN.md §9)
        _r("kpi_gestart_3mnd_pct", "KPI: gestart binnen 3 maanden na huisvesting", "procent", 90),
        _r("kpi_geslaagd_3jr_pct", "KPI: geslaagd binnen 3 jaar", "procent", 80),
        _r("kpi_participerend_3jr_pct", "KPI: participerend binnen 3 jaar", "procent", 80),
        _r("kpi_uitstroom_2jr_pct", "KPI: statushouders in bijstand uitgestroomd binnen 2 jaar", "procent", 40),
        _r("kpi_pip_wettelijk_pct", "KPI: eerste PIP vastgesteld binnen de wettelijke termijn", "procent", 100),
        _r("kpi_pip_lokaal_pct", "KPI: eerste PIP vastgesteld binnen de eigen streeftermijn", "procent", 100),
        _r("kpi_gestart_maanden", "KPI-termijn: gestart met de leerroute binnen zoveel maanden na huisvesting", "maanden", 3),
        _r("kpi_geslaagd_jaren", "KPI-termijn: geslaagd binnen zoveel jaar na de start van de inburgeringstermijn", "jaren", 3),
        _r("kpi_participerend_jaren", "KPI-termijn: participerend binnen zoveel jaar na huisvesting", "jaren", 3),
        _r("kpi_uitstroom_jaren", "KPI-termijn: statushouders in bijstand uitgestroomd binnen zoveel jaar na huisvesting", "jaren", 2),
        _r("export_bewaardagen", "Exports (CBS-bestand, monitoringsdataset) worden verwijderd na", "dagen", 7),
        # Privacy (issue: retention)
        _r("bewaartermijn_afgesloten_maanden", "Afgesloten casussen anonimiseren na", "maanden", 60),
        # Termijnbewaking en werkvoorraad (termijnen app, issue 8)
        _r("lbt_plannen_weken", "Leerbaarheidstoets uiterlijk gepland binnen zoveel weken na de BRP-inschrijving", "weken", 4),
        _r("waarschuwing_opvolgen_weken", "Schriftelijke waarschuwing opvolgen (voornemen of afzien) binnen", "weken", 4),
        _r("schakelen_signaal_maanden", "Werkvoorraad: zoveel maanden vóór de laatste dag van schakelen waarschuwen", "maanden", 1),
        _r("termijn_signaal_1_maanden", "Werkvoorraad: eerste waarschuwing vóór het einde van de inburgeringstermijn (route, MAP of PVT niet af)", "maanden", 6),
        _r("termijn_signaal_2_maanden", "Werkvoorraad: tweede waarschuwing vóór het einde van de inburgeringstermijn (route, MAP of PVT niet af)", "maanden", 2),
        _r("signaal_pip_wettelijk_dagen", "Werkvoorraad: wettelijke PIP-termijn zoveel dagen vooraf tonen (0 = pas als hij verstreken is)", "dagen", 14),
        _r("signaal_pip_lokaal_dagen", "Werkvoorraad: eigen streeftermijn PIP zoveel dagen vooraf tonen (0 = pas als hij verstreken is)", "dagen", 14),
        _r("signaal_lbt_plannen_dagen", "Werkvoorraad: leerbaarheidstoets plannen zoveel dagen vooraf tonen (0 = pas als hij verstreken is)", "dagen", 7),
        _r("signaal_voortgangsgesprek_dagen", "Werkvoorraad: voortgangsgesprek zoveel dagen vooraf tonen (0 = pas als hij verstreken is)", "dagen", 7),
        _r("signaal_ontzorgen_evaluatie_dagen", "Werkvoorraad: evaluatie ontzorgen zoveel dagen vooraf tonen (0 = pas als hij verstreken is)", "dagen", 14),
        _r("signaal_bezwaar_beslissen_dagen", "Werkvoorraad: beslissen op bezwaar zoveel dagen vooraf tonen (0 = pas als hij verstreken is)", "dagen", 14),
        _r("signaal_boete_betalen_dagen", "Werkvoorraad: betaling boete zoveel dagen vooraf tonen (0 = pas als hij verstreken is)", "dagen", 0),
        _r("signaal_waarschuwing_opvolgen_dagen", "Werkvoorraad: opvolgen waarschuwing zoveel dagen vooraf tonen (0 = pas als hij verstreken is)", "dagen", 7),
        # Algemene termijnenwet per soort termijn: een wettelijke termijn die op een zaterdag, zondag of
        # feestdag eindigt loopt door tot de volgende werkdag; eigen (lokale) termijnen niet (DOMAIN.md §3)
        _r("termijnenwet_pip_wettelijk", "Algemene termijnenwet toepassen op: wettelijke PIP-termijn (1 = ja, 0 = nee)", "ja/nee", 1),
        _r("termijnenwet_pip_lokaal", "Algemene termijnenwet toepassen op: eigen streeftermijn PIP (1 = ja, 0 = nee)", "ja/nee", 0),
        _r("termijnenwet_lbt_plannen", "Algemene termijnenwet toepassen op: leerbaarheidstoets plannen (1 = ja, 0 = nee)", "ja/nee", 0),
        _r("termijnenwet_voortgangsgesprek", "Algemene termijnenwet toepassen op: voortgangsgesprek (1 = ja, 0 = nee)", "ja/nee", 0),
        _r("termijnenwet_schakelen", "Algemene termijnenwet toepassen op: laatste dag schakelen (1 = ja, 0 = nee)", "ja/nee", 0),
        _r("termijnenwet_termijn_eind", "Algemene termijnenwet toepassen op: einde inburgeringstermijn (1 = ja, 0 = nee)", "ja/nee", 1),
        _r("termijnenwet_ontzorgen_evaluatie", "Algemene termijnenwet toepassen op: evaluatie ontzorgen (1 = ja, 0 = nee)", "ja/nee", 0),
        _r("termijnenwet_bezwaar_beslissen", "Algemene termijnenwet toepassen op: beslistermijn bezwaar (1 = ja, 0 = nee)", "ja/nee", 1),
        _r("termijnenwet_boete_betalen", "Algemene termijnenwet toepassen op: betaaltermijn boete (1 = ja, 0 = nee)", "ja/nee", 1),
        _r("termijnenwet_waarschuwing_opvolgen", "Algemene termijnenwet toepassen op: opvolgen waarschuwing (1 = ja, 0 = nee)", "ja/nee", 0),
        _r("digest_uur", "Dagoverzicht werkvoorraad per e-mail: versturen vanaf dit uur van de dag (0-23)", "uur", 7),
    ]
}


def default_waarde(code: str, op: dt.date) -> Decimal:
    regel_def = DEFAULTS[code]
    waarde = regel_def.waarden[0][1]
    for ingang, w in regel_def.waarden:
        if ingang <= op:
            waarde = w
    return waarde


def regel(code: str, op: dt.date | None = None, gemeente=None) -> Decimal:
    """The value of setting `code` valid on date `op` (default: today).

    A row for the gemeente wins over the national row; within each, the row with the
    latest `ingangsdatum` on or before `op`. No row at all: the legal default.
    """
    from .models import RegelInstelling

    if code not in DEFAULTS:
        raise KeyError(f"Onbekende regelinstelling: {code}")
    op = op or timezone.localdate()
    gemeente_id = getattr(gemeente, "pk", gemeente)
    memo = _memo.get()
    if memo is not None:
        return _uit_memo(memo, code, op, gemeente_id or None)
    rows = RegelInstelling.objects.filter(code=code, ingangsdatum__lte=op)
    if gemeente_id:
        row = rows.filter(gemeente_id=gemeente_id).order_by("-ingangsdatum").first()
        if row is not None:
            return row.waarde
    row = rows.filter(gemeente__isnull=True).order_by("-ingangsdatum").first()
    if row is not None:
        return row.waarde
    return default_waarde(code, op)


# One read of the settings table per gemeente for the duration of `onthouden()` (a page that asks
# for many settings); a saved or deleted setting empties it. Outside it every call reads the table.
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("regels_memo", default=None)


@contextlib.contextmanager
def onthouden():
    """Within this block `regel()` reads the settings of a gemeente (and the national ones) once."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _uit_memo(memo: dict, code: str, op: dt.date, gemeente_id) -> Decimal:
    from .models import RegelInstelling

    if gemeente_id not in memo:
        per_code: dict[str, list] = {}
        rows = RegelInstelling.objects.filter(gemeente__isnull=True)
        if gemeente_id:
            rows = RegelInstelling.objects.filter(Q(gemeente__isnull=True) | Q(gemeente_id=gemeente_id))
        for row in rows.order_by("-ingangsdatum").values_list("code", "gemeente_id", "ingangsdatum", "waarde"):
            per_code.setdefault(row[0], []).append(row[1:])
        memo[gemeente_id] = per_code
    geldig = [(g, ingang, waarde) for g, ingang, waarde in memo[gemeente_id].get(code, ()) if ingang <= op]
    for g, _, waarde in geldig:  # newest first: a row for the gemeente wins over the national row
        if gemeente_id and g == gemeente_id:
            return waarde
    for g, _, waarde in geldig:
        if g is None:
            return waarde
    return default_waarde(code, op)


def _vergeten(**kwargs) -> None:
    memo = _memo.get()
    if memo is not None:
        memo.clear()


post_save.connect(_vergeten, sender="inburgering.RegelInstelling", dispatch_uid="regels_memo_save")
post_delete.connect(_vergeten, sender="inburgering.RegelInstelling", dispatch_uid="regels_memo_delete")


def regel_int(code: str, op: dt.date | None = None, gemeente=None) -> int:
    return int(regel(code, op=op, gemeente=gemeente))


def seed_defaults(RegelInstelling) -> int:
    """Insert missing national default rows. Idempotent; used by data migrations."""
    created = 0
    for r in DEFAULTS.values():
        for ingang, waarde in r.waarden:
            _, was_created = RegelInstelling.objects.get_or_create(
                code=r.code,
                gemeente=None,
                ingangsdatum=ingang,
                defaults={"waarde": waarde, "toelichting": "Wettelijke standaardwaarde"},
            )
            created += was_created
    return created
