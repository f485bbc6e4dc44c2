"""Nivå i lag (2004:773): kommun eller region (2 §: "regioner" omfattar även kommun som inte ingår i en region).

En kommuntabell har nyckeln ``kommunkod`` (4 tecken), en regiontabell ``lanskod`` (2 tecken; Gotland 09).
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from .fel import IndataFel
from .kallor.referensdata import kommunkoder, lanskoder
from .validering import kontrollera_tabell, kontrollerade_kolumner

NIVAER = ("kommun", "region")


def kontrollera_niva(niva: str) -> str:
    if niva not in NIVAER:
        raise IndataFel(f"Okänd nivå {niva!r}: ange 'kommun' eller 'region'.")
    return niva


def nyckel(niva: str) -> str:
    """Kolumnen som identifierar en rad: ``kommunkod`` eller ``lanskod``."""
    return "kommunkod" if kontrollera_niva(niva) == "kommun" else "lanskod"


def niva_tabell(underlag: pd.DataFrame, kolumner: Iterable[str], niva: str = "kommun", **kw) -> pd.DataFrame:
    """``kontrollera_tabell`` med nyckel och kända koder för nivån (kommunkoder resp. länskoder)."""
    return kontrollera_tabell(underlag, kolumner, **_nivans_koder(niva), **kw)


def niva_kolumner(underlag, kolumner: Iterable[str], niva: str = "kommun", **kw) -> tuple[list[str], list[str], np.ndarray]:
    """``kontrollerade_kolumner`` för nivån: (koder, kolumnnamn, värden kolumn × rad), utan en tabell."""
    return kontrollerade_kolumner(underlag, kolumner, **_nivans_koder(niva), **kw)


def _nivans_koder(niva: str) -> dict:
    if kontrollera_niva(niva) == "kommun":
        return {"kanda_koder": kommunkoder()}
    return {"nyckel": "lanskod", "kodlangd": 2, "kanda_koder": lanskoder()}
