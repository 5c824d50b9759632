"""The project's role x URL matrix (tests/test_permission_matrix.py), restricted to the leerroutes
URLs and their admin pages: quick feedback, and independent of other apps' entries."""

import pytest
from django.urls import reverse

from tests import test_permission_matrix as m
from tests.matrix import ACTORS


@pytest.mark.django_db
def test_role_url_matrix_leerroutes(world, client):
    m._admin_objects(world)
    failures, checked = [], 0
    for name, route in m._collect():
        if not name or not (name.startswith("leerroutes") or name.startswith("admin:leerroutes")):
            continue
        for method, expectations, kwargs_fn in m._requests_for(name, route, world):
            for actor in ACTORS:
                user, casus = world.actor(actor)
                client.logout()
                if user is not None:
                    client.force_login(user)
                args, kwargs = kwargs_fn(casus)
                url = reverse(name, args=args or None, kwargs=kwargs or None)
                response = getattr(client, method)(url)
                got = m.classify(response, user is None)
                checked += 1
                if got != expectations[actor]:
                    failures.append(
                        f"{method.upper()} {url} ({name}) as {actor}: expected {expectations[actor]}, got {got}"
                    )
    assert checked > 400
    assert not failures, "\n".join(failures)
