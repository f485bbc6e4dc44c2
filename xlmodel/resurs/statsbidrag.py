"""Ett generellt statsbidrag per invånare och motsvarande kostnadsökning i IFO-modellen (seed 003)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..fel import IndataFel
from ..kallor.referensdata import kommuner, riket_folkmangd_1nov
from ..validering import kontrollera_ar, kontrollera_tabell, tal


def statsbidrag_per_invanare(belopp: float, *, folkmangd: float | None = None, ar: int | None = None) -> float:
    """Ett generellt statsbidrag fördelat lika per invånare: ``belopp`` / folkmängd (kr/inv, oavrundat).

    Utan ``folkmangd`` används rikets folkmängd 1 november året före utjämningsåret ``ar`` (så fördelas
    det generella bidraget i utjämningssystemet). Seed 003: 2 mdkr → 193 kr per invånare.
    """
    b = tal(belopp, "belopp")
    if folkmangd is None:
        if ar is None:
            raise IndataFel("Ange folkmangd eller utjämningsår (ar) för rikets folkmängd.")
        folkmangd = riket_folkmangd_1nov(kontrollera_ar(ar))
    n = tal(folkmangd, "folkmangd")
    if n <= 0:
        raise IndataFel(f"folkmangd: måste vara större än noll (är {n:g}).")
    return b / n


def ifo_kostnadsokning(
    tillagg_avdrag,
    kostnadsokning: float,
    standardkostnad_riket: float,
    *,
    statsbidrag: float | None = None,
    folkmangd: float | None = None,
    ar: int | None = None,
) -> pd.DataFrame:
    """Ett generellt statsbidrag lika per invånare och dess motsvarande kostnadsökning i IFO-modellen (seed 003, Tabell 1).

    En kommuns standardkostnad för IFO är ett modellberäknat värde × en korrigeringsfaktor som gör det
    befolkningsvägda medelvärdet lika med den genomsnittliga standardkostnaden (förordning 2004:881 9 §);
    lönetillägget (9 a §) är proportionellt mot samma produkt. Ökar rikets kostnad med d kr/inv skalas därför
    varje kommuns standardkostnad, och dess tillägg/avdrag (standardkostnad − rikets genomsnitt), med
    (S + d)/S där S = ``standardkostnad_riket`` (kr/inv, t.ex. 4 361 år 2018 enligt seed 002).

    ``tillagg_avdrag``: kommunernas tillägg (+) eller avdrag (−) i IFO-modellen, kr/inv: en tabell med
    ``kommunkod`` och ``tillagg_avdrag``, eller en Series/dict med valfria etiketter ("Kommun A"). ``kostnadsokning``: rikets kostnadsökning i kr; ``statsbidrag`` (standard = samma
    belopp) fördelas lika per invånare. Kolumner: A ``tillskott``, B ``tillagg_avdrag``, C ``okat_tillagg_avdrag``
    och D ``totalt`` = A + C (kr/inv, oavrundade).
    """
    if isinstance(tillagg_avdrag, pd.DataFrame):  # en rad per kommun: kommunkod, tillagg_avdrag
        serie = kontrollera_tabell(tillagg_avdrag, ["tillagg_avdrag"], kanda_koder=kommuner()["kommunkod"],
                                   namn="tillagg_avdrag")["tillagg_avdrag"]
    elif isinstance(tillagg_avdrag, pd.Series):
        serie = tillagg_avdrag
    else:
        serie = pd.Series(tillagg_avdrag, dtype=object)
    if serie.empty:
        raise IndataFel("tillagg_avdrag: inga kommuner angivna.")
    b = np.array([tal(v, f"tillagg_avdrag för {k}") for k, v in serie.items()])
    s = tal(standardkostnad_riket, "standardkostnad_riket")
    if s <= 0:
        raise IndataFel(f"standardkostnad_riket: måste vara större än noll (är {s:g}).")
    okning = tal(kostnadsokning, "kostnadsokning")
    d = statsbidrag_per_invanare(okning, folkmangd=folkmangd, ar=ar)
    tillskott = statsbidrag_per_invanare(okning if statsbidrag is None else statsbidrag, folkmangd=folkmangd, ar=ar)
    c = b * d / s
    return pd.DataFrame(
        {"tillskott": tillskott, "tillagg_avdrag": b, "okat_tillagg_avdrag": c, "totalt": tillskott + c},
        index=pd.Index(serie.index, name=serie.index.name or "kommun"),
    )
