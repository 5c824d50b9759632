import pytest

from . import scenario as s


@pytest.fixture
def ingelogd(world, client):
    """(client logged in as consultant c1, c1's case with a vastgesteld PIP, c1)."""
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    client.force_login(c1)
    return client, casus, c1
