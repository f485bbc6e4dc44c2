"""Gymnasieskola: förordning (2004:881) 8–8 e §§ och bilagan.

Standardkostnad = U_t × (ÅE + resor/inackordering/små gymnasieskolor + programval + lönekostnad + förändring
av antalet ungdomar 16–18 år).

* 8 a §: ÅE = ungdomar 16–18 / N × Ḡ_gymnasieskola × N_R / ungdomar 16–18 i riket.
* 8 b §: ÅE × (glesbygdsindex − 1), därefter avdrag.
* 8 c § och bilagan: programval = medelvärdet av programvalsfaktorn år t−2 och t−3, utan avdrag.
  Programvalsfaktorn år j = (Σ_program elever × rikets kostnad per program [``gy_programkostnad_j``]
  + ej inskrivna 16–18 år × genomsnittskostnad för alla program [Σ programkostnad / Σ elever i riket]
  − ungdomar 16–18 år × gymnasiets genomsnittskostnad per ungdom [Σ (programkostnad + ej inskrivna ×
  genomsnittskostnad) / Σ ungdomar i riket]) / N. Läsning: bilagan delar bara relationstalet med invånarna,
  vilket inte går ihop dimensionsmässigt; här delas hela differensen med N (31 dec t−2, 5 §), så att
  programvalet summerar till noll i riket. Läsning också: "gymnasiets genomsnittskostnad i landet per ungdom"
  räknas ur samma programkostnader (inte ur 8 a §:s kostnad per ungdom, som skulle ge en nivå som inte
  summerar till noll; 8 c § har inget invånarbaserat avdrag). ``programkostnad`` bygger kolumnerna ur elever
  per program.
* 8 d §: lön på 0,678 × (8 § 1–3; läsning ``justerad_lonekostnad``). 8 e §: som 6 g § för 16–18 år,
  15 600 kr (2016).
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import IndataFel
from ..validering import kontrollera_tabell, tal
from .gemensamma import (Kontext, forandring_antal, index_tillagg, invanarbaserat_avdrag, justerad_lonekostnad,
                         lonekostnadstillagg, med_avdrag)

AR = ("t2", "t3")
KOLUMNER = (
    "ungdomar_16_18", "ungdomar_16_18_t3", "ungdomar_16_18_t7",
    "glesbygdsindex_gymnasieskola", "loneindex_gymnasieskola",
) + tuple(f"{v}_{j}" for j in AR for v in ("gy_programkostnad", "gy_elever", "gy_ej_inskrivna"))
RIKET = ()
#: Kolumn → de tillägg (efter invånarbaserat avdrag) som kolumnen multiplicerar: ändras kolumnen i vad-om-läget
#: tar deras avdrag inte ut varandra och måste anges (``<namn>.avdrag``).
AVDRAG_MULTIPLIKATORER = {"loneindex_gymnasieskola": ("gymnasieskola.resor",)}
INTRODUKTIONSPROGRAM = "introduktionsprogram"


def programkostnad(elever: pd.DataFrame, kostnad_per_program: Mapping[str, float], riksprislista_faktor: float,
                   ar: int, reform: str | None = None) -> pd.DataFrame:
    """Kolumnerna ``gy_programkostnad`` och ``gy_elever`` för ett år ur elever per hemkommun och program.

    ``elever``: en rad per kommun och program med ``kommunkod``, ``program``, ``elever`` (folkbokförda elever
    per hemkommun, Skolverket). ``kostnad_per_program``: landets genomsnittskostnad per elev och nationellt
    program (Skolverket). Programmet ``"introduktionsprogram"`` kostar bilagans 111 523 kr (2016 års
    prisnivå) × ``riksprislista_faktor`` (riksprislistans kostnadsutveckling 2016 → året).
    """
    from ..parametrar import parametrar

    if not isinstance(elever, pd.DataFrame) or not {"kommunkod", "program", "elever"} <= set(elever.columns):
        raise IndataFel("elever: tabell med kolumnerna kommunkod, program, elever krävs.")
    intro = float(parametrar(reform)["kostnadsutjamning.gymnasieskola.introduktionsprogram_2016"](ar))
    kostnad = {str(p): tal(v, f"kostnad för program {p}") for p, v in kostnad_per_program.items()}
    kostnad[INTRODUKTIONSPROGRAM] = intro * tal(riksprislista_faktor, "riksprislista_faktor")
    rader = []
    for radnr, rad in enumerate(elever.itertuples(index=False), start=1):
        if str(rad.program) not in kostnad:
            raise IndataFel(f"elever rad {radnr}: kostnad saknas för programmet {rad.program!r}.")
        n = tal(rad.elever, f"elever rad {radnr}, kolumn elever")
        rader.append((rad.kommunkod, n * kostnad[str(rad.program)], n))
    df = pd.DataFrame(rader, columns=["kommunkod", "gy_programkostnad", "gy_elever"])
    df["kommunkod"] = df["kommunkod"].astype(str).str.zfill(4)
    summa = df.groupby("kommunkod", as_index=False)[["gy_programkostnad", "gy_elever"]].sum()
    return kontrollera_tabell(summa, ["gy_programkostnad", "gy_elever"], namn="elever").reset_index()


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    N = k.N
    y = d["ungdomar_16_18"]
    c = k.agg("gymnasieskola.kostnad_per_ungdom", lambda: k.genomsnitt("gymnasieskola") * N.sum() / y.sum())
    ae = y / N * c
    resor = med_avdrag(index_tillagg(ae, d["glesbygdsindex_gymnasieskola"]), k, "gymnasieskola.resor")
    faktorer = []
    for j, ungdomar in (("t2", y), ("t3", d["ungdomar_16_18_t3"])):
        prog, elever, ej = (d[f"{v}_{j}"] for v in ("gy_programkostnad", "gy_elever", "gy_ej_inskrivna"))
        c_alla = k.agg(f"gymnasieskola.kostnad_per_elev_{j}", lambda: prog.sum() / elever.sum())
        c_ungdom = k.agg(f"gymnasieskola.kostnad_per_ungdom_{j}",
                         lambda: (prog.sum() + ej.sum() * c_alla) / ungdomar.sum())
        faktorer.append((prog + ej * c_alla - ungdomar * c_ungdom) / N)
    programval = (faktorer[0] + faktorer[1]) / 2
    justerad = justerad_lonekostnad(k, float(k.param("gymnasieskola.lonekostnadsandel")), ae + programval, resor)
    lon = invanarbaserat_avdrag(lonekostnadstillagg(d["loneindex_gymnasieskola"], justerad), k,
                                "gymnasieskola.lonekostnad")
    forandring = forandring_antal(y, d["ungdomar_16_18_t7"],
                                  k.ersattningsbelopp("gymnasieskola.ersattningsbelopp_2016"),
                                  float(k.param("gymnasieskola.troskel")), k, "gymnasieskola.forandring_ungdomar")
    delar = {"aldersersattning": ae, "resor_inackordering": resor[1], "programval": programval, "lonekostnad": lon,
             "forandring_ungdomar_16_18": forandring}
    return {namn: v * k.upprakning for namn, v in delar.items()}
