"""Individ- och familjeomsorg: förordning (2004:881) 9–9 a §§ och bilagan.

Standardkostnad = M_k × K + lönekostnadstillägg.

* Bilagan: M = 488,71 + 11 523,54·x₁ + 26 610,39·x₂ + 2,60·√x₃ + 2 797,15·x₄ + 17,29·x₅ − 495,53·x₆ med
  x₁ andel 0–19 år i hushåll med låg inkomststandard (justerad för ekonomiskt bistånd, avser t−3),
  x₂ andel lågutbildade födda i Sverige 20–40 år, x₃ tätortsbefolkning (antal, avser 2015), x₄ andel boende
  i flerfamiljshus byggda 1965–1975, x₅ ohälsotal (dagar, 16–64 år, Försäkringskassan), x₆
  gränspendlingsvariabeln = andel 16–74 år som gränspendlar till Norge eller Danmark (Danmark 2015, Norge
  2014, uppdateras inte) × andel 0–19 år i hushåll med låg inkomststandard (bilagan; indata är produkten).
  Andelar som bråktal (0–1), inte procent (law_cost_b.md §2.3).
* K = Ḡ_IFO × U_t / (Σ M·N / Σ N) (korrigeringsfaktorn; Ḡ uppräknad med KPIF t−1 och t).
* 9 a §: max(löneindex − 100, 0)/100 × M·K·0,578, därefter invånarbaserat avdrag.
"""
from __future__ import annotations

import numpy as np

from ..operatorer import rot

from .gemensamma import Kontext, invanarbaserat_avdrag, korrigeringsfaktor, lonekostnadstillagg

VARIABLER = {  # koefficientens namn i parametern → indatakolumn
    "lag_inkomststandard_0_19": "ifo_lag_inkomststandard_0_19",
    "lagutbildade_20_40": "ifo_lagutbildade_20_40",
    "rot_tatortsbefolkning": "tatortsbefolkning",
    "flerfamiljshus_1965_1975": "ifo_flerfamiljshus_1965_1975",
    "ohalsotal": "ohalsotal",
    "granspendling": "ifo_granspendling",
}
KOLUMNER = tuple(VARIABLER.values()) + ("loneindex_ifo",)
RIKET = ()


def modellvarde(d, koefficienter: dict) -> np.ndarray:
    """Det modellberäknade värdet M (bilagan, punkt 1–7), kr/inv."""
    m = float(koefficienter["konstant"])  # + variablerna nedan: ett fält eller ett tal, som raderna
    for namn, kolumn in VARIABLER.items():
        x = d[kolumn]
        m = m + float(koefficienter[namn]) * (rot(x) if namn.startswith("rot_") else x)
    return m


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    m = modellvarde(d, k.param("individ_och_familjeomsorg.koefficienter"))
    K = korrigeringsfaktor(m, k.genomsnitt("individ_och_familjeomsorg") * k.upprakning, k, "individ_och_familjeomsorg")
    justerad = m * K * float(k.param("individ_och_familjeomsorg.lonekostnadsandel"))
    lon = invanarbaserat_avdrag(lonekostnadstillagg(d["loneindex_ifo"], justerad), k,
                                "individ_och_familjeomsorg.lonekostnad")
    return {"modellvarde_korrigerat": m * K, "lonekostnad": lon}
