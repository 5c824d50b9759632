"""Demo data: a deterministic, idempotent world for demos, manual testing and benchmarks.

`seed_demo()` is called by `manage.py seed_demo`. The helpers `make_bsn` and `standaard_pad`
are shared with the test factories (`tests/factories.py`) so that test data and demo data
follow the same rules.
"""

from __future__ import annotations

from itertools import pairwise

from .workflow import START, TRANSITIONS, Status

# --------------------------------------------------------------------------------------------
# BSNs
# --------------------------------------------------------------------------------------------

_WEIGHTS7 = (9, 8, 7, 6, 5, 4, 3)  # the eighth digit has weight 2, the check digit -1
BSN_SERIE_MAX = 8_999_999


def make_bsn(n: int) -> str:
    """The n-th BSN (n >= 0) of a fixed, strictly increasing series of valid BSNs.

    The first seven digits are `1000000 + n`; the eighth is the smallest digit for which a
    check digit 0-9 exists and the elfproef total is not zero (a small digit always works:
    2*d8 takes ten different values mod 11, so at most one is bad, and the weighted sum of
    the prefix is >= 9); the ninth is the check digit of the elfproef. So the mapping is
    injective, O(1), and every result passes `cases.rules.elfproef`.
    """
    if not 0 <= n <= BSN_SERIE_MAX:
        raise ValueError(f"make_bsn: n moet tussen 0 en {BSN_SERIE_MAX} liggen, niet {n}")
    prefix = str(1_000_000 + n)
    s7 = sum(int(d) * w for d, w in zip(prefix, _WEIGHTS7, strict=True))
    for d8 in range(10):
        s8 = s7 + 2 * d8
        check = s8 % 11
        if check <= 9 and s8 != check:  # the elfproef total s8 - check must not be zero
            return f"{prefix}{d8}{check}"
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------------------------
# Status paths through the workflow table
# --------------------------------------------------------------------------------------------

_HOOFDPAD = (
    Status.AANGEMELD,
    Status.WARME_OVERDRACHT,
    Status.INTAKE,
    Status.PIP_IN_VOORBEREIDING,
    Status.UITVOERING,
    Status.AFRONDING,
    Status.AFGESLOTEN,
)


def standaard_pad(status: str, *, asiel: bool = True) -> list[str]:
    """The usual path from the start status to `status`, both ends included.

    Asielstatushouders come through a warme overdracht from the AZC; other migrants go
    from aangemeld straight to the intake. `opgeschort` is reached from `uitvoering`;
    `afgesloten` is reached the regular way (after afronding).
    """
    status = Status(status)
    hoofdpad = [s for s in _HOOFDPAD if asiel or s != Status.WARME_OVERDRACHT]
    if status == Status.OPGESCHORT:
        pad = hoofdpad[: hoofdpad.index(Status.UITVOERING) + 1] + [Status.OPGESCHORT]
    elif status == Status.WARME_OVERDRACHT and not asiel:
        pad = [Status.AANGEMELD, Status.WARME_OVERDRACHT]
    else:
        pad = hoofdpad[: hoofdpad.index(status) + 1]
    assert pad_is_toegestaan(pad), pad
    return [str(s) for s in pad]


def pad_is_toegestaan(pad: list[str]) -> bool:
    """True when `pad` starts at START and every step is allowed by TRANSITIONS."""
    if not pad or pad[0] != START:
        return False
    return all(naar in TRANSITIONS[van] for van, naar in pairwise(pad))
