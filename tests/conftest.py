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
