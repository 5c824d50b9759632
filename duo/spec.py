"""DUO's published OpenAPI specifications, read at run time from `../shared/duo-m2m`.

The folder is reference data of the whole chain, never copied into this repository. It is
found at `DUO_SPECS_DIR` (environment / settings; default `<repository>/../shared/duo-m2m`).
Where it is absent, `beschikbaar()` is False: the contract tests skip with that reason and the
simulator serves without validating requests against the specs.
"""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path

import yaml
from django.conf import settings

# The API folders of `duo-m2m/API` this product talks to (and the Notificatie API it serves).
APIS = (
    "Notificatie",
    "Inburgeringsplicht",
    "Leerbaarheidstoets",
    "Inburgeringstermijn",
    "PIP",
    "Contactpersoon",
    "Inburgeringsaanbod",
    "MAP_PVT_Zroute",
    "GevolgdeUren",
    "Examen",
)

# Unicode property escapes (ECMA/Java) that Python's `re` lacks, and an equivalent for use
# inside a character class. Contactpersoon's `naam` pattern is the only one that uses them;
# it is unanchored with {0,100}, so it accepts every string either way.
_PROPERTY_ESCAPES = {
    r"\p{L}": r"\w",  # letters: \w (letters, digits, _) is a superset usable inside a class
    r"\p{Pd}": r"\-\u2010-\u2015\u2E17\u2E1A\u2E3A\u2E3B\u2E40\u301C\u3030\u30A0\uFE31\uFE32\uFE58\uFE63\uFF0D",
}


def specs_dir() -> Path:
    return Path(os.environ.get("DUO_SPECS_DIR") or getattr(settings, "DUO_SPECS_DIR", "") or _default_dir())


def _default_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "duo-m2m"


def beschikbaar() -> bool:
    return (specs_dir() / "API").is_dir()


def reden_afwezig() -> str:
    return (
        f"DUO's specificaties ontbreken: {specs_dir()} bestaat niet "
        "(zet DUO_SPECS_DIR naar een map met duo-m2m/API/*/openapi.yml)"
    )


def pad(api: str) -> Path:
    return specs_dir() / "API" / api / "openapi.yml"


def _herschrijf_patronen(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str) and r"\p{" in value:
                for escape, vervanging in _PROPERTY_ESCAPES.items():
                    value = value.replace(escape, vervanging)
                node[key] = value
            else:
                _herschrijf_patronen(value)
    elif isinstance(node, list):
        for item in node:
            _herschrijf_patronen(item)
    return node


@functools.cache
def _dict(api: str, map_: str) -> dict:
    return yaml.safe_load(Path(map_, "API", api, "openapi.yml").read_text(encoding="utf-8"))


def spec_dict(api: str) -> dict:
    """The specification of `api` as a dict (a copy), patterns made readable for Python's `re`."""
    return _herschrijf_patronen(copy.deepcopy(_dict(api, str(specs_dir()))))


def versie(api: str) -> str | None:
    """`info.version` of the API's specification, or None when the specs are absent."""
    if not pad(api).is_file():
        return None
    return str(_dict(api, str(specs_dir()))["info"]["version"])


@functools.cache
def _openapi(api: str, map_: str):
    from openapi_core import OpenAPI

    return OpenAPI.from_dict(spec_dict(api))


def openapi(api: str):
    """An `openapi_core.OpenAPI` for `api` (validates requests and responses)."""
    return _openapi(api, str(specs_dir()))


def operaties(api: str) -> dict[str, tuple[str, str]]:
    """{operationId: (METHOD, path)} of `api`."""
    result = {}
    for path, ops in spec_dict(api)["paths"].items():
        for method, op in ops.items():
            if isinstance(op, dict) and "operationId" in op:
                result[op["operationId"]] = (method.upper(), path)
    return result
