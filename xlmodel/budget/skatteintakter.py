"""Skatteintäkter: preliminär kommunalskatt och slutavräkning (lag 1965:269 4–6 §§).

Läsart (texten i 4–6 §§ har inte kunnat läsas ordagrant; se ``law_income.md`` och lag 2004:773 3 och 19 §§):

* **Preliminär kommunalskatt** år t = kommunens skatteunderlag enligt beslut om slutlig skatt året före
  (inkomstår t−2; SCB:s skatteunderlag med etikett t) × uppräkningsfaktorerna för t (4 § tredje stycket)
  × kommunens skattesats för t.
* **Slutavräkning** för inkomstår t: skillnaden mellan rikets slutliga skatteunderlag för inkomstår t och
  det uppräknade underlaget som de preliminära medlen byggde på, per invånare i riket den 1 november t−1,
  gånger kommunens egen skattesats för t och kommunens invånare den 1 november t−1 (5 §). Samma
  kr/inv-belopp (per skattekrona) gäller därför alla kommuner; det avräknas i januari år t+2 (6 §).

Med rikets ökningstakt g för inkomståren t−1 och t är det slutliga underlaget SU(t−2)·(1+g_{t−1})(1+g_t),
så slutavräkningen per invånare är  MSK_t / F_t · [(1+g_{t−1})(1+g_t) − F_t] · s/100,  där MSK_t/F_t är
rikets skatteunderlag per invånare före uppräkning. Blir utfallet lika med uppräkningsfaktorerna är den noll.
"""
from __future__ import annotations

import math

import numpy as np

from ..fel import IndataFel


def _tal(x):
    """Ett ensamt tal som float (en kommun: samma flyttalsaritmetik utan numpy), annars ett numpy-fält."""
    return float(x) if type(x) in (float, int) else np.asarray(x, dtype=float)


def _ok(a, noll_ok: bool = False) -> bool:
    """Ändligt och större än noll (eller noll, ``noll_ok``): talet eller varje element."""
    if isinstance(a, np.ndarray):
        return bool(np.all(np.isfinite(a) & ((a >= 0) if noll_ok else (a > 0))))
    return math.isfinite(a) and (a >= 0 if noll_ok else a > 0)


def _positiv(x, namn: str):
    a = _tal(x)
    if not _ok(a):
        raise IndataFel(f"{namn} måste vara ett tal större än noll.")
    return a


def preliminar_skatt(skatteunderlag, upprakningsfaktor, skattesats):
    """Preliminär kommunalskatt i kr: skatteunderlag (ej uppräknat, inkomstår t−2) × F_t × skattesats/100."""
    su = _tal(skatteunderlag)
    if not _ok(su, noll_ok=True):
        raise IndataFel("Skatteunderlaget måste vara ett tal som inte är negativt.")
    return su * _positiv(upprakningsfaktor, "Uppräkningsfaktorn") * _positiv(skattesats, "Skattesatsen") / 100


def slutavrakning_per_invanare(skatteunderlag_riket, folkmangd_riket, upprakningsfaktor, okning_foregaende,
                               okning_innevarande, skattesats):
    """Slutavräkning för inkomstår t i kr per invånare 1 november t−1 (+ kommunen får, − kommunen betalar).

    ``skatteunderlag_riket``: rikets skatteunderlag med etikett t (inkomstår t−2, ej uppräknat), kr;
    ``folkmangd_riket``: rikets invånare 1 november t−1; ``upprakningsfaktor``: F_t (produkten av
    faktorerna för t); ``okning_foregaende``/``okning_innevarande``: rikets faktiska (eller senast
    prognostiserade) ökning av skatteunderlaget inkomstår t−1 och t som andel (0,04 = 4 %);
    ``skattesats``: kommunens skattesats för t i procent.
    """
    su = _positiv(skatteunderlag_riket, "Rikets skatteunderlag")
    n = _positiv(folkmangd_riket, "Rikets folkmängd")
    F = _positiv(upprakningsfaktor, "Uppräkningsfaktorn")
    faktisk = (1 + _tal(okning_foregaende)) * (1 + _tal(okning_innevarande))
    return su * (faktisk - F) / n * _positiv(skattesats, "Skattesatsen") / 100


def slutavrakning(kr_per_invanare, folkmangd_kommun):
    """Slutavräkningens belopp i kr: kr per invånare × kommunens invånare 1 november t−1 (5 §)."""
    return _tal(kr_per_invanare) * _positiv(folkmangd_kommun, "Kommunens folkmängd")
