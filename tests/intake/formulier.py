"""POST data from a form as the browser would send it back unchanged, with some fields changed."""

from __future__ import annotations

import datetime as dt
import re


def formdata(*forms, **wijzig) -> dict:
    """The values an unbound form shows, as POST data (checkboxes only when ticked); `wijzig` overrides."""
    data = {}
    for form in forms:
        for veld in form:
            waarde = veld.value()
            if isinstance(waarde, bool):
                if waarde:
                    data[veld.html_name] = "on"
                continue
            if waarde is None:
                waarde = ""
            elif isinstance(waarde, dt.date | dt.time):
                waarde = waarde.isoformat()
            data[veld.html_name] = waarde
    for naam, waarde in wijzig.items():
        if waarde is None:
            data.pop(naam, None)
        else:
            data[naam] = waarde
    return data


def verborgen_versie(html: str, naam: str = "versie") -> int | None:
    """The value of the hidden version field in rendered HTML (None when the page has none)."""
    m = re.search(rf'<input type="hidden" name="{re.escape(naam)}" value="(\d+)"', html)
    return int(m.group(1)) if m else None
