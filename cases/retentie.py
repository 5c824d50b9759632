"""Retention: closed cases are anonymised after the dated setting 'bewaartermijn_afgesloten_maanden'.

Two steps (see docs/adr/0002-bewaartermijn.md): a dry-run report lists the candidates;
only a report that is at least ANONIMISEREN_WACHTDAGEN days old is carried out, and
only for cases that still qualify. What KPIs need stays: the case row with its
doelgroep, dates and status history, gender, nationality and birth year.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from inburgering.audit import service
from inburgering.models import AnonimiseringsRapport
from inburgering.regels import regel_int

from .models import Casus, Document, Gezinslid, Inburgeraar, StatusOvergang, TijdlijnGebeurtenis
from .signals import casus_anonimiseren


def grensdatum(peildatum: dt.date, maanden: int) -> dt.date:
    """Cases closed before this date are due (pure)."""
    return peildatum - relativedelta(months=maanden)


def kandidaten(peildatum: dt.date) -> list[int]:
    maanden = regel_int("bewaartermijn_afgesloten_maanden", peildatum)
    grens = grensdatum(peildatum, maanden)
    other_active = Casus.objects.filter(inburgeraar=OuterRef("inburgeraar"), actief=True)
    qs = (
        Casus.objects.filter(actief=False, afgesloten_op__date__lt=grens, inburgeraar__geanonimiseerd_op__isnull=True)
        .exclude(Exists(other_active))
        .order_by("pk")
    )
    return list(qs.values_list("pk", flat=True))


@service
def rapport_maken(*, peildatum: dt.date, door=None) -> AnonimiseringsRapport:
    return AnonimiseringsRapport.objects.create(
        peildatum=peildatum,
        bewaartermijn_maanden=regel_int("bewaartermijn_afgesloten_maanden", peildatum),
        casus_ids=kandidaten(peildatum),
    )


def _anonimiseer_persoon(p: Inburgeraar) -> None:
    p.voornamen = "Geanonimiseerd"
    p.tussenvoegsel = ""
    p.achternaam = f"Persoon {p.pk}"
    p.geboortedatum = dt.date(p.geboortedatum.year, 1, 1)
    for f in ("v_nummer", "talen", "tolk_taal", "telefoon", "email", "straat", "postcode", "woonplaats"):
        setattr(p, f, "")
    p.bsn_versleuteld = ""
    p.bsn_hmac = f"geanonimiseerd-{p.pk}"
    p.bsn_laatste4 = ""
    p.geanonimiseerd_op = timezone.now()
    p.save()


@service
def casus_anonimiseren_uitvoeren(*, casus: Casus, door=None) -> None:
    persoon = Inburgeraar.objects.select_for_update().get(pk=casus.inburgeraar_id)
    if persoon.geanonimiseerd_op is not None:
        return
    casus_anonimiseren.send(sender=Casus, casus=casus, inburgeraar=persoon)
    for doc in Document.objects.filter(casus__inburgeraar=persoon):
        doc.bestand.delete(save=False)
    Document.objects.filter(casus__inburgeraar=persoon).delete()
    Gezinslid.objects.filter(inburgeraar=persoon).update(naam="")
    TijdlijnGebeurtenis.objects.filter(casus__inburgeraar=persoon).update(omschrijving="")
    StatusOvergang.objects.filter(casus__inburgeraar=persoon).update(toelichting="")
    _anonimiseer_persoon(persoon)
    # old versions hold the personal data too
    Inburgeraar.history.filter(id=persoon.pk).delete()
    Gezinslid.history.filter(inburgeraar_id=persoon.pk).delete()
    Document.history.filter(casus_id__in=Casus.objects.filter(inburgeraar=persoon).values("pk")).delete()


def rapport_uitvoeren(rapport: AnonimiseringsRapport, *, door=None, nu=None) -> int:
    """Carry out a dry-run report; only cases that still qualify today. Returns the number anonymised."""
    nu = nu or timezone.now()
    if rapport.uitgevoerd_op is not None:
        return 0
    nog_steeds = set(kandidaten(timezone.localdate(nu))) & set(rapport.casus_ids)
    n = 0
    for casus in Casus.objects.filter(pk__in=sorted(nog_steeds)):
        casus_anonimiseren_uitvoeren(casus=casus, door=door)
        n += 1
    AnonimiseringsRapport.objects.filter(pk=rapport.pk).update(uitgevoerd_op=nu, aantal_geanonimiseerd=n)
    return n


def sweep(nu=None) -> dict:
    """The beat task's work: carry out reports old enough, then make a new dry-run report."""
    nu = nu or timezone.now()
    wacht = dt.timedelta(days=settings.ANONIMISEREN_WACHTDAGEN)
    uitgevoerd = 0
    for rapport in AnonimiseringsRapport.objects.filter(uitgevoerd_op__isnull=True, aangemaakt_op__lte=nu - wacht):
        uitgevoerd += rapport_uitvoeren(rapport, nu=nu)
    open_rapport = AnonimiseringsRapport.objects.filter(uitgevoerd_op__isnull=True).exists()
    nieuw = None if open_rapport else rapport_maken(peildatum=timezone.localdate(nu))
    return {"geanonimiseerd": uitgevoerd, "nieuw_rapport": nieuw.pk if nieuw else None}
