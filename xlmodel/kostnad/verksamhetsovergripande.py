"""Verksamhetsövergripande kostnader: förordning (2004:881) 16–20 a §§ och bilagan.

Standardkostnad = befolkningsminskning + eftersläpning + uppvärmning + byggnation + administration.

* 17 §: minskningen 31 dec t−12 → t−2 som överstiger två procentenheter × 200 kr, ej uppräknat (5 §).
  Läsning ``befolkningsforandring``: "antal_personer" (standard, ordagrant "räknat i antal personer"):
  överskjutande antal personer × 200 kr / N; "procentenheter": 200 kr × överskjutande procentenheter.
* 18 § och bilagan: eftersläpning (``gemensamma.efterslapning``), ej uppräknat.
* 19 §: 356 kr × (uppvärmningsindex − 1); 20 §: byggnation per län (Västra Götaland per kommun);
  20 a §: administration per kommun. 2016 års prisnivå × KPIF 2017..t. Inget invånarbaserat avdrag.
"""
from __future__ import annotations

import numpy as np

from ..operatorer import storst

from .gemensamma import (EFTERSLAPNING_KOLUMNER, EFTERSLAPNING_RIKET, Kontext, Rader, belopp_enligt_tabell,
                         efterslapning, index_tillagg)

KOLUMNER = ("folkmangd_t12", "uppvarmningsindex") + EFTERSLAPNING_KOLUMNER
RIKET = EFTERSLAPNING_RIKET


def befolkningsforandring(ny, gammal, belopp: float, overskjutande, k: Kontext) -> np.ndarray:
    """Belopp för överskjutande förändring enligt läsningen ``befolkningsforandring`` (17 §, 25 c §)."""
    if k.lasningar["befolkningsforandring"] == "procentenheter":
        return belopp * 100 * overskjutande
    return overskjutande * gammal * belopp / k.N


def berakna(d: Rader, k: Kontext) -> dict[str, np.ndarray]:
    gammal, ny = d["folkmangd_t12"], k.N
    troskel = float(k.param("verksamhetsovergripande.befolkningsminskning_troskel"))
    over = storst((gammal - ny) / gammal - troskel, 0.0)
    minskning = befolkningsforandring(ny, gammal, float(k.param("verksamhetsovergripande.befolkningsminskning_belopp")),
                                      over, k)
    upp = k.upprakning_2016
    return {
        "befolkningsminskning": minskning,
        "efterslapning": efterslapning(d, k, "verksamhetsovergripande.efterslapning"),
        "uppvarmning": index_tillagg(float(k.param("verksamhetsovergripande.uppvarmning_belopp")),
                                     d["uppvarmningsindex"]) * upp,
        "byggnation": belopp_enligt_tabell(k, "verksamhetsovergripande.byggnation", d, "byggnation") * upp,
        "administration": belopp_enligt_tabell(k, "verksamhetsovergripande.administration", d, "administration") * upp,
    }
