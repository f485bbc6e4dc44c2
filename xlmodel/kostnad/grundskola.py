"""Förskoleklass och grundskola: förordning (2004:881) 7–7 e §§ och bilagan.

Standardkostnad = U_t × (ÅE + modersmål/svenska som andraspråk + små skolor och skolskjutsar + lönekostnad
+ förändring av antalet barn 6–15 år).

* 7 a §: ÅE = (barn 6 år × c₆ + barn 7–15 år × c₇₋₁₅) / N, c₆ = Ḡ_förskoleklass × N_R / barn 6 år i riket,
  c₇₋₁₅ = Ḡ_grundskola × N_R / barn 7–15 år i riket (läsning: förskoleklass ↔ 6 år, grundskola ↔ 7–15 år).
* 7 b §: (barn 7–15 år födda utanför Sverige, Norge, Danmark eller med båda föräldrar födda där) / N ×
  genomsnittlig kostnad per barn, därefter avdrag. Kostnaden (bilagan) = månadslön för grundskollärare
  × (1 + 39,25 % lönekostnadspålägg) × 12 × heltidslärare i modersmål/sva / deltagande elever (riket).
  Läsning: "andelen" är antal / invånare, så att tillägget blir kr/inv.
* 7 c §: ÅE × (glesbygdsindex − 1), därefter avdrag. 7 d §: lön på 0,688 × (7 § 1–3; läsning
  ``justerad_lonekostnad``). 7 e §: som 6 g § för 6–15 år, 15 600 kr (2016).
"""
from __future__ import annotations

import numpy as np

from .gemensamma import (Kontext, forandring_antal, index_tillagg, invanarbaserat_avdrag, justerad_lonekostnad,
                         lonekostnadstillagg, med_avdrag)

KOLUMNER = (
    "barn_6", "barn_7_15", "barn_6_15_t7", "barn_7_15_utlandsk_bakgrund",
    "glesbygdsindex_grundskola", "loneindex_grundskola",
)
RIKET = ("lararlon_manad", "modersmal_sva_larare", "modersmal_sva_elever")
#: Kolumn → de tillägg (efter invånarbaserat avdrag) som kolumnen multiplicerar: ändras kolumnen i vad-om-läget
#: tar deras avdrag inte ut varandra och måste anges (``<namn>.avdrag``).
AVDRAG_MULTIPLIKATORER = {"loneindex_grundskola": ("grundskola.modersmal", "grundskola.sma_skolor")}


def kostnad_modersmal(k: Kontext) -> float:
    """Bilagan: genomsnittlig kostnad per barn för modersmålsundervisning och svenska som andraspråk."""
    return (k.riket_tal("lararlon_manad") * (1 + float(k.param("grundskola.lonekostnadspalagg")))
            * float(k.param("grundskola.manader")) * k.riket_tal("modersmal_sva_larare")
            / k.riket_tal("modersmal_sva_elever"))


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    N = k.N
    b6, b715 = d["barn_6"], d["barn_7_15"]
    c6 = k.agg("grundskola.kostnad_per_barn_6", lambda: k.genomsnitt("forskoleklass") * N.sum() / b6.sum())
    c715 = k.agg("grundskola.kostnad_per_barn_7_15", lambda: k.genomsnitt("grundskola") * N.sum() / b715.sum())
    ae = (b6 * c6 + b715 * c715) / N
    c_msa = k.agg("grundskola.kostnad_per_barn_modersmal", lambda: kostnad_modersmal(k))
    modersmal = med_avdrag(d["barn_7_15_utlandsk_bakgrund"] / N * c_msa, k, "grundskola.modersmal")
    sma = med_avdrag(index_tillagg(ae, d["glesbygdsindex_grundskola"]), k, "grundskola.sma_skolor")
    justerad = justerad_lonekostnad(k, float(k.param("grundskola.lonekostnadsandel")), ae, modersmal, sma)
    lon = invanarbaserat_avdrag(lonekostnadstillagg(d["loneindex_grundskola"], justerad), k, "grundskola.lonekostnad")
    forandring = forandring_antal(b6 + b715, d["barn_6_15_t7"],
                                  k.ersattningsbelopp("grundskola.ersattningsbelopp_2016"),
                                  float(k.param("grundskola.troskel")), k, "grundskola.forandring_barn")
    delar = {"aldersersattning": ae, "modersmal_sva": modersmal[1], "sma_skolor_skolskjutsar": sma[1],
             "lonekostnad": lon, "forandring_barn_6_15": forandring}
    return {namn: v * k.upprakning for namn, v in delar.items()}
