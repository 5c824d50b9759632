"""The client of DUO's raadpleging and melding APIs (duo-m2m/API/*/openapi.yml).

All APIs share the base path `https://{DUO host:port}/v1` (README: "Basis pad URI");
`DUO_API_URL` is that base. Every request carries the headers `bron` (the gemeente's OIN),
`doel` (DUO's OIN) and a fresh `berichtId` (a melding keeps the berichtId of its outbox row on
every attempt, so that DUO can recognise a repeat). In production the connection is mutual
TLS with the gemeente's PKIoverheid certificate (`DUO_CLIENT_CERT`, `DUO_CLIENT_KEY`,
`DUO_CA_BUNDLE`); the simulator (`manage.py duo_sim`) speaks plain HTTP.

Meldingen are never sent from a request: they go through the outbox (`duo.services`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings

from . import rules


@dataclass(frozen=True)
class Operatie:
    operation_id: str
    api: str  # folder in duo-m2m/API
    methode: str
    pad: str  # path template of the spec
    melding: bool = False  # a change at DUO: sent through the outbox


OPERATIES: dict[str, Operatie] = {
    o.operation_id: o
    for o in (
        # Inburgeringsplicht (SDI005)
        Operatie("getInburgeringsplichtByBsn", "Inburgeringsplicht", "GET", "/personen/{bsn}/inburgeringsplicht"),
        Operatie("getDoelgroepByBsn", "Inburgeringsplicht", "GET", "/personen/{bsn}/doelgroep"),
        # Leerbaarheidstoets (SDI006)
        Operatie("getExamennummerByBsn", "Leerbaarheidstoets", "GET", "/personen/{bsn}/lbt/examennummer"),
        Operatie("getLbtResultatenByBsn", "Leerbaarheidstoets", "GET", "/personen/{bsn}/lbt/resultaten"),
        Operatie("deleteExamennummerByBsn", "Leerbaarheidstoets", "DELETE", "/personen/{bsn}/lbt/examennummer", True),
        # Inburgeringstermijn (SDI007)
        Operatie("getInburgeringstermijnByBsn", "Inburgeringstermijn", "GET", "/personen/{bsn}/inburgeringstermijn"),
        # PIP (SDI014)
        Operatie("getPipByBsn", "PIP", "GET", "/personen/{bsn}/PIP"),
        Operatie("postPipByBsn", "PIP", "POST", "/personen/{bsn}/PIP", True),
        # Contactpersoon (SDI014)
        Operatie("createContactpersoon", "Contactpersoon", "POST", "/contactpersonen", True),
        Operatie("updateContactpersoonById", "Contactpersoon", "PUT", "/contactpersonen/{id}", True),
        Operatie("postContactpersoonByBsn", "Contactpersoon", "POST", "/contactpersonen/{id}/personen/{bsn}", True),
        # Inburgeringsaanbod (SDI014)
        Operatie("getInstellingen", "Inburgeringsaanbod", "GET", "/instellingen"),
        Operatie(
            "postInburgeringsaanbodByBsnAndInstellingsnummer",
            "Inburgeringsaanbod",
            "POST",
            "/personen/{bsn}/Inburgeringsaanbod/{instellingsnummer}",
            True,
        ),
        # MAP, PVT, Z-route (SDI016)
        Operatie("getMapByBsn", "MAP_PVT_Zroute", "GET", "/personen/{bsn}/map"),
        Operatie("updateMapByBsn", "MAP_PVT_Zroute", "PUT", "/personen/{bsn}/map", True),
        Operatie("getPvtByBsn", "MAP_PVT_Zroute", "GET", "/personen/{bsn}/pvt"),
        Operatie("updatePvtByBsn", "MAP_PVT_Zroute", "PUT", "/personen/{bsn}/pvt", True),
        Operatie("updateZrouteByBsn", "MAP_PVT_Zroute", "PUT", "/personen/{bsn}/zroute", True),
        # Gevolgde uren (SDI016)
        Operatie("getGevolgdeUrenByBsn", "GevolgdeUren", "GET", "/personen/{bsn}/uren"),
        Operatie(
            "updateUrenTaallesEnKnmByBSN", "GevolgdeUren", "PUT", "/personen/{bsn}/uren/bredeintake/taallesknm", True
        ),
        Operatie(
            "updateUrenParticipatieAlsTaallesByBsn",
            "GevolgdeUren",
            "PUT",
            "/personen/{bsn}/uren/participatietaalles",
            True,
        ),
        Operatie(
            "updateUrenParticipatieactiviteiten",
            "GevolgdeUren",
            "PUT",
            "/personen/{bsn}/uren/participatieactiviteiten",
            True,
        ),
        # Examen (SDI017)
        Operatie("getExamenresultatenByBsn", "Examen", "GET", "/personen/{bsn}/examens/resultaten"),
        Operatie("getGratisPogingenTegoedByBsn", "Examen", "GET", "/personen/{bsn}/examens/gratispogingen"),
    )
}
UREN_OPERATIE = {
    rules.UREN_BREDE_INTAKE: "updateUrenTaallesEnKnmByBSN",
    rules.UREN_TAALLES: "updateUrenParticipatieAlsTaallesByBsn",
    rules.UREN_PARTICIPATIE: "updateUrenParticipatieactiviteiten",
}


class DuoFout(Exception):
    """Something went wrong talking to DUO."""


class DuoOnbereikbaar(DuoFout):
    """A technical failure (no connection, time-out, 5xx, 401): try again later."""


class DuoGeweigerd(DuoFout):
    """DUO refused the request (400, 403 with its reasons)."""

    def __init__(self, status: int, fouten: list[str]):
        self.status, self.fouten = status, fouten
        super().__init__(f"DUO weigerde het verzoek (HTTP {status})" + (": " + "; ".join(fouten) if fouten else ""))


class GeenKoppeling(DuoFout):
    """The gemeente cannot talk to DUO (no OIN of 20 characters configured)."""


@dataclass
class Antwoord:
    status: int
    data: Any
    bericht_id: str
    headers: dict = field(default_factory=dict)

    @property
    def afhandeling(self) -> str:
        return rules.afhandeling(self.status)

    @property
    def fouten(self) -> list[str]:
        return rules.fout_teksten(self.data)


class DuoClient:
    def __init__(
        self,
        *,
        basis_url: str,
        bron: str,
        doel: str,
        timeout: float = 10.0,
        cert=None,
        verify=True,
        session: requests.Session | None = None,
    ):
        self.basis_url = basis_url.rstrip("/")
        self.bron, self.doel = bron, doel
        self.timeout, self.cert, self.verify = timeout, cert, verify
        self.session = session or requests.Session()

    def url(self, operatie: Operatie, *, bsn: str | None = None, params: dict | None = None) -> str:
        waarden = {k: quote(str(v), safe="") for k, v in (params or {}).items()}
        if "{bsn}" in operatie.pad:
            if not bsn:
                raise ValueError(f"{operatie.operation_id} vraagt een BSN")
            waarden["bsn"] = quote(bsn, safe="")
        return self.basis_url + operatie.pad.format(**waarden)

    def verzoek(
        self,
        operatie_id: str,
        *,
        bsn: str | None = None,
        params: dict | None = None,
        body: Any = None,
        bericht_id: str | None = None,
    ) -> Antwoord:
        """Send one request; raises DuoOnbereikbaar when there is no answer at all."""
        operatie = OPERATIES[operatie_id]
        bericht_id = bericht_id or str(uuid.uuid4())
        headers = {"bron": self.bron, "doel": self.doel, "berichtId": bericht_id, "Accept": "application/json"}
        try:
            response = self.session.request(
                operatie.methode,
                self.url(operatie, bsn=bsn, params=params),
                headers=headers,
                json=body if body is not None else None,
                timeout=self.timeout,
                cert=self.cert,
                verify=self.verify,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise DuoOnbereikbaar(f"DUO is niet bereikbaar ({exc.__class__.__name__}).") from exc
        data = None
        if response.content:
            try:
                data = response.json()
            except ValueError:
                data = None
        return Antwoord(response.status_code, data, bericht_id, dict(response.headers))

    def raadplegen(self, operatie_id: str, *, bsn: str | None = None, params: dict | None = None):
        """A raadpleging: the answer's data; None when DUO does not know it (404)."""
        antwoord = self.verzoek(operatie_id, bsn=bsn, params=params)
        if antwoord.status == 404:
            return None
        if antwoord.afhandeling == rules.OPNIEUW:
            raise DuoOnbereikbaar(f"DUO antwoordde met HTTP {antwoord.status}.")
        if antwoord.afhandeling == rules.GEWEIGERD:
            raise DuoGeweigerd(antwoord.status, antwoord.fouten)
        return antwoord.data


def koppeling_fout(gemeente) -> str | None:
    """Why `gemeente` cannot talk to DUO (no OIN of 20 characters), or None."""
    oin = (getattr(gemeente, "oin", "") or "").strip()
    if len(oin) != 20:
        return (
            f"Gemeente {gemeente} heeft geen OIN van 20 tekens; de functioneel beheerder vult het in bij de gemeente."
        )
    return None


def client_voor(gemeente, **kwargs) -> DuoClient:
    """A client that speaks for `gemeente` (its OIN is the `bron`), configured from the settings."""
    fout = koppeling_fout(gemeente)
    if fout:
        raise GeenKoppeling(fout)
    oin = gemeente.oin.strip()
    cert = None
    if settings.DUO_CLIENT_CERT:
        cert = (
            (settings.DUO_CLIENT_CERT, settings.DUO_CLIENT_KEY) if settings.DUO_CLIENT_KEY else settings.DUO_CLIENT_CERT
        )
    return DuoClient(
        basis_url=settings.DUO_API_URL,
        bron=oin,
        doel=settings.DUO_OIN,
        timeout=settings.DUO_TIMEOUT_SECONDS,
        cert=cert,
        verify=settings.DUO_CA_BUNDLE or True,
        **kwargs,
    )
