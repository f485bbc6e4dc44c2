"""Äldreomsorg: förordning (2004:881) 14–14 f §§ och bilagan.

Standardkostnad = U_t × (korrigerad ÅE + dödlighet + födda utanför Norden + institutionsboende i glesbygd
+ hemtjänst i glesbygd + lönekostnad).

* 14 a §: ÅE = K × Σ_g (antal i grupp g / N) × kostnad per person_g, sex grupper (sammanboende/ensamboende ×
  65–79, 80–89, 90–). K = Ḡ_ÄO / (Σ ÅE_okorr·N / Σ N).
* 14 b § och bilagan: ((D + N65) × ÅE·N/N65) / N − ÅE = ÅE·D/N65, D = faktiska − förväntade avlidna under
  perioden t−6..t−2; D < 0 halveras. N65 = summan av de sex grupperna (läsning). Därefter avdrag.
* 14 c §: 5 % × genomsnittskostnad per person 65– (Ḡ_ÄO × N_R / N65_R) × födda utanför Norden 65– / N
  (läsning ``fodda_utanfor_norden="per_invanare"``: andelen räknas per invånare, så att tillägget blir kr/inv;
  ``"andel_65"``: andelen av kommunens 65–, utan omräkning), därefter avdrag.
* 14 d § och bilagan: glesbygdsfaktor G = tätortsgrad² × √(invånare/km²) (tätortsgrad som bråktal, avser
  2015); om G < 0,8: (0,08 − G/10) × ÅE, därefter avdrag.
* 14 e §: ÅE × (glesbygdsindex − 1), avdrag. 14 f §: lön på 0,739 × (14 § 1–5; läsning
  ``justerad_lonekostnad``).
"""
from __future__ import annotations

import numpy as np

from ..operatorer import kvadrat, om, rot

from .gemensamma import (Kontext, index_tillagg, invanarbaserat_avdrag, justerad_lonekostnad, korrigeringsfaktor,
                         lonekostnadstillagg, med_avdrag)

GRUPPER = ("sammanboende_65_79", "sammanboende_80_89", "sammanboende_90_w",
           "ensamboende_65_79", "ensamboende_80_89", "ensamboende_90_w")
KOLUMNER = GRUPPER + (
    "avlidna_faktiska", "avlidna_forvantade", "fodda_utanfor_norden_65_w", "tatortsgrad", "invanare_per_km2",
    "glesbygdsindex_aldreomsorg", "loneindex_aldreomsorg",
)
RIKET = ()
#: Kolumn → de tillägg (efter invånarbaserat avdrag) som kolumnen multiplicerar: ändras kolumnen i vad-om-läget
#: tar deras avdrag inte ut varandra och måste anges (``<namn>.avdrag``).
AVDRAG_MULTIPLIKATORER = {"loneindex_aldreomsorg": ("aldreomsorg.dodlighet", "aldreomsorg.utanfor_norden",
                                                   "aldreomsorg.institutionsboende", "aldreomsorg.hemtjanst")}


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    N = k.N
    kostnad = k.param("aldreomsorg.kostnad_per_person")
    okorr = sum(d[g] / N * float(kostnad[g]) for g in GRUPPER)
    G = k.genomsnitt("aldreomsorg")
    ae = okorr * korrigeringsfaktor(okorr, G, k, "aldreomsorg")
    n65 = sum(d[g] for g in GRUPPER)
    D = d["avlidna_faktiska"] - d["avlidna_forvantade"]
    halvering = float(k.param("aldreomsorg.dodlighet_farre_andel"))
    dod = med_avdrag(ae * D / n65 * om(D < 0, halvering, 1.0), k, "aldreomsorg.dodlighet")
    c65 = k.agg("aldreomsorg.kostnad_per_person_65", lambda: G * N.sum() / n65.sum())
    per = N if k.lasningar["fodda_utanfor_norden"] == "per_invanare" else n65  # läsning, se modulens text
    norden = med_avdrag(float(k.param("aldreomsorg.utanfor_norden_andel")) * c65
                        * d["fodda_utanfor_norden_65_w"] / per, k, "aldreomsorg.utanfor_norden")
    faktor = kvadrat(d["tatortsgrad"]) * rot(d["invanare_per_km2"])  # kvadrat = x·x för tal och fält
    inst = k.param("aldreomsorg.institutionsboende")
    grans = float(k.param("aldreomsorg.glesbygdsfaktor_grans"))
    institution = med_avdrag(
        om(faktor < grans, (float(inst["konstant"]) - faktor / float(inst["delare"])) * ae, 0.0), k,
        "aldreomsorg.institutionsboende")
    hemtjanst = med_avdrag(index_tillagg(ae, d["glesbygdsindex_aldreomsorg"]), k, "aldreomsorg.hemtjanst")
    justerad = justerad_lonekostnad(k, float(k.param("aldreomsorg.lonekostnadsandel")), ae, dod, norden, institution,
                                    hemtjanst)
    lon = invanarbaserat_avdrag(lonekostnadstillagg(d["loneindex_aldreomsorg"], justerad), k, "aldreomsorg.lonekostnad")
    delar = {"aldersersattning": ae, "dodlighet": dod[1], "fodda_utanfor_norden": norden[1],
             "institutionsboende_glesbygd": institution[1], "hemtjanst_glesbygd": hemtjanst[1], "lonekostnad": lon}
    return {namn: v * k.upprakning for namn, v in delar.items()}


