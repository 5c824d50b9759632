"""The boetebeschikking in two steps, with the PIP's machinery: `render_html(beschikking) -> str`, then
`pip.pdf.html_naar_pdf(html) -> bytes` (WeasyPrint, tagged PDF/UA-1) in a Celery task.

`render_html` is called once, when the fine is imposed; the HTML is stored with the beschikking so
that the PDF shows exactly what was decided. The letter uses the PIP beschikking's letterhead
(`pip.models.Briefpapier`), its print stylesheet and its helpers for the logo and the salutation.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from inburgering.regels import regel_int
from pip.models import Briefpapier
from pip.pdf import _aanhef, _logo_data_uri, html_naar_pdf

from . import rules
from .models import Betaalgegevens, Boetebeschikking

__all__ = ["beschikking_context", "render_html", "html_naar_pdf"]


def beschikking_context(beschikking: Boetebeschikking, *, briefpapier: Briefpapier | None = None) -> dict:
    procedure = beschikking.procedure
    casus = beschikking.casus
    gemeente = casus.gemeente
    if briefpapier is None:
        briefpapier = Briefpapier.objects.filter(gemeente=gemeente).first()
    op = beschikking.dagtekening
    return {
        "beschikking": beschikking,
        "procedure": procedure,
        "casus": casus,
        "persoon": casus.inburgeraar,
        "gemeente": gemeente,
        "briefpapier": briefpapier,
        "betaalgegevens": Betaalgegevens.objects.filter(gemeente=gemeente).first(),
        "logo": _logo_data_uri(briefpapier),
        "logo_alt": (briefpapier.logo_alt if briefpapier else "") or f"Logo gemeente {gemeente.naam}",
        "aanhef": _aanhef(casus.inburgeraar),
        "behandelaar": casus.consultant,
        "is_pip": procedure.soort == rules.PIP,
        "verwijtbaarheid": rules.VERWIJTBAARHEID_LABELS.get(procedure.verwijtbaarheid, ""),
        "bedrag": rules.euro(beschikking.bedrag),
        "berekend_bedrag": rules.euro(procedure.berekend_bedrag),
        "verlaagd": procedure.berekend_bedrag is not None and beschikking.bedrag < procedure.berekend_bedrag,
        "bezwaartermijn_weken": regel_int("bezwaartermijn_weken", op=op, gemeente=gemeente),
    }


def render_html(beschikking: Boetebeschikking, *, briefpapier: Briefpapier | None = None) -> str:
    """The boetebeschikking as a complete HTML document (lang="nl", a title: PDF/UA)."""
    with translation.override("nl"):
        return render_to_string(
            "handhaving/boetebeschikking.html", beschikking_context(beschikking, briefpapier=briefpapier)
        )
