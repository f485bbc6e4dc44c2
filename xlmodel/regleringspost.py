"""Regleringsbidrag och regleringsavgift: lag (2004:773) 15–16 §§.

Statens nettoutgift C = Σ inkomstutjämningsbidrag + Σ kostnadsutjämningsbidrag + Σ strukturbidrag
+ Σ införandebidrag − Σ inkomstutjämningsavgifter − Σ kostnadsutjämningsavgifter. Är C lägre än anslaget
A fördelas skillnaden som regleringsbidrag (15 §), är den högre betalas den som regleringsavgift (16 §),
"med ett enhetligt belopp per invånare i landet", separat för kommuner och för regioner:

    regleringspost (kr/inv) = (A − C) / invånare i landet 1 november t−1.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel
from .niva import niva_kolumner, nyckel
from .validering import andlig_tabell, andliga, avrunda_krontal, kodindex, tal

KOMPONENTER = ("inkomstutjamning", "kostnadsutjamning", "strukturbidrag", "inforandebidrag")


def statens_nettoutgift(belopp: pd.DataFrame | Mapping[str, float]) -> float:
    """C i 15–16 §§: summan av bidrag minus avgifter (kr) över komponenterna i ``KOMPONENTER``.

    ``belopp``: en tabell med en rad per kommun och en kolumn per komponent (kr, + bidrag, − avgift), eller
    rikstotaler per komponent. Saknade komponenter räknas som noll.
    """
    okanda = [k for k in (belopp.columns if isinstance(belopp, pd.DataFrame) else belopp)
              if k not in KOMPONENTER and k not in ("kommunkod", "lanskod")]
    if okanda:
        raise IndataFel(f"Okänd komponent {okanda[0]!r}: ange {', '.join(KOMPONENTER)}.")
    summa = 0.0
    for k in KOMPONENTER:
        if k in belopp:
            v = belopp[k]
            summa += float(np.sum([tal(x, f"belopp, {k}") for x in (v if isinstance(v, pd.Series) else [v])]))
    return summa


def regleringspost(anslag: float, nettoutgift: float, folkmangd_riket: float, avrunda: bool = True) -> float:
    """Regleringspost i kr per invånare (+ bidrag, − avgift) enligt 15–16 §§: (anslag − nettoutgift) / folkmängd.

    15–16 §§ föreskriver ingen avrundning; ``avrunda=True`` (standard) avrundar till hela kronor som SCB:s
    utfall (OE0115, samma hela kr/inv för alla kommuner), ``avrunda=False`` ger den ordagranna kvoten.
    """
    anslag, nettoutgift = tal(anslag, "anslag"), tal(nettoutgift, "nettoutgift")
    n = tal(folkmangd_riket, "folkmängd i riket")
    if n <= 0:
        raise IndataFel("Folkmängden i riket måste vara större än noll.")
    r = (anslag - nettoutgift) / n
    return andliga(float(avrunda_krontal(r)) if avrunda else r, "regleringspost")


def regleringsbidrag(underlag: pd.DataFrame, kr_per_inv: float, niva: str = "kommun") -> pd.DataFrame:
    """Regleringsbidrag (+) eller -avgift (−) per kommun eller region (``niva="region"``, nyckel ``lanskod``):
    samma kr/inv för alla på nivån (15–16 §§), belopp = kr/inv × folkmängd.

    ``underlag``: ``kommunkod``/``lanskod``, ``folkmangd``. ``kr_per_inv`` från ``regleringspost`` (med
    nivåns anslag och nettoutgift) eller som publicerad.
    """
    r = tal(kr_per_inv, "regleringspost kr/inv")
    koder, _, (N,) = niva_kolumner(underlag, ["folkmangd"], niva, positiva=["folkmangd"], namn="underlag")
    return andlig_tabell({"folkmangd": N, "kr_per_inv": r, "belopp": r * N,
                          "typ": "regleringsbidrag" if r >= 0 else "regleringsavgift"}, kodindex(koder, nyckel(niva)),
                         "regleringsbidrag")
