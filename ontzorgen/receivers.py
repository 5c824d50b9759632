"""Receivers of other apps' signals."""

from __future__ import annotations

from .models import (
    MaatschappelijkeBegeleiding,
    Ontzorgen,
    OntzorgenEvaluatie,
    ParticipatieActiviteit,
    ParticipatiewetSignaal,
    TrainingFinancieleZelfredzaamheid,
    TredeMeting,
    Uitstroom,
    VasteLast,
)


def anonimiseren(sender, casus, inburgeraar, **kwargs):
    """Scrub free text and names (payees, providers of individual activities) of every case of
    the person; keep kinds, dates, amounts and hours (monitoring needs them). History rows hold
    the old text too, so they go."""
    casussen = inburgeraar.casussen.all()
    Ontzorgen.objects.filter(casus__in=casussen).update(machtiging_toelichting="")
    VasteLast.objects.filter(ontzorgen__casus__in=casussen).update(begunstigde="Geanonimiseerd", kenmerk="")
    OntzorgenEvaluatie.objects.filter(ontzorgen__casus__in=casussen).update(motivering="Geanonimiseerd")
    ParticipatiewetSignaal.objects.filter(casus__in=casussen).update(toelichting="")
    TrainingFinancieleZelfredzaamheid.objects.filter(casus__in=casussen).update(toelichting="")
    MaatschappelijkeBegeleiding.objects.filter(casus__in=casussen).update(eindverslag="", overige_onderdelen="")
    ParticipatieActiviteit.objects.filter(casus__in=casussen).update(aanbieder="Geanonimiseerd", omschrijving="")
    TredeMeting.objects.filter(casus__in=casussen).update(toelichting="")
    Uitstroom.objects.filter(casus__in=casussen).update(toelichting="")
    for model, pad in (
        (Ontzorgen, "casus__in"),
        (VasteLast, "ontzorgen__casus__in"),
        (OntzorgenEvaluatie, "ontzorgen__casus__in"),
        (ParticipatiewetSignaal, "casus__in"),
        (TrainingFinancieleZelfredzaamheid, "casus__in"),
        (MaatschappelijkeBegeleiding, "casus__in"),
        (ParticipatieActiviteit, "casus__in"),
        (Uitstroom, "casus__in"),
    ):
        model.history.filter(**{pad: casussen}).delete()
