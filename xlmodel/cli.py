"""Kommandoraden ``xlmodel``. Hjälptexter på svenska; fel ger en rad på svenska och slutkod ≠ 0.

Parsern står i ``xlmodel.kommandon.parser``, kommandona i ``xlmodel.kommandon`` (en modul per ansvar). Tunga
moduler (pandas, komponenterna) importeras inne i kommandofunktionerna, så att --hjalp och argumentfel svarar
utan dem (issue 15).
"""
from __future__ import annotations

import gc
import os
import sys
import warnings

from .fel import Anmarkning, XlmodelFel
from .kommandon.argument import ar_intervall as _ar_intervall, decimaltal as _decimaltal  # noqa: F401 (gamla namn)
from .kommandon.parser import Parser, bygg_parser  # noqa: F401


def _oserror_text(e: OSError) -> str:
    fil = e.filename or ""
    orsak = {FileExistsError: "en fil står i vägen (en mapp i sökvägen är en fil)", NotADirectoryError: "en del av sökvägen är en fil, inte en mapp",
             IsADirectoryError: "det är en mapp", PermissionError: "saknar behörighet (skrivskyddad eller öppen i ett annat program)",
             FileNotFoundError: "filen eller mappen finns inte"}.get(type(e), e.strerror or str(e))
    return f"kan inte läsa eller skriva {fil}: {orsak}." if fil else f"fel i filsystemet: {orsak}."


def main(argv: list[str] | None = None) -> int:
    """Kör kommandoraden. Slutkod 0 vid framgång, 2 vid fel (en rad på svenska på stderr, ingen traceback;
    med miljövariabeln ``XLMODEL_DEBUG=1`` visas hela tracebacken för oväntade fel).

    Pythons cykliska skräpsamling är avstängd medan kommandot körs (och på igen efteråt): ett kommando är kort,
    referensräkningen frigör nästan allt, och samlingarna kostade huvudjobbet ~13 % av CPU-tiden (mätt: samma
    minnestopp med och utan)."""
    samla = gc.isenabled()
    gc.disable()
    try:
        return _kor(argv)
    finally:
        if samla:
            gc.enable()


def program() -> None:
    """Kommandoraden som program (skriptet ``xlmodel`` och ``python -m xlmodel``): ``main`` och sedan ett direkt
    slut (``os._exit``) med dess slutkod, sedan atexit-funktionerna körts och stdout/stderr tömts som vid ett
    vanligt slut. Filerna är då redan skrivna och stängda (atomiskt, se ``excel.arbetsbok``); att riva ned tolken
    — en skräpsamling över pandas, numpy och openpyxl och hundratals moduler — kostade huvudjobbet ungefär en
    femtedel av dess tid utan att göra något som behövs (issue 15). OpenBLAS får en tråd om inget annat är satt
    (``OPENBLAS_NUM_THREADS``): att starta en tråd per kärna när numpy importeras kostade mer CPU än kommandonas
    små matriser vinner. I en annan process (tester) anropas ``main``."""
    import atexit

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # före numpy: ett kort kommando har inget för BLAS-trådarna
    kod = main()
    atexit._run_exitfuncs()  # t.ex. logging.shutdown: samma funktioner som ett vanligt slut kör
    for strom in (sys.stdout, sys.stderr):
        try:
            strom.flush()
        except (OSError, ValueError):  # stängd eller bruten pipe: som vid ett vanligt slut finns inget mer att göra
            pass
    os._exit(kod if isinstance(kod, int) else 1)


def _kor(argv: list[str] | None) -> int:
    try:
        args = bygg_parser().parse_args(argv)
    except SystemExit as e:  # --hjalp, --version (0) och argumentfel (2, redan utskrivet)
        return e.code if isinstance(e.code, int) else 2
    try:
        with warnings.catch_warnings():  # kommandona skriver anmärkningarna själva (och i arbetsboken)
            warnings.simplefilter("ignore", Anmarkning)
            return args.kor(args)
    except XlmodelFel as e:
        print(f"xlmodel: {e}", file=sys.stderr)
    except OSError as e:
        if os.environ.get("XLMODEL_DEBUG"):
            raise
        print(f"xlmodel: {_oserror_text(e)}", file=sys.stderr)
    except Exception as e:  # sista utvägen: en rad, inte en traceback
        if os.environ.get("XLMODEL_DEBUG"):
            raise
        print(f"xlmodel: oväntat fel ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else '-'}); "
              "kör med XLMODEL_DEBUG=1 för detaljer och rapportera felet.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    program()
