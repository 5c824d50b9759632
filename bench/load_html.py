"""Reading the application's pages in the load test (bench/locustfile.py): form fields, case links, errors.

Standard library only, so that it is quick and testable without a server.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CASUS_LINK = re.compile(r'href="/casussen/(\d+)/"')
PAGINA_LINK = re.compile(r"[?&](?:amp;)?page=(\d+)")
GEMASKEERD_BSN = re.compile(r"\*{5}(\d{4})")


class _Formulieren(HTMLParser):
    """Every <form>: its method, action and the values a browser would submit (first submit button excluded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formulieren: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_eerste: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "velden": {}}
            self.formulieren.append(self._form)
            return
        if self._form is None:
            return
        velden = self._form["velden"]
        naam = a.get("name")
        if tag == "input" and naam:
            soort = (a.get("type") or "text").lower()
            if soort in ("submit", "button", "image", "file", "reset"):
                return
            if soort in ("checkbox", "radio") and "checked" not in a:
                return
            velden[naam] = a.get("value") or ("on" if soort == "checkbox" else "")
        elif tag == "select" and naam:
            self._select, self._select_eerste = naam, None
            velden.setdefault(naam, "")
        elif tag == "option" and self._select:
            waarde = a.get("value") or ""
            if self._select_eerste is None:
                self._select_eerste = waarde
                velden[self._select] = waarde
            if "selected" in a:
                velden[self._select] = waarde
        elif tag == "textarea" and naam:
            self._textarea = naam
            velden[naam] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["velden"][self._textarea] += data


def post_formulier(html: str) -> dict[str, str] | None:
    """The fields of the page's main POST form (the one with the most fields), or None."""
    parser = _Formulieren()
    parser.feed(html)
    kandidaten = [f for f in parser.formulieren if f["method"] == "post"]
    if not kandidaten:
        return None
    return dict(max(kandidaten, key=lambda f: len(f["velden"]))["velden"])


def csrf_token(html: str) -> str | None:
    velden = post_formulier(html)
    return velden.get("csrfmiddlewaretoken") if velden else None


def casus_ids(html: str) -> list[int]:
    """The cases linked on a page, in page order, without repeats."""
    return list(dict.fromkeys(int(pk) for pk in CASUS_LINK.findall(html)))


def laatste_pagina(html: str) -> int:
    return max((int(n) for n in PAGINA_LINK.findall(html)), default=1)


def bsn_eindcijfers(html: str) -> list[str]:
    """The last four BSN digits shown in a list (`*****1234`)."""
    return GEMASKEERD_BSN.findall(html)


def foutmelding(html: str) -> str | None:
    """The text of the page's error summary ("Er is een probleem"), or None when there is none."""
    gevonden = html.find('class="app-error-summary"')
    if gevonden < 0:
        return None
    stuk = html[html.rfind("<", 0, gevonden) :][:2000]
    eind = stuk.find("</ul>")
    tekst = re.sub(r"<[^>]+>", " ", stuk[: eind if eind > 0 else None])
    return " ".join(tekst.split())
