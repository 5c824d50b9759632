"""Optimistic locking: a stale save is refused with a Dutch message; concurrent edits lose nothing."""

import datetime as dt
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections
from django.urls import reverse

from cases import services
from cases.models import Casus
from inburgering.concurrency import CONFLICT_MESSAGE


def _versie_op_de_pagina(html: str) -> str:
    """The version the browser sends back: the hidden input on the rendered form."""
    m = re.search(r'<input type="hidden" name="versie" value="(\d+)"', html)
    assert m, "the edit form does not carry its version"
    return m.group(1)


@pytest.mark.parametrize("naam", ["cases:bewerken", "cases:persoon"])
@pytest.mark.django_db
def test_edit_pages_carry_the_version(world, client, naam):
    casus = world.cases["eigen"]
    client.force_login(world.users["c1"])
    html = client.get(reverse(naam, kwargs={"casus_pk": casus.pk})).content.decode()
    obj = casus if naam == "cases:bewerken" else casus.inburgeraar
    assert _versie_op_de_pagina(html) == str(obj.versie)


@pytest.mark.django_db
def test_stale_form_gets_conflict_message_and_nothing_is_written(world, client):
    casus = world.cases["eigen"]
    client.force_login(world.users["c1"])
    url = reverse("cases:bewerken", kwargs={"casus_pk": casus.pk})
    stale_version = _versie_op_de_pagina(client.get(url).content.decode())
    assert stale_version == str(casus.versie)
    # a colleague saves first
    services.casus_bijwerken(casus=casus, data={"datum_huisvesting": dt.date(2026, 5, 1)}, versie=stale_version, door=world.users["tl"])
    r = client.post(url, {"doelgroep": "gezinsmigrant", "datum_huisvesting": "2026-06-01", "versie": stale_version})
    assert r.status_code == 200
    assert CONFLICT_MESSAGE in r.content.decode()
    casus.refresh_from_db()
    assert (casus.doelgroep, casus.datum_huisvesting) == ("asielstatushouder", dt.date(2026, 5, 1))
    # with the fresh version the same input saves
    r = client.post(url, {"doelgroep": "gezinsmigrant", "datum_huisvesting": "2026-06-01", "versie": casus.versie})
    assert r.status_code == 302
    casus.refresh_from_db()
    assert casus.doelgroep == "gezinsmigrant"


@pytest.mark.django_db
def test_stale_person_edit_refused(world):
    casus = world.cases["eigen"]
    v = casus.inburgeraar.versie
    services.inburgeraar_bijwerken(casus=casus, persoon={"telefoon": "0611111111"}, versie=v, door=world.users["c1"])
    with pytest.raises(ValidationError, match="Iemand anders"):
        services.inburgeraar_bijwerken(casus=casus, persoon={"telefoon": "0622222222"}, versie=v, door=world.users["c1"])
    casus.inburgeraar.refresh_from_db()
    assert casus.inburgeraar.telefoon == "0611111111"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.timeout(600)
def test_20_threads_50_edits_no_lost_update(world):
    """20 threads × 50 edits on one case: every save that succeeded is in the row and in the history.

    On the embedded SQLite default (one writer at a time, a file lock) 4 threads × 25 edits:
    20 writers there time out on the lock, which is SQLite, not the product. CI runs 20 × 50 on PostgreSQL.
    """
    from django.db import connection

    threads_n, edits = (20, 50) if connection.vendor == "postgresql" else (4, 25)
    casus_pk = world.cases["eigen"].pk
    user = world.users["c1"]
    successes, conflicts, errors = [], [], []
    lock = threading.Lock()

    def worker(n):
        try:
            for i in range(edits):
                casus = Casus.objects.get(pk=casus_pk)
                day = dt.date(2025, 1, 1) + dt.timedelta(days=n * edits + i)
                try:
                    services.casus_bijwerken(casus=casus, data={"datum_huisvesting": day}, versie=casus.versie, door=user)
                except ValidationError:
                    with lock:
                        conflicts.append(day)
                else:
                    with lock:
                        successes.append(day)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert len(successes) + len(conflicts) == threads_n * edits
    casus = Casus.objects.get(pk=casus_pk)
    assert casus.versie == 1 + len(successes)  # no save was lost or counted twice
    saved_days = list(casus.history.filter(history_type="~").values_list("datum_huisvesting", flat=True))
    assert sorted(saved_days) == sorted(successes)
    assert len(successes) >= edits
