"""Testindata ur SCB:s Örebro läns-serier (medföljer paketet). Delas av flera testfiler."""
from __future__ import annotations

import pandas as pd

from xlmodel import referensdata


def utfall(ar: int) -> pd.DataFrame:
    """SCB OE0115 för året, med folkmängden 1 nov t−1 implicit ur tkr-kolumnen (tkr·1000 / kr per inv).

    Den implicita folkmängden är bara känd inom ett intervall (avrundning av kr/inv och tkr), därför
    avrundas den till närmaste heltal: det ger ±0–5 kr/inv i inkomstutjämningen (se
    inkomstutjamning_scb_conventions.md §2).
    """
    u = referensdata.scb_utjamning_orebro_lan()
    d = u[u["ar"] == ar].copy()
    d["folkmangd"] = (d["summa_tkr"] * 1000 / d["summa_kr_per_inv"]).round()
    su = referensdata.scb_skatteunderlag()
    s = su[su["ar"] == ar].set_index("kod")["skatteunderlag"]
    d["skatteunderlag"] = d["kommunkod"].map(s)
    return d.reset_index(drop=True)


def riket(ar: int) -> dict:
    """Rikets skatteunderlag (OE0101) och folkmängd 1 nov t−1.

    Den officiella folkmängden 1 november finns inte i våra data: vi använder den KALIBRERADE serien
    riket_folkmangd_1nov_kalibrerad.csv (ett värde per år som gör Örebro läns utfall konsistenta).
    """
    su = referensdata.scb_skatteunderlag()
    s = su[(su["ar"] == ar) & (su["kod"] == "00")]["skatteunderlag"].iloc[0]
    return {"skatteunderlag": float(s), "folkmangd": referensdata.riket_folkmangd_1nov(ar)}
