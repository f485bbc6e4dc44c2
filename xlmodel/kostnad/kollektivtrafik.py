"""Kollektivtrafik: förordning (2004:881) 26–26 a §§ och bilagan.

Per län l: V_l = 23,10668 + 0,0006133·T11_l + 28,33119·pend_l + 16,09601·√avst_l (T11 boende i tätort med
mer än 11 000 invånare, pend andel som arbetspendlar över kommungräns (bråktal), avst genomsnittligt avstånd
mellan invånarna), S_l = V_l × K, K = Ḡ × U_t / (Σ V_l·N_l / Σ N_l). Länsvariablerna är indata ``lan``.

Kommunerna i länet får andelen a (hälften; Stockholms län 40 procent), regionen 1 − a. Fördelningen mellan
kommunerna (26 a §):

1. Västmanlands, Västernorrlands, Västerbottens och Norrbottens län: v_k = länsvärde − 1 114,609·ln T11_k
   + 65,1762·(ln T11_k)² + 22,12085·√avst_k + 0,016393·pendlingsavstånd_k; kommunens del av länets kostnad
   = v_k·N_k / Σ v_j·N_j. Läsning: "(ln)²" är logaritmen i kvadrat; för en kommun utan tätort över 11 000
   invånare (T11_k = 0) sätts logaritmtermerna till noll. Kolumner: ``boende_tatort_over_11000``,
   ``avstand_mellan_invanare``, ``pendlingsavstand`` (behövs bara för kommuner i dessa län).
2. Södermanlands län: regeringens beslut om varje kommuns andel, kolumnen ``kollektivtrafik_andel`` (summan
   i länet 1; behövs bara för kommuner i länet).
3. Övriga län och Gotland: lika stort belopp per invånare.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..fel import IndataFel
from ..kallor.referensdata import kommuner, lanskod_for
from ..validering import tal
from .gemensamma import Kontext, medel

KOLUMNER = ()
RIKET = ()
LAN_KOLUMNER = ("boende_tatort_over_11000", "andel_pendlare_over_kommungrans", "avstand_mellan_invanare")
MODELL_KOLUMNER = ("boende_tatort_over_11000", "avstand_mellan_invanare", "pendlingsavstand")
BESLUT_KOLUMN = "kollektivtrafik_andel"
VALFRIA_KOLUMNER = MODELL_KOLUMNER + (BESLUT_KOLUMN,)


def _kommunernas_andel(k: Kontext, lanskod: str) -> float:
    andel = k.param("kollektivtrafik.kommunernas_andel")
    return float((andel.get("lan") or {}).get(lanskod, andel["standard"]))


def _standardkostnad_alla_lan(k: Kontext, folkmangd_lan: pd.Series) -> pd.Series:
    """S_l (kr/inv, utjämningsårets prisnivå) för varje län med invånare i indata."""
    if k.lan is None:
        raise IndataFel("Indata 'lan' (länstabellen för kollektivtrafiken) saknas.")
    saknas = [l for l in folkmangd_lan.index if l not in k.lan.index]
    if saknas:
        raise IndataFel(f"lan: rad saknas för län {saknas[0]} (kollektivtrafik).")
    lan = k.lan.loc[folkmangd_lan.index]
    c = k.param("kollektivtrafik.koefficienter")
    v = (float(c["konstant"]) + float(c["boende_tatort_over_11000"]) * lan["boende_tatort_over_11000"]
         + float(c["andel_pendlare_over_kommungrans"]) * lan["andel_pendlare_over_kommungrans"]
         + float(c["rot_avstand_mellan_invanare"]) * np.sqrt(lan["avstand_mellan_invanare"]))
    K = k.agg("kollektivtrafik.korrigeringsfaktor",
              lambda: k.genomsnitt("kollektivtrafik") * k.upprakning / medel(v, folkmangd_lan))
    return v * K


def _cell(k: Kontext, kod: str, kolumn: str) -> float:
    if k.radata is None or kolumn not in k.radata.columns:
        raise IndataFel(f"kollektivtrafik: kolumnen {kolumn!r} krävs för kommun {kod} (26 a §).")
    return tal(k.radata.at[kod, kolumn], f"kommun {kod}, kolumn {kolumn}")


def _modellvarde_kommun(k: Kontext, kod: str, lanskod: str) -> float:
    m = k.param("kollektivtrafik.fordelning_modell")
    t11, avst, pend = (_cell(k, kod, c) for c in MODELL_KOLUMNER)
    ln = np.log(t11) if t11 > 0 else 0.0
    return (float(m["lansvarde"][lanskod]) + float(m["ln_tatort"]) * ln + float(m["ln_tatort_kvadrat"]) * ln ** 2
            + float(m["rot_avstand"]) * np.sqrt(avst) + float(m["pendlingsavstand"]) * pend)


def berakna(d, k: Kontext) -> dict[str, np.ndarray]:
    if k.niva == "region":
        lanskoder = np.asarray(d.index)
    else:
        lanskoder = lanskod_for(d.index).to_numpy()
    N = pd.Series(k.N, index=d.index)
    folkmangd_lan = N.groupby(lanskoder).sum()
    alla: list = []

    def s_lan(l: str) -> float:
        if not alla:
            alla.append(_standardkostnad_alla_lan(k, folkmangd_lan))
        return float(alla[0][l])

    S = {l: k.agg(f"kollektivtrafik.standardkostnad_lan.{l}", lambda l=l: s_lan(l)) for l in folkmangd_lan.index}
    if k.niva == "region":
        return {"kollektivtrafik": np.array([(1 - _kommunernas_andel(k, l)) * S[l] for l in lanskoder])}

    modell = k.param("kollektivtrafik.fordelning_modell")["lansvarde"]
    beslut = set(k.param("kollektivtrafik.fordelning_beslut"))
    ut = np.empty(len(d))
    v_modell = {kod: _modellvarde_kommun(k, kod, l) for kod, l in zip(d.index, lanskoder) if l in modell}
    for l in folkmangd_lan.index:
        rader = np.flatnonzero(lanskoder == l)
        koder = d.index[rader]
        kommunernas = _kommunernas_andel(k, l) * S[l]  # kr/inv i länet
        if l in modell or l in beslut:
            n_lan = k.agg(f"kollektivtrafik.folkmangd_lan.{l}", lambda l=l: folkmangd_lan[l])
            if l in modell:
                vikter = np.array([v_modell[kod] for kod in koder]) * N.iloc[rader].to_numpy()
                summa = k.agg(f"kollektivtrafik.fordelning_summa.{l}", lambda v=vikter: v.sum())
                andelar = vikter / summa
            else:
                andelar = np.array([_cell(k, kod, BESLUT_KOLUMN) for kod in koder])
                if len(koder) == int((kommuner()["lanskod"] == l).sum()) and abs(andelar.sum() - 1) > 1e-6:
                    raise IndataFel(f"kollektivtrafik_andel: andelarna i län {l} summerar till {andelar.sum():g}, inte 1.")
            ut[rader] = kommunernas * n_lan * andelar / N.iloc[rader].to_numpy()
        else:
            ut[rader] = kommunernas
    return {"kollektivtrafik": ut}
