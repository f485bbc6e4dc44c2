"""Kommunal vuxenutbildning: förordning (2004:881) 10–13 a §§.

Standardkostnad = U_t × (K₁ + K₂ + K₃ + sysselsättning).

* 11–13 §§: K_i = antal i målgruppen × genomsnittlig kostnad per person / N, kostnaden per person =
  Ḡ_i × N_R / målgruppen i riket. Målgrupper: 20–56 år utan grundläggande utbildningsnivå (11 §), 20–56 år
  utan gymnasial utbildningsnivå (12 §), 20–64 år med uppehållstillstånd < 5 år utom de två första åren
  efter mottagande enligt förordningen (2010:1122) (13 §).
* 13 a §: (K₁+K₂+K₃) × (e_R / e_k) − (K₁+K₂+K₃), därefter invånarbaserat avdrag; e = andel 20–64 år som
  förvärvsarbetar eller bedriver eftergymnasiala studier. e_R beräknas ur raderna vägd med befolkningen
  20–64 år, om inte ``riket`` anger den.
"""
from __future__ import annotations

import numpy as np

from .gemensamma import Kontext, invanarbaserat_avdrag, medel

MALGRUPPER = {  # genomsnittlig standardkostnad i bilagan → indatakolumn
    "vuxenutbildning_grundlaggande": "vux_utan_grundlaggande_20_56",
    "vuxenutbildning_gymnasial": "vux_utan_gymnasial_20_56",
    "svenska_for_invandrare": "sfi_malgrupp_20_64",
}
KOLUMNER = tuple(MALGRUPPER.values()) + ("andel_sysselsatta_20_64", "befolkning_20_64")
RIKET = ()


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    N = k.N
    delar = {}
    for verksamhet, kolumn in MALGRUPPER.items():
        antal = d[kolumn]
        c = k.agg(f"vuxenutbildning.kostnad_per_person_{verksamhet}",
                  lambda: k.genomsnitt(verksamhet) * N.sum() / antal.sum())
        delar[verksamhet] = antal * c / N
    summa = sum(delar.values())
    e = d["andel_sysselsatta_20_64"]
    e_riket = k.agg("vuxenutbildning.andel_sysselsatta_riket", lambda: medel(e, d["befolkning_20_64"]))
    delar["sysselsattning"] = invanarbaserat_avdrag(summa * e_riket / e - summa, k, "vuxenutbildning.sysselsattning")
    return {namn: v * k.upprakning for namn, v in delar.items()}
