"""The write path of deadlines and the work list.

- `termijnen_herberekenen`: upsert and close deadline rows of a set of cases from the sources
  (`termijnen.bronnen`), in set-based queries per chunk of cases;
- `verzoeken_verwerken`: recompute the cases whose data changed (the outbox the receivers fill);
- `termijnen_sweep`: mark the stage each due deadline has reached and make one work-list item per
  deadline per stage, in batches taken with SELECT ... FOR UPDATE SKIP LOCKED;
- `digest_versturen`: the daily e-mail per consultant, at most once per day.

Every function takes `vandaag` / `nu` so that tests can travel in time; the default is now.
Deadlines and items are written to the case timeline in the same transaction (bulk inserts of
`cases.TijdlijnGebeurtenis`, the rows `cases.services.tijdlijn_toevoegen` writes one by one).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Casus, TijdlijnGebeurtenis

from . import conf, rules
from . import instellingen as inst
from .bronnen import Stand, Urls, benodigde_codes, gewenste_termijnen
from .models import OPEN, Digest, Fase, HerberekenVerzoek, Soort, Termijn, WerkItem

logger = logging.getLogger(__name__)

SOORT_LABELS = dict(Soort.choices)
TIJDLIJN_SOORT_TERMIJN = "termijn"
TIJDLIJN_SOORT_WERKVOORRAAD = "werkvoorraad"
DIGEST_CLAIM_VERLOOPT = dt.timedelta(minutes=15)


def _d(datum: dt.date) -> str:
    return f"{datum:%d-%m-%Y}"


def _nu_en_vandaag(vandaag, nu):
    nu = nu or timezone.now()
    return (vandaag or timezone.localdate(nu)), nu


# --------------------------------------------------------------------------------------------
# Recompute
# --------------------------------------------------------------------------------------------


@dataclass
class Herberekening:
    casussen: int = 0
    aangemaakt: int = 0
    verschoven: int = 0
    bijgewerkt: int = 0
    gesloten: int = 0


UPDATE_VELDEN = [
    "uiterlijk", "berekend", "vooraankondiging_op", "signaal_op", "te_laat_op", "fase", "volgende_fase_op",
    "verantwoordelijke", "url", "omschrijving", "gewijzigd_op",
]  # fmt: skip


def _zet(t: Termijn, g) -> None:
    t.uiterlijk, t.berekend = g.uiterlijk, g.berekend
    t.vooraankondiging_op, t.signaal_op, t.te_laat_op = g.vooraankondiging_op, g.signaal_op, g.te_laat_op
    t.verantwoordelijke_id, t.url, t.omschrijving = g.verantwoordelijke_id, g.url, g.omschrijving


def _tijdlijn(casus_id: int, titel: str, omschrijving: str = "", url: str = "") -> TijdlijnGebeurtenis:
    return TijdlijnGebeurtenis(
        casus_id=casus_id, soort=TIJDLIJN_SOORT_TERMIJN, titel=titel[:200], omschrijving=omschrijving, url=url
    )


def termijnen_herberekenen(
    *, casus_ids=None, vandaag: dt.date | None = None, nu: dt.datetime | None = None, chunk: int | None = None
) -> Herberekening:
    """Bring the open deadlines of `casus_ids` (None: every active case and every case with an open
    deadline) in line with what the rules say now: create, move, update or close rows."""
    vandaag, nu = _nu_en_vandaag(vandaag, nu)
    chunk = chunk or conf.herbereken_chunk()
    if casus_ids is None:
        ids = set(Casus.objects.filter(actief=True).values_list("pk", flat=True))
        ids |= set(Termijn.objects.filter(OPEN).values_list("casus_id", flat=True).distinct())
    else:
        ids = {int(i) for i in casus_ids}
    ids = sorted(ids)
    regels = inst.Regels(benodigde_codes())
    urls = Urls()
    resultaat = Herberekening(casussen=len(ids))
    for i in range(0, len(ids), chunk):
        with transaction.atomic():
            _herbereken_chunk(ids[i : i + chunk], vandaag=vandaag, nu=nu, regels=regels, urls=urls, resultaat=resultaat)
    return resultaat


def _herbereken_chunk(ids, *, vandaag, nu, regels, urls, resultaat: Herberekening) -> None:
    stand = Stand(ids, vandaag=vandaag, regels=regels, urls=urls)
    gewenst = gewenste_termijnen(stand)
    bestaand = {
        (t.casus_id, t.soort, t.sleutel): t
        for t in Termijn.objects.select_for_update().filter(OPEN, casus_id__in=ids).order_by("pk")
    }
    nieuw: list[Termijn] = []
    gewijzigd: list[Termijn] = []
    verschoven: list[tuple[Termijn, dt.date]] = []
    tijdlijn: list[TijdlijnGebeurtenis] = []
    for key, g in gewenst.items():
        t = bestaand.pop(key, None)
        label = SOORT_LABELS[g.soort]
        if t is None:
            t = Termijn(
                casus_id=g.casus_id,
                soort=g.soort,
                sleutel=g.sleutel,
                fase=Fase.GEPLAND,
                aangemaakt_op=nu,
                gewijzigd_op=nu,
            )
            _zet(t, g)
            t.volgende_fase_op = rules.volgende_fase_datum(t.fase, t.vooraankondiging_op, t.signaal_op, t.te_laat_op)
            nieuw.append(t)
            tijdlijn.append(
                _tijdlijn(g.casus_id, f"Termijn: {label} uiterlijk {_d(g.uiterlijk)}", g.omschrijving, g.url)
            )
            continue
        oud = (t.uiterlijk, t.vooraankondiging_op, t.signaal_op, t.te_laat_op)
        meta = (t.berekend, t.verantwoordelijke_id, t.url, t.omschrijving)
        if t.uiterlijk != g.uiterlijk:
            verschoven.append((t, t.uiterlijk))
            tijdlijn.append(
                _tijdlijn(
                    g.casus_id,
                    f"Termijn verschoven: {label} uiterlijk {_d(g.uiterlijk)} (was {_d(t.uiterlijk)})",
                    g.omschrijving,
                    g.url,
                )
            )
            _zet(t, g)
            t.fase = Fase.GEPLAND  # the items of the old date are closed below; the sweep starts over
        elif oud != (g.uiterlijk, g.vooraankondiging_op, g.signaal_op, g.te_laat_op) or meta != (
            g.berekend, g.verantwoordelijke_id, g.url, g.omschrijving
        ):  # fmt: skip
            _zet(t, g)
        else:
            continue
        t.volgende_fase_op = rules.volgende_fase_datum(t.fase, t.vooraankondiging_op, t.signaal_op, t.te_laat_op)
        t.gewijzigd_op = nu
        gewijzigd.append(t)

    if nieuw:
        Termijn.objects.bulk_create(nieuw, batch_size=500, ignore_conflicts=True)
    if gewijzigd:
        Termijn.objects.bulk_update(gewijzigd, UPDATE_VELDEN, batch_size=500)
    if verschoven:
        WerkItem.objects.filter(termijn_id__in=[t.pk for t, _ in verschoven], afgehandeld_op__isnull=True).update(
            afgehandeld_op=nu, afhandeling=WerkItem.Afhandeling.VERSCHOVEN
        )
    if bestaand:
        dicht = list(bestaand.values())
        actief = set(stand.casussen)
        for t in dicht:
            reden = "Voldaan of niet meer van toepassing" if t.casus_id in actief else "Casus afgesloten"
            tijdlijn.append(_tijdlijn(t.casus_id, f"Termijn afgerond: {SOORT_LABELS[t.soort]}", reden, t.url))
        for reden, groep in (
            ("Voldaan of niet meer van toepassing", [t.pk for t in dicht if t.casus_id in actief]),
            ("Casus afgesloten", [t.pk for t in dicht if t.casus_id not in actief]),
        ):
            if groep:
                Termijn.objects.filter(pk__in=groep).update(
                    gesloten_op=nu, sluitreden=reden, volgende_fase_op=None, gewijzigd_op=nu
                )
        WerkItem.objects.filter(termijn_id__in=[t.pk for t in dicht], afgehandeld_op__isnull=True).update(
            afgehandeld_op=nu, afhandeling=WerkItem.Afhandeling.VOLDAAN
        )
    if tijdlijn:
        TijdlijnGebeurtenis.objects.bulk_create(tijdlijn, batch_size=500)
    resultaat.aangemaakt += len(nieuw)
    resultaat.verschoven += len(verschoven)
    resultaat.bijgewerkt += len(gewijzigd) - len(verschoven)
    resultaat.gesloten += len(bestaand)


def verzoeken_verwerken(*, pks=None, limiet: int = 2000, vandaag=None, nu=None) -> int:
    """Recompute the cases named by open recompute requests (all, or those with `pks`); remove the requests.

    Requests are taken with SKIP LOCKED, so two workers never recompute the same request twice.
    """
    with transaction.atomic():
        qs = HerberekenVerzoek.objects.select_for_update(skip_locked=True).order_by("pk")
        if pks is not None:
            qs = qs.filter(pk__in=list(pks))
        rijen = list(qs.values_list("pk", "casus_id")[:limiet])
        if not rijen:
            return 0
        termijnen_herberekenen(casus_ids={c for _, c in rijen}, vandaag=vandaag, nu=nu)
        HerberekenVerzoek.objects.filter(pk__in=[p for p, _ in rijen]).delete()
    return len(rijen)


# --------------------------------------------------------------------------------------------
# The sweep
# --------------------------------------------------------------------------------------------


def _fase_expressie(vandaag: dt.date):
    """SQL for rules.fase_op: the highest stage whose date has come (never lower than the stage already marked)."""
    berekend = Case(
        When(te_laat_op__lte=vandaag, then=Value(rules.TE_LAAT)),
        When(signaal_op__lte=vandaag, then=Value(rules.BINNENKORT)),
        When(vooraankondiging_op__lte=vandaag, then=Value(rules.VOORAANKONDIGING)),
        default=Value(rules.GEPLAND),
        output_field=IntegerField(),
    )
    return Greatest(F("fase"), berekend)


def _volgende_expressie(vandaag: dt.date):
    """SQL for rules.volgende_fase_datum after the stage of `_fase_expressie` (the stage dates ascend)."""
    return Case(
        When(Q(fase__lt=rules.VOORAANKONDIGING, vooraankondiging_op__gt=vandaag), then=F("vooraankondiging_op")),
        When(Q(fase__lt=rules.BINNENKORT, signaal_op__gt=vandaag), then=F("signaal_op")),
        When(Q(fase__lt=rules.TE_LAAT, te_laat_op__gt=vandaag), then=F("te_laat_op")),
        default=None,
    )


FASE_TITELS = {
    rules.VOORAANKONDIGING: "komt in zicht",
    rules.BINNENKORT: "binnenkort",
    rules.TE_LAAT: "te laat",
}


@dataclass
class Sweep:
    batches: int = 0
    termijnen: int = 0
    items: int = 0


def _fase_sql() -> str:
    """SQL for rules.fase_op on a row `t` (one parameter: vandaag, three times)."""
    return (
        f"(CASE WHEN t.te_laat_op <= %s THEN {rules.TE_LAAT} WHEN t.signaal_op <= %s THEN {rules.BINNENKORT} "
        f"WHEN t.vooraankondiging_op <= %s THEN {rules.VOORAANKONDIGING} ELSE {rules.GEPLAND} END)"
    )


def _id_in(kolom: str, ids: list[int]) -> tuple[str, list]:
    """`kolom IN (ids)` as SQL with its parameters. On PostgreSQL one array parameter: psycopg parses a
    statement's placeholders on every call when it has more than 50 (7 ms for a batch of 1,000 ids, three
    statements per batch: a fifth of the sweep's time)."""
    if connection.vendor == "postgresql":
        return f"{kolom} = ANY(%s)", [list(ids)]
    return f"{kolom} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _items_en_tijdlijn_invoegen(ids: list[int], vandaag: dt.date, nu: dt.datetime) -> int:
    """One work-list item per row of `ids` whose stage has risen, and its timeline entry: two INSERT ... SELECT
    statements over the locked rows (nothing per row in Python). Returns the number of items inserted."""
    ops = connection.ops
    dag, tijd = ops.adapt_datefield_value(vandaag), ops.adapt_datetimefield_value(nu)
    fase = _fase_sql()
    in_ids, id_params = _id_in("t.id", ids)
    waar = f"{in_ids} AND {fase} > t.fase"
    waar_params = [*id_params, dag, dag, dag]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {WerkItem._meta.db_table} (termijn_id, casus_id, fase, uiterlijk, aangemaakt_op, afhandeling) "
            f"SELECT t.id, t.casus_id, {fase}, t.uiterlijk, %s, '' FROM {Termijn._meta.db_table} t "
            f"WHERE {waar} ON CONFLICT DO NOTHING",
            [dag, dag, dag, tijd, *waar_params],
        )
        items = cursor.rowcount
        if items:
            soorten = " ".join("WHEN %s THEN %s" for _ in Soort.choices)
            fasen = " ".join(f"WHEN {f} THEN %s" for f in FASE_TITELS)
            datum = (
                "to_char(t.uiterlijk, 'DD-MM-YYYY')"
                if connection.vendor == "postgresql"
                else "strftime('%%d-%%m-%%Y', t.uiterlijk)"
            )
            cursor.execute(
                f"INSERT INTO {TijdlijnGebeurtenis._meta.db_table} (casus_id, tijdstip, soort, titel, omschrijving, url) "
                f"SELECT t.casus_id, %s, %s, 'Werkvoorraad: ' || (CASE t.soort {soorten} END) || ' ' "
                f"|| (CASE {fase} {fasen} END) || ' (uiterlijk ' || {datum} || ')', '', t.url "
                f"FROM {Termijn._meta.db_table} t WHERE {waar}",
                [
                    tijd,
                    TIJDLIJN_SOORT_WERKVOORRAAD,
                    *[v for choice in Soort.choices for v in choice],
                    dag, dag, dag,
                    *FASE_TITELS.values(),
                    *waar_params,
                ],
            )  # fmt: skip
    return items


def termijnen_sweep(
    *,
    vandaag: dt.date | None = None,
    nu: dt.datetime | None = None,
    batch: int | None = None,
    pauze: float | None = None,
) -> Sweep:
    """Mark the stage of every open deadline whose next stage has come, and put one work-list item per
    deadline per stage on the list (a lower stage's open item is closed: it is followed up by this one).

    Set-based and in batches: each batch takes up to `batch` rows with SELECT ... FOR UPDATE SKIP
    LOCKED (two sweeps never take the same row), inserts the items and their timeline entries with
    INSERT ... SELECT over those rows (a unique constraint per deadline and stage makes a re-run
    create nothing twice), updates the rows with one UPDATE, and commits. A worker killed mid-sweep
    loses only its uncommitted batch, which the next run takes again. The number of queries
    depends on the number of due rows, never on the number of open deadlines that are not due.
    """
    vandaag, nu = _nu_en_vandaag(vandaag, nu)
    batch = batch or conf.sweep_batch()
    pauze = conf.sweep_pauze() if pauze is None else pauze
    resultaat = Sweep()
    while True:
        with transaction.atomic():
            rijen = list(
                Termijn.objects.select_for_update(skip_locked=True)
                .filter(OPEN, volgende_fase_op__lte=vandaag)
                .order_by("volgende_fase_op", "pk")
                .values_list("pk", "fase")[:batch]
            )
            if not rijen:
                break
            if connection.vendor == "postgresql":
                # A batch is idempotent: should the database server crash before this commit reaches the
                # disk (at most a fraction of a second), the next sweep simply does it again. So the
                # commit need not wait for the WAL flush.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            ids = [pk for pk, _ in rijen]
            items = _items_en_tijdlijn_invoegen(ids, vandaag, nu)
            Termijn.objects.filter(
                RawSQL(*_id_in(f"{Termijn._meta.db_table}.id", ids), output_field=BooleanField())
            ).update(fase=_fase_expressie(vandaag), volgende_fase_op=_volgende_expressie(vandaag))
            eerder = [pk for pk, fase in rijen if fase > rules.GEPLAND]  # only these can have a lower item open
            if items and eerder:
                WerkItem.objects.filter(
                    termijn_id__in=eerder, afgehandeld_op__isnull=True, fase__lt=F("termijn__fase")
                ).update(afgehandeld_op=nu, afhandeling=WerkItem.Afhandeling.OPGEVOLGD)
            resultaat.batches += 1
            resultaat.termijnen += len(rijen)
            resultaat.items += items
        if len(rijen) < batch:
            break
        if pauze:
            time.sleep(pauze)
    return resultaat


# --------------------------------------------------------------------------------------------
# The daily digest
# --------------------------------------------------------------------------------------------


@dataclass
class DigestRegel:
    casus_id: int
    soort: str
    fase: int
    uiterlijk: dt.date
    omschrijving: str
    url: str
    nieuw: bool
    dagen: str


def _digest_bericht(gebruiker, regels: list[DigestRegel], vandaag: dt.date) -> EmailMultiAlternatives:
    te_laat = [r for r in regels if r.uiterlijk < vandaag]
    nieuw = [r for r in regels if r.nieuw and r.uiterlijk >= vandaag]
    basis = conf.basis_url()
    from django.urls import reverse

    context = {
        "gebruiker": gebruiker,
        "datum": vandaag,
        "te_laat": te_laat,
        "nieuw": nieuw,
        "basis": basis,
        "werkvoorraad_url": basis + reverse("termijnen:werkvoorraad"),
    }
    onderwerp = f"Werkvoorraad {vandaag:%d-%m-%Y}: {len(te_laat)} te laat, {len(nieuw)} nieuw"
    bericht = EmailMultiAlternatives(
        subject=onderwerp,
        body=render_to_string("termijnen/digest.txt", context),
        to=[gebruiker.email],
    )
    bericht.attach_alternative(render_to_string("termijnen/digest.html", context), "text/html")
    return bericht


def digest_versturen(*, vandaag: dt.date | None = None, nu: dt.datetime | None = None) -> int:
    """One e-mail per consultant with new or overdue items, at most once per day, from the digest hour on.

    A row per (user, day) is claimed first (a unique constraint: two sweeps never both claim it),
    the mails go out, then the rows are marked sent and the new items reported. A claim that was
    never marked sent (a worker died while sending) is taken again after a quarter of an hour.
    Returns the number of e-mails sent.
    """
    from inburgering.models import Gebruiker
    from inburgering.regels import regel_int

    vandaag, nu = _nu_en_vandaag(vandaag, nu)
    if not rules.digest_verschuldigd(timezone.localtime(nu).hour, regel_int(inst.DIGEST_UUR, op=vandaag)):
        return 0
    te_melden = Q(afgehandeld_op__isnull=True, termijn__verantwoordelijke__isnull=False) & (
        Q(gemeld_op__isnull=True) | Q(uiterlijk__lt=vandaag)
    )
    al_verzonden = Digest.objects.filter(datum=vandaag, verzonden_op__isnull=False).values("gebruiker_id")
    ontvangers = list(
        WerkItem.objects.filter(te_melden)
        .exclude(termijn__verantwoordelijke_id__in=al_verzonden)
        .values_list("termijn__verantwoordelijke_id", flat=True)
        .distinct()
    )
    if not ontvangers:
        return 0
    claim = secrets.token_hex(8)
    Digest.objects.bulk_create(
        [Digest(gebruiker_id=g, datum=vandaag, claim=claim, geclaimd_op=nu) for g in ontvangers], ignore_conflicts=True
    )
    Digest.objects.filter(datum=vandaag, verzonden_op__isnull=True, geclaimd_op__lt=nu - DIGEST_CLAIM_VERLOOPT).update(
        claim=claim, geclaimd_op=nu
    )
    digests = {d.gebruiker_id: d for d in Digest.objects.filter(datum=vandaag, claim=claim, verzonden_op__isnull=True)}
    if not digests:
        return 0
    gebruikers = {g.pk: g for g in Gebruiker.objects.filter(pk__in=list(digests))}
    per_gebruiker: dict[int, list[DigestRegel]] = {g: [] for g in digests}
    nieuw_ids: list[int] = []
    for item in (
        WerkItem.objects.filter(te_melden, termijn__verantwoordelijke_id__in=list(digests))
        .order_by("uiterlijk", "pk")
        .values("pk", "casus_id", "fase", "uiterlijk", "gemeld_op", "termijn__soort", "termijn__omschrijving", "termijn__url", "termijn__verantwoordelijke_id")
    ):  # fmt: skip
        nieuw = item["gemeld_op"] is None
        if nieuw:
            nieuw_ids.append(item["pk"])
        per_gebruiker[item["termijn__verantwoordelijke_id"]].append(
            DigestRegel(
                casus_id=item["casus_id"],
                soort=SOORT_LABELS[item["termijn__soort"]],
                fase=item["fase"],
                uiterlijk=item["uiterlijk"],
                omschrijving=item["termijn__omschrijving"],
                url=item["termijn__url"],
                nieuw=nieuw,
                dagen=rules.dagen_tekst(item["uiterlijk"], vandaag),
            )
        )
    berichten = []
    for gebruiker_id, digest in digests.items():
        gebruiker = gebruikers.get(gebruiker_id)
        regels = per_gebruiker[gebruiker_id]
        digest.aantal_te_laat = sum(1 for r in regels if r.uiterlijk < vandaag)
        digest.aantal_nieuw = sum(1 for r in regels if r.nieuw and r.uiterlijk >= vandaag)
        if gebruiker is not None and gebruiker.is_active and gebruiker.email and regels:
            berichten.append(_digest_bericht(gebruiker, regels, vandaag))
    verzonden = get_connection().send_messages(berichten) if berichten else 0
    for digest in digests.values():
        digest.verzonden_op = nu
    Digest.objects.bulk_update(list(digests.values()), ["verzonden_op", "aantal_nieuw", "aantal_te_laat"])
    if nieuw_ids:
        WerkItem.objects.filter(pk__in=nieuw_ids).update(gemeld_op=nu)
    return verzonden or 0
