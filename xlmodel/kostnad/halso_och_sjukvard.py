"""Hälso- och sjukvård (regioner): förordning (2004:881) 21–25 §§ och bilagan.

Standardkostnad = U_t × (korrigerad kostnad för vårdbehov KV + vård i glesbygd + bemanning i glesbygd + lön).

* 22 §: KV = K × Σ_g antal_g(31 dec t−3) × kostnad_g / invånare(31 dec t−3); 22 grupper (bilagans matris,
  parametern ``halso_och_sjukvard.kostnadsmatris``; kolumn ``hos_<grupp>`` i indata ``region``).
  K = Ḡ_HoS / (Σ KV_okorr·N / Σ N) med N = 31 dec t−2.
  Bilagan definierar inte gränserna för låg/hög disponibel inkomst och utbildning: indelningen är indata.
* 23 §: KV × (index vård i glesbygd − 1), avdrag. 24 §: (KV + 23 §) × (index bemanning − 1), avdrag.
  25 §: lön på 0,706 × (21 § 1–3; läsning ``justerad_lonekostnad``), avdrag. Indexen är "Fasta index för
  regioner" (indata).
"""
from __future__ import annotations

import numpy as np

from .gemensamma import (Kontext, index_tillagg, invanarbaserat_avdrag, justerad_lonekostnad, korrigeringsfaktor,
                         lonekostnadstillagg, med_avdrag)

GRUPPER = (
    "0_lag_inkomst", "0_hog_inkomst", "1_5_lag_inkomst", "1_5_hog_inkomst", "6_18_lag_inkomst", "6_18_hog_inkomst",
) + tuple(f"{a}_{i}_inkomst_{u}_utbildning" for a in ("19_49", "50_69", "70_79") for i in ("lag", "hog")
          for u in ("lag", "hog")) + (
    "80_89_ensamboende", "80_89_sammanboende", "90_w_ensamboende", "90_w_sammanboende",
)
KOLUMNER = tuple(f"hos_{g}" for g in GRUPPER) + (
    "folkmangd_t3", "index_vard_glesbygd", "index_bemanning_glesbygd", "loneindex_hos",
)
RIKET = ()
#: Kolumn → de tillägg (efter invånarbaserat avdrag) som kolumnen multiplicerar: ändras kolumnen i vad-om-läget
#: tar deras avdrag inte ut varandra och måste anges (``<namn>.avdrag``).
AVDRAG_MULTIPLIKATORER = {"index_bemanning_glesbygd": ("halso_och_sjukvard.vard_glesbygd",),
                          "loneindex_hos": ("halso_och_sjukvard.vard_glesbygd", "halso_och_sjukvard.bemanning_glesbygd")}


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    matris = k.param("halso_och_sjukvard.kostnadsmatris")
    okorr = sum(d[f"hos_{g}"] * float(matris[g]) for g in GRUPPER) / d["folkmangd_t3"]
    kv = okorr * korrigeringsfaktor(okorr, k.genomsnitt("halso_och_sjukvard"), k, "halso_och_sjukvard")
    vard = med_avdrag(index_tillagg(kv, d["index_vard_glesbygd"]), k, "halso_och_sjukvard.vard_glesbygd")
    bemanning = med_avdrag(index_tillagg(kv + vard[1], d["index_bemanning_glesbygd"]), k,
                           "halso_och_sjukvard.bemanning_glesbygd")
    justerad = justerad_lonekostnad(k, float(k.param("halso_och_sjukvard.lonekostnadsandel")), kv, vard, bemanning)
    lon = invanarbaserat_avdrag(lonekostnadstillagg(d["loneindex_hos"], justerad), k, "halso_och_sjukvard.lonekostnad")
    delar = {"vardbehov": kv, "vard_glesbygd": vard[1], "bemanning_glesbygd": bemanning[1], "lonekostnad": lon}
    return {namn: v * k.upprakning for namn, v in delar.items()}
