"""Reads of the intake that are more than a .get()."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet
from django.urls import reverse
from django.utils import formats

from cases.models import Casus
from cases.selectors import aantal_in, een_op_een, pagina_waarde

from .models import BredeIntake, IntakeGesprek, IntroductieItem, IntroductieTaak, Leerbaarheidstoets, WarmeOverdracht


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


def casus_pagina(qs: QuerySet[Casus]) -> QuerySet[Casus]:
    """What the intake section of the case page reads, brought along with the case in its one query."""
    taken = IntroductieTaak.objects.filter(casus=OuterRef("pk"))
    return qs.select_related("warme_overdracht", "brede_intake", "leerbaarheidstoets").annotate(
        pagina_intake_gesprekken=aantal_in(IntakeGesprek.objects.filter(casus=OuterRef("pk"))),
        pagina_intake_gedaan=aantal_in(taken.filter(gedaan_op__isnull=False)),
        # the checklist: every active item plus the inactive items this case has a row for
        pagina_intake_items=aantal_in(IntroductieItem.objects.filter(actief=True))
        + aantal_in(taken.filter(item__actief=False)),
    )


def _introductie_telling(casus: Casus) -> tuple[int, int]:
    """(done, total) of the checklist: from the case page's query, or from the checklist itself."""
    gedaan = pagina_waarde(casus, "pagina_intake_gedaan", lambda: None)
    totaal = pagina_waarde(casus, "pagina_intake_items", lambda: None)
    if gedaan is None or totaal is None:
        rijen = introductieweek(casus)
        return sum(1 for _, taak in rijen if taak and taak.gedaan_op), len(rijen)
    return gedaan, totaal


def intake_stand(casus: Casus, *, mag_bewerken: bool) -> IntakeStand:
    overdracht = een_op_een(casus, "warme_overdracht", lambda: WarmeOverdracht.objects.filter(casus=casus).first())
    gedaan, totaal = _introductie_telling(casus)
    intake = een_op_een(casus, "brede_intake", lambda: BredeIntake.objects.filter(casus=casus).first())
    gesprekken = pagina_waarde(casus, "pagina_intake_gesprekken", lambda: casus.intakegesprekken.count())
    toets = een_op_een(casus, "leerbaarheidstoets", lambda: Leerbaarheidstoets.objects.filter(casus=casus).first())
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
            f"{gedaan} van {totaal} gedaan",
            "ok" if totaal and gedaan == totaal else ("info" if gedaan else "neutral"),
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
    return IntakeStand(overdracht, gedaan, totaal, intake, gesprekken, toets, stappen)


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
