"""Reads of ontzorgen, maatschappelijke begeleiding and participation that are more than a .get().

For other apps:
- `evaluatie_deadline(casus)` / `evaluaties_verschuldigd(tot_en_met)`: the ontzorgen evaluation
  due date of a case, and the open ones as a queryset (for a deadline sweep or work list);
- `participatie_uren(casus)`: participation hours, with the hours of maatschappelijke
  begeleiding counted only where the route is Z (for the Z-route hour count in leerroutes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Max, OuterRef, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from cases.models import Casus
from cases.selectors import aantal_in, een_op_een, pagina_waarde
from inburgering.vastesql import eerste, rijen
from intake.models import BredeIntake, Participatietrede
from pip import selectors as pip_selectors
from pip.models import PipVersie

from . import rules
from .models import (
    MaatschappelijkeBegeleiding,
    Ontzorgen,
    ParticipatieActiviteit,
    ParticipatiewetSignaal,
    TrainingFinancieleZelfredzaamheid,
    TredeMeting,
    Uitstroom,
    VasteLast,
    VasteLastSoort,
)

NUL = Decimal("0")
ONBEKEND = "nog onbekend"


# --------------------------------------------------------------------------------------------
# PIP
# --------------------------------------------------------------------------------------------


def casus_pagina(qs: QuerySet[Casus]) -> QuerySet[Casus]:
    """What the ontzorgen section of the case page reads, brought along with the case in its one query."""
    return qs.select_related("ontzorgen", "training_financieel", "maatschappelijke_begeleiding", "uitstroom").annotate(
        pagina_pw_signalen=aantal_in(ParticipatiewetSignaal.objects.filter(casus=OuterRef("pk"))),
        pagina_metingen=aantal_in(TredeMeting.objects.filter(casus=OuterRef("pk"))),
    )


def _pip_van_de_pagina(casus: Casus, obj):
    """Give a record the case page brought along its PIP version from the page's versions (no query)."""
    if obj is not None and obj.pip_versie_id and not type(obj).pip_versie.is_cached(obj):
        versie = next((v for v in pip_selectors.versies(casus) if v.pk == obj.pip_versie_id), None)
        if versie is not None:
            obj.pip_versie = versie
    return obj


def vastgestelde_pip_versies(casus: Casus) -> QuerySet[PipVersie]:
    return (
        PipVersie.objects.filter(casus=casus, status=PipVersie.Status.VASTGESTELD)
        .defer("beschikking_html")
        .order_by("-versie")
    )


def huidige_pip(casus: Casus) -> PipVersie | None:
    """The newest vastgestelde PIP version: the agreements that apply now."""
    versies = pip_selectors.vastgestelde_versies(casus)
    return versies[0] if versies else None


def huidige_leerroute(casus: Casus) -> str | None:
    versie = huidige_pip(casus)
    return versie.leerroute if versie else None


@dataclass
class PipKoppeling:
    """What carries out the agreements of one PIP version (shown on the PIP page)."""

    ontzorgen: Ontzorgen | None
    begeleiding: MaatschappelijkeBegeleiding | None


def pip_koppeling(versie: PipVersie) -> PipKoppeling:
    return PipKoppeling(
        ontzorgen=Ontzorgen.objects.filter(pip_versie=versie).first(),
        begeleiding=MaatschappelijkeBegeleiding.objects.filter(pip_versie=versie).first(),
    )


# --------------------------------------------------------------------------------------------
# Financieel ontzorgen
# --------------------------------------------------------------------------------------------


@dataclass
class Grondslag:
    """What the eligibility rule is applied to, as far as the case knows it."""

    verblijfsvergunning_asiel: bool
    bijstand: bool
    bron_bijstand: str

    def van_toepassing(self, doelgroep: str) -> bool:
        return rules.ontzorgen_van_toepassing(doelgroep, self.verblijfsvergunning_asiel, self.bijstand)

    def reden(self, doelgroep: str) -> str:
        if self.bron_bijstand == ONBEKEND and rules.ontzorgen_van_toepassing(
            doelgroep, self.verblijfsvergunning_asiel, True
        ):
            return (
                "Van toepassing zodra de persoon bijstand ontvangt: het ontzorgen begint op de eerste dag van het "
                "recht op bijstand."
            )
        return rules.ontzorgen_reden(doelgroep, self.verblijfsvergunning_asiel, self.bijstand)


def grondslag(casus: Casus, ontzorgen: Ontzorgen | None = None) -> Grondslag:
    """Permit and bijstand: from the ontzorgen record once there is one, else from the PIP or the intake.

    An asielstatushouder (art. 13-1-a) has an asiel permit by definition; the record may say otherwise.
    """
    if ontzorgen is not None:
        return Grondslag(ontzorgen.verblijfsvergunning_asiel, True, "ontzorgdossier")
    vergunning = casus.doelgroep == rules.ASIELSTATUSHOUDER
    versie = huidige_pip(casus)
    if versie is not None:
        return Grondslag(vergunning, versie.bijstand, f"PIP versie {versie.versie}")
    intake = een_op_een(casus, "brede_intake", lambda: BredeIntake.objects.filter(casus=casus).only("bijstand").first())
    if intake is not None:
        return Grondslag(vergunning, intake.bijstand, "brede intake")
    return Grondslag(vergunning, False, ONBEKEND)


def evaluatie_deadline(casus: Casus) -> dt.date | None:
    """The day by which the ontzorgen of `casus` must be evaluated; None when nothing is due."""
    return Ontzorgen.objects.filter(casus=casus).values_list("evaluatie_uiterlijk", flat=True).first()


def evaluaties_verschuldigd(tot_en_met: dt.date) -> QuerySet[Ontzorgen]:
    """Open evaluations due on or before `tot_en_met`, soonest first: for the work list/deadline sweep."""
    return (
        Ontzorgen.objects.filter(evaluatie_uiterlijk__isnull=False, evaluatie_uiterlijk__lte=tot_en_met)
        .select_related("casus")
        .order_by("evaluatie_uiterlijk", "pk")
    )


def vaste_lasten(ontzorgen: Ontzorgen) -> list[VasteLast]:
    return list(ontzorgen.vaste_lasten.select_related("soort"))


def totaal_per_maand(lasten: list[VasteLast], op: dt.date) -> Decimal:
    """The monthly sum of the fixed costs being paid on `op`."""
    return sum((last.per_maand for last in lasten if rules.vaste_last_loopt(last.startdatum, last.einddatum, op)), NUL)


def standaard_soorten() -> list[VasteLastSoort]:
    return list(VasteLastSoort.objects.filter(actief=True, standaard=True))


@dataclass
class OntzorgenStand:
    """Ontzorgen of one case as the screens show it."""

    casus: Casus
    ontzorgen: Ontzorgen | None
    grondslag: Grondslag
    van_toepassing: bool
    reden: str
    vandaag: dt.date
    lasten: list[VasteLast] = field(default_factory=list)
    training: TrainingFinancieleZelfredzaamheid | None = None
    huidige_pip: PipVersie | None = None

    @property
    def fase(self) -> tuple[str, str]:
        if self.ontzorgen is None:
            return ("Nog niet gestart", "neutral") if self.van_toepassing else ("Niet van toepassing", "neutral")
        return rules.ontzorgen_fase(
            start=self.ontzorgen.bijstand_vanaf, eind=self.ontzorgen.einddatum, vandaag=self.vandaag
        )

    @property
    def evaluatie(self) -> tuple[str, str] | None:
        """('nog 12 dagen', variant) for the due evaluation, or None."""
        if self.ontzorgen is None or self.ontzorgen.evaluatie_uiterlijk is None:
            return None
        return rules.dagen_tekst(self.ontzorgen.evaluatie_uiterlijk, self.vandaag)

    @property
    def totaal_per_maand(self) -> Decimal:
        return totaal_per_maand(self.lasten, self.vandaag)

    @property
    def lopende_lasten(self) -> list[VasteLast]:
        return [last for last in self.lasten if rules.vaste_last_loopt(last.startdatum, last.einddatum, self.vandaag)]

    @property
    def nieuwere_pip(self) -> PipVersie | None:
        """A newer vastgestelde PIP than the one the record carries out (its agreements may have changed)."""
        o = self.ontzorgen
        if o is None or self.huidige_pip is None or o.pip_versie_id in (None, self.huidige_pip.pk):
            return None
        return self.huidige_pip


def ontzorgen_stand(casus: Casus, *, vandaag: dt.date | None = None) -> OntzorgenStand:
    vandaag = vandaag or timezone.localdate()
    ontzorgen = _pip_van_de_pagina(
        casus, een_op_een(casus, "ontzorgen", lambda: Ontzorgen.objects.filter(casus=casus).select_related("pip_versie").first())
    )
    g = grondslag(casus, ontzorgen)
    return OntzorgenStand(
        casus=casus,
        ontzorgen=ontzorgen,
        grondslag=g,
        van_toepassing=g.van_toepassing(casus.doelgroep),
        reden=g.reden(casus.doelgroep),
        vandaag=vandaag,
        lasten=vaste_lasten(ontzorgen) if ontzorgen else [],
        training=een_op_een(
            casus, "training_financieel", lambda: TrainingFinancieleZelfredzaamheid.objects.filter(casus=casus).first()
        ),
        huidige_pip=huidige_pip(casus),
    )


# --------------------------------------------------------------------------------------------
# Participatieladder
# --------------------------------------------------------------------------------------------


@dataclass
class TredeStap:
    """One position on the participatieladder: the nulmeting or a later measurement."""

    datum: dt.date
    trede: int
    vorige: int | None
    door: object
    bron: str
    toelichting: str = ""
    vastgelegd_op: dt.datetime | None = None

    @property
    def label(self) -> str:
        return Participatietrede(self.trede).label

    @property
    def verandering(self) -> str:
        if self.vorige is None:
            return "Nulmeting"
        if self.trede == self.vorige:
            return "Gelijk gebleven"
        return f"{'Omhoog' if self.trede > self.vorige else 'Omlaag'} van trede {self.vorige}"


def _intake_historie(casus_id: int):
    return (
        BredeIntake.history.filter(casus_id=casus_id)
        .order_by("history_date", "history_id")
        .select_related("history_user")
        .only("participatieladder_trede", "history_date", "history_user", "afgerond_op")
    )


def _nulmeting_historie(casus: Casus) -> list[TredeStap]:
    """Every value the intake's nulmeting had, from the intake's history (who and when)."""
    intake = een_op_een(
        casus,
        "brede_intake",
        lambda: BredeIntake.objects.filter(casus=casus).only("afgerond_op", "participatieladder_trede").first(),
    )
    if intake is None or intake.participatieladder_trede is None:
        return []
    stappen: list[TredeStap] = []
    vorige = None
    for row in rijen(_intake_historie, casus_id=casus.pk):
        trede = row.participatieladder_trede
        if trede is None or trede == vorige:
            vorige = trede if trede is not None else vorige
            continue
        stappen.append(
            TredeStap(
                datum=timezone.localdate(row.history_date),
                trede=trede,
                vorige=None if not stappen else stappen[-1].trede,
                door=row.history_user,
                bron="Nulmeting (brede intake)" if not stappen else "Nulmeting gecorrigeerd (brede intake)",
                vastgelegd_op=row.history_date,
            )
        )
        vorige = trede
    if not stappen:  # an intake without history rows (imported data): the current value
        stappen.append(
            TredeStap(
                intake.afgerond_op or timezone.localdate(),
                intake.participatieladder_trede,
                None,
                None,
                "Nulmeting (brede intake)",
            )
        )
    if intake.afgerond_op:
        stappen[0].datum = intake.afgerond_op  # the nulmeting is of the day the intake was completed
    return stappen


def nulmeting(casus: Casus) -> TredeStap | None:
    """The intake's nulmeting: its current value (after any correction), dated on the original nulmeting."""
    stappen = _nulmeting_historie(casus)
    if not stappen:
        return None
    huidige = stappen[-1]
    return TredeStap(stappen[0].datum, huidige.trede, None, huidige.door, "Nulmeting (brede intake)")


def laatste_meting_id(casus: Casus) -> int:
    """The id of the latest participatieladder measurement of the case (0 without one): the ladder's 'version'."""
    return TredeMeting.objects.filter(casus=casus).aggregate(n=Max("pk"))["n"] or 0


def trede_historie(casus: Casus) -> list[TredeStap]:
    """The participatieladder from the intake's nulmeting on: every change, with its date and who."""
    stappen = _nulmeting_historie(casus)
    for m in TredeMeting.objects.filter(casus=casus).select_related("door").order_by("datum", "vastgelegd_op", "pk"):
        stappen.append(_meting_stap(m))
    return stappen


def _meting_stap(m: TredeMeting) -> TredeStap:
    return TredeStap(
        datum=m.datum,
        trede=m.trede,
        vorige=m.vorige_trede,
        door=m.door,
        bron="Meting",
        toelichting=m.toelichting,
        vastgelegd_op=m.vastgelegd_op,
    )


def _laatste_meting(casus_id: int):
    return (
        TredeMeting.objects.filter(casus_id=casus_id)
        .select_related("door")
        .order_by("-datum", "-vastgelegd_op", "-pk")[:1]
    )


def huidige_trede(casus: Casus) -> TredeStap | None:
    """The last step of `trede_historie`: the latest measurement, else the intake's nulmeting (one query
    on the case page, which knows whether there are measurements)."""
    if pagina_waarde(casus, "pagina_metingen", lambda: None) != 0:
        laatste = eerste(_laatste_meting, casus_id=casus.pk)
        if laatste is not None:
            return _meting_stap(laatste)
    stappen = _nulmeting_historie(casus)
    return stappen[-1] if stappen else None


# --------------------------------------------------------------------------------------------
# Participation hours
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipatieUren:
    """Participation hours of a case. `begeleiding` is counted in `totaal` only where the route is Z."""

    activiteiten: Decimal
    nederlandstalig: Decimal
    begeleiding: Decimal
    begeleiding_telt_mee: bool
    leerroute: str | None

    @property
    def totaal(self) -> Decimal:
        return self.activiteiten + (self.begeleiding if self.begeleiding_telt_mee else NUL)


def participatie_uren(
    casus: Casus,
    activiteiten: list[ParticipatieActiviteit] | None = None,
    begeleiding: MaatschappelijkeBegeleiding | None | object = ...,
) -> ParticipatieUren:
    """Hours of participation activities plus, where the route (current PIP) is Z, the hours of
    maatschappelijke begeleiding: they count as Z-route participation hours (issue 6).

    A caller that has already read the activities and the begeleiding (or knows there is none) passes them."""
    if activiteiten is None:
        agg = ParticipatieActiviteit.objects.filter(casus=casus).aggregate(uren=Sum("uren"))["uren"]
        nl = ParticipatieActiviteit.objects.filter(casus=casus, nederlandstalig=True).aggregate(uren=Sum("uren"))["uren"]
    else:
        agg = sum((a.uren for a in activiteiten), NUL)
        nl = sum((a.uren for a in activiteiten if a.nederlandstalig), NUL)
    if begeleiding is ...:
        uren = MaatschappelijkeBegeleiding.objects.filter(casus=casus).values_list("uren", flat=True).first()
    else:
        uren = begeleiding.uren if begeleiding is not None else None
    leerroute = huidige_leerroute(casus)
    return ParticipatieUren(
        activiteiten=agg or NUL,
        nederlandstalig=nl or NUL,
        begeleiding=uren or NUL,
        begeleiding_telt_mee=rules.begeleidingsuren_tellen_mee(leerroute),
        leerroute=leerroute,
    )


@dataclass
class ParticipatieStand:
    casus: Casus
    begeleiding: MaatschappelijkeBegeleiding | None
    begeleiding_van_toepassing: bool
    activiteiten: list[ParticipatieActiviteit]
    uitstroom: Uitstroom | None
    uren: ParticipatieUren
    huidige_pip: PipVersie | None

    @cached_property
    def historie(self) -> list[TredeStap]:
        return trede_historie(self.casus)

    @cached_property
    def huidige_trede(self) -> TredeStap | None:
        if "historie" in self.__dict__:
            return self.historie[-1] if self.historie else None
        return huidige_trede(self.casus)


def _activiteiten(casus_id: int):
    return ParticipatieActiviteit.objects.filter(casus_id=casus_id)


def participatie_stand(casus: Casus) -> ParticipatieStand:
    begeleiding = _pip_van_de_pagina(
        casus,
        een_op_een(
            casus,
            "maatschappelijke_begeleiding",
            lambda: MaatschappelijkeBegeleiding.objects.filter(casus=casus).select_related("pip_versie").first(),
        ),
    )
    activiteiten = rijen(_activiteiten, casus_id=casus.pk)
    return ParticipatieStand(
        casus=casus,
        begeleiding=begeleiding,
        begeleiding_van_toepassing=rules.maatschappelijke_begeleiding_van_toepassing(casus.doelgroep),
        activiteiten=activiteiten,
        uitstroom=een_op_een(casus, "uitstroom", lambda: Uitstroom.objects.filter(casus=casus).first()),
        uren=participatie_uren(casus, activiteiten, begeleiding),
        huidige_pip=huidige_pip(casus),
    )


def sectie_taken(o: OntzorgenStand, p: ParticipatieStand, *, mag_bewerken: bool) -> list[tuple[str, str, str, str]]:
    """The task list of the case-page section: (name, url, status, variant)."""
    kw = {"casus_pk": o.casus.pk}

    def url(name, bewerken=True):
        return reverse(f"ontzorgen:{name}", kwargs=kw) if (mag_bewerken or not bewerken) else ""

    taken = []
    if o.ontzorgen is not None:
        taken.append(("Financieel ontzorgen", url("detail", bewerken=False), *o.fase))
    elif o.van_toepassing or o.casus.doelgroep == rules.ASIELSTATUSHOUDER:
        taken.append(("Financieel ontzorgen", url("ontzorgen"), "Nog niet gestart", "neutral"))
    else:
        taken.append(("Financieel ontzorgen", "", "Niet van toepassing", "neutral"))
    t = o.training
    taken.append(
        (
            "Training financiële zelfredzaamheid",
            url("training"),
            *(
                ("Afgerond", "ok")
                if t and t.afgerond
                else ("Bezig" if t and not t.einddatum else "Gestopt zonder afronding", "info")
                if t
                else ("Nog niet gestart", "neutral")
            ),
        )
    )
    b = p.begeleiding
    if p.begeleiding_van_toepassing:
        taken.append(
            (
                "Maatschappelijke begeleiding",
                url("begeleiding"),
                *(
                    ("Afgesloten", "ok")
                    if b and b.afgesloten_op
                    else (f"Loopt ({b.aanbieder})", "info")
                    if b
                    else ("Nog niet gestart", "neutral")
                ),
            )
        )
    else:
        taken.append(("Maatschappelijke begeleiding", "", "Niet van toepassing", "neutral"))
    n = len(p.activiteiten)
    taken.append(
        (
            "Participatie",
            url("participatie", bewerken=False),
            f"{n} {'activiteit' if n == 1 else 'activiteiten'}" if n else "Nog geen activiteiten",
            "info" if n else "neutral",
        )
    )
    return taken
