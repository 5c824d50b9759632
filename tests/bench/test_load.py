"""The load test's page reading (bench/load_html.py) and report (bench/load_report.py), without a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import load_html, load_report

FORMULIER = """
<form method="post" action="/uitloggen/"><input type="hidden" name="csrfmiddlewaretoken" value="abc"></form>
<div class="app-error-summary" role="alert" tabindex="-1" data-error-summary>
<h2 class="app-error-summary__title">Er is een probleem</h2>
<ul class="app-error-summary__list"><li><a href="#id_datum">De datum ligt in de toekomst.</a></li></ul></div>
<form method="post" novalidate>
<input type="hidden" name="csrfmiddlewaretoken" value="xyz">
<input type="hidden" name="versie" value="7">
<select name="doelgroep"><option value="">---</option><option value="gezinsmigrant" selected>Gezinsmigrant</option></select>
<select name="soort"><option value="nt2">NT2</option><option value="knm">KNM</option></select>
<input type="date" name="datum_huisvesting" value="2025-03-04">
<input type="checkbox" name="tolk" checked><input type="checkbox" name="uit">
<textarea name="toelichting">Regel &amp; meer</textarea>
<button type="submit" name="opslaan">Opslaan</button>
</form>
<table><tr><td><a href="/casussen/12/">A</a></td><td>*****1234</td></tr>
<tr><td><a href="/casussen/7/">B</a></td><td>*****0042</td></tr><tr><td><a href="/casussen/12/">A</a></td></tr></table>
<a href="?page=2&amp;sort=naam">2</a><a href="?sort=naam&page=14">14</a>
"""


def test_the_main_post_form_is_read_as_a_browser_would_submit_it():
    velden = load_html.post_formulier(FORMULIER)
    assert velden == {
        "csrfmiddlewaretoken": "xyz",
        "versie": "7",
        "doelgroep": "gezinsmigrant",
        "soort": "nt2",  # no option selected: the first
        "datum_huisvesting": "2025-03-04",
        "tolk": "on",  # checked; the unchecked box is not sent, nor the button
        "toelichting": "Regel & meer",
    }
    assert load_html.csrf_token(FORMULIER) == "xyz"
    assert load_html.post_formulier("<p>geen formulier</p>") is None


def test_case_links_pages_bsn_digits_and_errors_are_found():
    assert load_html.casus_ids(FORMULIER) == [12, 7]
    assert load_html.laatste_pagina(FORMULIER) == 14
    assert load_html.laatste_pagina("<p></p>") == 1
    assert load_html.bsn_eindcijfers(FORMULIER) == ["1234", "0042"]
    assert load_html.foutmelding(FORMULIER) == "Er is een probleem De datum ligt in de toekomst."
    assert load_html.foutmelding("<p>ok</p>") is None


KOP = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)


def _csv(tmp_path, regels: list[str], fouten: list[str] = ()) -> Path:
    prefix = tmp_path / "locust"
    Path(f"{prefix}_stats.csv").write_text("\n".join([KOP, *regels]) + "\n")
    Path(f"{prefix}_failures.csv").write_text(
        "\n".join(["Method,Name,Error,Occurrences", *fouten]) + "\n"
    )
    return prefix


def _run(tmp_path, prefix, *extra) -> tuple[int, dict]:
    uit = tmp_path / "res.json"
    code = load_report.main(
        ["--csv", str(prefix), "--uit", str(uit), "--users", "50", "--duur", "2m", "--config", '{"x": 1}', *extra]
    )
    return code, json.loads(uit.read_text())


@pytest.mark.parametrize(
    ("fouten", "p95", "verwacht"),
    [(0, 480, 0), (0, 500, 0), (0, 510, 1), (2, 100, 1)],
)
def test_the_report_keeps_locusts_numbers_and_fails_on_errors_or_a_slow_p95(tmp_path, fouten, p95, verwacht):
    prefix = _csv(
        tmp_path,
        [
            f"GET,/caseload/,90,{fouten},120,150,20,900,1000,1.5,0.0,120,130,140,150,200,{p95},600,700,900,900,900",
            "GET,/kpi/,10,0,200,210,90,300,1000,0.2,0.0,200,210,220,230,250,280,300,300,300,300,300",
            f"GET,Aggregated,100,{fouten},130,160,20,900,1000,1.7,0.0,130,140,150,160,210,{p95},610,710,900,900,900",
        ],
        ["GET,/caseload/,CatchResponseError('HTTP 500'),2"] if fouten else [],
    )
    code, res = _run(tmp_path, prefix)
    assert code == verwacht
    assert (res["total_requests"], res["errors"], res["p95_ms"], res["requests_per_s"]) == (100, fouten, p95, 1.7)
    assert res["per_request"]["GET /kpi/"] == {
        "requests": 10, "errors": 0, "rps": 0.2, "median_ms": 200, "p95_ms": 280, "p99_ms": 300, "max_ms": 300, "avg_ms": 210,
    }
    assert res["users"] == 50 and res["duration"] == "2m" and res["config"] == {"x": 1}
    assert res["machine"]["cores"] >= 1 and res["git_commit"]
    assert res["failures"] == ([{"request": "GET /caseload/", "fout": "CatchResponseError('HTTP 500')", "aantal": 2}] if fouten else [])


def test_a_run_without_requests_fails(tmp_path):
    prefix = _csv(tmp_path, ["GET,Aggregated,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A"])
    code, res = _run(tmp_path, prefix)
    assert code == 1 and res["p95_ms"] is None


def test_exact_percentiles_split_the_logins_from_the_working_day(tmp_path):
    prefix = _csv(tmp_path, ["GET,Aggregated,1,0,1,1,1,1,1,1.0,0.0,1,1,1,1,1,1,1,1,1,1,1"])
    samples = [["POST inloggen", 2000.0, False], ["GET inloggen (formulier)", 50.0, False]]
    samples += [["GET /caseload/", float(ms), ms == 100] for ms in range(1, 101)]
    pad = tmp_path / "samples.json"
    pad.write_text(json.dumps(samples))
    _, res = _run(tmp_path, prefix, "--samples", str(pad))
    assert res["exact"]["inloggen"] == {"requests": 2, "errors": 0, "median_ms": 50, "p95_ms": 2000, "p99_ms": 2000}
    assert res["exact"]["zonder_inloggen"] == {"requests": 100, "errors": 1, "median_ms": 50, "p95_ms": 95, "p99_ms": 99}
    assert res["exact"]["alle"]["requests"] == 102
