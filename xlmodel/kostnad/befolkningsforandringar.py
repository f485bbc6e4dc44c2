"""Befolkningsförändringar (regioner): förordning (2004:881) 25 a–c §§ och bilagan. Ej uppräknat (5 §).

* 25 b §: eftersläpning av intäkter, som för kommuner (``gemensamma.efterslapning``, inkomstutjämning för
  regioner år t−1).
* 25 c §: förändringen 31 dec t−12 → t−2 som överstiger landets förändring med två procentenheter (samma
  regel om riktningen som 6 g §) × 100 kr per person, enligt läsningen ``befolkningsforandring`` (se
  ``verksamhetsovergripande``). Inget invånarbaserat avdrag anges.
"""
from __future__ import annotations

import numpy as np

from .gemensamma import EFTERSLAPNING_KOLUMNER, EFTERSLAPNING_RIKET, Kontext, efterslapning, overskjutande_andel
from .verksamhetsovergripande import befolkningsforandring

KOLUMNER = ("folkmangd_t12",) + EFTERSLAPNING_KOLUMNER
RIKET = EFTERSLAPNING_RIKET


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    gammal, ny = d["folkmangd_t12"], k.N
    d_riket = k.agg("befolkningsforandringar.forandring_riket", lambda: (ny.sum() - gammal.sum()) / gammal.sum())
    over = overskjutande_andel((ny - gammal) / gammal, d_riket, float(k.param("befolkningsforandringar.troskel")))
    return {
        "efterslapning": efterslapning(d, k, "befolkningsforandringar.efterslapning"),
        "befolkningsforandring": befolkningsforandring(ny, gammal, float(k.param("befolkningsforandringar.belopp")),
                                                       over, k),
    }
