"""Infrastruktur och skydd: förordning (2004:881) 15 § och bilagan.

Standardkostnad = (klimattillägg + ortstillägg + räddningstjänst) i 2016 års prisnivå × KPIF 2017..t.
Beloppen per kommun står i bilagan (parametrar). Inget invånarbaserat avdrag.
"""
from __future__ import annotations

import numpy as np

from .gemensamma import Kontext, Rader, belopp_enligt_tabell

KOLUMNER = ()
RIKET = ()
DELAR = ("klimattillagg", "ortstillagg", "raddningstjanst")


def berakna(d: Rader, k: Kontext) -> dict[str, np.ndarray]:
    return {namn: belopp_enligt_tabell(k, f"infrastruktur.{namn}", d, f"infrastruktur.{namn}") * k.upprakning_2016
            for namn in DELAR}
