"""Reads of the DUO exchange for the case page and the melding screens."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet
from django.utils import timezone

from cases.models import Casus
from cases.selectors import aantal_in, pagina_waarde
from inburgering.vastesql import rijen
from intake.models import Leerbaarheidstoets

from . import register, rules
from .client import koppeling_fout
from .models import Bericht, DuoStand, Notificatie
from .services import persoon_onvolledig

# Which melding a screen offers, in the order of the journey.
MELDINGEN = [
    ("pip", "PIP"),
    ("contactpersoon", "Contactpersoon"),
    ("aanbod", "Inburgeringsaanbod"),
    ("uren", "Gevolgde uren"),
    ("map", "Eindgesprek MAP"),
    ("pvt", "Ondertekening PVT"),
    ("zroute", "Afronding Z-route"),
    ("lbt", "Leerbaarheidstoets overgeslagen"),
]
VARIANT = {
    Bericht.Status.WACHTEND: "warning",
    Bericht.Status.BEZIG: "info",
    Bericht.Status.VERZONDEN: "ok",
    Bericht.Status.GEWEIGERD: "error",
    Bericht.Status.MISLUKT: "error",
    Bericht.Status.VERVANGEN: "neutral",
}


@dataclass
class DuoOverzicht:
    casus: Casus
    berichten: list[Bericht]
    notificaties: list[Notificatie]
    stand: DuoStand | None
    termijn: register.Termijn
    waarschuwingen: list[str] = field(default_factory=list)

    @property
    def laatste_berichten(self) -> list[Bericht]:
        return self.berichten[:5]


def _mislukt(casus):
    return Bericht.objects.filter(casus=casus, status__in=(Bericht.Status.GEWEIGERD, Bericht.Status.MISLUKT))


def casus_pagina(qs: QuerySet[Casus]) -> QuerySet[Casus]:
    """The number of meldingen that did not arrive, brought along with the case in the case page's query."""
    return qs.annotate(pagina_duo_mislukt=aantal_in(_mislukt(OuterRef("pk"))))


def _waarschuwingen(casus: Casus) -> list[str]:
    uit = []
    if persoon_onvolledig(casus.inburgeraar):
        uit.append(
            "Deze persoon is geregistreerd op een notificatie van DUO: naam en geboortedatum zijn nog niet bekend. "
            "Vul ze aan uit de BRP (Persoonsgegevens wijzigen)."
        )
    fout = koppeling_fout(casus.gemeente)
    if fout:
        uit.append(f"Meldingen aan DUO kunnen niet worden verstuurd: {fout}")
    mislukt = pagina_waarde(casus, "pagina_duo_mislukt", lambda: _mislukt(casus).count())
    if mislukt:
        uit.append(f"{mislukt} melding(en) aan DUO zijn niet aangekomen; bekijk de reden en verstuur ze opnieuw.")
    return uit


def _nieuwste_berichten(casus_id: int):
    return Bericht.objects.filter(casus_id=casus_id).select_related("aangemaakt_door").order_by("-aangemaakt_op", "-pk")


def _vijf_berichten(casus_id: int):
    return _nieuwste_berichten(casus_id)[:5]


def _honderd_berichten(casus_id: int):
    return _nieuwste_berichten(casus_id)[:100]


def _berichten(casus: Casus, bouw) -> list[Bericht]:
    """The newest meldingen of the case: `bouw` is `_vijf_berichten` or `_honderd_berichten`."""
    berichten = rijen(bouw, casus_id=casus.pk)
    for b in berichten:
        b.variant = VARIANT.get(b.status, "neutral")
    return berichten


@dataclass
class DuoSectie:
    """The section on the case page: the latest meldingen and what needs attention (two queries)."""

    berichten: list[Bericht]
    waarschuwingen: list[str]

    @property
    def laatste_berichten(self) -> list[Bericht]:
        return self.berichten


def sectie(casus: Casus) -> DuoSectie:
    berichten = _berichten(casus, _vijf_berichten)
    return DuoSectie(berichten, _waarschuwingen(casus))


def overzicht(casus: Casus) -> DuoOverzicht:
    berichten = _berichten(casus, _honderd_berichten)
    notificaties = list(Notificatie.objects.filter(casus=casus).order_by("-ontvangen_op", "-pk")[:50])
    stand = DuoStand.objects.filter(casus=casus).first()
    return DuoOverzicht(
        casus=casus,
        berichten=berichten,
        notificaties=notificaties,
        stand=stand,
        termijn=register.termijn(casus, duo_stand=stand),
        waarschuwingen=_waarschuwingen(casus),
    )


def beginwaarden(casus: Casus, soort: str, gebruiker) -> dict:
    """The register's values a melding form starts from (the consultant checks them)."""
    gegevens = register.leerroute_gegevens(casus) if soort in ("map", "pvt", "zroute", "uren", "aanbod") else None
    if soort == "pip":
        pip = register.huidige_pip(casus)
        return {"versie": pip.pk} if pip else {}
    if soort == "map":
        return {"datum": gegevens.map_datum}
    if soort == "pvt":
        return {"datum": gegevens.pvt_datum}
    if soort == "zroute":
        return {"datum": gegevens.zroute_datum or timezone.localdate()}
    if soort == "uren":
        urensoort = next(iter(gegevens.uren), rules.UREN_TAALLES)
        return {"urensoort": urensoort, "uren": gegevens.uren.get(urensoort)}
    if soort == "aanbod":
        pip = register.huidige_pip(casus)
        waarden = {"alfabetisering": pip.alfabetisering if pip else "NVT"}
        if gegevens.aanbod:
            waarden.update(gegevens.aanbod)
            waarden["instelling"] = gegevens.aanbod["instellingsnummer"]
        return waarden
    if soort == "contactpersoon":
        wie = casus.consultant or gebruiker
        return {
            "gebruiker": wie.pk,
            "naam": wie.get_full_name() or wie.get_username(),
            "email": wie.email,
            "telefoon": casus.gemeente.telefoon,
        }
    return {}


def lbt_vrijgesteld(casus: Casus) -> bool:
    return Leerbaarheidstoets.objects.filter(casus=casus).exclude(vrijstelling="").exists()
