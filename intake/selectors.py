"""Reads of the intake that are more than a .get()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats

from cases.models import Casus

from .models import BredeIntake, IntroductieItem, IntroductieTaak, Leerbaarheidstoets, WarmeOverdracht


def introductieweek(casus: Casus) -> list[tuple[IntroductieItem, IntroductieTaak | None]]:
    """The checklist of a case: every active item, plus inactive items this case already has a row for."""
    taken = {t.item_id: t for t in IntroductieTaak.objects.filter(casus=casus).select_related("item")}
    items = list(IntroductieItem.objects.filter(actief=True))
    ids = {i.pk for i in items}
    items += [t.item for t in taken.values() if t.item_id not in ids]
    items.sort(key=lambda i: (i.volgorde, i.naam))
    return [(item, taken.get(item.pk)) for item in items]


@dataclass
class IntakeStand:
    """Where the case stands in the first weeks: for the case page's task list."""

    warme_overdracht: WarmeOverdracht | None
    introductie_gedaan: int
    introductie_totaal: int
    brede_intake: BredeIntake | None
    aantal_gesprekken: int
    leerbaarheidstoets: Leerbaarheidstoets | None
    stappen: list[tuple[str, str, str, str]]


def intake_stand(casus: Casus, *, mag_bewerken: bool) -> IntakeStand:
    overdracht = WarmeOverdracht.objects.filter(casus=casus).first()
    rijen = introductieweek(casus)
    gedaan = sum(1 for _, taak in rijen if taak and taak.gedaan_op)
    intake = BredeIntake.objects.filter(casus=casus).first()
    gesprekken = casus.intakegesprekken.count()
    toets = Leerbaarheidstoets.objects.filter(casus=casus).first()
    kw = {"casus_pk": casus.pk}

    def url(name):
        return reverse(f"intake:{name}", kwargs=kw) if mag_bewerken else ""

    stappen = [
        (
            "Warme overdracht",
            url("warme_overdracht"),
            *(("Vastgelegd", "ok") if overdracht else ("Nog niet gestart", "neutral")),
        ),
        (
            "Introductieweek",
            url("introductieweek"),
            f"{gedaan} van {len(rijen)} gedaan",
            "ok" if rijen and gedaan == len(rijen) else ("info" if gedaan else "neutral"),
        ),
        (
            "Brede intake",
            url("brede_intake"),
            *(
                ("Afgerond", "ok")
                if intake and intake.afgerond_op
                else (f"Bezig ({gesprekken} {'gesprek' if gesprekken == 1 else 'gesprekken'})", "info")
                if intake or gesprekken
                else ("Nog niet gestart", "neutral")
            ),
        ),
        ("Leerbaarheidstoets", url("leerbaarheidstoets"), *_toets_status(toets)),
    ]
    return IntakeStand(overdracht, gedaan, len(rijen), intake, gesprekken, toets, stappen)


def _toets_status(toets: Leerbaarheidstoets | None) -> tuple[str, str]:
    if toets is None:
        return "Nog niet gepland", "neutral"
    if toets.vrijstelling:
        return "Vrijgesteld", "ok"
    if toets.haalbaar is not None:
        return (
            (f"Score {toets.score}: B1 haalbaar", "ok")
            if toets.haalbaar
            else (f"Score {toets.score}: B1 niet haalbaar", "ok")
        )
    return f"Gepland op {formats.date_format(toets.gepland_op, 'j F Y')}", "info"
