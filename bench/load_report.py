"""Turn locust's CSV statistics into bench/load_results.json and judge them (called by scripts/load.sh).

    .venv/bin/python bench/load_report.py --csv var/load/locust --uit bench/load_results.json \
        --users 50 --duur 2m --config '{"gunicorn": "..."}'

Prints the overall and per-request numbers; exits 1 when a request failed or the overall p95 is
above --p95-max (default 500 ms), 0 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOTAAL = "Aggregated"


def _getal(waarde: str) -> float | None:
    try:
        return float(waarde)
    except (TypeError, ValueError):
        return None  # locust writes "N/A" for a percentile of a name without requests


def _ms(waarde: str) -> int | None:
    getal = _getal(waarde)
    return None if getal is None else round(getal)


def rij(r: dict[str, str]) -> dict:
    """One line of locust's *_stats.csv as the numbers this report keeps."""
    return {
        "requests": int(r["Request Count"]),
        "errors": int(r["Failure Count"]),
        "rps": round(_getal(r["Requests/s"]) or 0.0, 2),
        "median_ms": _ms(r["50%"]),
        "p95_ms": _ms(r["95%"]),
        "p99_ms": _ms(r["99%"]),
        "max_ms": _ms(r["Max Response Time"]),
        "avg_ms": _ms(r["Average Response Time"]),
    }


def lees_stats(pad: Path) -> tuple[dict, dict[str, dict]]:
    """(overall, {"GET /caseload/": {...}, ...}) from locust's *_stats.csv."""
    with pad.open(newline="") as f:
        regels = list(csv.DictReader(f))
    totaal = next((rij(r) for r in regels if r["Name"] == TOTAAL), None)
    if totaal is None:
        raise ValueError(f"{pad}: geen regel '{TOTAAL}' (liep locust wel?)")
    per_naam = {f"{r['Type']} {r['Name']}": rij(r) for r in regels if r["Name"] != TOTAAL}
    return totaal, per_naam


def lees_fouten(pad: Path) -> list[dict]:
    """locust's *_failures.csv: method, name, error text and how often."""
    if not pad.exists():
        return []
    with pad.open(newline="") as f:
        return [
            {"request": f"{r['Method']} {r['Name']}", "fout": r["Error"], "aantal": int(r["Occurrences"])}
            for r in csv.DictReader(f)
        ]


INLOGGEN = ("inloggen",)  # request names of the login (once per user, PBKDF2 on purpose slow)


def percentiel(tijden: list[float], p: float) -> int | None:
    """The p-th percentile (nearest rank) of response times, in whole ms."""
    if not tijden:
        return None
    geordend = sorted(tijden)
    return round(geordend[max(0, math.ceil(len(geordend) * p / 100) - 1)])


def samenvatting(metingen: list) -> dict:
    tijden = [m[1] for m in metingen]
    return {
        "requests": len(metingen),
        "errors": sum(1 for m in metingen if m[2]),
        "median_ms": percentiel(tijden, 50),
        "p95_ms": percentiel(tijden, 95),
        "p99_ms": percentiel(tijden, 99),
    }


def lees_metingen(pad: Path) -> dict | None:
    """Exact percentiles from the locustfile's raw samples [(name, ms, failed)]: all, logins only, the rest."""
    if not pad.exists():
        return None
    metingen = json.loads(pad.read_text())
    login = [m for m in metingen if m[0].split(" ", 1)[1].startswith(INLOGGEN)]
    rest = [m for m in metingen if not m[0].split(" ", 1)[1].startswith(INLOGGEN)]
    return {"alle": samenvatting(metingen), "inloggen": samenvatting(login), "zonder_inloggen": samenvatting(rest)}


def machine() -> dict:
    def proc(bestand: str) -> str:
        try:
            return Path("/proc", bestand).read_text()
        except OSError:
            return ""

    cpu = next((regel.split(":", 1)[1].strip() for regel in proc("cpuinfo").splitlines() if regel.startswith("model name")), "")
    kb = next((int(regel.split()[1]) for regel in proc("meminfo").splitlines() if regel.startswith("MemTotal:")), 0)
    # the machine is shared: the load average right after the run says how much else ran beside it
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(kb / 1024 / 1024, 1),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def git_commit() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        schoon = subprocess.run(["git", "diff", "--quiet", "HEAD"], cwd=ROOT).returncode == 0
    except (OSError, subprocess.CalledProcessError):
        return "onbekend"
    return commit if schoon else f"{commit} (met lokale wijzigingen)"


def rapport(
    totaal: dict, per_naam: dict[str, dict], fouten: list[dict], *, users: int, duur: str, config: dict, exact: dict | None = None
) -> dict:
    return {
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "git_commit": git_commit(),
        "machine": machine(),
        "users": users,
        "duration": duur,
        "config": config,
        "total_requests": totaal["requests"],
        "requests_per_s": totaal["rps"],
        "errors": totaal["errors"],
        "median_ms": totaal["median_ms"],
        "p95_ms": totaal["p95_ms"],
        "p99_ms": totaal["p99_ms"],
        "max_ms": totaal["max_ms"],
        "per_request": dict(sorted(per_naam.items())),
        "exact": exact,  # nearest-rank percentiles of every sample (locust's CSV rounds to 2 digits)
        "failures": fouten,
    }


def oordeel(resultaat: dict, *, p95_max: int) -> list[str]:
    """What is wrong with the run (empty: the goal is met)."""
    problemen = []
    if resultaat["errors"]:
        problemen.append(f"{resultaat['errors']} mislukte requests")
    if resultaat["total_requests"] == 0:
        problemen.append("geen requests")
    if resultaat["p95_ms"] is None or resultaat["p95_ms"] > p95_max:
        problemen.append(f"p95 {resultaat['p95_ms']} ms > {p95_max} ms")
    return problemen


def tabel(resultaat: dict) -> str:
    kop = f"{'request':58} {'aantal':>7} {'fout':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}"
    regels = [kop, "-" * len(kop)]
    for naam, r in resultaat["per_request"].items():
        regels.append(
            f"{naam[:58]:58} {r['requests']:7d} {r['errors']:5d} {r['median_ms'] or 0:6d} {r['p95_ms'] or 0:6d} "
            f"{r['p99_ms'] or 0:6d} {r['max_ms'] or 0:6d}"
        )
    regels.append("-" * len(kop))
    regels.append(
        f"{'totaal':58} {resultaat['total_requests']:7d} {resultaat['errors']:5d} {resultaat['median_ms'] or 0:6d} "
        f"{resultaat['p95_ms'] or 0:6d} {resultaat['p99_ms'] or 0:6d} {resultaat['max_ms'] or 0:6d}   (ms)"
    )
    return "\n".join(regels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, required=True, help="locust's --csv prefix")
    parser.add_argument("--uit", type=Path, required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--duur", required=True)
    parser.add_argument("--config", default="{}", help="JSON: how the server ran")
    parser.add_argument("--p95-max", type=int, default=500)
    parser.add_argument("--samples", help="the locustfile's raw samples (LOAD_SAMPLES)")
    args = parser.parse_args(argv)

    totaal, per_naam = lees_stats(Path(f"{args.csv}_stats.csv"))
    fouten = lees_fouten(Path(f"{args.csv}_failures.csv"))
    exact = lees_metingen(Path(args.samples)) if args.samples else None
    resultaat = rapport(
        totaal, per_naam, fouten, users=args.users, duur=args.duur, config=json.loads(args.config), exact=exact
    )
    args.uit.write_text(json.dumps(resultaat, indent=2, ensure_ascii=False) + "\n")

    print(tabel(resultaat))
    print(
        f"\n{resultaat['users']} gebruikers, {resultaat['duration']}: {resultaat['total_requests']} requests, "
        f"{resultaat['requests_per_s']} per s, {resultaat['errors']} fouten, p50 {resultaat['median_ms']} ms, "
        f"p95 {resultaat['p95_ms']} ms, p99 {resultaat['p99_ms']} ms  -> {args.uit}"
    )
    if exact:
        for deel in ("inloggen", "zonder_inloggen"):
            e = exact[deel]
            print(
                f"  {deel.replace('_', ' ')}: {e['requests']} requests, {e['errors']} fouten, "
                f"p50 {e['median_ms']} ms, p95 {e['p95_ms']} ms, p99 {e['p99_ms']} ms (exact)"
            )
    for f in fouten:
        print(f"  fout: {f['aantal']}x {f['request']}: {f['fout']}")
    problemen = oordeel(resultaat, p95_max=args.p95_max)
    if problemen:
        print(f"load: NIET gehaald (doel: 0 fouten, p95 ≤ {args.p95_max} ms): " + "; ".join(problemen))
        return 1
    print(f"load: gehaald (0 fouten, p95 ≤ {args.p95_max} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
