"""xlmodel: kommunalekonomisk utjämning och resursfördelningsmodeller, lagtroget och testat.

Publika funktioner (en rad per kommun in, en tabell ut):

* ``kommuner()``, ``lan()``, ``skattesatser(ar)``: referensdata.
* ``inkomstutjamning(underlag, ar, niva, riket, reform)``: lag (2004:773) 3–7 §§.
* ``strukturbidrag``, ``inforandebidrag``, ``regleringspost``, ``regleringsbidrag``: 11–16 §§.
* ``parametrar(reform)``: de årsversionerade parametrarna med källor.
* ``underlag(ar, niva)``, ``riket(ar)``: hela landets medföljande underlag och rikstotaler (``xlmodel.kallor``).

Namnen laddas vid första användningen (PEP 562), så ``import xlmodel`` och ``xlmodel --hjalp`` inte läser in
pandas och alla moduler. Ett nytt publikt namn är en rad i ``_NAMN``: ``"namn": "modul"`` (attributet heter som
namnet) eller ``"namn": "modul:attribut"``. Undermoduler (``xlmodel.exempeldata`` ...) laddas också vid behov.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

from .fel import Anmarkning, IndataFel, ParameterFel, XlmodelFel

__version__ = "0.1.0"

_NAMN = {
    # referensdata och import
    "kommuner": ".kallor.referensdata",
    "lan": ".kallor.referensdata",
    "skattesatser": ".kallor.referensdata",
    "underlag": ".kallor.underlag",
    "riket": ".kallor.underlag",
    "Importresultat": ".kallor.dataimport",
    "importera": ".kallor.dataimport",
    "importera_inkomstunderlag": ".kallor.dataimport",
    "las_px": ".kallor.dataimport",
    "las_skattesatser_px": ".kallor.dataimport",
    # parametrar
    "Parametrar": ".parametrar",
    "parametrar": ".parametrar",
    "reformer": ".parametrar",
    # lagens delar
    "inkomstutjamning": ".inkomstutjamning",
    "medelskattekraft": ".inkomstutjamning",
    "region_underlag": ".inkomstutjamning",
    "upprakningsfaktor": ".inkomstutjamning",
    "scenarier": ".scenarier",
    "inforandebidrag": ".inforandebidrag",
    "regleringsbidrag": ".regleringspost",
    "regleringspost": ".regleringspost",
    "statens_nettoutgift": ".regleringspost",
    "strukturbidrag": ".strukturbidrag",
    "strukturbidrag_enligt_lag": ".strukturbidrag",
    "kostnadsutjamning": ".kostnadsutjamning",
    "kostnadsutjamning_vad_om": ".kostnadsutjamning_vad_om",
    "lss_genomsnittskostnader": ".lss_utjamning",
    "lss_prislappar": ".lss_utjamning",
    "lss_utjamning": ".lss_utjamning",
    "personalkostnadsindex": ".lss_utjamning",
    "jamfor_utjamning": ".utjamning",
    "kommunalekonomisk_utjamning": ".utjamning",
    # förslag (Ds 1999:72)
    "ds1999_tabell_g": ".lss_ds1999",
    "ds1999_tabell_h": ".lss_ds1999",
    "lss_ds1999_behovsniva": ".lss_ds1999",
    "lss_ds1999_modell1": ".lss_ds1999",
    "lss_ds1999_modell2": ".lss_ds1999",
    "lss_sparregler": ".lss_ds1999",
    "sodertorn_fordelning": ".lss_ds1999",
    "sodertorn_niva": ".lss_ds1999",
    # resursfördelning
    "ifo_kostnadsokning": ".resurs",
    "lss_priser": ".resurs",
    "resursfordelning": ".resurs",
    "resursfordelning_kriterier": ".resurs:kriterier",
    "resursfordelning_ramar": ".resurs:ramar",
    "resursfordelningsmodeller": ".resurs:modeller",
    "sjalvfinansiering_simulering": ".resurs",
    "sjalvfinansieringsgrad": ".resurs",
    "sjobo_aldreomsorg": ".resurs",
    "socialnamnden": ".resurs",
    "sparbeting": ".resurs",
    "statsbidrag_per_invanare": ".resurs",
    "vara": ".resurs",
    # skatter och bidrag (budget)
    "Antaganden": ".budget",
    "jamfor": ".budget",
    "jamfor_prognoser": ".budget",
    "jamfor_reform": ".budget",
    "marginalintakt": ".budget",
    "prognos": ".budget",
    "prognoser": ".budget",
    "prisupprakning_ur_prognos": ".budget",
    "skatter_och_bidrag": ".budget",
    "skatter_och_bidrag_alla": ".budget",
    "standardkostnad_per_aldersgrupp": ".budget",
    "summera": ".budget",
    # arbetsböcker
    "skriv_csv": ".excel.arbetsbok",
    "uppdatera_arbetsbok": ".excel.arbetsbok",
}

__all__ = ["Anmarkning", "IndataFel", "ParameterFel", "XlmodelFel", "__version__", *_NAMN]


def __getattr__(namn: str):
    """Ladda ett publikt namn (``_NAMN``) eller en undermodul vid första användningen."""
    if namn in _NAMN:
        modul, _, attribut = _NAMN[namn].partition(":")
        varde = getattr(importlib.import_module(modul, __name__), attribut or namn)
    elif not namn.startswith("_") and importlib.util.find_spec(f"{__name__}.{namn}") is not None:
        varde = importlib.import_module(f".{namn}", __name__)
    else:
        raise AttributeError(f"modulen {__name__!r} har inget attribut {namn!r}")
    globals()[namn] = varde
    return varde


def __dir__():
    return sorted(set(globals()) | set(_NAMN))


class _Paket(types.ModuleType):
    """Funktioner som heter som sin modul (``inkomstutjamning``, ``skatter_och_bidrag`` ...) skuggar modulen: när
    importsystemet binder undermodulen på paketet behålls funktionen (som i den tidigare ivriga ``__init__``)."""

    def __setattr__(self, namn, varde):
        if isinstance(varde, types.ModuleType) and namn in _NAMN:
            return
        super().__setattr__(namn, varde)


sys.modules[__name__].__class__ = _Paket
