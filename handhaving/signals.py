"""Receiver of `cases.signals.casus_anonimiseren`: scrub the free text and the letters of handhaving."""

from __future__ import annotations


def anonimiseren(sender, casus, inburgeraar, **kwargs) -> None:
    """Runs inside the anonymisation transaction: every case of the person, every text that may hold personal data.

    Amounts, dates, steps and outcomes stay (they feed the KPI 'handhaving used'); the facts, motivations,
    summaries and the stored letters go, and so do the old versions in the history tables.
    """
    from .models import Bezwaar, Boetebeschikking, Handhavingsprocedure, ProcedureStap

    casus_ids = list(inburgeraar.casussen.values_list("pk", flat=True))
    Handhavingsprocedure.objects.filter(casus_id__in=casus_ids).update(
        feiten="",
        verwijtbaarheid_motivering="",
        waarschuwing_inhoud="",
        verlaging_motivering="",
        zienswijze_samenvatting="",
        jurist="",
        juridische_toets_motivering="",
    )
    ProcedureStap.objects.filter(procedure__casus_id__in=casus_ids).update(motivering="")
    Bezwaar.objects.filter(casus_id__in=casus_ids).update(
        gronden="", hoorzitting_verslag="", horen_afgezien_reden="", beslissing_motivering=""
    )
    for beschikking in Boetebeschikking.objects.filter(casus_id__in=casus_ids).exclude(pdf=""):
        beschikking.pdf.delete(save=False)
    Boetebeschikking.objects.filter(casus_id__in=casus_ids).update(beschikking_html="", pdf="", pdf_sha256="")
    Handhavingsprocedure.history.filter(casus_id__in=casus_ids).delete()
    Bezwaar.history.filter(casus_id__in=casus_ids).delete()
    Boetebeschikking.history.filter(casus_id__in=casus_ids).delete()
