"""The timeline, a table of millions of rows written by the nightly sweep, keeps one index besides its key."""

import pytest
from django.db import connection

from cases.models import TijdlijnGebeurtenis

pytestmark = pytest.mark.django_db


def test_timeline_has_only_the_key_and_the_per_case_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TijdlijnGebeurtenis._meta.db_table)
    indexen = {naam: c["columns"] for naam, c in constraints.items() if c["index"] or c["primary_key"]}
    assert sorted(indexen.values()) == [["casus_id", "tijdstip"], ["id"]]
    assert indexen["tijdlijn_casus_tijd"] == ["casus_id", "tijdstip"]


def test_reading_a_cases_timeline_uses_the_per_case_index(world):
    casus = world.cases["eigen"]
    qs = TijdlijnGebeurtenis.objects.filter(casus_id=casus.pk)[:200]
    if connection.vendor == "postgresql":  # a test table is tiny: tell PostgreSQL not to prefer a scan
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = qs.explain()
    assert "tijdlijn_casus_tijd" in plan
