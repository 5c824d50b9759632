"""Technical settings of the deadline watcher, read from Django settings with their defaults.

- TERMIJNEN_SWEEP_SECONDS (300): seconds between two beat-scheduled sweeps;
- TERMIJNEN_VERZOEKEN_SECONDS (60): seconds between two runs that process recompute requests
  left by changes outside a web request (tasks, commands);
- TERMIJNEN_SWEEP_BATCH (1000): rows per sweep transaction (SELECT ... FOR UPDATE SKIP LOCKED);
- TERMIJNEN_SWEEP_PAUZE (0): seconds to wait between two sweep batches (tests only);
- TERMIJNEN_HERBEREKEN_CHUNK (1000): cases per recompute transaction;
- TERMIJNEN_BASIS_URL: scheme and host for the links in the digest e-mail; default the first of
  CSRF_TRUSTED_ORIGINS, else http://localhost:8000.

Business numbers (weeks, months, the digest hour) are dated settings in `inburgering.regels`.
"""

from django.conf import settings


def sweep_seconds() -> float:
    return float(getattr(settings, "TERMIJNEN_SWEEP_SECONDS", 300.0))


def verzoeken_seconds() -> float:
    return float(getattr(settings, "TERMIJNEN_VERZOEKEN_SECONDS", 60.0))


def sweep_batch() -> int:
    return int(getattr(settings, "TERMIJNEN_SWEEP_BATCH", 1000))


def sweep_pauze() -> float:
    return float(getattr(settings, "TERMIJNEN_SWEEP_PAUZE", 0.0))


def herbereken_chunk() -> int:
    return int(getattr(settings, "TERMIJNEN_HERBEREKEN_CHUNK", 1000))


def basis_url() -> str:
    url = getattr(settings, "TERMIJNEN_BASIS_URL", "")
    if not url:
        origins = getattr(settings, "CSRF_TRUSTED_ORIGINS", None) or []
        url = origins[0] if origins else "http://localhost:8000"
    return url.rstrip("/")
