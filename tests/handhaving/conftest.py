import pytest

from tests.handhaving.scenario import met_pip


@pytest.fixture
def gezin(world):
    return met_pip(world.cases["eigen"], doelgroep="gezinsmigrant")
