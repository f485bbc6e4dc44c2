"""Förskola, fritidshem och annan pedagogisk verksamhet: förordning (2004:881) 6–6 g §§ och bilagan.

Standardkostnad = U_t × (ÅE₁₋₅ + ÅE₆₋₁₂ + behov förskola + behov fritidshem + socioekonomi + gles bebyggelse
+ lönekostnad + förändring av antalet barn 1–5 år), U_t = KPIF t−1 och t (bilagan).

* 6 a §: ÅE = andel barn i åldersgruppen × genomsnittskostnad per barn. Genomsnittskostnaden per barn 1–5
  (6–12) år = Ḡ_förskola (Ḡ_fritidshem) × N_R / barn_R plus Ḡ_pedagogisk omsorg × N_R / barn 1–12 år i riket
  (läsning: pedagogisk omsorg fördelas på alla barn 1–12 år, SOU 2018:74; summan i riket blir tabellens).
* 6 b, 6 c, 6 e §§: ÅE × (index − 1), därefter invånarbaserat avdrag. Indexen är "Fasta index" (indata).
* 6 d §: socioekonomiskt index × 5 % × ÅE₁₋₅, därefter avdrag. Indexet (bilagan) = medelvärdet av tre
  kvoter: kommunens andel / "medelvärdet för motsvarande grupp i landet". Läsning ``socioekonomi_medelvarde``:
  "riket" (standard) rikets andel, vägd med barn 1–5 år; "kommunmedel" ovägt medel av kommunernas andelar.
  Beräknas ur raderna om inte ``riket`` anger den.
* 6 f §: lönekostnadstillägg på 0,738 × (6 § 1–5), därefter avdrag (läsning ``justerad_lonekostnad``: 6 § 2–5
  efter eller före sina avdrag).
* 6 g §: förändring av antalet barn 1–5 år 31 dec t−7 → t−2; 13 000 kr (2016) uppräknat till t−2.
"""
from __future__ import annotations

import numpy as np

from .gemensamma import (Kontext, forandring_antal, index_tillagg, invanarbaserat_avdrag, justerad_lonekostnad,
                         lonekostnadstillagg, med_avdrag, medel)

SOCIOEKONOMI = (
    "andel_1_5_foraldrar_ej_eftergymnasial",  # t−2
    "andel_1_5_lag_disponibel_inkomst",  # t−3
    "andel_1_5_foralder_kort_uppehallstillstand",  # t−2, högst fyra år
)
KOLUMNER = (
    "barn_1_5", "barn_6_12", "barn_1_5_t7",
    "index_behov_forskola", "index_behov_fritidshem", "glesbygdsindex_forskola", "loneindex_forskola",
) + SOCIOEKONOMI
RIKET = ()
#: Kolumn → de tillägg (efter invånarbaserat avdrag) som kolumnen multiplicerar: ändras kolumnen i vad-om-läget
#: tar deras avdrag inte ut varandra och måste anges (``<namn>.avdrag``).
AVDRAG_MULTIPLIKATORER = {"loneindex_forskola": ("forskola.behov_forskola", "forskola.behov_fritidshem",
                                                "forskola.socioekonomi", "forskola.gles_bebyggelse")}


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    N = k.N
    b15, b612 = d["barn_1_5"], d["barn_6_12"]
    ped = k.genomsnitt("pedagogisk_omsorg")
    c15 = k.agg("forskola.kostnad_per_barn_1_5", lambda: (k.genomsnitt("forskola") * N.sum() / b15.sum()
                                                            + ped * N.sum() / (b15 + b612).sum()))
    c612 = k.agg("forskola.kostnad_per_barn_6_12", lambda: (k.genomsnitt("fritidshem") * N.sum() / b612.sum()
                                                              + ped * N.sum() / (b15 + b612).sum()))
    ae15, ae612 = b15 / N * c15, b612 / N * c612
    behov_fsk = med_avdrag(index_tillagg(ae15, d["index_behov_forskola"]), k, "forskola.behov_forskola")
    behov_frh = med_avdrag(index_tillagg(ae612, d["index_behov_fritidshem"]), k, "forskola.behov_fritidshem")
    vikt = np.ones(len(d)) if k.lasningar["socioekonomi_medelvarde"] == "kommunmedel" else b15
    kvoter = [d[c] / k.agg(f"forskola.{c}_riket", lambda c=c: medel(d[c], vikt)) for c in SOCIOEKONOMI]
    socio_index = sum(kvoter) / len(kvoter)
    socio = med_avdrag(socio_index * float(k.param("forskola.socioekonomisk_andel")) * ae15, k,
                       "forskola.socioekonomi")
    gles = med_avdrag(index_tillagg(ae15, d["glesbygdsindex_forskola"]), k, "forskola.gles_bebyggelse")
    justerad = justerad_lonekostnad(k, float(k.param("forskola.lonekostnadsandel")), ae15 + ae612,
                                    behov_fsk, behov_frh, socio, gles)
    lon = invanarbaserat_avdrag(lonekostnadstillagg(d["loneindex_forskola"], justerad), k, "forskola.lonekostnad")
    forandring = forandring_antal(b15, d["barn_1_5_t7"], k.ersattningsbelopp("forskola.ersattningsbelopp_2016"),
                                  float(k.param("forskola.troskel")), k, "forskola.forandring_barn")
    delar = {
        "aldersersattning_1_5": ae15, "aldersersattning_6_12": ae612, "behov_forskola": behov_fsk[1],
        "behov_fritidshem": behov_frh[1], "socioekonomi": socio[1], "gles_bebyggelse": gles[1], "lonekostnad": lon,
        "forandring_barn_1_5": forandring,
    }
    return {namn: v * k.upprakning for namn, v in delar.items()}
