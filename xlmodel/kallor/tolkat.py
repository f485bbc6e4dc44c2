"""Medföljande tabeller tolkade en gång per dator i stället för en gång per process (issue 15).

Att läsa en medföljande CSV-fil och forma om den (``referensdata``, ``scb``) tar 1–3 ms per tabell, och
huvudjobbet läser ett tiotal. ``tolkad`` sparar tabellen som den blev (pickle) i cachemappen, under
``tolkat/`` (``cache.mapp()``, samma mapp som hämtningarna; tester: ``XLMODEL_CACHE``), och läser den därifrån
nästa gång. Nyckeln är, som för Pythons .pyc-filer, filernas storlek och ändringstid: de medföljande filerna som
funktionen läser, modulerna som tolkar dem, och Python-, pandas- och numpy-versionerna. En ändrad fil eller
ändrad kod ger en ny nyckel och en ny tolkning. CSV-filerna är källan (``xlmodel/data/KALLOR.md``); det sparade
är samma tabell (ett prov jämför dem), bara snabbare att läsa. Går cachen inte att läsa eller skriva tolkas
filerna som vanligt. Hämtade tabeller (``xlmodel hamta``) läggs på efteråt och sparas inte här.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from . import cache

#: Modulerna som tolkar de medföljande filerna: en ändring i dem ger nya tolkningar.
_KOD = ("referensdata.py", "scb.py", "tolkat.py")
_DATA = resources.files("xlmodel") / "data"


def tolkad(*filer: str):
    """Dekorator för en funktion som läser medföljande filer (``filer``, i ``xlmodel/data``; ``"{0}"`` är funktionens
    första argument) och ger en tabell: tabellen sparas tolkad och läses därifrån när filerna och koden är
    oförändrade. Ett fel (t.ex. ``IndataFel`` för ett år som inte medföljer) sparas inte."""

    def dekorator(f):
        @functools.wraps(f)
        def omslag(*args):
            fil = _fil(f"{f.__module__}.{f.__qualname__}", args, tuple(n.format(*args) for n in filer),
                       os.environ.get("XLMODEL_CACHE"))
            if fil is not None:
                try:
                    with open(fil, "rb") as fh:
                        return pickle.load(fh)
                except Exception:  # noqa: BLE001 - saknas, halvskriven eller från en annan version: tolka igen
                    pass
            ut = f(*args)
            if fil is not None:
                _spara(fil, ut)
            return ut

        return omslag

    return dekorator


@functools.lru_cache(maxsize=256)
def _fil(namn: str, args: tuple, filer: tuple[str, ...], _mapp: str | None) -> Path | None:
    """Cachefilen för tabellen (nyckeln i namnet), eller None om filerna inte går att ``stat``:a (t.ex. i en zip).
    En gång per process och argument (``_mapp``: ``XLMODEL_CACHE``, som bestämmer mappen)."""
    try:
        data = Path(os.fspath(_DATA))
        kod = Path(__file__).parent
        delar = [(n, *_stampel(data / n)) for n in filer] + [(n, *_stampel(kod / n)) for n in _KOD]
        mapp = cache.mapp() / "tolkat"
    except (OSError, TypeError):
        return None
    nyckel = repr((delar, sys.version_info[:2], pd.__version__, np.__version__))
    return mapp / f"{namn}-{_hash(repr((args, str(kod))), 4)}-{_hash(nyckel, 12)}.pickle"  # en plats per installation


def _hash(text: str, n: int) -> str:
    return hashlib.blake2b(text.encode(), digest_size=n).hexdigest()


def _stampel(fil: Path) -> tuple[int, int]:
    st = fil.stat()
    return st.st_size, st.st_mtime_ns


def _spara(fil: Path, tabell) -> None:
    """Skriv atomiskt (temporär fil och namnbyte) och ta bort äldre tolkningar av samma tabell; fel ignoreras."""
    try:
        fil.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=fil.parent, prefix=".tolkas-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(tabell, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, fil)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for gammal in fil.parent.glob(f"{fil.name.rsplit('-', 1)[0]}-*.pickle"):  # samma tabell och argument
            if gammal != fil:
                gammal.unlink(missing_ok=True)
    except OSError:
        pass
