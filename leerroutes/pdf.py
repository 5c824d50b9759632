"""The Z-route certificate in two steps, the same machinery as the PIP beschikking.

`render_html(afronding) -> str` is called once, when the Z-route is completed; the HTML is
stored with the completion so the PDF task converts exactly what was decided. The PDF comes
from `pip.pdf.html_naar_pdf` (WeasyPrint, tagged PDF/UA-1, imported inside the function).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from pip.models import Briefpapier
from pip.pdf import _logo_data_uri, html_naar_pdf

from .models import ZrouteAfronding

__all__ = ["render_html", "html_naar_pdf"]


def certificaat_context(afronding: ZrouteAfronding) -> dict:
    casus = afronding.casus
    gemeente = casus.gemeente
    briefpapier = Briefpapier.objects.filter(gemeente=gemeente).first()
    return {
        "afronding": afronding,
        "casus": casus,
        "persoon": casus.inburgeraar,
        "gemeente": gemeente,
        "briefpapier": briefpapier,
        "logo": _logo_data_uri(briefpapier),
        "logo_alt": (briefpapier.logo_alt if briefpapier else "") or f"Logo gemeente {gemeente.naam}",
        "is_asiel": casus.is_asiel,
    }


def render_html(afronding: ZrouteAfronding) -> str:
    """The certificate as a complete HTML document (lang="nl", a title)."""
    with translation.override("nl"):
        return render_to_string("leerroutes/certificaat_zroute.html", certificaat_context(afronding))
