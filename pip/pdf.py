"""The beschikking in two steps: `render_html(versie) -> str`, then `html_naar_pdf(html) -> bytes`.

`render_html` is called once, when the version is vastgesteld; its output is stored with the
version (`beschikking_html`) so that the PDF task converts exactly what was decided, however
the letterhead or the person's address change afterwards. WeasyPrint is imported inside
`html_naar_pdf` only (it is slow to import and only the worker needs it).
"""

from __future__ import annotations

import base64
import logging
import mimetypes

from django.template.loader import render_to_string
from django.utils import translation

from inburgering.regels import regel_int

from . import rules
from .models import Briefpapier, PipVersie

PDF_VARIANT = "pdf/ua-1"
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml"}


def _logo_data_uri(briefpapier: Briefpapier | None) -> str:
    """The logo inlined as a data: URI, so that the stored HTML is self-contained."""
    if briefpapier is None or not briefpapier.logo:
        return ""
    ext = briefpapier.logo.name.rsplit(".", 1)[-1].lower()
    mime = LOGO_TYPES.get(ext) or mimetypes.guess_type(briefpapier.logo.name)[0] or "application/octet-stream"
    try:
        with briefpapier.logo.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _aanhef(persoon) -> str:
    if persoon.geslacht == "M":
        return f"Geachte heer {' '.join(p for p in (persoon.tussenvoegsel, persoon.achternaam) if p)},"
    if persoon.geslacht == "V":
        return f"Geachte mevrouw {' '.join(p for p in (persoon.tussenvoegsel, persoon.achternaam) if p)},"
    return f"Geachte {persoon.volledige_naam},"


def beschikking_context(versie: PipVersie, *, briefpapier: Briefpapier | None = None) -> dict:
    casus = versie.casus
    gemeente = casus.gemeente
    if briefpapier is None:
        briefpapier = Briefpapier.objects.filter(gemeente=gemeente).first()
    op = versie.dagtekening
    return {
        "versie": versie,
        "casus": casus,
        "persoon": casus.inburgeraar,
        "gemeente": gemeente,
        "briefpapier": briefpapier,
        "logo": _logo_data_uri(briefpapier),
        "logo_alt": (briefpapier.logo_alt if briefpapier else "") or f"Logo gemeente {gemeente.naam}",
        "aanhef": _aanhef(casus.inburgeraar),
        "aanbod": rules.aanbod(casus.doelgroep, bijstand=versie.bijstand),
        "is_asiel": casus.doelgroep in rules.ASIEL,
        "bezwaartermijn_weken": regel_int("bezwaartermijn_weken", op=op, gemeente=gemeente),
        "ontzorgen_min_maanden": regel_int("ontzorgen_min_maanden", op=op, gemeente=gemeente),
        "eerste": versie.reden == rules.EERSTE,
        "geen_map": versie.leerroute == rules.ONDERWIJSROUTE,
        "behandelaar": casus.consultant,
    }


def render_html(versie: PipVersie, *, briefpapier: Briefpapier | None = None) -> str:
    """The beschikking of a (being) vastgestelde version as a complete HTML document."""
    with translation.override("nl"):
        return render_to_string("pip/beschikking.html", beschikking_context(versie, briefpapier=briefpapier))


def html_naar_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1 from the stored HTML. Only data: URIs are fetched (the logo)."""
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per step and page otherwise
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)
