"""Excel-formade indata till UDF:erna: ett område som lista av listor, tal som float, tom cell som None.

Klassiska xlwings-UDF:er får så här ur Excel (tech.md §1.2); på Linux är dekoratorerna tomma, så testerna
lämnar själva indata i den formen.
"""
import math

import numpy as np


def cell(v):
    """Ett värde som Excel skickar det: tal som float, NaN/None som tom cell, text som text."""
    if v is None or (isinstance(v, (float, np.floating)) and math.isnan(v)):
        return None
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
        return float(v)
    return v


def omrade(df, kolumner=None, tomma_rader: int = 0) -> list[list]:
    """En DataFrame (utan index) som område: rubrikrad + rader, plus ``tomma_rader`` tomma rader (för stort markerat)."""
    kolumner = list(df.columns) if kolumner is None else list(kolumner)
    rader = [kolumner] + [[cell(v) for v in r] for r in df[kolumner].itertuples(index=False)]
    return rader + [[None] * len(kolumner) for _ in range(tomma_rader)]


def nyckelomrade(d) -> list[list]:
    """En dict som två kolumner (namn, värde)."""
    return [[k, cell(v)] for k, v in d.items()]
