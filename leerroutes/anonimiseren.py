"""Scrub the free text of the leerroutes when a case is anonymised (cases.signals.casus_anonimiseren).

Numbers, dates and results stay (they feed the KPIs and the SPUK settlement); notes, names of
mentors, motivations and the certificate (it names the person) go, and
so do the old versions in the history tables, which hold the same text.
"""

from __future__ import annotations


def leerroute_gegevens_wissen(sender, casus, inburgeraar, **kwargs) -> None:
    from .models import (
        Afschaling,
        Inburgeringsaanbod,
        MapPraktijkonderdeel,
        MapTraject,
        PvtSessie,
        PvtTraject,
        Schakeling,
        Signaal,
        Urenregistratie,
        Voortgangsgesprek,
        ZrouteAfronding,
    )

    casussen = inburgeraar.casussen.values("pk")
    scrub = [
        (Inburgeringsaanbod, {"casus__in": casussen}, {"toelichting": "", "leerlingnummer": ""}),
        (Urenregistratie, {"casus__in": casussen}, {"toelichting": ""}),
        (Signaal, {"casus__in": casussen}, {"afhandeling": ""}),
        (
            Voortgangsgesprek,
            {"casus__in": casussen},
            {"mentor_school": "", "overige_deelnemers": "", "toelichting": "", "afspraken": "(geanonimiseerd)"},
        ),
        (Afschaling, {"casus__in": casussen}, {"motivatie": "(geanonimiseerd)"}),
        (Schakeling, {"casus__in": casussen}, {"motivatie": "(geanonimiseerd)"}),
        (MapTraject, {"casus__in": casussen}, {"toelichting": ""}),
        (MapPraktijkonderdeel, {"map__casus__in": casussen}, {"organisatie": "", "omschrijving": "(geanonimiseerd)"}),
        (PvtTraject, {"casus__in": casussen}, {"toelichting": ""}),
        (PvtSessie, {"pvt__casus__in": casussen}, {"omschrijving": ""}),
        (ZrouteAfronding, {"casus__in": casussen}, {"verslag": "(geanonimiseerd)", "certificaat_html": ""}),
    ]
    for model, filters, values in scrub:
        qs = model.objects.filter(**filters)
        ids = list(qs.values_list("pk", flat=True))
        qs.update(**values)
        model.history.filter(id__in=ids).delete()
    for afronding in ZrouteAfronding.objects.filter(casus__in=casussen).exclude(pdf=""):
        afronding.pdf.delete(save=False)
        ZrouteAfronding.objects.filter(pk=afronding.pk).update(pdf="", pdf_sha256="")
