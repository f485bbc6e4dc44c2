import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _tom_hamtcache(tmp_path_factory):
    """Ingen test läser användarens riktiga hämtcache (``xlmodel hamta``): XLMODEL_CACHE pekar på en tom mapp."""
    import os

    gammal = os.environ.get("XLMODEL_CACHE")
    os.environ["XLMODEL_CACHE"] = str(tmp_path_factory.mktemp("hamtcache"))
    yield
    if gammal is None:
        os.environ.pop("XLMODEL_CACHE", None)
    else:
        os.environ["XLMODEL_CACHE"] = gammal


# Hypothesis-profiler: "ci" (standard) håller varje egenskapstest kort och reproducerbart; "lang" är den långa
# körningen (python -m pytest tests/test_nollsummor.py --hypothesis-profile=lang), minst 10 000 exempel per test.
# Tester med egen @settings(max_examples=...) behåller sitt antal.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("lang", max_examples=10_000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.load_profile("ci")


@pytest.fixture
def rakna_anrop(monkeypatch):
    """``rakna_anrop(modul, namn)`` byter ``modul.namn`` mot en omslutning som räknar anropen och returnerar
    (räknaren {"n": antal}, originalet): för prov att minnet gör att något räknas en gång."""
    def byt(modul, namn):
        original, antal = getattr(modul, namn), {"n": 0}

        def raknad(*a, **k):
            antal["n"] += 1
            return original(*a, **k)
        monkeypatch.setattr(modul, namn, raknad)
        return antal, original
    return byt
