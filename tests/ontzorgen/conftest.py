import pytest


@pytest.fixture
def casus(world):
    return world.cases["eigen"]


@pytest.fixture
def c1(client, world):
    client.force_login(world.users["c1"])
    return world.users["c1"]
