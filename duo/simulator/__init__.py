"""A DUO simulator for development, demo and tests (issue 11).

It serves the endpoints of DUO's specifications that the product uses (`duo.client.OPERATIES`)
under `/v1` from fixtures (`fixtures/duo.json`, or a file of your own), checks every request
against the specifications when `../shared/duo-m2m` is there (400 otherwise), enforces DUO's
registration rules with the same functions the product checks them with (403 with DUO's
Foutmelding), is idempotent on berichtId, and can post notifications to the product.

- `DuoSimulator`: the state and the request handling (usable in-process: `sim.afhandelen(...)`);
- `sim` is a WSGI application; `draaien(sim, port=0)` serves it on a thread (tests),
  `manage.py duo_sim` serves it in the foreground (`make duo-sim`).

Control endpoints (not DUO's): `POST /_sim/notificaties` {"bsn", "gebeurtenisId", "doel"} makes
the simulator post a notification to the product; `POST /_sim/storing` {"aan": true} answers
503 to everything (DUO down) until `{"aan": false}`; `GET /_sim/verzoeken` lists what it received.
"""

from .state import DuoSimulator, SimAntwoord, draaien

__all__ = ["DuoSimulator", "SimAntwoord", "draaien"]
