"""Medföljande filer tolkade en gång per dator i stället för en gång per process (issue 15).

Att läsa en medföljande CSV-fil och forma om den (``referensdata``, ``scb``) tar 1–3 ms per tabell, och lagens
parameterfiler (YAML, ``parametrar``) ~10 ms tillsammans; huvudjobbet läser båda. ``tolkad`` sparar resultatet
(pickle) i ``cache.tolkat_mapp()`` (bredvid hämtningarnas mapp, inte i den; tester: ``XLMODEL_CACHE``), och läser
det därifrån nästa gång. Nyckeln är, som för Pythons .pyc-filer, filernas storlek
och ändringstid: de medföljande filerna som funktionen läser, modulerna som tolkar dem och paketen de använder
(pandas och numpy, PyYAML) och Python-versionen. En ändrad fil eller ändrad kod ger en ny nyckel och en
ny tolkning. De medföljande filerna är källan (``xlmodel/data/KALLOR.md``, parametrarnas SFS-hänvisningar); det
sparade är samma resultat (prov jämför dem), bara snabbare att läsa. Går cachen inte att läsa eller skriva tolkas
filerna som vanligt; en mapp som andra kan skriva i läses inte (``_egen_mapp``). Hämtade tabeller (``xlmodel hamta``) läggs på efteråt och sparas inte här.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from importlib import resources
from pathlib import Path

#: Modulerna som tolkar de medföljande tabellerna (sökvägar i paketet): en ändring i dem ger nya tolkningar.
TABELLKOD = ("kallor/referensdata.py", "kallor/scb.py")
_PAKET = resources.files("xlmodel")


def tolkad(*filer: str, kod: tuple[str, ...] = TABELLKOD, paket: tuple[str, ...] = ("pandas", "numpy")):
    """Dekorator för en funktion som läser medföljande filer (``filer``: sökvägar i paketet ``xlmodel``, t.ex.
    ``"data/counties.csv"``; ``"{0}"`` är funktionens första argument) och ger ett resultat som sparas tolkat och
    läses därifrån när filerna, koden (``kod``, sökvägar i paketet) och paketen (``paket``, t.ex. ``"yaml"``) är
    oförändrade. Ett fel (t.ex. ``IndataFel`` för ett år som inte medföljer) sparas inte. Modulen läser inte in
    pandas eller PyYAML själv (``parametrar`` använder den för YAML-filerna utan att läsa in PyYAML)."""

    def dekorator(f):
        @functools.wraps(f)
        def omslag(*args):
            fil = _fil(f"{f.__module__}.{f.__qualname__}", args, tuple(n.format(*args) for n in filer), kod, paket,
                       os.environ.get("XLMODEL_CACHE"))
            if fil is not None and _egen_mapp(fil.parent):
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
def _fil(namn: str, args: tuple, filer: tuple[str, ...], kod: tuple[str, ...], paket: tuple[str, ...],
         _mapp: str | None) -> Path | None:
    """Cachefilen för resultatet (nyckeln i namnet), eller None om filerna inte går att ``stat``:a (t.ex. i en zip).
    En gång per process och argument (``_mapp``: ``XLMODEL_CACHE``, som bestämmer mappen)."""
    from . import cache

    try:
        rot = Path(os.fspath(_PAKET))
        delar = [(n, *_stampel(rot / n)) for n in (*filer, *kod, "kallor/tolkat.py")]
        delar += [(p, *_stampel(Path(importlib.util.find_spec(p).origin))) for p in paket]
        mapp = cache.tolkat_mapp()
    except (OSError, TypeError, AttributeError, ImportError, ValueError):
        return None
    nyckel = repr((delar, sys.version_info[:2]))
    return mapp / f"{namn}-{_hash(repr((args, str(rot))), 4)}-{_hash(nyckel, 12)}.pickle"  # en plats per installation


def _egen_mapp(mapp: Path) -> bool:
    """Sant om mappen är användarens egen och ingen annan får skriva i den (POSIX): en sparad tolkning (pickle) läses
    bara därifrån, annars tolkas filerna som vanligt (pickle kan köra kod och ska inte läsas ur en delad mapp)."""
    if os.name != "posix":
        return True
    try:
        st = mapp.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _hash(text: str, n: int) -> str:
    return hashlib.blake2b(text.encode(), digest_size=n).hexdigest()


def _stampel(fil: Path) -> tuple[int, int]:
    st = fil.stat()
    return st.st_size, st.st_mtime_ns


def _spara(fil: Path, tabell) -> None:
    """Skriv atomiskt (temporär fil och namnbyte) och ta bort äldre tolkningar av samma tabell; fel ignoreras."""
    try:
        fil.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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
