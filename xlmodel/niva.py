"""Nivå i lag (2004:773): kommun eller region (2 §: "regioner" omfattar även kommun som inte ingår i en region).

En kommuntabell har nyckeln ``kommunkod`` (4 tecken), en regiontabell ``lanskod`` (2 tecken; Gotland 09).
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from .fel import IndataFel
from .kallor.referensdata import kommunkoder, lanskoder
from .validering import kontrollera_tabell

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
    if kontrollera_niva(niva) == "kommun":
        return kontrollera_tabell(underlag, kolumner, kanda_koder=kommunkoder(), **kw)
    return kontrollera_tabell(underlag, kolumner, nyckel="lanskod", kodlangd=2, kanda_koder=lanskoder(), **kw)
