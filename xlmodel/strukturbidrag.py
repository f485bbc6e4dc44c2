"""Strukturbidrag: lag (2004:773) 11 § (kommuner) och 12 § (regioner).

Bidraget är ett fast belopp i kronor per invånare per kommun eller region ("en konstant som beräknas i
kronor per invånare", SCB), som tas som indata; beloppet i kronor är kr/inv × invånare 1 november t−1 (17 §).
``strukturbidrag_enligt_lag`` räknar beloppet ur 11/12 §§ från 2004 och 2013 års underlag.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .niva import niva_kolumner, niva_tabell, nyckel
from .parametrar import parametrar
from .validering import andlig_tabell, andliga, kodindex, kontrollera_ar


def strukturbidrag(underlag: pd.DataFrame, niva: str = "kommun") -> pd.DataFrame:
    """Strukturbidrag per kommun (11 §) eller region (12 §, ``niva="region"``, nyckel ``lanskod``).

    ``underlag``: ``kommunkod``/``lanskod``, ``folkmangd``, ``strukturbidrag_kr_per_inv``.
    Returnerar ``kr_per_inv`` och ``belopp`` (kr) per rad.
    """
    koder, _, (N, kr) = niva_kolumner(
        underlag, ["folkmangd", "strukturbidrag_kr_per_inv"], niva,
        positiva=["folkmangd"], icke_negativa=["strukturbidrag_kr_per_inv"], namn="underlag",
    )
    return andlig_tabell({"folkmangd": N, "kr_per_inv": kr, "belopp": kr * N}, kodindex(koder, nyckel(niva)), "strukturbidrag")


def strukturbidrag_enligt_lag(underlag: pd.DataFrame, ar: int, niva: str = "kommun") -> pd.DataFrame:
    """Strukturbidragets belopp (kr) enligt 11 § (kommun) eller 12 § (region).

    ``underlag``: ``kommunkod`` (eller ``lanskod`` för regioner), ``standardkostnad_2004`` (svagt
    befolkningsunderlag resp. små regioner år 2004, kr), ``strukturbidrag_2013`` (kr; för kommuner summan av
    2013 års strukturbidrag för näringslivs- och sysselsättningsfrämjande åtgärder och för bidragsminskning,
    11 § tredje stycket; för regioner bara 2013 års strukturbidrag för bidragsminskning, 12 § tredje stycket) och
    ``uppraknat_skatteunderlag_2014`` (kr). Belopp = standardkostnad 2004 + den del av 2013 års bidrag som
    överstiger tröskeln (0,22 resp. 0,11 procent) av 2014 års uppräknade skatteunderlag.
    """
    kolumner = ["standardkostnad_2004", "strukturbidrag_2013", "uppraknat_skatteunderlag_2014"]
    df = niva_tabell(underlag, kolumner, niva, icke_negativa=kolumner, namn="underlag")
    ar = kontrollera_ar(ar)
    troskel = float(parametrar()[f"strukturbidrag.{niva}.troskel_andel_skatteunderlag"](ar))
    over = np.maximum(0.0, df["strukturbidrag_2013"] - troskel * df["uppraknat_skatteunderlag_2014"])
    return andliga(pd.DataFrame({"belopp": df["standardkostnad_2004"] + over}, index=df.index), "strukturbidrag")
