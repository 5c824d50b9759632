"""The DUO simulator: state from fixtures, request handling, DUO's rules, notifications out."""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import re
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from dateutil.relativedelta import relativedelta
from django.conf import settings

from pip import rules as pip_rules

from .. import rules, spec
from ..client import OPERATIES, Operatie

logger = logging.getLogger(__name__)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "duo.json"
BASIS = "/v1"
# API versions when the specifications are absent (info.version of duo-m2m at the time of writing).
VERSIES = {
    "Inburgeringsplicht": "1.2.2",
    "Leerbaarheidstoets": "1.2.0",
    "Inburgeringstermijn": "1.0.0",
    "PIP": "1.2.0",
    "Contactpersoon": "1.0.0",
    "Inburgeringsaanbod": "1.2.0",
    "MAP_PVT_Zroute": "1.0.0",
    "GevolgdeUren": "1.0.0",
    "Examen": "1.0.0",
    "Notificatie": "1.8.0",
}
# The demo OINs of `manage.py duo_demo`: 0000000100 + the 4-digit gemeentecode + 000000.
DEMO_OIN = re.compile(r"^0000000100(\d{4})000000$")
LEERROUTE_PRODUCT = {"B": pip_rules.B1_ROUTE, "O": pip_rules.ONDERWIJSROUTE, "Z": pip_rules.Z_ROUTE}
DOELGROEP_PRODUCT = {
    "Asielstatushouder": pip_rules.ASIELSTATUSHOUDER,
    "Gezinsmigrant en overige migrant": "gezinsmigrant",
}


def demo_oin(gemeentecode: str) -> str:
    return f"0000000100{gemeentecode}000000"


@dataclass
class SimAntwoord:
    status: int
    body: object = None  # JSON-serialisable, or None for no body
    headers: dict = field(default_factory=dict)

    @property
    def inhoud(self) -> bytes:
        return json.dumps(self.body).encode() if self.body is not None else b""


@dataclass
class Uitwisseling:
    """One request the simulator received and its answer (for tests and `GET /_sim/verzoeken`)."""

    methode: str
    pad: str
    headers: dict
    body: bytes
    operatie: str | None
    antwoord: SimAntwoord
    herhaling: bool = False


def _fout(*teksten: str) -> list[dict]:
    return [{"fouttekst": t[:200]} for t in teksten][:20]


class DuoSimulator:
    def __init__(
        self,
        *,
        fixtures: Path | str | dict | None = None,
        duo_oin: str | None = None,
        valideren: bool = True,
        product_url: str | None = None,
        product_token: str | None = None,
        vandaag=None,
        iedereen_bekend: bool = False,
    ):
        data = fixtures if isinstance(fixtures, dict) else json.loads(Path(fixtures or FIXTURES).read_text("utf-8"))
        data = copy.deepcopy(data)
        self.lock = threading.RLock()
        self.duo_oin = duo_oin or settings.DUO_OIN
        self.personen: dict[str, dict] = {p["bsn"]: p for p in data.get("personen", [])}
        self.instellingen: list[dict] = data.get("instellingen", [])
        self.gemeenten: dict[str, str] = data.get("gemeenten", {})
        self.contactpersonen: dict[int, dict] = {}
        self.koppelingen: dict[str, int] = {}
        self.verwerkt: dict[str, SimAntwoord] = {}
        self.verzoeken: list[Uitwisseling] = []
        self.storing = False
        self.valideren = valideren and spec.beschikbaar()
        self.product_url = product_url
        self.product_token = product_token
        self._vandaag = vandaag
        self.iedereen_bekend = iedereen_bekend  # demo: an unknown BSN is a new inburgeringsplichtige
        self.routes = [(self._regex(o.pad), o) for o in OPERATIES.values()]

    # --- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _regex(pad: str):
        return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pad) + "$")

    def vandaag(self) -> dt.date:
        return self._vandaag() if callable(self._vandaag) else (self._vandaag or dt.date.today())

    def gemeentecode(self, oin: str) -> str:
        if oin in self.gemeenten:
            return self.gemeenten[oin]
        match = DEMO_OIN.match(oin or "")
        return match.group(1) if match else "0000"

    def versie(self, api: str) -> str:
        return spec.versie(api) or VERSIES[api]

    def persoon_toevoegen(self, persoon: dict) -> None:
        with self.lock:
            self.personen[persoon["bsn"]] = copy.deepcopy(persoon)

    def uitwisselingen(self, operatie: str | None = None) -> list[Uitwisseling]:
        return [u for u in self.verzoeken if operatie is None or u.operatie == operatie]

    # --- the WSGI application -----------------------------------------------------------

    def __call__(self, environ, start_response):
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        lengte = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(lengte) if lengte else b""
        antwoord = self.afhandelen(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), headers, body)
        uit = [(k, str(v)) for k, v in antwoord.headers.items()]
        if antwoord.body is not None:
            uit.append(("Content-Type", "application/json"))
        start_response(f"{antwoord.status} {HTTPStatus(antwoord.status).phrase}", uit)
        return [antwoord.inhoud]

    def afhandelen(self, methode: str, pad: str, headers: dict, body: bytes) -> SimAntwoord:
        headers = {k.lower(): v for k, v in headers.items()}
        if pad.startswith("/_sim/"):
            return self._besturing(methode, pad, body)
        with self.lock:
            operatie, params = self._route(methode, pad)
            antwoord, herhaling = self._beantwoorden(methode, pad, headers, body, operatie, params)
            if operatie is not None:
                antwoord.headers.setdefault("API-Version", self.versie(operatie.api))
            self.verzoeken.append(
                Uitwisseling(
                    methode, pad, headers, body, operatie.operation_id if operatie else None, antwoord, herhaling
                )
            )
            return antwoord

    def _route(self, methode: str, pad: str) -> tuple[Operatie | None, dict]:
        if not pad.startswith(BASIS + "/"):
            return None, {}
        rest = pad[len(BASIS) :]
        for regex, operatie in self.routes:
            match = regex.match(rest)
            if match and operatie.methode == methode.upper():
                return operatie, match.groupdict()
        return None, {}

    def _beantwoorden(self, methode, pad, headers, body, operatie, params) -> tuple[SimAntwoord, bool]:
        if self.storing:
            return SimAntwoord(503), False
        if operatie is None:
            return SimAntwoord(404), False
        bericht_id = headers.get("berichtid", "")
        fouten = rules.header_fouten(bron=headers.get("bron"), doel=headers.get("doel"), bericht_id=bericht_id)
        if fouten or not self._geldig_volgens_spec(operatie, methode, pad, headers, body):
            return SimAntwoord(400), False
        if headers["doel"] != self.duo_oin:
            return SimAntwoord(403), False
        if operatie.melding and bericht_id.lower() in self.verwerkt:  # the same message again: the same answer
            vorig = self.verwerkt[bericht_id.lower()]
            return SimAntwoord(vorig.status, copy.deepcopy(vorig.body)), True
        try:
            data = json.loads(body) if body else None
        except ValueError:
            return SimAntwoord(400), False
        antwoord = getattr(self, "_" + operatie.operation_id)(
            bron=headers["bron"], data=data, **{k: v for k, v in params.items()}
        )
        if operatie.melding:
            self.verwerkt[bericht_id.lower()] = SimAntwoord(antwoord.status, copy.deepcopy(antwoord.body))
        return antwoord, False

    def _geldig_volgens_spec(self, operatie, methode, pad, headers, body) -> bool:
        if not self.valideren:
            return True
        from openapi_core.testing import MockRequest

        request = MockRequest(
            "http://duo.simulator",
            methode.lower(),
            pad[len(BASIS) :],
            headers=headers,
            data=body or None,
            content_type=headers.get("content-type", "application/json").split(";")[0],
        )
        try:
            spec.openapi(operatie.api).validate_request(request)
        except Exception as exc:  # openapi-core raises a validation error per problem
            logger.info(
                "DUO-simulator: %s %s voldoet niet aan de specificatie: %s", methode, operatie.operation_id, exc
            )
            return False
        return True

    # --- control endpoints ----------------------------------------------------------------

    def _besturing(self, methode: str, pad: str, body: bytes) -> SimAntwoord:
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            return SimAntwoord(400, {"fout": "geen JSON"})
        if pad == "/_sim/storing" and methode == "POST":
            self.storing = bool(data.get("aan", True))
            return SimAntwoord(200, {"storing": self.storing})
        if pad == "/_sim/notificaties" and methode == "POST":
            try:
                response = self.notificatie_sturen(
                    bsn=data["bsn"],
                    gebeurtenis_id=data["gebeurtenisId"],
                    doel=data["doel"],
                    v_nummer=data.get("vNummer"),
                )
            except Exception as exc:
                return SimAntwoord(502, {"fout": f"{exc.__class__.__name__}: {exc}"})
            return SimAntwoord(200, {"status": response.status_code})
        if pad == "/_sim/verzoeken" and methode == "GET":
            return SimAntwoord(
                200,
                [
                    {
                        "methode": u.methode,
                        "operatie": u.operatie,
                        "status": u.antwoord.status,
                        "herhaling": u.herhaling,
                    }
                    for u in self.verzoeken
                ],
            )
        return SimAntwoord(404)

    # --- notifications to the product ------------------------------------------------------

    def notificatie(
        self,
        *,
        bsn: str | None,
        gebeurtenis_id: str,
        doel: str,
        v_nummer: int | None = None,
        registratie: dt.datetime | None = None,
        bericht_id: str | None = None,
    ) -> tuple[dict, dict]:
        """(headers, body) of a notification as DUO posts it (Notificatie API)."""
        registratie = registratie or dt.datetime.now(dt.UTC).replace(microsecond=0)
        body = {"registratieDatumTijd": registratie.isoformat(), "gebeurtenisId": gebeurtenis_id}
        if bsn:
            body["bsn"] = bsn
        if v_nummer is not None:
            body["vNummer"] = v_nummer
        headers = {"bron": self.duo_oin, "doel": doel, "berichtId": bericht_id or str(uuid.uuid4())}
        if self.product_token:
            headers["Authorization"] = f"Bearer {self.product_token}"
        return headers, body

    def notificatie_sturen(self, *, url: str | None = None, **kwargs):
        import requests

        headers, body = self.notificatie(**kwargs)
        doel_url = (url or self.product_url or "").rstrip("/") + "/notificaties"
        return requests.post(doel_url, json=body, headers=headers, timeout=10)

    def _later_notificeren(self, **kwargs) -> None:
        if not self.product_url:
            return

        def sturen():
            try:
                self.notificatie_sturen(**kwargs)
            except Exception as exc:
                logger.warning("DUO-simulator: notificatie niet afgeleverd: %s", exc)

        threading.Timer(0.5, sturen).start()

    # --- DUO's answers ----------------------------------------------------------------------

    def _persoon(self, bsn):
        if bsn not in self.personen and self.iedereen_bekend and bsn.isdigit() and len(bsn) == 9:
            self.personen[bsn] = {
                "bsn": bsn,
                "inburgeringsplicht": {
                    "indicatorInburgeringsplicht": True,
                    "begindatum": "2022-01-01",
                    "datumKennisgevingInburgeringsplicht": "2022-01-01",
                },
                "doelgroep": {
                    "indeling": "Asielstatushouder",
                    "begindatum": "2022-01-01",
                    "gedetailleerdeDoelgroep": "Asielstatushouder",
                },
                "lbt": {"examennummer": f"LBT{bsn}", "resultaten": []},
            }
        return self.personen.get(bsn)

    def _raadpleging(self, bsn, sleutel, leeg=None):
        persoon = self._persoon(bsn)
        if persoon is None:
            return SimAntwoord(404)
        waarde = persoon.get(sleutel, leeg)
        return SimAntwoord(404) if waarde is None else SimAntwoord(200, copy.deepcopy(waarde))

    def _getInburgeringsplichtByBsn(self, *, bron, data, bsn):
        return self._raadpleging(bsn, "inburgeringsplicht")

    def _getDoelgroepByBsn(self, *, bron, data, bsn):
        return self._raadpleging(bsn, "doelgroep")

    def _getExamennummerByBsn(self, *, bron, data, bsn):
        persoon = self._persoon(bsn)
        nummer = (persoon or {}).get("lbt", {}).get("examennummer")
        return SimAntwoord(200, {"examennummer": nummer}) if nummer else SimAntwoord(404)

    def _deleteExamennummerByBsn(self, *, bron, data, bsn):
        persoon = self._persoon(bsn)
        if not persoon or not persoon.get("lbt", {}).get("examennummer"):
            return SimAntwoord(404)
        persoon["lbt"]["examennummer"] = None
        persoon["lbt"]["overgeslagen"] = True
        return SimAntwoord(200)

    def _getLbtResultatenByBsn(self, *, bron, data, bsn):
        persoon = self._persoon(bsn)
        return SimAntwoord(404) if persoon is None else SimAntwoord(200, persoon.get("lbt", {}).get("resultaten", []))

    def _getInburgeringstermijnByBsn(self, *, bron, data, bsn):
        return self._raadpleging(bsn, "termijn")

    def _getPipByBsn(self, *, bron, data, bsn):
        return self._raadpleging(bsn, "pip")

    def _getExamenresultatenByBsn(self, *, bron, data, bsn):
        return self._raadpleging(bsn, "examens", [])

    def _getGratisPogingenTegoedByBsn(self, *, bron, data, bsn):
        return self._raadpleging(bsn, "gratispogingen", [])

    def _getInstellingen(self, *, bron, data):
        return SimAntwoord(200, copy.deepcopy(self.instellingen))

    def _termijn(self, persoon) -> tuple[dt.date | None, dt.date | None]:
        termijn = persoon.get("termijn") or {}
        return rules.datum(termijn.get("startdatum")), rules.laatste_dag(rules.datum(termijn.get("einddatum")))

    def _relevant(self, persoon, bron) -> bool:
        """README: the person must be relevant for the gemeente (when the fixture lists gemeenten)."""
        gemeenten = persoon.get("gemeenten")
        return not gemeenten or self.gemeentecode(bron) in gemeenten

    def _postPipByBsn(self, *, bron, data, bsn):
        persoon = self._persoon(bsn)
        if persoon is None:
            return SimAntwoord(404)
        if not self._relevant(persoon, bron):
            return SimAntwoord(403, _fout("De persoon is niet relevant voor uw gemeente."))
        plicht = persoon.get("inburgeringsplicht") or {}
        if not plicht.get("indicatorInburgeringsplicht"):
            return SimAntwoord(403, _fout("De persoon is niet inburgeringsplichtig."))
        code = self.gemeentecode(bron)
        dagtekening = rules.datum(data["dagtekeningPip"])
        huidige = persoon.get("pip")
        vestiging = rules.datum((persoon.get("vestigingen") or {}).get(code))
        fouten = rules.pip_fouten(
            dagtekening=dagtekening,
            leerroute=LEERROUTE_PRODUCT[data["leerroute"]],
            niveau=data.get("niveau", ""),
            doelgroep=DOELGROEP_PRODUCT.get((persoon.get("doelgroep") or {}).get("indeling"), "overige_migrant"),
            geschatte_intensiteit_b1=data.get("geschatteIntensiteitB1Route"),
            eerste_pip=not huidige and not persoon.get("eerder_pip"),
            start_plicht=rules.datum(plicht.get("begindatum")),
            vestigingsdatum=vestiging or dagtekening,
            vorige_dagtekening=rules.datum(huidige["pip"]["dagtekeningPip"]) if huidige else None,
        )
        if fouten:
            return SimAntwoord(403, _fout(*fouten))
        pip = dict(data)
        if "niveau" not in pip and pip["leerroute"] in ("B", "O"):
            pip["niveau"] = "B1"  # README: without a niveau DUO sets B1 for the B1- and onderwijsroute
        persoon["pip"] = {"gemeentecode": code, "pip": pip}
        if not persoon.get("termijn"):
            start = dagtekening + dt.timedelta(days=1)
            persoon["termijn"] = {
                "startdatum": start.isoformat(),
                "einddatum": (start + relativedelta(years=3)).isoformat(),
                "wijzigingsdatum": self.vandaag().isoformat(),
            }
            self._later_notificeren(bsn=bsn, gebeurtenis_id="SS102", doel=bron)
        return SimAntwoord(201)

    def _createContactpersoon(self, *, bron, data):
        fouten = rules.contactpersoon_fouten(naam=data["naam"], email=data["email"], telefoon=data["telefoonnummer"])
        if fouten:
            return SimAntwoord(403, _fout(*fouten))
        nieuw_id = max(self.contactpersonen, default=0) + 1
        self.contactpersonen[nieuw_id] = {"gegevens": data, "bron": bron}
        return SimAntwoord(201, {"id": nieuw_id, "contactpersoongegevens": data})

    def _updateContactpersoonById(self, *, bron, data, id):
        contact = self.contactpersonen.get(int(id))
        if contact is None or contact["bron"] != bron:
            return SimAntwoord(404)
        fouten = rules.contactpersoon_fouten(naam=data["naam"], email=data["email"], telefoon=data["telefoonnummer"])
        if fouten:
            return SimAntwoord(403, _fout(*fouten))
        contact["gegevens"] = data
        return SimAntwoord(200)

    def _postContactpersoonByBsn(self, *, bron, data, id, bsn):
        if int(id) not in self.contactpersonen or self._persoon(bsn) is None:
            return SimAntwoord(404)
        self.koppelingen[bsn] = int(id)  # an existing link to another contactpersoon is overwritten
        return SimAntwoord(201)

    def _postInburgeringsaanbodByBsnAndInstellingsnummer(self, *, bron, data, bsn, instellingsnummer):
        persoon = self._persoon(bsn)
        if persoon is None:
            return SimAntwoord(404)
        instelling = next((i for i in self.instellingen if i["instellingsnummer"] == instellingsnummer), None)
        pip = (persoon.get("pip") or {}).get("pip") or {}
        start, eind = self._termijn(persoon)
        fouten = rules.aanbod_fouten(
            doelgroep=DOELGROEP_PRODUCT.get((persoon.get("doelgroep") or {}).get("indeling"), "overige_migrant"),
            pip_dagtekening=rules.datum(pip.get("dagtekeningPip")),
            leerroute=LEERROUTE_PRODUCT.get(pip.get("leerroute")),
            instelling_bekend=instelling is not None,
            bow_keurmerk=bool(instelling and instelling.get("indicatieBowKeurmerk")),
            tst_keurmerk=bool(instelling and instelling.get("indicatieTstKeurmerk")),
            datum_aanbod=rules.datum(data.get("datumInburgeringsaanbod")),
            start=rules.datum(data.get("verwachteStartdatumOpleiding")),
            einde=rules.datum(data.get("verwachteEinddatumOpleiding")),
            termijn_start=start,
            termijn_eind=eind,
        )
        if fouten:
            return SimAntwoord(403, _fout(*fouten))
        persoon.setdefault("aanbod", {})[instellingsnummer] = data
        return SimAntwoord(201)

    def _map_pvt(self, onderdeel, sleutel, veld, *, bron, data, bsn):
        persoon = self._persoon(bsn)
        if persoon is None:
            return SimAntwoord(404)
        huidig = persoon.get(sleutel)
        pip = persoon.get("pip") or {}
        start, eind = self._termijn(persoon)
        zroute = rules.datum((persoon.get("zroute") or {}).get("datumAfrondingZroute"))
        data = data or {}
        fouten = rules.map_pvt_fouten(
            onderdeel=onderdeel,
            datum=rules.datum(data.get(veld)),
            verwijtbaar=data.get("verwijtbaar"),
            vandaag=self.vandaag(),
            termijn_start=start,
            termijn_eind=eind,
            zroute_afgerond_op=zroute,
            actuele_pip_eigen_gemeente=pip.get("gemeentecode") == self.gemeentecode(bron),
            eerder_door_gemeente=bool(huidig and huidig.get("bron") == bron),
            bij_duo_van_ander=bool(huidig and huidig.get("bron") != bron),
            plicht_voldaan_via_zroute=bool(persoon.get("plicht_voldaan_zroute")),
        )
        if fouten:
            return SimAntwoord(403, _fout(*fouten))
        persoon[sleutel] = {**data, "bron": bron} if data.get(veld) else None
        return SimAntwoord(200)

    def _getMapByBsn(self, *, bron, data, bsn):
        waarde = (self._persoon(bsn) or {}).get("map")
        return SimAntwoord(200, {"datumEindgesprekMap": waarde["datumEindgesprekMap"]}) if waarde else SimAntwoord(404)

    def _getPvtByBsn(self, *, bron, data, bsn):
        waarde = (self._persoon(bsn) or {}).get("pvt")
        return (
            SimAntwoord(200, {"datumOndertekeningPvt": waarde["datumOndertekeningPvt"]}) if waarde else SimAntwoord(404)
        )

    def _updateMapByBsn(self, *, bron, data, bsn):
        return self._map_pvt("MAP", "map", "datumEindgesprekMap", bron=bron, data=data, bsn=bsn)

    def _updatePvtByBsn(self, *, bron, data, bsn):
        return self._map_pvt("PVT", "pvt", "datumOndertekeningPvt", bron=bron, data=data, bsn=bsn)

    def _updateZrouteByBsn(self, *, bron, data, bsn):
        persoon = self._persoon(bsn)
        if persoon is None:
            return SimAntwoord(404)
        datum = rules.datum((data or {}).get("datumAfrondingZroute"))
        if datum is not None and datum > self.vandaag():
            return SimAntwoord(403, _fout("De datum van afronding van de Z-route ligt in de toekomst."))
        persoon["zroute"] = dict(data) if datum else None
        return SimAntwoord(200)

    def _getGevolgdeUrenByBsn(self, *, bron, data, bsn):
        persoon = self._persoon(bsn)
        if persoon is None:
            return SimAntwoord(404)
        return SimAntwoord(200, [{"gemeentecode": code, **delen} for code, delen in persoon.get("uren", {}).items()])

    def _uren(self, sleutel, *, bron, data, bsn):
        persoon = self._persoon(bsn)
        if persoon is None:
            return SimAntwoord(404)
        if sleutel == "ParticipatieactiviteitenBredeIntake":
            pip = (persoon.get("pip") or {}).get("pip") or {}
            if (persoon.get("doelgroep") or {}).get("indeling") != "Asielstatushouder" or pip.get("leerroute") != "Z":
                return SimAntwoord(403)
        persoon.setdefault("uren", {}).setdefault(self.gemeentecode(bron), {})[sleutel] = {"uren": data["uren"]}
        return SimAntwoord(200)

    def _updateUrenTaallesEnKnmByBSN(self, *, bron, data, bsn):
        return self._uren("TaallesEnKnmBredeIntake", bron=bron, data=data, bsn=bsn)

    def _updateUrenParticipatieAlsTaallesByBsn(self, *, bron, data, bsn):
        return self._uren("ParticipatieAlsTaalles", bron=bron, data=data, bsn=bsn)

    def _updateUrenParticipatieactiviteiten(self, *, bron, data, bsn):
        return self._uren("ParticipatieactiviteitenBredeIntake", bron=bron, data=data, bsn=bsn)


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _StilleHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        logger.debug("DUO-simulator: " + format, *args)


def server(sim: DuoSimulator, host: str = "127.0.0.1", port: int = 8090, stil: bool = True):
    return make_server(
        host, port, sim, server_class=_ThreadingWSGIServer, handler_class=_StilleHandler if stil else WSGIRequestHandler
    )


@contextmanager
def draaien(sim: DuoSimulator, host: str = "127.0.0.1", port: int = 0):
    """Serve `sim` on a thread (port 0: a free port); yields the base URL of the APIs (…/v1)."""
    httpd = server(sim, host, port)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}{BASIS}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
